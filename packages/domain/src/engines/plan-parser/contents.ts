import type { Paragraph } from './normalize.js';

/*
 * A table of contents (目录) lists the headings that the body then repeats; read as headings, each
 * chapter would appear twice and the first copy would be empty. Recognised as:
 * - a line 目录 (目 录), followed by heading lines: the contents run until the heading that repeats
 *   its first entry, or to the end of its run of heading lines;
 * - without the label, a run of at least MIN_RUN heading lines with no text between them, whose
 *   first entry the body repeats, or that runs to the end of the document (a contents page on its
 *   own, or a text cut after it) with headings of more than one level (第X章 and 第X节): the
 *   latter is only suspected, and says so in a warning.
 * Page numbers and dot leaders after an entry (总则……1) are not part of its title.
 */

export interface Contents {
  /** Indices of the paragraphs that make up the contents, label included. */
  paragraphs: Set<number>;
  text: string;
  warning: string | null;
}

const LABEL = /^目\s*录$/;
const MIN_RUN = 6;
const MAX_ENTRY_LENGTH = 80;
const PAGE_NUMBER = /[\s.…·．—-]+[0-9]+$/;

export function findContents(text: string, paragraphs: readonly Paragraph[]): Contents {
  const none: Contents = { paragraphs: new Set(), text: '', warning: null };
  const isEntry = (index: number): boolean => {
    const paragraph = paragraphs[index];
    if (paragraph === undefined || paragraph.numbering === null) return false;
    const line = text.slice(paragraph.contentStart, paragraph.end);
    return line.length <= MAX_ENTRY_LENGTH && !line.includes('。');
  };
  const entryKey = (index: number): string => {
    const paragraph = paragraphs[index] as Paragraph;
    const title = text.slice(paragraph.contentStart, paragraph.end).replace(PAGE_NUMBER, '').replace(/\s+/g, '');
    return `${paragraph.numbering?.style}:${paragraph.numbering?.token}:${title}`;
  };
  const runEnd = (from: number): number => {
    let end = from;
    while (end < paragraphs.length && isEntry(end)) end++;
    return end;
  };
  const repeatedAfter = (first: number, from: number): number => {
    const key = entryKey(first);
    for (let index = from; index < paragraphs.length; index++) if (paragraphs[index]?.numbering !== null && entryKey(index) === key) return index;
    return -1;
  };
  const result = (from: number, to: number, warning: string | null): Contents => {
    const indices = new Set<number>();
    for (let index = from; index < to; index++) indices.add(index);
    const last = paragraphs[to - 1] as Paragraph;
    return { paragraphs: indices, text: text.slice((paragraphs[from] as Paragraph).start, last.end), warning };
  };

  const styles = (from: number, to: number) => paragraphs.slice(from, to).map((paragraph) => paragraph.numbering?.style);

  const labelIndex = paragraphs.findIndex((paragraph) => paragraph.numbering === null && LABEL.test(text.slice(paragraph.start, paragraph.end)));
  if (labelIndex !== -1 && isEntry(labelIndex + 1)) {
    const end = runEnd(labelIndex + 1);
    const repeat = repeatedAfter(labelIndex + 1, labelIndex + 2);
    return result(labelIndex, repeat === -1 ? end : Math.min(repeat, end), null);
  }

  for (let index = 0; index < paragraphs.length; index++) {
    if (!isEntry(index)) continue;
    const end = runEnd(index);
    if (end - index >= MIN_RUN) {
      const repeat = repeatedAfter(index, index + 1);
      if (repeat !== -1) return result(index, Math.min(repeat, end), null);
      if (end === paragraphs.length && new Set(styles(index, end)).size > 1) {
        return result(index, end, `第${index + 1}段起的${end - index}个标题之间没有正文，且其后没有正文，疑似目录，未计入章节`);
      }
    }
    index = end;
  }
  return none;
}
