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
  /** Numbering problems found while parsing, in Chinese for the reviewer; parsing never stops on them. */
  warnings: string[];
}

export interface ParsePlanOptions {
  /** Names of the units of the pair, to match organisations against. */
  knownUnits?: readonly string[];
  /** Replaces (does not extend) DEFAULT_COMMITMENT_VERBS. */
  commitmentVerbs?: readonly string[];
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
