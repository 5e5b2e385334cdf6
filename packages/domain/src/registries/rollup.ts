import type { RecordData, RegistryDeclaration } from './types.js';

/** A condition on one field of a record. `in` takes a list; `gte`/`lte` compare dates, decimals and integers. */
export interface RollupFilter {
  field: string;
  op: 'eq' | 'ne' | 'in' | 'gte' | 'lte';
  value: string | number | readonly (string | number)[];
}

/**
 * An indicator that adds itself up from a registry: the number of matching records, the sum of
 * one of their fields, or the number of distinct values of a field — per calendar year of the
 * record's date, or over all time.
 */
export interface RollupDefinition {
  registryType: string;
  aggregate: 'count' | 'sum' | 'countDistinct';
  /** The summed or counted field (sum, countDistinct). */
  field?: string | null;
  filters: readonly RollupFilter[];
  period: 'year' | 'all';
  /** The date that places a record in a year; defaults to the declaration's dateField. */
  periodField?: string | null;
}

/** What one record adds to an indicator: to which period, how much, and (distinct counts) under which value. */
export interface RollupContribution {
  period: string;
  /** A decimal string: '1' for a count. */
  amount: string;
  distinctKey?: string;
}

function compare(a: unknown, b: string | number): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== 'string' && typeof a !== 'number') return null;
  const x = String(a);
  const y = String(b);
  // Dates compare as text; decimals and integers as numbers (exact enough to order them).
  if (/^\d{4}-\d{2}-\d{2}$/.test(x) && /^\d{4}-\d{2}-\d{2}$/.test(y)) return x < y ? -1 : x > y ? 1 : 0;
  const nx = Number(x);
  const ny = Number(y);
  return Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : null;
}

function matches(filter: RollupFilter, data: RecordData): boolean {
  const value = data[filter.field];
  const list = Array.isArray(filter.value) ? filter.value : [filter.value as string | number];
  const equal = (candidate: string | number) => (Array.isArray(value) ? value.includes(candidate) : value === candidate || String(value) === String(candidate));
  switch (filter.op) {
    case 'eq':
      return equal(list[0]!);
    case 'ne':
      return value !== undefined && !equal(list[0]!);
    case 'in':
      return list.some(equal);
    case 'gte': {
      const c = compare(value, list[0]!);
      return c !== null && c >= 0;
    }
    case 'lte': {
      const c = compare(value, list[0]!);
      return c !== null && c <= 0;
    }
  }
}

/**
 * What a record (in the state given) adds to an indicator, or null when it does not count: of
 * another kind, not matching a filter, without a date for a yearly indicator, or without the
 * summed value. Writers take the contribution of the record before and after a change and apply
 * the difference, in the transaction of the change, so the indicator is always current.
 */
export function rollupContribution(
  definition: RollupDefinition,
  declaration: RegistryDeclaration,
  record: { type: string; data: RecordData } | null,
): RollupContribution | null {
  if (!record || record.type !== definition.registryType || record.type !== declaration.type) return null;
  if (!definition.filters.every((f) => matches(f, record.data))) return null;
  let period = 'all';
  if (definition.period === 'year') {
    const dateField = definition.periodField ?? declaration.dateField;
    const date = dateField ? record.data[dateField] : undefined;
    if (typeof date !== 'string' || !/^\d{4}-/.test(date)) return null;
    period = date.slice(0, 4);
  }
  if (definition.aggregate === 'count') return { period, amount: '1' };
  const value = definition.field ? record.data[definition.field] : undefined;
  if (value === undefined || value === null || value === '') return null;
  if (definition.aggregate === 'sum') {
    const amount = String(value);
    return /^-?\d+(\.\d+)?$/.test(amount) ? { period, amount } : null;
  }
  return { period, amount: '1', distinctKey: Array.isArray(value) ? value.map(String).sort().join(',') : String(value) };
}

/** Problems with a definition against its registry (unknown type or field, a sum over a field that is not a number). */
export function checkRollupDefinition(definition: RollupDefinition, declaration: RegistryDeclaration | undefined): { field: string; reason: string }[] {
  if (!declaration) return [{ field: 'registryType', reason: '没有这类登记记录' }];
  const issues: { field: string; reason: string }[] = [];
  const fieldOf = (key: string) => declaration.fields.find((f) => f.key === key);
  if (definition.aggregate !== 'count') {
    const field = definition.field ? fieldOf(definition.field) : undefined;
    if (!field) issues.push({ field: 'field', reason: '请选择要汇总的字段' });
    else if (definition.aggregate === 'sum' && field.type.kind !== 'integer' && field.type.kind !== 'decimal')
      issues.push({ field: 'field', reason: '只能对数值字段求和' });
  }
  definition.filters.forEach((f, i) => {
    if (!fieldOf(f.field)) issues.push({ field: `filters.${i}.field`, reason: '不是该类记录的字段' });
  });
  if (definition.period === 'year') {
    const dateField = definition.periodField ?? declaration.dateField;
    if (!dateField || fieldOf(dateField)?.type.kind !== 'date') issues.push({ field: 'periodField', reason: '按年度汇总须指定日期字段' });
  }
  return issues;
}
