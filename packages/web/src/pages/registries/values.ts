import dayjs, { type Dayjs } from 'dayjs';

// How the registry form turns stored values into control values and back, and where the server's
// field issues go: pure, so that they are tested without a browser (test/registries.test.ts).

/** What the helpers need to know of a field: its key and the kind of its type. */
interface FieldLike {
  key: string;
  type: { kind: string };
}

/** Empty as a required field sees it: nothing, blank text or an empty list (0 and false are values). */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** A stored value as the form control holds it (dates as dayjs). */
export function toControl(field: FieldLike, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (field.type.kind === 'date') return dayjs(String(value));
  return value;
}

/** A control's value as the API takes it: dates as YYYY-MM-DD, text trimmed; empty values become null (which empties them on edit). */
export function fromControl(field: FieldLike, value: unknown): unknown {
  if (isEmptyValue(value)) return null;
  if (field.type.kind === 'date') return (value as Dayjs).format('YYYY-MM-DD');
  if (typeof value === 'string') return value.trim();
  return value;
}

/** The form name of a server issue: `data.<key>` (and `data.<key>.<i>` of unit lists) beside its field, `articleNos.<i>` on the articles; null when no field shows it. */
export function formNameOf(issueField: string, fields: readonly FieldLike[]): (string | number)[] | null {
  const [head, key] = issueField.split('.');
  if (head === 'data' && key && fields.some((f) => f.key === key)) return ['data', key];
  if (head === 'articleNos') return ['articleNos'];
  return null;
}

/** The declared field an import issue names (`rows.3.data.headcount` reaches this as `data.headcount`), or `articleNos`. */
export function importFieldOf(issueField: string): string {
  const [head = '', second = ''] = issueField.split('.');
  return head === 'data' ? second : head;
}
