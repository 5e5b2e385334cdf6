import type { Paragraph } from './normalize.js';
import { NUMBERING_RANK, pathToken } from './numbering.js';
import type { ResponsibilityNote } from './responsibility.js';
import type { PlanResponsibility, PlanSection } from './types.js';

/*
 * The outline at every depth: each numbered paragraph opens a section, nested by the rank of its
 * numbering (第X编 > 第X章 > 第X节 > 第X条 > 一、 > （一） > 1. > （1） > ①), whatever levels the
 * document skips: 一、 directly under 第一章, 1. directly under 一、. A section's own text is the rest
 * of its heading paragraph and the unnumbered paragraphs before its first subsection.
 *
 * A responsibility note belongs to the section whose own text holds it. A note standing as a
 * paragraph of its own after a run of sub-items none of which has a note (items (1)…(4), then
 * （责任单位：…）) covers their parent, the item they detail.
 */

interface OpenSection {
  section: PlanSection;
  rank: number;
  parent: OpenSection | null;
  /** Paragraph index ranges of the section's own text. */
  ownStart: number;
  ownEnd: number;
  /** Index among its parent's children. */
  position: number;
  notes: ResponsibilityNote[];
}

export interface SectionTree {
  sections: PlanSection[];
  /** Each note with the path of the section it belongs to ([] for the document). */
  responsibilities: PlanResponsibility[];
}

export function buildSections(
  text: string,
  paragraphs: readonly Paragraph[],
  range: { from: number; to: number },
  skip: ReadonlySet<number>,
  notes: readonly ResponsibilityNote[],
): SectionTree {
  const roots: PlanSection[] = [];
  const all: OpenSection[] = [];
  const byParagraph = new Map<number, OpenSection>();
  let stack: OpenSection[] = [];

  for (let index = range.from; index < range.to; index++) {
    const paragraph = paragraphs[index] as Paragraph;
    const numbering = skip.has(index) ? null : paragraph.numbering;
    if (numbering === null) {
      const current = stack[stack.length - 1];
      if (current !== undefined) {
        current.ownEnd = index + 1;
        byParagraph.set(index, current);
      }
      continue;
    }
    const rank = NUMBERING_RANK.indexOf(numbering.style);
    while (stack.length > 0 && (stack[stack.length - 1] as OpenSection).rank >= rank) stack.pop();
    const parent = stack[stack.length - 1] ?? null;
    const siblings = parent === null ? roots : parent.section.children;
    const section: PlanSection = {
      style: numbering.style,
      number: numbering.token,
      path: [...(parent?.section.path ?? []), pathToken(numbering.style, numbering.token)],
      title: '',
      text: '',
      responsibility: null,
      children: [],
      start: paragraph.start,
      end: paragraph.end,
    };
    siblings.push(section);
    const open: OpenSection = { section, rank, parent, ownStart: index, ownEnd: index + 1, position: siblings.length - 1, notes: [] };
    all.push(open);
    byParagraph.set(index, open);
    stack = [...stack, open];
  }

  const paragraphAt = (index: number): Paragraph => paragraphs[index] as Paragraph;
  const noteIndex = new Map<number, ResponsibilityNote[]>();
  for (const note of notes) {
    const paragraph = paragraphIndexAt(paragraphs, note.start, range);
    if (paragraph !== null) noteIndex.set(paragraph, [...(noteIndex.get(paragraph) ?? []), note]);
  }

  const responsibilities: PlanResponsibility[] = [];
  for (const note of notes) {
    const index = paragraphIndexAt(paragraphs, note.start, range);
    let owner = index === null ? null : (byParagraph.get(index) ?? null);
    if (owner !== null && note.standalone && owner.parent !== null && owner.position > 0) {
      const parent = owner.parent;
      const earlierHaveNotes = all.some((open) => open.parent === parent && open.position < (owner as OpenSection).position && open.notes.length > 0);
      if (!earlierHaveNotes) owner = parent;
    }
    owner?.notes.push(note);
    responsibilities.push({
      path: owner?.section.path ?? [],
      lead: note.lead,
      supporting: note.supporting,
      guide: note.guide,
      remark: note.remark,
      note: note.note,
      form: note.form,
      start: note.start,
      end: note.end,
    });
  }

  // Ends, titles and own text, deepest first so that a parent's end covers its last child's.
  for (let i = all.length - 1; i >= 0; i--) {
    const open = all[i] as OpenSection;
    const { section } = open;
    const lastChild = section.children[section.children.length - 1];
    section.end = Math.max(paragraphAt(open.ownEnd - 1).end, lastChild?.end ?? 0);
    const heading = paragraphAt(open.ownStart);
    const headingNotes = noteIndex.get(open.ownStart) ?? [];
    const { title, bodyStart } = headingTitle(text, heading, headingNotes);
    section.title = title;
    section.text = text.slice(Math.min(bodyStart, paragraphAt(open.ownEnd - 1).end), paragraphAt(open.ownEnd - 1).end).trim();
    if (open.notes.length > 0) section.responsibility = mergeNotes(open.notes);
  }
  return { sections: roots, responsibilities };
}

function paragraphIndexAt(paragraphs: readonly Paragraph[], offset: number, range: { from: number; to: number }): number | null {
  let low = range.from;
  let high = range.to - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const paragraph = paragraphs[middle] as Paragraph;
    if (offset < paragraph.start) high = middle - 1;
    else if (offset >= paragraph.end) low = middle + 1;
    else return middle;
  }
  return null;
}

// Marks that end a title-only heading line without being part of the title: 主要任务： → 主要任务.
const TITLE_TRAILER = new Set([...'。：: \t\u3000']);

/**
 * Title up to the first 。 of the heading paragraph (outside a responsibility note), or the whole
 * line when it has none; a note inside the title is not part of it: 强化科技创新(由区科技局牵头).
 */
export function headingTitle(text: string, heading: Paragraph, notes: readonly ResponsibilityNote[] = []): { title: string; bodyStart: number } {
  const inNote = (offset: number) => notes.some((note) => offset >= note.start && offset < note.end && note.form !== 'sentence');
  let stop = -1;
  for (let offset = text.indexOf('。', heading.contentStart); offset !== -1 && offset < heading.end; offset = text.indexOf('。', offset + 1)) {
    if (!inNote(offset)) {
      stop = offset;
      break;
    }
  }
  const titleEnd = stop === -1 ? heading.end : stop;
  let title = '';
  for (let offset = heading.contentStart; offset < titleEnd; offset++) if (!inNote(offset)) title += text.charAt(offset);
  let end = title.length;
  while (end > 0 && TITLE_TRAILER.has(title.charAt(end - 1))) end--;
  return { title: title.slice(0, end).trim(), bodyStart: stop === -1 ? heading.end : stop + 1 };
}

function mergeNotes(notes: readonly ResponsibilityNote[]): NonNullable<PlanSection['responsibility']> {
  const lead = new Set<string>();
  const supporting = new Set<string>();
  const guide = new Set<string>();
  for (const note of notes) {
    for (const name of note.lead) lead.add(name);
    for (const name of note.supporting) supporting.add(name);
    for (const name of note.guide) guide.add(name);
  }
  return { lead: [...lead], supporting: [...supporting].filter((name) => !lead.has(name)), guide: [...guide] };
}
