import { type Paragraph, RESPONSIBILITY_LINE } from './normalize.js';
import { looksLikeUnitName, splitUnitNames } from './unit-list.js';

/*
 * Who is responsible for an item, in the forms real plans write it (measured on the corpus under
 * test-data/plan-corpus and on State Council texts):
 * - a note in brackets at the end of an item: （国家发展改革委、生态环境部负责）, （住房城乡建设部指导）,
 *   （市商务局牵头，市财政局、各区配合）, （牵头单位：市发展改革委；责任单位：市财政局）,
 *   〔责任单位：省发展改革委、商务厅按职责分工负责。…〕, (由区科技局牵头);
 * - lines of their own under the item: 牵头单位：区发改局 / 责任单位：立山经济开发区，各街道;
 * - in the sentence itself: 由市发展改革委牵头，建立…机制.
 * Roles: 牵头 (and 牵头单位, 主办单位) lead; 配合, 参与, 协助, 协同, 协办 (and their 单位) support;
 * 指导 guides; 负责 and 责任单位 name the units responsible: the lead when the note names no lead
 * (all of them, or only the first when the document says 排在第一位的为牵头单位), else supporters.
 * A note in brackets counts only if every unit it names looks like a unit (ends like one, or is a
 * collective such as 各县（市、区）人民政府): （含非公有制企业负责人） names none. Labelled notes
 * (牵头单位：…) are taken as the document labels them.
 */

export interface ResponsibilityNote {
  /** The note as written, brackets and labels included. */
  note: string;
  /** Offsets in the plan text. */
  start: number;
  end: number;
  lead: string[];
  supporting: string[];
  guide: string[];
  /** What the note says besides units: a time (年内持续推进) or a remark (具体任务均涉及…). */
  remark: string;
  /** The note is a paragraph (or a run of labelled lines) of its own rather than part of a sentence. */
  standalone: boolean;
  /** How the note was written: in brackets, on labelled lines, or inside the sentence (由…牵头). */
  form: 'bracket' | 'lines' | 'sentence';
}

export interface NoteOptions {
  /** The document says the first unit listed leads (排在第一位的为牵头单位): A、B负责 → lead A, supporting B. */
  firstListedLeads: boolean;
}

const OPENING = new Set([...'(（〔[【']);
const CLOSING = new Set([...')）〕]】']);
const ROLE_WORD = /牵头|负责|配合|指导|参与|协办|协助|协同|责任单位|责任部门|分工/;
const MAX_NOTE_LENGTH = 400;
const LABEL = /(?:牵头|责任|配合|协办|参与|协同|主办|承办|协助|实施)(?:单位|部门)[:：]/g;
const HAS_LABEL = /(?:牵头|责任|配合|协办|参与|协同|主办|承办|协助|实施)(?:单位|部门)[:：]/;
const LEAD_LABEL = /^(?:牵头|主办|承办)(?:单位|部门)[:：]/;
const RESPONSIBLE_LABEL = /^(?:责任|实施)(?:单位|部门)[:：]/;
const SUPPORT_LABEL = /^(?:配合|协办|参与|协同|协助)(?:单位|部门)[:：]/;
const LEAD_VERB = /(?:牵头(?:负责|落实|推进|实施)?)$/;
// 市人力社保局、市农业农村局分别牵头: each leads its part, so all of them lead.
const EACH_LEADS = /分别牵头$/;
const GUIDE_VERB = /指导$/;
const SUPPORT_VERB = /(?:配合|参与|协助|协同|协办)$/;
const RESPONSIBLE_VERB = /(?:负责(?:落实|推进|实施)?|落实)$/;
const ROLE_END = /(?:牵头|负责|配合|参与|协助|协同|协办|指导|落实)$/;
const FIRST_LISTED_LEADS = /(?:排在|列|排名)第一位?的?(?:单位)?(?:为|是)牵头/;
const IN_SENTENCE = /由([^，,。；;：:（）()“”《》\n]{2,60}?)(?:牵头|负责)/g;

export function documentNoteOptions(text: string): NoteOptions {
  return { firstListedLeads: FIRST_LISTED_LEADS.test(text) };
}

/** Every responsibility note of the paragraphs, in text order. */
export function findResponsibilityNotes(text: string, paragraphs: readonly Paragraph[], options: NoteOptions): ResponsibilityNote[] {
  const notes: ResponsibilityNote[] = [];
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index] as Paragraph;
    const line = text.slice(paragraph.start, paragraph.end);
    if (paragraph.numbering === null && RESPONSIBILITY_LINE.test(line)) {
      // 牵头单位：… and 责任单位：… on consecutive lines are one note.
      let last = index;
      while (last + 1 < paragraphs.length) {
        const next = paragraphs[last + 1] as Paragraph;
        if (next.numbering !== null || !RESPONSIBILITY_LINE.test(text.slice(next.start, next.end))) break;
        last++;
      }
      const end = (paragraphs[last] as Paragraph).end;
      const roles = readRoles(text.slice(paragraph.start, end), options, true);
      if (roles !== null) notes.push({ note: text.slice(paragraph.start, end), start: paragraph.start, end, ...roles, standalone: true, form: 'lines' });
      index = last;
      continue;
    }
    notes.push(...bracketNotes(text, paragraph, options), ...sentenceNotes(text, paragraph, options));
  }
  return notes.sort((a, b) => a.start - b.start);
}

function bracketNotes(text: string, paragraph: Paragraph, options: NoteOptions): ResponsibilityNote[] {
  const notes: ResponsibilityNote[] = [];
  let depth = 0;
  let open = -1;
  for (let i = paragraph.contentStart; i < paragraph.end; i++) {
    const ch = text.charAt(i);
    if (OPENING.has(ch)) {
      if (depth === 0) open = i;
      depth++;
    } else if (CLOSING.has(ch) && depth > 0) {
      depth--;
      if (depth !== 0) continue;
      const content = text.slice(open + 1, i);
      if (content.length > MAX_NOTE_LENGTH || !ROLE_WORD.test(content)) continue;
      const roles = readRoles(content, options, false);
      if (roles === null) continue;
      const before = text.slice(paragraph.contentStart, open).trim();
      const after = text.slice(i + 1, paragraph.end).trim();
      const standalone = paragraph.numbering === null && before === '' && (after === '' || after === '。');
      notes.push({ note: text.slice(open, i + 1), start: open, end: i + 1, ...roles, standalone, form: 'bracket' });
    }
  }
  return notes;
}

function sentenceNotes(text: string, paragraph: Paragraph, options: NoteOptions): ResponsibilityNote[] {
  const notes: ResponsibilityNote[] = [];
  const line = text.slice(paragraph.contentStart, paragraph.end);
  for (const match of line.matchAll(IN_SENTENCE)) {
    const start = paragraph.contentStart + (match.index ?? 0);
    // Inside brackets the bracket note has it already.
    if (insideBrackets(line, match.index ?? 0)) continue;
    const roles = readRoles(match[0], options, false);
    if (roles === null) continue;
    notes.push({ note: match[0], start, end: start + match[0].length, ...roles, standalone: false, form: 'sentence' });
  }
  return notes;
}

function insideBrackets(line: string, index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const ch = line.charAt(i);
    if (OPENING.has(ch)) depth++;
    else if (CLOSING.has(ch) && depth > 0) depth--;
  }
  return depth > 0;
}

type Roles = Pick<ResponsibilityNote, 'lead' | 'supporting' | 'guide' | 'remark'>;

/** The roles a note's content names, or null when it names no unit in a role. */
export function readRoles(content: string, options: NoteOptions, labelled: boolean): Roles | null {
  const lead: string[] = [];
  const supporting: string[] = [];
  const guide: string[] = [];
  const responsible: string[] = [];
  const remarks: string[] = [];
  let impliedNames = 0;
  let unitLike = 0;
  for (const segment of segments(content)) {
    const explicit = LEAD_LABEL.exec(segment) ?? RESPONSIBLE_LABEL.exec(segment) ?? SUPPORT_LABEL.exec(segment);
    if (explicit !== null) {
      const names = splitUnitNames(segment.slice(explicit[0].length));
      if (LEAD_LABEL.test(segment) || EACH_LEADS.test(segment)) lead.push(...names);
      else if (RESPONSIBLE_LABEL.test(segment)) responsible.push(...names);
      else supporting.push(...names);
      continue;
    }
    const body = segment.replace(/^由/, '');
    const target = LEAD_VERB.test(body)
      ? lead
      : GUIDE_VERB.test(body)
        ? guide
        : SUPPORT_VERB.test(body)
          ? supporting
          : RESPONSIBLE_VERB.test(body)
            ? responsible
            : null;
    if (target === null) {
      remarks.push(segment);
      continue;
    }
    // splitUnitNames drops 负责, 牵头, 配合, 参与 and their forms; the rarer role words go here.
    const names = splitUnitNames(body.replace(/(?<=负责|牵头)(?:落实|推进|实施)$/, '').replace(/(?:指导|协助|协同|协办|落实)$/, ''));
    impliedNames += names.length;
    unitLike += names.filter(looksLikeUnitName).length;
    target.push(...names);
  }
  // A note that does not label its units must name only units (（含非公有制企业负责人） names none).
  if (!labelled && impliedNames > 0 && unitLike < impliedNames && !HAS_LABEL.test(content)) return null;
  if (lead.length > 0) supporting.unshift(...responsible.filter((name) => !lead.includes(name)));
  else if (options.firstListedLeads && responsible.length > 1) {
    lead.push(responsible[0] as string);
    supporting.unshift(...responsible.slice(1));
  } else lead.push(...responsible);
  if (lead.length + supporting.length + guide.length === 0) return null;
  return { lead: unique(lead), supporting: unique(supporting).filter((name) => !lead.includes(name)), guide: unique(guide), remark: remarks.join('；') };
}

/**
 * The parts of a note that each carry one role: split at every label (牵头单位：), at ；。 and line
 * breaks, and at a comma that follows a role word (A牵头，B配合): a comma between names
 * (立山经济开发区，各街道) stays inside its part.
 */
function segments(content: string): string[] {
  const parts: string[] = [];
  for (const labelled of content.replace(LABEL, '\u0000$&').split('\u0000')) {
    for (const sentence of labelled.split(/[；;。\n]/)) {
      let start = 0;
      for (let i = 0; i < sentence.length; i++) {
        const ch = sentence.charAt(i);
        if ((ch === '，' || ch === ',') && ROLE_END.test(sentence.slice(Math.max(start, i - 8), i))) {
          parts.push(sentence.slice(start, i));
          start = i + 1;
        }
      }
      parts.push(sentence.slice(start));
    }
  }
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
