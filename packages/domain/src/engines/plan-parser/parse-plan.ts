import { findContents } from './contents.js';
import { type BodySegment, DEFAULT_COMMITMENT_VERBS, extractMeasures, type VerbMatcher, verbMatcher } from './measures.js';
import { ATTACHMENT_LABEL, DATE_LINE, inputLines, normalizePlanText, type Paragraph } from './normalize.js';
import { type NumberingStyle, numberingLabel, numberingReference, pathToken } from './numbering.js';
import { findOrganisations, matchKnownUnit } from './organisations.js';
import { documentNoteOptions, findResponsibilityNotes, type ResponsibilityNote } from './responsibility.js';
import { type RowLinker, rowLinker } from './row-links.js';
import { buildSections, headingTitle } from './sections.js';
import { findTargets } from './targets.js';
import { findTaskTables, type TaskTable } from './task-table.js';
import { NOTE_MASK, quotedMask, SENTENCE_NOTE_MASK } from './text-mask.js';
import type {
  ParsedPlan,
  ParsePlanOptions,
  PlanAnalysis,
  PlanArticle,
  PlanChapter,
  PlanOrganisation,
  PlanOutline,
  PlanSection,
  PlanTaskTable,
} from './types.js';

/*
 * Levels. Chapters are 第一章 if the document has them, else 一、. Articles are 第一条 if present, else
 * the highest level below the chapter level that occurs: （一） under 一、; 一、 under 第一章; 1. or
 * （1） or ① only when no higher article level exists. Every other numbered line (1. inside a （一）
 * article, （一） inside a 第一条 article …) is a sub-item and stays in its article's body.
 *
 * A chapter without articles (e.g. 八、附则 with plain paragraphs) is reported with `articles: []`
 * and its text in `body`; text between a chapter heading and its first article also goes to
 * `body`. A document with articles but no chapter headings gets one chapter numbered '' titled ''.
 *
 * Closing: unnumbered trailing matter that starts with 附件/附表/附录, 抄送/抄报/主送/印发/联系人,
 * a date line or (此件…), after the last chapter or article heading. Without such a marker,
 * trailing paragraphs stay in the last article, as any unnumbered paragraph does.
 */

const LEVEL_ORDER: readonly NumberingStyle[] = ['zhang', 'jie', 'cn', 'paren-cn', 'arabic', 'paren-arabic', 'circled'];
const HIGH_LEVELS = new Set<NumberingStyle>(['bian', 'zhang', 'jie', 'tiao', 'cn', 'paren-cn']);
const CLOSING_MARKER = /^(?:附件|附表|附录|附图)|^(?:抄送|抄报|主送|印发|联系人|联系电话)[：:]|^[(（]此件/;
const NO_PUNCTUATION = /^[^。，,；;：:！？!?]{1,30}$/;

export function parsePlan(input: string, options: ParsePlanOptions = {}): ParsedPlan {
  // Task tables are read from the lines as written (their cells' positions matter), before the
  // paragraphs are joined; their lines then stay rows.
  const lines = inputLines(input);
  const planYear = options.planYear ?? documentYear(lines);
  const tables = findTaskTables(lines, planYear === undefined ? {} : { planYear });
  const tableLines = new Set<number>();
  for (const table of tables) for (let line = table.header.line; line < table.endLine; line++) tableLines.add(line);
  const normalized = normalizePlanText(input, tableLines);
  const { text } = normalized;
  const knownUnits = options.knownUnits ?? [];
  const matcher = verbMatcher(options.commitmentVerbs ?? DEFAULT_COMMITMENT_VERBS);
  const quoted = quotedMask(text);
  const warnings: string[] = [];

  // A table of contents lists the headings the body repeats: its lines are not headings.
  const contents = findContents(text, normalized.paragraphs);
  if (contents.warning !== null) warnings.push(contents.warning);
  const paragraphs = normalized.paragraphs.map((paragraph, index) =>
    contents.paragraphs.has(index) ? { ...paragraph, numbering: null, contentStart: paragraph.start } : paragraph,
  );

  const closingIndex = findClosingStart(text, paragraphs);
  const notes = findResponsibilityNotes(text, paragraphs.slice(0, closingIndex), documentNoteOptions(text));
  // Notes are not the measure's words: no verb is taken from them (建设 in 住房城乡建设部) and the
  // bracketed ones are left out of the measure's text.
  const mask = maskNotes(quoted, notes);
  const structured = paragraphs.slice(0, closingIndex);
  const { chapterStyle, articleStyle } = chooseLevels(structured);

  // Paragraph index ranges first; text is cut once at the end, so building stays linear.
  interface ArticleRange {
    heading: number;
    last: number;
  }
  interface ChapterRange {
    heading: number | null;
    last: number;
    articles: ArticleRange[];
  }
  const ranges: ChapterRange[] = [];
  let preambleEnd = 0;
  structured.forEach((paragraph, index) => {
    const style = paragraph.numbering?.style;
    const chapter = ranges[ranges.length - 1];
    if (chapterStyle !== null && style === chapterStyle) {
      ranges.push({ heading: index, last: index, articles: [] });
    } else if (articleStyle !== null && style === articleStyle && (chapter !== undefined || chapterStyle === null)) {
      const target = chapter ?? { heading: null, last: index, articles: [] };
      if (chapter === undefined) ranges.push(target);
      target.articles.push({ heading: index, last: index });
      target.last = index;
    } else if (chapter !== undefined) {
      chapter.last = index;
      const article = chapter.articles[chapter.articles.length - 1];
      if (article !== undefined) article.last = index;
    } else {
      if (articleStyle !== null && style === articleStyle) {
        warnings.push(`第一章之前出现${label(paragraph)}，已计入前言`);
      }
      preambleEnd = index + 1;
    }
  });

  const paragraphAt = (index: number): Paragraph => structured[index] as Paragraph;
  const chapters: PlanChapter[] = ranges.map((range) => {
    const firstIndex = range.heading ?? range.articles[0]?.heading ?? range.last;
    const start = paragraphAt(firstIndex).start;
    const end = paragraphAt(range.last).end;
    const articles: PlanArticle[] = range.articles.map((article) => buildArticle(text, structured, article.heading, article.last, matcher, mask, notes));
    if (range.heading === null) return { number: '', title: '', body: '', articles, start, end };
    const heading = paragraphAt(range.heading);
    const { title, bodyStart } = headingTitle(text, heading, notesIn(notes, heading.start, heading.end));
    const bodyEnd = range.articles[0] === undefined ? end : paragraphAt(range.articles[0].heading).start;
    return {
      number: heading.numbering?.token ?? '',
      title,
      body: text.slice(Math.min(bodyStart, bodyEnd), bodyEnd).trim(),
      articles,
      start,
      end,
    };
  });

  const preamble = preambleEnd === 0 ? '' : text.slice(0, paragraphAt(preambleEnd - 1).end);
  const closingParagraph = paragraphs[closingIndex];
  const closing = closingParagraph === undefined ? '' : text.slice(closingParagraph.start);

  checkNumbering(ranges, structured, chapterStyle, articleStyle, warnings);
  for (const chapter of chapters) {
    if (chapter.number !== '' && chapter.title === '') warnings.push(`第${chapter.number}章缺少标题`);
    for (const article of chapter.articles) if (article.title === '') warnings.push(`条目（${article.number}）缺少标题`);
  }
  if (chapters.length === 0) warnings.push('未识别到任何章节或条目编号，全文计入前言');

  const tree = buildSections(text, paragraphs, { from: 0, to: closingIndex }, new Set(), notes);
  const pathAt = sectionPathFinder(tree.sections);
  const indicators = paragraphs
    .slice(0, closingIndex)
    .filter((paragraph) => !paragraph.tableRow)
    .flatMap((paragraph) => findTargets(text, paragraph.start, paragraph.end, pathAt));
  const articles = chapters.flatMap((chapter) => chapter.articles);
  const articleAt = (offset: number) => articles.find((article) => offset >= article.start && offset < article.end)?.number ?? null;
  const taskTables = placeTables(tables, paragraphs, rowLinker(tree.sections, sectionLabeller(tree.sections), articleAt));
  for (const table of tables) warnings.push(...table.warnings);
  const tableNames = tables.flatMap((table) => table.rows.flatMap((row) => [...row.lead, ...row.supporting]));
  const organisations = withNames(
    findOrganisations(text, quoted, matcher, knownUnits),
    [...notes.flatMap((note) => [...note.lead, ...note.supporting, ...note.guide]), ...tableNames],
    knownUnits,
  );
  return {
    text,
    preamble,
    closing,
    chapters,
    organisations,
    warnings,
    sections: tree.sections,
    responsibilities: tree.responsibilities,
    indicators,
    contents: contents.text,
    taskTables,
  };
}

/** The year of the document's date line (2023年3月28日), for a table's yearless 年底前. */
function documentYear(lines: readonly string[]): number | undefined {
  for (const line of lines) {
    const trimmed = line.trim();
    if (DATE_LINE.test(trimmed)) {
      const year = Number(trimmed.slice(0, 4).replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
      if (Number.isInteger(year)) return year;
    }
  }
  return undefined;
}

function placeTables(tables: readonly TaskTable[], paragraphs: readonly Paragraph[], linker: RowLinker): PlanTaskTable[] {
  const byLine = new Map(paragraphs.map((paragraph) => [paragraph.line, paragraph]));
  const at = (line: number) => byLine.get(line) ?? null;
  return tables.map((table) => {
    const header = at(table.header.line);
    const rows = table.rows.map((row) => {
      const paragraph = at(row.line);
      return { ...row, link: linker.link(row), start: paragraph?.start ?? 0, end: paragraph?.end ?? 0 };
    });
    const last = rows[rows.length - 1];
    return { columns: table.header.columns, rows, start: header?.start ?? 0, end: last?.end ?? header?.end ?? 0 };
  });
}

/** 一、（三）1. for the path of a section: its numbers as the document writes them. */
function sectionLabeller(sections: readonly PlanSection[]): (path: readonly string[]) => string {
  const labels = new Map<string, string>();
  const visit = (level: readonly PlanSection[], prefix: string) => {
    for (const section of level) {
      const label = `${prefix}${writtenNumber(section)}`;
      labels.set(section.path.join('/'), label);
      visit(section.children, label);
    }
  };
  visit(sections, '');
  return (path) => `条目${labels.get(path.join('/')) ?? path.join('')}`;
}

function writtenNumber(section: PlanSection): string {
  switch (section.style) {
    case 'cn':
      return `${section.number}、`;
    case 'paren-cn':
    case 'paren-arabic':
      return `（${section.number}）`;
    case 'arabic':
      return `${section.number}.`;
    case 'circled':
      return section.number;
    default:
      return pathToken(section.style, section.number);
  }
}

function maskNotes(quoted: Uint8Array, notes: readonly ResponsibilityNote[]): Uint8Array {
  const mask = Uint8Array.from(quoted);
  for (const note of notes) mask.fill(note.form === 'sentence' ? SENTENCE_NOTE_MASK : NOTE_MASK, note.start, note.end);
  return mask;
}

function notesIn(notes: readonly ResponsibilityNote[], start: number, end: number): ResponsibilityNote[] {
  return notes.filter((note) => note.start >= start && note.end <= end);
}

/** The organisations found in running text, then every unit a responsibility note or task table names. */
function withNames(found: PlanOrganisation[], names: readonly string[], knownUnits: readonly string[]): PlanOrganisation[] {
  const seen = new Set(found.map((organisation) => organisation.name));
  const all = [...found];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    all.push({ name, unitName: matchKnownUnit(name, knownUnits) });
  }
  return all;
}

/** The path of the deepest section holding an offset ([] outside every section). */
function sectionPathFinder(sections: readonly PlanSection[]): (offset: number) => string[] {
  return (offset) => {
    let path: string[] = [];
    let level: readonly PlanSection[] = sections;
    for (;;) {
      const holder = level.find((section) => offset >= section.start && offset < section.end);
      if (holder === undefined) return path;
      path = holder.path;
      level = holder.children;
    }
  };
}

/** Headings, responsibilities, suggested indicators and task tables, without offsets. */
export function planAnalysis(plan: ParsedPlan): PlanAnalysis {
  const headings: PlanAnalysis['headings'] = [];
  const visit = (sections: readonly PlanSection[]) => {
    for (const section of sections) {
      headings.push({ path: section.path, style: section.style, number: section.number, title: section.title, responsibility: section.responsibility });
      visit(section.children);
    }
  };
  visit(plan.sections);
  const unitNames = new Set<string>();
  for (const note of plan.responsibilities) for (const name of [...note.lead, ...note.supporting, ...note.guide]) unitNames.add(name);
  for (const table of plan.taskTables) for (const row of table.rows) for (const name of [...row.lead, ...row.supporting]) unitNames.add(name);
  return {
    headings,
    responsibilities: plan.responsibilities.map(({ start: _start, end: _end, ...note }) => note),
    indicators: plan.indicators.map(({ start: _start, end: _end, ...indicator }) => indicator),
    taskTables: plan.taskTables.map((table) => ({
      columns: table.columns,
      rows: table.rows.map(({ start: _start, end: _end, cells: _cells, line: _line, ...row }) => row),
    })),
    contents: plan.contents,
    unitNames: [...unitNames],
  };
}

/** The public outline: chapters, articles and measures by number and title, and organisation names. */
export function planOutline(plan: ParsedPlan): PlanOutline {
  return {
    chapters: plan.chapters.map((chapter) => ({
      number: chapter.number,
      title: chapter.title,
      articles: chapter.articles.map((article) => ({
        number: article.number,
        title: article.title,
        measures: article.measures.map((measure) => ({ text: measure.text, verb: measure.verb })),
      })),
    })),
    organisations: plan.organisations.map((organisation) => organisation.name),
  };
}

function chooseLevels(paragraphs: readonly Paragraph[]): { chapterStyle: NumberingStyle | null; articleStyle: NumberingStyle | null } {
  const present = new Set<NumberingStyle>();
  for (const paragraph of paragraphs) if (paragraph.numbering !== null) present.add(paragraph.numbering.style);
  const chapterStyle: NumberingStyle | null = present.has('zhang') ? 'zhang' : present.has('cn') ? 'cn' : null;
  if (present.has('tiao')) return { chapterStyle, articleStyle: 'tiao' };
  const below = chapterStyle === null ? LEVEL_ORDER : LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(chapterStyle) + 1);
  return { chapterStyle, articleStyle: below.find((style) => present.has(style)) ?? null };
}

/** Index of the first paragraph of the closing matter, or paragraphs.length if there is none. */
function findClosingStart(text: string, paragraphs: readonly Paragraph[]): number {
  let closing = paragraphs.length;
  let firstNumbered = -1;
  paragraphs.some((paragraph, index) => {
    if (paragraph.numbering === null) return false;
    firstNumbered = index;
    return true;
  });
  if (firstNumbered === -1) return closing;
  // Backwards, so that a marker counts only if no chapter or article heading follows it.
  for (let index = paragraphs.length - 1; index > firstNumbered; index--) {
    const paragraph = paragraphs[index] as Paragraph;
    if (paragraph.numbering !== null) {
      if (HIGH_LEVELS.has(paragraph.numbering.style)) break;
      continue;
    }
    const content = text.slice(paragraph.start, paragraph.end);
    if (CLOSING_MARKER.test(content) || ATTACHMENT_LABEL.test(content) || DATE_LINE.test(content)) closing = index;
  }
  // The issuer's name stands on the line above the date.
  const marker = paragraphs[closing];
  const above = paragraphs[closing - 1];
  if (
    marker !== undefined &&
    above !== undefined &&
    closing - 1 > firstNumbered &&
    above.numbering === null &&
    DATE_LINE.test(text.slice(marker.start, marker.end)) &&
    NO_PUNCTUATION.test(text.slice(above.start, above.end))
  ) {
    closing--;
  }
  return closing;
}

function buildArticle(
  text: string,
  paragraphs: readonly Paragraph[],
  headingIndex: number,
  lastIndex: number,
  matcher: VerbMatcher,
  mask: Uint8Array,
  notes: readonly ResponsibilityNote[],
): PlanArticle {
  const heading = paragraphs[headingIndex] as Paragraph;
  const end = (paragraphs[lastIndex] as Paragraph).end;
  const { title, bodyStart } = headingTitle(text, heading, notesIn(notes, heading.start, heading.end));
  const segments: BodySegment[] = [];
  if (bodyStart < heading.end) segments.push({ start: bodyStart, end: heading.end, numberingLength: 0 });
  for (let index = headingIndex + 1; index <= lastIndex; index++) {
    const paragraph = paragraphs[index] as Paragraph;
    segments.push({ start: paragraph.start, end: paragraph.end, numberingLength: paragraph.contentStart - paragraph.start });
  }
  return {
    number: heading.numbering?.token ?? '',
    title,
    measures: extractMeasures(text, segments, matcher, mask),
    body: text.slice(Math.min(bodyStart, end), end).trim(),
    start: heading.start,
    end,
  };
}

function label(paragraph: Paragraph): string {
  const numbering = paragraph.numbering;
  if (numbering === null) return '';
  return numbering.value === null ? `“${numbering.token}”` : numberingLabel(numbering.style, numbering.value);
}

/*
 * Chapters must run 一, 二, 三 …; articles either continue across chapters (this genre's habit:
 * （一）…（二十） over seven chapters) or restart at 1 in a chapter; both are accepted per chapter.
 * Gaps, repeats and steps back are reported, never repaired. Sub-item numbering is not checked:
 * lists inside a body are often lettered loosely and a warning there would be noise.
 */
function checkNumbering(
  ranges: readonly { heading: number | null; articles: readonly { heading: number }[] }[],
  paragraphs: readonly Paragraph[],
  chapterStyle: NumberingStyle | null,
  articleStyle: NumberingStyle | null,
  warnings: string[],
): void {
  if (chapterStyle !== null) {
    const values = ranges.map((range) => (range.heading === null ? null : (paragraphs[range.heading]?.numbering ?? null)));
    let previous: number | null = null;
    for (const numbering of values) {
      if (numbering === null) continue;
      previous = checkStep(numbering.value, numbering.token, previous, false, chapterStyle, 'chapter', warnings);
    }
  }
  if (articleStyle !== null) {
    let previous: number | null = null;
    for (const range of ranges) {
      range.articles.forEach((article, index) => {
        const numbering = paragraphs[article.heading]?.numbering;
        if (numbering === undefined || numbering === null) return;
        previous = checkStep(numbering.value, numbering.token, previous, index === 0, articleStyle, 'article', warnings);
      });
    }
  }
}

function checkStep(
  value: number | null,
  token: string,
  previous: number | null,
  mayRestart: boolean,
  style: NumberingStyle,
  level: 'chapter' | 'article',
  warnings: string[],
): number | null {
  const noun = level === 'chapter' ? '章节' : '条目';
  if (value === null) {
    warnings.push(`无法识别的${noun}编号“${token}”`);
    return previous;
  }
  const expected = previous === null ? 1 : previous + 1;
  if (value === expected || (mayRestart && value === 1)) return value;
  const current = numberingLabel(style, value);
  const after = previous === null ? `首个${noun}为${current}` : `${numberingReference(style, previous, level)}之后出现${current}`;
  if (value > expected) {
    const missing = value - expected === 1 ? numberingLabel(style, expected) : `${numberingLabel(style, expected)}至${numberingLabel(style, value - 1)}`;
    warnings.push(`${after}，缺少${missing}`);
  } else if (value === previous) {
    warnings.push(`${after}，编号重复`);
  } else {
    warnings.push(`${after}，编号顺序倒退`);
  }
  return value;
}
