/*
 * Word's automatic numbering, rendered as the text a reader sees: a heading whose 一、 or （一）
 * comes from a list (w:numPr, in the paragraph or its style) holds no number in its text, so
 * without this a plan numbered that way reads as a plan without headings.
 *
 * What a number is (ECMA-376 part 1, 17.9): a paragraph names a list instance (w:num) and a level
 * (0–8); the instance names an abstract list whose levels give the start value, the number format
 * and the label text ("%1、", "（%2）", "%1.%2"), possibly overridden per instance (start value or
 * whole level). Counting is kept per instance when the instance overrides anything, else per
 * abstract list (Word continues a list across instances that only point at the same definition).
 * Using a level restarts the deeper levels, unless a deeper level says otherwise (w:lvlRestart:
 * 0 never, n only after level n or a higher one).
 *
 * Everything here is bounded, whatever the document says: levels 0–8 only, counters and start
 * values clamped to Word's own range, label text and the number of definitions and styles capped
 * (DocxLimitError past a cap).
 */

/** A document past one of the caps below; the reader turns it into a 400 naming the file. */
export class DocxLimitError extends Error {}

/** Levels of a list: Word has nine. */
export const LIST_LEVELS = 9;
/** The largest value a list counter takes (Word's own maximum start value). */
export const MAX_COUNTER = 32_767;
/** Characters of a level's label text (w:lvlText); Word's own are a few characters. */
export const MAX_LEVEL_TEXT = 100;
/** Abstract lists and list instances each; documents edited for years have a few thousand instances. */
export const MAX_LIST_DEFINITIONS = 50_000;
/** Styles of a document; Word's built-in set is a few hundred. */
export const MAX_STYLES = 10_000;
/** Steps up a chain of styles (basedOn) or of linked numbering styles. */
export const MAX_STYLE_DEPTH = 32;

export interface ListLevel {
  start: number;
  /** w:numFmt, e.g. decimal, chineseCounting, bullet, none. */
  format: string;
  /** w:lvlText, with %1…%9 standing for the levels' numbers. */
  text: string;
  /** w:lvlRestart: null when absent (restart after any higher level), 0 never, n after level n (one-based) or higher. */
  restart: number | null;
  /** w:isLgl: every number of the label in decimal. */
  legal: boolean;
  /** w:pStyle: the paragraph style this level belongs to. */
  styleId: string | null;
}

export interface AbstractList {
  levels: (ListLevel | undefined)[];
  /** w:numStyleLink: the levels are those of the list of that numbering style. */
  numStyleLink: string | null;
}

export interface ListInstance {
  abstractId: string;
  /** By level: a start value that replaces the level's, and/or a whole level. */
  overrides: Map<number, { start?: number; level?: ListLevel }>;
}

export interface NumberingDefinitions {
  abstracts: Map<string, AbstractList>;
  instances: Map<string, ListInstance>;
}

export interface Style {
  basedOn: string | null;
  numId: string | null;
  ilvl: number | null;
}

export interface StyleSheet {
  styles: Map<string, Style>;
  /** The default paragraph style, which a paragraph without w:pStyle has. */
  defaultParagraphStyle: string | null;
}

/** What a paragraph says about its numbering: its style and its own w:numPr, if any. */
export interface ParagraphNumbering {
  styleId: string | null;
  numId: string | null;
  /** null when not given; -1 for a level Word does not have (the paragraph is not numbered). */
  ilvl: number | null;
}

export const emptyDefinitions = (): NumberingDefinitions => ({ abstracts: new Map(), instances: new Map() });
export const emptyStyleSheet = (): StyleSheet => ({ styles: new Map(), defaultParagraphStyle: null });

/** A level or start value as written, clamped to what Word accepts; null when it is not a number. */
export function clampedInteger(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || !/^\s*[+-]?\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return Math.min(max, Math.max(min, n));
}

/** A level number (w:ilvl) 0–8, or null for anything else. */
export function levelIndex(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,2}\s*$/.test(value)) return null;
  const n = Number(value);
  return n < LIST_LEVELS ? n : null;
}

// --- Number formats -------------------------------------------------------------------------

const CHINESE_DIGITS = '零一二三四五六七八九';
const LEGAL_SIMPLIFIED_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const LEGAL_TRADITIONAL_DIGITS = '零壹貳參肆伍陸柒捌玖';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

interface ChineseNumerals {
  digits: string;
  /** 十, 百, 千 */
  units: readonly [string, string, string];
  /** 万 */
  tenThousand: string;
  /** 十一 rather than 一十一 (counting forms); legal forms keep the 壹 of 壹拾. */
  dropLeadingOne: boolean;
}

const COUNTING: ChineseNumerals = { digits: CHINESE_DIGITS, units: ['十', '百', '千'], tenThousand: '万', dropLeadingOne: true };
const COUNTING_TRADITIONAL: ChineseNumerals = { ...COUNTING, tenThousand: '萬' };
const LEGAL_SIMPLIFIED: ChineseNumerals = { digits: LEGAL_SIMPLIFIED_DIGITS, units: ['拾', '佰', '仟'], tenThousand: '万', dropLeadingOne: false };
const LEGAL_TRADITIONAL: ChineseNumerals = { digits: LEGAL_TRADITIONAL_DIGITS, units: ['拾', '佰', '仟'], tenThousand: '萬', dropLeadingOne: false };

/** 0–9999 in Chinese counting form; `zeroBefore` when a higher group precedes (一万零五). */
function chineseGroup(n: number, numerals: ChineseNumerals, zeroBefore: boolean): string {
  const places = [Math.floor(n / 1000) % 10, Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  const units = [numerals.units[2], numerals.units[1], numerals.units[0], ''];
  let out = '';
  let pendingZero = zeroBefore;
  for (let i = 0; i < 4; i++) {
    const digit = places[i]!;
    if (digit === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += numerals.digits[0];
    pendingZero = false;
    out += numerals.digits[digit]! + units[i]!;
  }
  return out;
}

/** 一, 十, 十一, 二十, 一百零五, 一万零一 (or the legal 壹拾 forms); 0 is 零. */
export function chineseNumber(n: number, numerals: ChineseNumerals = COUNTING): string {
  if (n === 0) return numerals.digits[0]!;
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  let out = high > 0 ? chineseGroup(high, numerals, false) + numerals.tenThousand : '';
  if (low > 0) out += chineseGroup(low, numerals, high > 0 && low < 1000);
  if (numerals.dropLeadingOne && out.startsWith(numerals.digits[1]! + numerals.units[0])) out = out.slice(1);
  return out;
}

function letters(n: number, base: number): string {
  if (n < 1) return String(n);
  return String.fromCharCode(base + ((n - 1) % 26)).repeat(Math.ceil(n / 26));
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string {
  if (n < 1) return String(n);
  let out = '';
  let rest = n;
  for (const [value, symbol] of ROMAN) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** One of 20 symbols starting at `first` (①…⑳, ⑴…⒇, ⒈…⒛); beyond 20 Word writes the plain number. */
const enclosed = (n: number, first: number) => (n >= 1 && n <= 20 ? String.fromCharCode(first + n - 1) : String(n));
const fullWidth = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const cycle = (n: number, symbols: string) => (n >= 1 && n <= symbols.length ? symbols[n - 1]! : String(n));

/** The number `n` in a w:numFmt. Formats without a rendering here (ordinal text, Hebrew, …) give decimal. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'none':
    case 'bullet':
      return '';
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return fullWidth(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return enclosed(n, 0x2460);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488);
    case 'upperLetter':
      return letters(n, 65);
    case 'lowerLetter':
      return letters(n, 97);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
      return chineseNumber(n, COUNTING);
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumber(n, COUNTING_TRADITIONAL);
    case 'chineseLegalSimplified':
      return chineseNumber(n, LEGAL_SIMPLIFIED);
    case 'ideographLegalTraditional':
      return chineseNumber(n, LEGAL_TRADITIONAL);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).replace(/[0-9]/g, (d) => (d === '0' ? '〇' : CHINESE_DIGITS[Number(d)]!));
    case 'ideographTraditional':
      return cycle(n, HEAVENLY_STEMS);
    case 'ideographZodiac':
      return cycle(n, EARTHLY_BRANCHES);
    default:
      return String(n);
  }
}

// --- Resolving a paragraph's list and level ---------------------------------------------------

interface ResolvedList {
  /** Where the counters of this list are kept. */
  key: string;
  level(ilvl: number): ListLevel | undefined;
  start(ilvl: number): number;
}

export class ListNumbering {
  private readonly counters = new Map<string, (number | undefined)[]>();

  constructor(
    private readonly definitions: NumberingDefinitions,
    private readonly styleSheet: StyleSheet,
  ) {}

  /**
   * The label of a paragraph ("一、", "（三）", "1.2."), advancing its list; '' for a paragraph
   * that is not numbered or is a bullet (bullets carry nothing the plan parser reads).
   */
  label(paragraph: ParagraphNumbering): string {
    const target = this.numberingOf(paragraph);
    if (target === null) return '';
    const list = this.list(target.numId);
    if (list === null) return '';
    const level = list.level(target.ilvl);
    if (level === undefined) return '';
    let counters = this.counters.get(list.key);
    if (counters === undefined) {
      counters = new Array<number | undefined>(LIST_LEVELS).fill(undefined);
      this.counters.set(list.key, counters);
    }
    const current = counters[target.ilvl];
    counters[target.ilvl] = current === undefined ? list.start(target.ilvl) : Math.min(MAX_COUNTER, current + 1);
    for (let deeper = target.ilvl + 1; deeper < LIST_LEVELS; deeper++) {
      if (restartsAfter(list.level(deeper)?.restart ?? null, deeper, target.ilvl)) counters[deeper] = undefined;
    }
    if (level.format === 'bullet') return '';
    return level.text.replace(/%([1-9])/g, (_, digit: string) => {
      const k = Number(digit) - 1;
      if (k > target.ilvl) return '';
      const format = level.legal ? 'decimal' : (list.level(k)?.format ?? 'decimal');
      return formatNumber(counters[k] ?? list.start(k), format);
    });
  }

  /** The list and level of a paragraph: its own w:numPr first, then its style's (up the basedOn chain). */
  private numberingOf(paragraph: ParagraphNumbering): { numId: string; ilvl: number } | null {
    const chain = this.styleChain(paragraph.styleId ?? this.styleSheet.defaultParagraphStyle);
    let numId = paragraph.numId;
    let ilvl = paragraph.ilvl;
    let numberedStyle: string | null = null;
    for (const [id, style] of chain) {
      if (numId === null && style.numId !== null) {
        numId = style.numId;
        numberedStyle = id;
      }
      if (ilvl === null && style.ilvl !== null) ilvl = style.ilvl;
    }
    // numId 0 takes the numbering away (a paragraph of a numbered style that is not numbered).
    if (numId === null || numId === '0' || ilvl === -1) return null;
    if (ilvl === null && numberedStyle !== null) {
      // A style's list says which level is its own (w:pStyle on the level).
      const list = this.list(numId);
      for (const [id] of chain) {
        for (let k = 0; list !== null && k < LIST_LEVELS && ilvl === null; k++) if (list.level(k)?.styleId === id) ilvl = k;
        if (ilvl !== null || id === numberedStyle) break;
      }
    }
    return { numId, ilvl: ilvl ?? 0 };
  }

  /** The style and those it is based on, nearest first. */
  private styleChain(styleId: string | null): [string, Style][] {
    const chain: [string, Style][] = [];
    let id = styleId;
    while (id !== null) {
      const style = this.styleSheet.styles.get(id);
      if (style === undefined) break;
      if (chain.length >= MAX_STYLE_DEPTH) throw new DocxLimitError(`.docx 文件的样式继承超过 ${MAX_STYLE_DEPTH} 层上限`);
      chain.push([id, style]);
      id = style.basedOn;
    }
    return chain;
  }

  private list(numId: string): ResolvedList | null {
    const instance = this.definitions.instances.get(numId);
    if (instance === undefined) return null;
    const abstract = this.abstractOf(instance.abstractId);
    if (abstract === undefined) return null;
    const key = instance.overrides.size > 0 ? `num:${numId}` : `abstract:${instance.abstractId}`;
    const level = (ilvl: number) => instance.overrides.get(ilvl)?.level ?? abstract.levels[ilvl];
    return { key, level, start: (ilvl) => instance.overrides.get(ilvl)?.start ?? level(ilvl)?.start ?? 0 };
  }

  /** An abstract list, following w:numStyleLink to the list that holds the levels. */
  private abstractOf(abstractId: string): AbstractList | undefined {
    let abstract = this.definitions.abstracts.get(abstractId);
    for (let step = 0; abstract?.numStyleLink != null; step++) {
      if (step >= MAX_STYLE_DEPTH) throw new DocxLimitError(`.docx 文件的样式继承超过 ${MAX_STYLE_DEPTH} 层上限`);
      const numId = this.styleSheet.styles.get(abstract.numStyleLink)?.numId;
      const linked = numId == null ? undefined : this.definitions.instances.get(numId);
      abstract = linked === undefined ? undefined : this.definitions.abstracts.get(linked.abstractId);
    }
    return abstract;
  }
}

/** Whether level `deeper`, whose w:lvlRestart is `restart`, starts again when level `used` (higher) is used. */
function restartsAfter(restart: number | null, deeper: number, used: number): boolean {
  if (restart === 0) return false;
  // A restart level that is not higher than the level itself is ignored (17.9.10).
  const after = restart === null || restart - 1 >= deeper ? deeper - 1 : restart - 1;
  return used <= after;
}
