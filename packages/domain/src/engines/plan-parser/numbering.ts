/*
 * Numbering of headings in Chinese official documents. The conventional levels, highest first
 * (GB/T 9704-2012 §7.3.3 for 一、（一）1.（1）; 规划 texts add 第X编/章/节 above them):
 * 第一编, 第一章 (chapter), 第一节, 一、, （一）, 1. or 1、, （1）, ①; 第一条 is the article of a
 * 章/条 document.
 */

export type NumberingStyle = 'bian' | 'zhang' | 'jie' | 'tiao' | 'cn' | 'paren-cn' | 'arabic' | 'paren-arabic' | 'circled';

/** Every style, highest level first: the order in which headings nest. */
export const NUMBERING_RANK: readonly NumberingStyle[] = ['bian', 'zhang', 'jie', 'tiao', 'cn', 'paren-cn', 'arabic', 'paren-arabic', 'circled'];

/** 第…编/章/节/条: styles whose token is written inside 第…X. */
const ORDINAL_WORD: Partial<Record<NumberingStyle, string>> = { bian: '编', zhang: '章', jie: '节', tiao: '条' };

export interface Numbering {
  style: NumberingStyle;
  /** As written, without brackets or separators (full-width digits become ASCII). */
  token: string;
  /** null when the numeral is malformed (e.g. 十十). */
  value: number | null;
  /** Characters taken by the numbering and the separators after it, from the start of the line. */
  length: number;
}

const CN_NUMERAL = '[零〇一二两三四五六七八九十百千]+';
const DIGITS = '[0-9０-９]{1,3}';
const GAP = '[\\s\\u3000]*';
const SEPARATORS = '[\\s\\u3000、,，.．:：]*';

// Order matters only where patterns could overlap: 第…章/第…条 before the bare numerals.
const PATTERNS: readonly { style: NumberingStyle; re: RegExp }[] = [
  { style: 'bian', re: new RegExp(`^第${GAP}(${CN_NUMERAL}|${DIGITS})${GAP}编${SEPARATORS}`) },
  { style: 'zhang', re: new RegExp(`^第${GAP}(${CN_NUMERAL}|${DIGITS})${GAP}章${SEPARATORS}`) },
  { style: 'jie', re: new RegExp(`^第${GAP}(${CN_NUMERAL}|${DIGITS})${GAP}节${SEPARATORS}`) },
  { style: 'tiao', re: new RegExp(`^第${GAP}(${CN_NUMERAL}|${DIGITS})${GAP}条${SEPARATORS}`) },
  { style: 'paren-cn', re: new RegExp(`^[(（]${GAP}(${CN_NUMERAL})${GAP}[)）]${SEPARATORS}`) },
  { style: 'paren-arabic', re: new RegExp(`^[(（]${GAP}(${DIGITS})${GAP}[)）]${SEPARATORS}`) },
  { style: 'cn', re: new RegExp(`^(${CN_NUMERAL})${GAP}[、.．]${GAP}`) },
  // A digit after the dot is a decimal (1.5亿元), not a heading.
  { style: 'arabic', re: new RegExp(`^(${DIGITS})${GAP}(?:[.．](?![0-9０-９])|、)${GAP}`) },
  { style: 'circled', re: /^([\u2460-\u2473\u3251-\u325F\u32B1-\u32BF])[\s\u3000、.．]*/ },
];

/** The numbering a trimmed line starts with, or null. */
export function readNumbering(line: string): Numbering | null {
  for (const { style, re } of PATTERNS) {
    const match = re.exec(line);
    if (match === null) continue;
    const raw = match[1] ?? '';
    const token = toAsciiDigits(raw);
    return { style, token, value: numberingValue(style, token), length: match[0].length };
  }
  return null;
}

function numberingValue(style: NumberingStyle, token: string): number | null {
  if (style === 'circled') return circledValue(token);
  if (/^[0-9]+$/.test(token)) {
    const value = Number(token);
    return value > 0 ? value : null;
  }
  return parseChineseNumeral(token);
}

function toAsciiDigits(value: string): string {
  return value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
}

function circledValue(symbol: string): number | null {
  const code = symbol.charCodeAt(0);
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1;
  if (code >= 0x3251 && code <= 0x325f) return code - 0x3251 + 21;
  if (code >= 0x32b1 && code <= 0x32bf) return code - 0x32b1 + 36;
  return null;
}

const CN_DIGIT: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Value of a Chinese numeral in counting form, 1 to 9999: 三, 十, 十五, 二十一, 九十九, 一百零五,
 * 一百一十, 两百, 一千零一十. null for anything else, including positional forms (二〇) that
 * headings do not use. The value is read leniently, then accepted only if writing it back gives
 * the same numeral (两 for 二 and 〇 for 零 allowed), which rejects 十十, 二二, 一百零十 and the like.
 */
export function parseChineseNumeral(numeral: string): number | null {
  let total = 0;
  let pending: number | null = null;
  for (const ch of numeral) {
    const digit = CN_DIGIT[ch];
    const unit = CN_UNIT[ch];
    if (digit !== undefined) pending = digit;
    else if (unit !== undefined) {
      total += (pending ?? 1) * unit;
      pending = null;
    } else if (ch !== '零' && ch !== '〇') return null;
  }
  total += pending ?? 0;
  if (total < 1 || total > 9999) return null;
  return toChineseNumeral(total) === numeral.replace(/两/g, '二').replace(/〇/g, '零') ? total : null;
}

const CN_DIGIT_CHARS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Counting form of 1 to 9999 (the inverse of parseChineseNumeral); ASCII digits beyond. */
export function toChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 9999) return String(value);
  const places: [number, string][] = [
    [Math.floor(value / 1000), '千'],
    [Math.floor((value % 1000) / 100), '百'],
    [Math.floor((value % 100) / 10), '十'],
    [value % 10, ''],
  ];
  let out = '';
  let started = false;
  let gap = false;
  for (const [digit, unit] of places) {
    if (digit === 0) {
      gap = started;
      continue;
    }
    // One 零 stands for any run of empty places between two written ones: 一千零五, 一百零五.
    if (gap) out += '零';
    gap = false;
    // 十五, not 一十五, when 十 leads.
    out += unit === '十' && digit === 1 && !started ? '十' : `${CN_DIGIT_CHARS[digit]}${unit}`;
    started = true;
  }
  return out;
}

/** How a numbering is written on its own, for warnings: （七）, 第七条, “七、”, “7.”, （7）, ⑦. */
export function numberingLabel(style: NumberingStyle, value: number): string {
  switch (style) {
    case 'bian':
    case 'zhang':
    case 'jie':
    case 'tiao':
      return `第${toChineseNumeral(value)}${ORDINAL_WORD[style]}`;
    case 'cn':
      return `“${toChineseNumeral(value)}、”`;
    case 'paren-cn':
      return `（${toChineseNumeral(value)}）`;
    case 'arabic':
      return `“${value}.”`;
    case 'paren-arabic':
      return `（${value}）`;
    case 'circled':
      return circledSymbol(value) ?? `“${value}”`;
  }
}

/** How the item is referred to in running text: 第三章, 第（五）条, 第五条, 第5条. */
export function numberingReference(style: NumberingStyle, value: number, level: 'chapter' | 'article'): string {
  if (ORDINAL_WORD[style] !== undefined) return numberingLabel(style, value);
  if (level === 'chapter') return `第${toChineseNumeral(value)}章`;
  switch (style) {
    case 'paren-cn':
      return `第（${toChineseNumeral(value)}）条`;
    case 'paren-arabic':
      return `第（${value}）条`;
    case 'circled':
      return `第${circledSymbol(value) ?? value}条`;
    case 'arabic':
      return `第${value}条`;
    default:
      return `第${toChineseNumeral(value)}条`;
  }
}

/** A heading's number as a path segment: 第一章 and 第三节 keep their word, 一、 and （一） are 一. */
export function pathToken(style: NumberingStyle, token: string): string {
  const word = ORDINAL_WORD[style];
  return word === undefined ? token : `第${token}${word}`;
}

function circledSymbol(value: number): string | null {
  if (value >= 1 && value <= 20) return String.fromCharCode(0x2460 + value - 1);
  if (value >= 21 && value <= 35) return String.fromCharCode(0x3251 + value - 21);
  if (value >= 36 && value <= 50) return String.fromCharCode(0x32b1 + value - 36);
  return null;
}
