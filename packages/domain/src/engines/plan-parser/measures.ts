import { NOTE_MASK } from './text-mask.js';
import type { PlanMeasure } from './types.js';

/**
 * Verbs by which a plan commits to something. The first group is the product brief's; the rest are
 * the other action verbs this genre opens its measures with. Framing words (依托, 借助, 按照, 围绕,
 * 聚焦, 立足, 结合, 通过) and purpose words (助力, 服务) are left out on purpose: they frame the
 * measure, they are not it (聚焦提振消费、助力实体经济发展目标,持续运营好… commits to 运营).
 */
export const DEFAULT_COMMITMENT_VERBS: readonly string[] = [
  '支持',
  '鼓励',
  '推动',
  '推进',
  '加强',
  '深化',
  '探索',
  '建立',
  '持续',
  '打造',
  '实施',
  '发挥',
  '加快',
  '拓展',
  '提升',
  '强化',
  '完善',
  '共建',
  '开展',
  '组织',
  '引导',
  '加大',
  '推广',
  '培育',
  '建设',
  '深入开展',
  '积极',
  '促进',
  '健全',
  '构建',
  '搭建',
  '举办',
  '承办',
  '创建',
  '贯彻落实',
  '落实',
  '优化',
  '扩大',
  '引进',
  '增强',
  '统筹',
  '带动',
  '运营',
  '利用',
  '营造',
  '细化',
  '夯实',
  '补齐',
  '参与',
];

/*
 * Verb selection rule. THE verb of a sentence is the listed verb that starts earliest in it,
 * outside quotation marks; at one position the longest listed verb wins, so 深入开展 is taken whole
 * when the list has it. If that verb is one of the leading modifiers below (of the default list:
 * 积极, 持续, 加快) and, after any further modifiers, another listed verb follows directly, the
 * sentence's verb is that one: 积极组织 → 组织, 持续推进 → 推进, 持续开展 → 开展, 加快推进 → 推进.
 * Followed by anything else the modifier itself is the verb (加快深赣港…建设 → 加快). Modifiers that
 * are not listed verbs (进一步, 全面, 深入, 大力 …) need no rule: they never match, so the scan
 * passes over them (进一步实施 → 实施). 持续 inside 可持续 is an adjective and is not matched.
 */
const LEADING_MODIFIERS: readonly string[] = [
  '积极',
  '持续',
  '深入',
  '进一步',
  '全面',
  '大力',
  '不断',
  '切实',
  '着力',
  '加快',
  '努力',
  '主动',
  '充分',
  '更好',
  '协同',
  '共同',
  '联合',
  '务实',
  '稳步',
];

export interface VerbMatcher {
  /** Listed verbs by first character, longest first. */
  byFirstChar: Map<string, string[]>;
  modifiers: Set<string>;
}

export function verbMatcher(verbs: readonly string[]): VerbMatcher {
  const byFirstChar = new Map<string, string[]>();
  for (const verb of new Set(verbs)) {
    if (verb === '') continue;
    const first = verb.charAt(0);
    const list = byFirstChar.get(first) ?? [];
    list.push(verb);
    byFirstChar.set(first, list);
  }
  for (const list of byFirstChar.values()) list.sort((a, b) => b.length - a.length);
  return { byFirstChar, modifiers: new Set(LEADING_MODIFIERS) };
}

function verbAt(text: string, index: number, end: number, matcher: VerbMatcher): string | null {
  const candidates = matcher.byFirstChar.get(text.charAt(index));
  if (candidates === undefined) return null;
  for (const verb of candidates) {
    if (index + verb.length <= end && text.startsWith(verb, index)) {
      if (verb === '持续' && text.charAt(index - 1) === '可') return null;
      return verb;
    }
  }
  return null;
}

function modifierAt(text: string, index: number, matcher: VerbMatcher): string | null {
  for (const modifier of matcher.modifiers) if (text.startsWith(modifier, index)) return modifier;
  return null;
}

/** The commitment verb of text[start, end) by the rule above, or null. `mask` marks quoted text and notes (text-mask.ts). */
export function findCommitmentVerb(text: string, start: number, end: number, matcher: VerbMatcher, mask?: Uint8Array): string | null {
  for (let i = start; i < end; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    const verb = verbAt(text, i, end, matcher);
    if (verb === null) continue;
    if (!matcher.modifiers.has(verb)) return verb;
    let next = i + verb.length;
    for (;;) {
      const following = verbAt(text, next, end, matcher);
      if (following !== null && !matcher.modifiers.has(following)) return following;
      const modifier = modifierAt(text, next, matcher);
      if (modifier === null) return verb;
      next += modifier.length;
    }
  }
  return null;
}

/** A run of text with its own numbering, if it is a numbered sub-item. */
export interface BodySegment {
  start: number;
  end: number;
  /** Characters of the segment taken by a sub-item numbering (0 for plain text). */
  numberingLength: number;
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';']);
const COMMA = /[，,；;]/;

/**
 * Measures of an article body, given as its paragraphs (segments). Sentences end at 。！？； (either
 * width) outside quotation marks and at the end of a paragraph; those with a commitment verb are
 * measures. A numbered sub-item's own title is not a measure, like the article's title: the first
 * sentence of a sub-item when it is a short phrase (no comma, ≤ 25 characters) followed by more
 * text, or a sub-item line with no sentence end followed by an unnumbered paragraph.
 */
export function extractMeasures(text: string, segments: readonly BodySegment[], matcher: VerbMatcher, mask: Uint8Array): PlanMeasure[] {
  const measures: PlanMeasure[] = [];
  segments.forEach((segment, index) => {
    const sentences = splitSentences(text, segment.start + segment.numberingLength, segment.end, mask);
    if (segment.numberingLength > 0 && sentences.length > 0) {
      const first = sentences[0];
      const next = segments[index + 1];
      const titleOnlyLine = sentences.length === 1 && first !== undefined && !first.terminated && next !== undefined && next.numberingLength === 0;
      const titleSentence = sentences.length > 1 && first !== undefined && first.terminated && first.text.length <= 25 && !COMMA.test(first.text);
      if (titleOnlyLine || titleSentence) sentences.shift();
    }
    for (const sentence of sentences) {
      const verb = findCommitmentVerb(text, sentence.start, sentence.end, matcher, mask);
      if (verb !== null) measures.push({ text: withoutNotes(text, sentence, mask), verb });
    }
  });
  return measures;
}

/** The sentence without its bracketed responsibility notes: （国家发展改革委负责） is who, not what. */
function withoutNotes(text: string, sentence: Sentence, mask: Uint8Array): string {
  if (!mask.subarray(sentence.start, sentence.end).includes(NOTE_MASK)) return sentence.text;
  let out = '';
  for (let i = sentence.start; i < sentence.end; i++) if (mask[i] !== NOTE_MASK) out += text.charAt(i);
  return out.trim();
}

interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Ended by a sentence mark rather than by the end of the paragraph. */
  terminated: boolean;
}

function splitSentences(text: string, start: number, end: number, mask: Uint8Array): Sentence[] {
  const sentences: Sentence[] = [];
  let from = start;
  const push = (to: number, terminated: boolean): void => {
    const piece = text.slice(from, to).trim();
    if (piece !== '') sentences.push({ text: piece, start: from, end: to, terminated });
  };
  for (let i = start; i < end; i++) {
    if (mask[i] === 0 && SENTENCE_END.has(text.charAt(i))) {
      push(i, true);
      from = i + 1;
    }
  }
  push(end, false);
  return sentences;
}
