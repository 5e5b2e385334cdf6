import { isAdminDivisionCode } from '../admin-division.js';
import { DATE_RANGE_MESSAGE, isDateInRange } from '../calendar.js';
import { validateCreditCode } from '../credit-code.js';
import type { OptionItem } from './options.js';
import type { FieldDeclaration, RecordData, RegistryDeclaration } from './types.js';

/** A problem with one field of a record: the field path (`data.headcount`), a stable code and the reason in Chinese. */
export interface RecordIssue {
  field: string;
  code: RecordIssueCode;
  reason: string;
}

export type RecordIssueCode =
  | 'REQUIRED'
  | 'UNKNOWN_FIELD'
  | 'TOO_LONG'
  | 'NOT_TEXT'
  | 'NOT_INTEGER'
  | 'OUT_OF_RANGE'
  | 'BAD_DECIMAL'
  | 'BAD_DATE'
  | 'DATE_ORDER'
  | 'NOT_IN_LIST'
  | 'BAD_CREDIT_CODE'
  | 'BAD_ADMIN_CODE'
  | 'BAD_ID';

/** What the validator needs to know about the pair the record belongs to. */
export interface RecordContext {
  /** The option lists in force for the pair (defaults or the office's own). */
  options(list: string): readonly OptionItem[];
  /** The pair's two cities: ids, and their GB/T 2260 prefecture prefixes (e.g. '4403'). */
  cities: readonly { id: string; code: string }[];
}

/** Ids a record refers to, for the caller to check against the database (they must exist in the pair). */
export interface RecordReferences {
  units: { field: string; id: string }[];
  records: { field: string; id: string; type: string }[];
}

export type RecordCheck = { ok: true; data: RecordData; references: RecordReferences } | { ok: false; issues: RecordIssue[]; references: RecordReferences };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CREDIT_CODE_REASONS = { length: '应为18位', charset: '含有不允许的字符（不使用 I、O、Z、S、V）', checksum: '校验码不正确' } as const;

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function decimalPattern(scale: number): RegExp {
  return scale === 0 ? /^-?\d{1,16}$/ : new RegExp(`^-?\\d{1,16}(\\.\\d{1,${scale}})?$`);
}

/** Compares two decimal strings without floating point (both already checked as decimals). */
function compareDecimals(a: string, b: string): number {
  const split = (v: string) => {
    const negative = v.startsWith('-');
    const [int = '0', frac = ''] = (negative ? v.slice(1) : v).split('.');
    return { negative, int: int.replace(/^0+(?=\d)/, ''), frac };
  };
  const x = split(a);
  const y = split(b);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const width = Math.max(x.frac.length, y.frac.length);
  const digits = (p: { int: string; frac: string }) => `${p.int.padStart(17, '0')}${p.frac.padEnd(width, '0')}`;
  const order = digits(x) < digits(y) ? -1 : digits(x) > digits(y) ? 1 : 0;
  return x.negative ? -order : order;
}

function checkField(
  field: FieldDeclaration,
  raw: unknown,
  path: string,
  ctx: RecordContext,
  refs: RecordReferences,
): { value?: unknown; issue?: Omit<RecordIssue, 'field'> } {
  const type = field.type;
  const asText = typeof raw === 'number' && type.kind !== 'text' ? String(raw) : raw;
  switch (type.kind) {
    case 'text': {
      if (typeof raw !== 'string') return { issue: { code: 'NOT_TEXT', reason: '应为文字' } };
      const value = raw.trim();
      if ([...value].length > type.max) return { issue: { code: 'TOO_LONG', reason: `不能超过 ${type.max} 个字` } };
      return { value };
    }
    case 'integer': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isSafeInteger(value)) return { issue: { code: 'NOT_INTEGER', reason: '应为整数' } };
      if ((type.min !== undefined && value < type.min) || (type.max !== undefined && value > type.max)) {
        return { issue: { code: 'OUT_OF_RANGE', reason: `应在 ${type.min ?? '—'} 到 ${type.max ?? '—'} 之间` } };
      }
      return { value };
    }
    case 'decimal': {
      const text = typeof asText === 'string' ? asText.trim() : '';
      if (!decimalPattern(type.scale).test(text)) return { issue: { code: 'BAD_DECIMAL', reason: `应为数字，最多 ${type.scale} 位小数` } };
      if (type.min !== undefined && compareDecimals(text, String(type.min)) < 0) return { issue: { code: 'OUT_OF_RANGE', reason: `不能小于 ${type.min}` } };
      return { value: text };
    }
    case 'date': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (!isRealDate(text)) return { issue: { code: 'BAD_DATE', reason: '应为日期（YYYY-MM-DD）' } };
      if (!isDateInRange(text)) return { issue: { code: 'OUT_OF_RANGE', reason: DATE_RANGE_MESSAGE } };
      return { value: text };
    }
    case 'option':
    case 'options': {
      const items = ctx.options(type.list);
      const values = type.kind === 'options' ? (Array.isArray(raw) ? raw : null) : [raw];
      if (!values || values.some((v) => typeof v !== 'string' || !items.some((i) => i.value === v.trim()))) {
        return { issue: { code: 'NOT_IN_LIST', reason: `应为以下之一：${items.map((i) => i.value).join('、')}` } };
      }
      const trimmed = values.map((v) => (v as string).trim());
      return { value: type.kind === 'options' ? [...new Set(trimmed)] : trimmed[0] };
    }
    case 'unit':
    case 'units':
    case 'record': {
      const values = type.kind === 'units' ? (Array.isArray(raw) ? raw : null) : [raw];
      if (!values || values.some((v) => typeof v !== 'string' || !UUID.test(v))) return { issue: { code: 'BAD_ID', reason: '应为有效的编号' } };
      const ids = [...new Set(values as string[])].map((v) => v.toLowerCase());
      ids.forEach((id, i) => {
        const at = type.kind === 'units' ? `${path}.${i}` : path;
        if (type.kind === 'record') refs.records.push({ field: at, id, type: type.type });
        else refs.units.push({ field: at, id });
      });
      return { value: type.kind === 'units' ? ids : ids[0] };
    }
    case 'city': {
      const id = typeof raw === 'string' ? raw.toLowerCase() : '';
      if (!ctx.cities.some((c) => c.id === id)) return { issue: { code: 'BAD_ID', reason: '应为本结对的城市' } };
      return { value: id };
    }
    case 'creditCode': {
      const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
      const verdict = validateCreditCode(code);
      if (!verdict.ok) return { issue: { code: 'BAD_CREDIT_CODE', reason: `统一社会信用代码${CREDIT_CODE_REASONS[verdict.problem]}` } };
      return { value: code };
    }
    case 'adminCode': {
      const code = typeof asText === 'string' ? asText.trim() : '';
      if (!isAdminDivisionCode(code) || !ctx.cities.some((c) => code.startsWith(c.code))) {
        return { issue: { code: 'BAD_ADMIN_CODE', reason: '应为本结对城市所辖区县的 GB/T 2260 代码（6 位）' } };
      }
      return { value: code };
    }
  }
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/**
 * Checks a record's data against its declaration and normalises it (trimmed text, decimals as
 * text, lower-case ids, upper-case credit codes). Every problem is reported with its field, not
 * only the first; fields the declaration does not know are refused; empty optional fields are
 * dropped. References to units and other records are returned for the caller to look up.
 */
export function validateRecordData(declaration: RegistryDeclaration, input: RecordData, ctx: RecordContext): RecordCheck {
  const issues: RecordIssue[] = [];
  const references: RecordReferences = { units: [], records: [] };
  const data: RecordData = {};
  const known = new Set(declaration.fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push({ field: `data.${key}`, code: 'UNKNOWN_FIELD', reason: '不是该类记录的字段' });
  }
  for (const field of declaration.fields) {
    const path = `data.${field.key}`;
    const raw = input[field.key];
    if (isEmpty(raw)) {
      if (field.required) issues.push({ field: path, code: 'REQUIRED', reason: `${field.label.zh}不能为空` });
      continue;
    }
    const checked = checkField(field, raw, path, ctx, references);
    if (checked.issue) issues.push({ field: path, ...checked.issue });
    else data[field.key] = checked.value;
  }
  // A record at a stage carries the date it reached it, and the dates of the stages before.
  if (declaration.stageField && declaration.stageDates && typeof data[declaration.stageField] === 'string') {
    const stages = ctx.options(stageListOf(declaration)).map((o) => o.value);
    const reached = stages.indexOf(data[declaration.stageField] as string);
    stages.slice(0, reached + 1).forEach((stage) => {
      const dateField = declaration.stageDates?.[stage];
      if (!dateField || data[dateField] !== undefined || issues.some((i) => i.field === `data.${dateField}`)) return;
      const label = declaration.fields.find((f) => f.key === dateField)?.label.zh ?? dateField;
      issues.push({ field: `data.${dateField}`, code: 'REQUIRED', reason: `阶段为“${data[declaration.stageField!]}”时须填写${label}` });
    });
  }
  for (const [from, to] of declaration.dateRanges ?? []) {
    const a = data[from];
    const b = data[to];
    if (typeof a === 'string' && typeof b === 'string' && b < a) {
      const label = (key: string) => declaration.fields.find((f) => f.key === key)?.label.zh ?? key;
      issues.push({ field: `data.${to}`, code: 'DATE_ORDER', reason: `${label(to)}不能早于${label(from)}` });
    }
  }
  return issues.length > 0 ? { ok: false, issues, references } : { ok: true, data, references };
}

/** The option list of a declaration's stage field. */
export function stageListOf(declaration: RegistryDeclaration): string {
  const field = declaration.fields.find((f) => f.key === declaration.stageField);
  return field?.type.kind === 'option' ? field.type.list : '';
}

/** The value a record shows as its name in lists and links. */
export function recordTitle(declaration: RegistryDeclaration, data: RecordData): string {
  const value = data[declaration.titleField];
  return typeof value === 'string' ? value : '';
}
