import type { NumberingStyle } from './numbering.js';
import type { TaskColumn, TaskTableRow } from './task-table.js';

/** A sentence of an article body that commits to something, and the verb that carries the commitment. */
export interface PlanMeasure {
  text: string;
  verb: string;
}

export interface PlanArticle {
  /** The numbering without brackets or separators, as written: '三', '二十', '5' (full-width digits become ASCII), '①'. */
  number: string;
  /** Without the numbering and without the trailing 。. */
  title: string;
  measures: PlanMeasure[];
  /** The article text after its title (sub-items included, one paragraph per line). */
  body: string;
  /** Offsets of the whole article, numbering included, in `ParsedPlan.text`. */
  start: number;
  end: number;
}

export interface PlanChapter {
  /** '' for the implicit chapter of a document whose articles have no chapter headings. */
  number: string;
  title: string;
  /**
   * Text of the chapter that belongs to none of its articles: what stands between the heading
   * and the first article, or all of it for a chapter made of plain paragraphs (then `articles`
   * is empty). Kept so that no text of a chapter is lost from the parse.
   */
  body: string;
  articles: PlanArticle[];
  start: number;
  end: number;
}

/** Who answers for a section, all notes attached to it together. */
export interface SectionResponsibility {
  lead: string[];
  supporting: string[];
  guide: string[];
}

/** A numbered heading at any depth, with what it holds. */
export interface PlanSection {
  style: NumberingStyle;
  /** The numbering as written without brackets or separators: '一', '3', '①' (第一章 → '一'). */
  number: string;
  /** Numbers from the top: ['第一章', '第二节', '一', '1'] (第X编/章/节/条 keep their word). */
  path: string[];
  /** Without the numbering, the trailing 。 and any responsibility note. */
  title: string;
  /** The section's own text after its title, subsections excluded, notes included as written. */
  text: string;
  responsibility: SectionResponsibility | null;
  children: PlanSection[];
  /** Offsets of the whole section, subsections included, in `ParsedPlan.text`. */
  start: number;
  end: number;
}

/** One responsibility note as written, and the section it belongs to. */
export interface PlanResponsibility extends SectionResponsibility {
  /** Path of the section ([] for a note outside every section). */
  path: string[];
  /** What the note says besides units (a time, a remark). */
  remark: string;
  note: string;
  form: 'bracket' | 'lines' | 'sentence';
  start: number;
  end: number;
}

/** A quantified target of the plan, suggested to the office as an indicator. */
export interface PlanIndicatorSuggestion {
  /** The sentence it comes from, without its closing mark. */
  sentence: string;
  /** What is measured: the words before the figure in its clause. */
  name: string;
  value: number;
  /** As written after the figure: '%', '个', '万个', '亿元'. */
  unit: string;
  year: number;
  /** Path of the section the sentence is in ([] for the preamble). */
  path: string[];
  start: number;
  end: number;
}

/** The item of the plan a task-table row carries out, and why the parser thinks so. */
export interface TaskRowLink {
  /** Path of the section, null when none was found. */
  path: string[] | null;
  /** The number of the article (`chapters[].articles[]`) that holds the section: what a task is filed under. */
  articleNumber: string | null;
  /** The table names the item itself (an 对应条款 column, 第三条 in the task). */
  explicit: boolean;
  /** Dice similarity of the row's words and the section's, when linked by words. */
  score: number | null;
  /** In Chinese, for the reviewer. */
  reason: string;
}

export interface PlanTaskRow extends TaskTableRow {
  link: TaskRowLink;
  /** Offsets of the row's paragraph in `ParsedPlan.text`. */
  start: number;
  end: number;
}

/** A task table (任务分工方案) found in the plan or its appendix. */
export interface PlanTaskTable {
  columns: (TaskColumn | null)[];
  rows: PlanTaskRow[];
  start: number;
  end: number;
}

export interface PlanOrganisation {
  name: string;
  /** The known unit this organisation matched, if any. */
  unitName: string | null;
}

export interface ParsedPlan {
  /** The normalized text every offset refers to. */
  text: string;
  preamble: string;
  /** Trailing unnumbered matter after the last article: 附件 lists, issuer and date, 抄送. */
  closing: string;
  chapters: PlanChapter[];
  organisations: PlanOrganisation[];
  /** Problems found while parsing, in Chinese for the reviewer; parsing never stops on them. */
  warnings: string[];
  /** Every numbered heading at every depth (the chapters and articles above are its top two levels). */
  sections: PlanSection[];
  /** Every responsibility note, in text order. */
  responsibilities: PlanResponsibility[];
  /** Quantified targets (到2025年…达到60%), for the office to turn into indicators. */
  indicators: PlanIndicatorSuggestion[];
  /** A table of contents, skipped from the outline ('' when there is none). */
  contents: string;
  /** Task tables, each row linked to the item it carries out. */
  taskTables: PlanTaskTable[];
}

export interface ParsePlanOptions {
  /** Names of the units of the pair, to match organisations against. */
  knownUnits?: readonly string[];
  /** Replaces (does not extend) DEFAULT_COMMITMENT_VERBS. */
  commitmentVerbs?: readonly string[];
  /** The year a table's 年底前 refers to; by default the year of the document's date line, if any. */
  planYear?: number;
}

/** The public outline shape printed by the CLI and returned by the import API. */
export interface PlanOutline {
  chapters: {
    number: string;
    title: string;
    articles: { number: string; title: string; measures: PlanMeasure[] }[];
  }[];
  organisations: string[];
}

/** What the parser found beyond the outline, in the shape the CLI prints and the API stores. */
export interface PlanAnalysis {
  /** Every heading at every depth, in document order. */
  headings: { path: string[]; style: NumberingStyle; number: string; title: string; responsibility: SectionResponsibility | null }[];
  responsibilities: Omit<PlanResponsibility, 'start' | 'end'>[];
  indicators: Omit<PlanIndicatorSuggestion, 'start' | 'end'>[];
  taskTables: { columns: (TaskColumn | null)[]; rows: Omit<PlanTaskRow, 'start' | 'end' | 'cells' | 'line'>[] }[];
  contents: string;
  /** Every unit name the notes and task tables mention, once each, in order of first mention. */
  unitNames: string[];
}
