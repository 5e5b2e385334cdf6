import { parseChineseNumeral } from './numbering.js';
import type { PlanSection, TaskRowLink } from './types.js';

/*
 * Which item of the plan a task-table row carries out. A row that names its item (an 对应条款
 * column, or 第三条 / 第（三）条 / （三） / 三、 at the start of its task, perhaps after 对应) is linked to it when exactly one
 * section has that number (narrowed by a chapter number written before it: 二（三）, 第二章第三条).
 * Otherwise the row goes to the section whose title and text share the most character pairs
 * (bigrams) with the row's task and measure (Dice coefficient, the share of both sides' bigrams
 * they have in common); below MIN_SCORE the row is left for the office, with the reason. Bigrams
 * found in more than half of the sections (推进, 建设) say nothing about which one is meant and are
 * not counted. The score is in the reason, so the office can judge a close call.
 */

const MIN_SCORE = 0.12;
const REFERENCE =
  /^(?:对应|落实|见|依据)?\s*(?:第([一二三四五六七八九十百零〇两0-9]+)[章部分编])?\s*(?:第[（(]?([一二三四五六七八九十百零〇两0-9]+)[)）]?[条项]|[（(]([一二三四五六七八九十百零〇两0-9]+)[)）]|([一二三四五六七八九十百]+)[、.．])/;

interface IndexedSection {
  section: PlanSection;
  chapter: string | null;
  bigrams: number;
}

export interface RowLinker {
  link(row: { task: string; measure: string; articleRef: string }): TaskRowLink;
}

/**
 * `articleAt` gives the number of the article (of the chapter/article outline) that holds a text
 * offset: a section deeper than an article files its tasks under that article.
 */
export function rowLinker(
  sections: readonly PlanSection[],
  pathLabel: (path: readonly string[]) => string,
  articleAt: (offset: number) => string | null,
): RowLinker {
  const indexed: IndexedSection[] = [];
  const postings = new Map<string, number[]>();
  const visit = (level: readonly PlanSection[], chapter: string | null) => {
    for (const section of level) {
      const position = indexed.length;
      const grams = bigrams(`${section.title}${section.text}`);
      indexed.push({ section, chapter, bigrams: grams.size });
      for (const gram of grams) {
        const list = postings.get(gram);
        if (list === undefined) postings.set(gram, [position]);
        else list.push(position);
      }
      visit(section.children, chapter ?? section.number);
    }
  };
  visit(sections, null);
  const common = Math.max(2, indexed.length / 2);

  const byNumber = (value: string, chapter: string | null): IndexedSection[] =>
    indexed.filter((entry) => sameNumber(entry.section.number, value) && (chapter === null || (entry.chapter !== null && sameNumber(entry.chapter, chapter))));

  return {
    link(row) {
      for (const source of [row.articleRef, row.task]) {
        const reference = REFERENCE.exec(source.trim());
        if (reference === null) continue;
        const value = reference[2] ?? reference[3] ?? reference[4] ?? '';
        const matches = byNumber(value, reference[1] ?? null);
        if (matches.length === 1) {
          const { section } = matches[0] as IndexedSection;
          return { path: section.path, articleNumber: articleAt(section.start), explicit: true, score: null, reason: `表中写明对应${pathLabel(section.path)}` };
        }
      }
      const grams = bigrams(`${row.task}${row.measure}`);
      if (grams.size === 0 || indexed.length === 0) {
        return { path: null, articleNumber: null, explicit: false, score: null, reason: '该行没有任务内容，无法对应条款，请人工指定' };
      }
      const shared = new Uint32Array(indexed.length);
      let counted = 0;
      for (const gram of grams) {
        const list = postings.get(gram);
        if (list === undefined || list.length > common) continue;
        counted++;
        for (const position of list) shared[position] = (shared[position] ?? 0) + 1;
      }
      let best = -1;
      let bestScore = 0;
      shared.forEach((count, position) => {
        if (count === 0) return;
        const entry = indexed[position] as IndexedSection;
        const score = (2 * count) / (counted + entry.bigrams);
        // Ties go to the deeper section: the more specific item.
        if (score > bestScore || (score === bestScore && best !== -1 && entry.section.path.length > (indexed[best] as IndexedSection).section.path.length)) {
          best = position;
          bestScore = score;
        }
      });
      const rounded = Math.round(bestScore * 100) / 100;
      if (best === -1 || bestScore < MIN_SCORE) {
        return { path: null, articleNumber: null, explicit: false, score: rounded, reason: '未找到用语相近的条款，请人工指定' };
      }
      const { section } = indexed[best] as IndexedSection;
      return {
        path: section.path,
        articleNumber: articleAt(section.start),
        explicit: false,
        score: rounded,
        reason: `与${pathLabel(section.path)}“${section.title}”用语最接近（相似度${rounded.toFixed(2)}），请核对`,
      };
    },
  };
}

function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const value = (token: string) => (/^[0-9]+$/.test(token) ? Number(token) : parseChineseNumeral(token));
  const left = value(a);
  return left !== null && left === value(b);
}

/** Character pairs of the Han characters, letters and digits of a text (punctuation breaks a pair). */
function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  let previous = '';
  for (const ch of text) {
    if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(ch)) {
      previous = '';
      continue;
    }
    if (previous !== '') grams.add(previous + ch);
    previous = ch;
  }
  return grams;
}
