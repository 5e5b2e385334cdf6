import { type Numbering, readNumbering } from './numbering.js';

/*
 * Normalization keeps the document's own characters. NFKC would turn the full-width punctuation
 * that Chinese text relies on (，。：（）“”) into ASCII and change titles, so only these change:
 * - CRLF and CR become LF, a leading BOM is dropped;
 * - each line is trimmed of spaces, tabs and full-width spaces (U+3000); blank lines are dropped,
 *   but a blank line always ends a paragraph;
 * - a line that starts with no numbering continues the previous paragraph and is joined to it
 *   (with no separator, or one space between two ASCII letters or digits), unless a blank line
 *   stands between them, the previous line ended a sentence (。！？；： …), is a heading whose
 *   title ends the line, or is a document title, attachment label, date line or table row, which
 *   always stand alone. A responsibility line (牵头单位：…, 责任单位：…) starts a paragraph of its
 *   own; a wrapped list of units on the next line is joined to it.
 * - a table row (cells separated by a tab, as the .docx and .xlsx readers write them) keeps its
 *   tabs and is never joined.
 * Brackets and commas are not rewritten: both widths are recognised where it matters (numbering,
 * sentence ends), and titles come out exactly as in the source. The default plan writes ',' and
 * '(一)' in half width, so its chapter 二 is '传承弘扬红色文化,共促文旅融合发展' with the ASCII comma.
 * Paragraphs are separated by one '\n' in the normalized text.
 */

export interface Paragraph {
  start: number;
  end: number;
  numbering: Numbering | null;
  /** Where the text after the numbering starts (equals `start` without numbering). */
  contentStart: number;
  /** Index of the input line the paragraph starts on. */
  line: number;
  /** A row of a task table (its cells are separated by tabs or spaces; never a heading). */
  tableRow: boolean;
}

export interface NormalizedText {
  text: string;
  paragraphs: Paragraph[];
}

// A sentence or a lead-in (：) is over; closing quotes and brackets may follow the mark.
const PARAGRAPH_END = new Set([...'。！？!?；;：:…']);
const CLOSERS = new Set([...'”’」』)）》']);
// A heading line cut here was wrapped mid-title, so it is not a title-only line.
const MID_SENTENCE_END = new Set([...'，,、（(“‘《—']);
export const ATTACHMENT_LABEL = /^附件[0-9０-９一二三四五六七八九十]*[：:]?$/;
export const DATE_LINE = /^(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})年[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日$/;
const DOCUMENT_TITLE = /(方案|办法|意见|通知|规划|计划|要点|细则|规定|纲要|协议|决定|措施|清单)$/;
/** A line that says who is responsible, on its own (牵头单位：区发改局). */
export const RESPONSIBILITY_LINE = /^(?:牵头|责任|配合|协办|参与|协同|主办|承办|协助|实施)(?:单位|部门)[:：]/;
const SENTENCE_PUNCTUATION = /[。，,；;：:！？!?]/;
const ASCII_WORD = /[A-Za-z0-9]/;

/** The input's lines, as the normalizer and the task-table reader count them. */
export function inputLines(raw: string): string[] {
  return raw.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
}

/** `tableLines`: indices of input lines that belong to a task table (findTaskTables). */
export function normalizePlanText(raw: string, tableLines: ReadonlySet<number> = new Set()): NormalizedText {
  const lines = inputLines(raw);
  const parts: string[] = [];
  const paragraphs: Paragraph[] = [];
  let offset = 0;
  let open = false;
  let lastChar = '';
  let seenNumbering = false;

  lines.forEach((rawLine, lineIndex) => {
    // String.prototype.trim covers U+3000 and U+FEFF, and unlike /\s+$/ it stays linear on long space runs.
    const line = rawLine.trim();
    if (line === '') {
      open = false;
      return;
    }
    const tableRow = tableLines.has(lineIndex);
    // A table's group row (一、产业合作) and serial cells are not headings of the plan.
    const numbering = tableRow ? null : readNumbering(line);
    const responsibilityLine = RESPONSIBILITY_LINE.test(line);
    const standalone = tableRow || line.includes('\t') || isStandalone(line, seenNumbering);
    if (numbering !== null) seenNumbering = true;
    const current = paragraphs[paragraphs.length - 1];

    if (numbering === null && !standalone && !responsibilityLine && open && current !== undefined) {
      const separator = ASCII_WORD.test(lastChar) && ASCII_WORD.test(line.charAt(0)) ? ' ' : '';
      parts.push(separator, line);
      offset += separator.length + line.length;
      current.end = offset;
    } else {
      if (paragraphs.length > 0) {
        parts.push('\n');
        offset += 1;
      }
      paragraphs.push({ start: offset, end: offset + line.length, numbering, contentStart: offset + (numbering?.length ?? 0), line: lineIndex, tableRow });
      parts.push(line);
      offset += line.length;
    }
    lastChar = line.charAt(line.length - 1);
    const titleOnly = numbering !== null && isTitleOnly(line, numbering);
    open = !standalone && !titleOnly && !endsParagraph(line);
  });
  return { text: parts.join(''), paragraphs };
}

/** A heading line with no 。 after its numbering: its title is the line, its body starts on the next line. */
function isTitleOnly(line: string, numbering: Numbering): boolean {
  return line.indexOf('。', numbering.length) === -1 && !MID_SENTENCE_END.has(line.charAt(line.length - 1));
}

// A loop rather than /[。…][”）]*$/, which backtracks on long runs of closing marks.
function endsParagraph(line: string): boolean {
  let index = line.length - 1;
  while (index >= 0 && CLOSERS.has(line.charAt(index))) index--;
  return index >= 0 && PARAGRAPH_END.has(line.charAt(index));
}

function isStandalone(line: string, seenNumbering: boolean): boolean {
  if (ATTACHMENT_LABEL.test(line) || DATE_LINE.test(line)) return true;
  // Only before the first heading: a short unpunctuated line there is the document's title,
  // while further down the same shape is more likely a wrapped line.
  return !seenNumbering && line.length <= 40 && DOCUMENT_TITLE.test(line) && !SENTENCE_PUNCTUATION.test(line);
}
