import type { ApiError } from '../api/client.js';

// How the task screens place the server's field issues: beside a form field, or in a row of the
// import's error table.

/** Fields of the form that a server issue can point at (`indicators.0.target` → indicators[0].target). */
const FORM_FIELDS = new Set([
  'title',
  'articleNo',
  'description',
  'leadUnitIds',
  'supportUnitIds',
  'startOn',
  'dueOn',
  'milestones',
  'indicators',
  'status',
  'progress',
]);

/** The form field of a server issue; unit lists take the issue on the whole picker (`leadUnitIds.0` → leadUnitIds). */
export function namePathOf(field: string): (string | number)[] | null {
  const parts = field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const root = parts[0];
  if (typeof root !== 'string' || !FORM_FIELDS.has(root)) return null;
  if (root === 'leadUnitIds' || root === 'supportUnitIds') return [root];
  return parts;
}

/** A problem of one row of an import file, from the server's `rows.<row>.<field>` issues. */
export interface RowIssue {
  key: string;
  row: number;
  field: string;
  reason: string;
}

/** The row problems of a refused import (`rows.<row>.<field>` issues), in the server's order. */
export function rowIssues(error: Pick<ApiError, 'details'>): RowIssue[] {
  return error.details.flatMap((issue, i) => {
    const match = /^rows\.(\d+)\.(.+)$/.exec(issue.field);
    if (!match) return [];
    const row = Number(match[1]);
    // The reason repeats "第N行 列名：" for readers of the bare message; the table has its own columns.
    const reason = issue.reason.replace(new RegExp(`^第${row}行\\s*[^：]*：`), '');
    return [{ key: `${i}`, row, field: match[2] ?? '', reason }];
  });
}
