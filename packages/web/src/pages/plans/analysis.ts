import type { Schemas } from '../../api/client.js';

export type Analysis = Schemas['PlanAnalysis'];
export type Heading = Analysis['headings'][number];
export type UnitName = Schemas['PlanUnitName'];
export type TaskTable = Analysis['taskTables'][number];
export type TaskRow = TaskTable['rows'][number];

/** 第…编/章/节/条: headings whose path segment is already written in full (第一章). */
const ORDINAL_WORD: Record<string, string> = { bian: '编', zhang: '章', jie: '节', tiao: '条' };

/** A heading's number as the document writes it: 一、 （三） 2. ① 第一章. */
export function writtenNumber(heading: Pick<Heading, 'style' | 'number'>): string {
  switch (heading.style) {
    case 'cn':
      return `${heading.number}、`;
    case 'paren-cn':
    case 'paren-arabic':
      return `（${heading.number}）`;
    case 'arabic':
      return `${heading.number}.`;
    case 'circled':
      return heading.number;
    default: {
      const word = ORDINAL_WORD[heading.style];
      return word === undefined ? heading.number : `第${heading.number}${word}`;
    }
  }
}

/**
 * The item at a path as the document writes it (二、（三）): each level's numbering from the
 * headings along the path, the bare segment where no heading is known. '' for the empty path (text
 * before the first heading).
 */
export function pathLabeller(headings: readonly Heading[]): (path: readonly string[] | null) => string {
  const byPath = new Map(headings.map((heading) => [heading.path.join('/'), heading]));
  return (path) => {
    if (!path) return '';
    let label = '';
    for (let depth = 1; depth <= path.length; depth += 1) {
      const heading = byPath.get(path.slice(0, depth).join('/'));
      label += heading ? writtenNumber(heading) : (path[depth - 1] ?? '');
    }
    return label;
  };
}

/** The written unit names by name, as the server resolved them on this read. */
export function unitNameIndex(analysis: Analysis): Map<string, UnitName> {
  return new Map(analysis.unitNames.map((entry) => [entry.name, entry]));
}

/** Names the office still has to settle: several candidates, or none. */
export const isPending = (entry: UnitName | undefined) => entry === undefined || entry.status !== 'resolved';
