import { DATE_RANGE_MESSAGE, isDateInRange } from '../../calendar.js';
import { DECIMALS, formatScaled, parseDecimal } from './decimal.js';
import { isWaterItem, SAMPLE_VALUE_CEILINGS, WATER_ITEM_INFO, type WaterItem } from './standard.js';
import type { WaterSample } from './types.js';

/** A row as an importer reads it: cells not yet trusted. */
export interface WaterSampleRow {
  sectionId?: unknown;
  sampledAt?: unknown;
  /** Item code → cell; empty cells (undefined, null, '') mean "not measured". */
  values?: Readonly<Record<string, unknown>>;
}

export type WaterSampleRowErrorCode =
  | 'REQUIRED'
  | 'INVALID_DATE'
  | 'NO_VALUES'
  | 'UNKNOWN_ITEM'
  | 'NOT_A_NUMBER'
  | 'TOO_MANY_DECIMALS'
  | 'IMPOSSIBLE_VALUE'
  | 'IMPLAUSIBLE_VALUE';

export interface WaterSampleRowError {
  /** 'sectionId', 'sampledAt', 'values' or the item code ('nh3n'). */
  field: string;
  code: WaterSampleRowErrorCode;
  reason: string;
}

export interface WaterSampleRowValidation {
  errors: WaterSampleRowError[];
  /** The row as a sample (values as exact decimal text) when there are no errors. */
  sample: WaterSample | null;
}

const SAMPLED_AT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isEmpty(cell: unknown): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function checkValue(item: WaterItem, cell: unknown): { error: WaterSampleRowError } | { value: string } {
  const { name, unit } = WATER_ITEM_INFO[item];
  const fail = (code: WaterSampleRowErrorCode, reason: string) => ({ error: { field: item, code, reason } });
  if (typeof cell === 'number' && !Number.isFinite(cell)) return fail('NOT_A_NUMBER', `${name}的数值不是有限数值`);
  const parsed = typeof cell === 'number' || typeof cell === 'string' ? parseDecimal(cell) : null;
  if (!parsed) return fail('NOT_A_NUMBER', `${name}的数值“${String(cell)}”不是有效数字`);
  if (parsed.scaled < 0) return fail('IMPOSSIBLE_VALUE', `${name}不能为负数`);
  if (!parsed.exact) return fail('TOO_MANY_DECIMALS', `${name}最多保留${DECIMALS}位小数`);
  const ceiling = parseDecimal(SAMPLE_VALUE_CEILINGS[item])?.scaled ?? 0;
  const value = formatScaled(parsed.scaled);
  if (parsed.scaled > ceiling) {
    if (item === 'ph') return fail('IMPOSSIBLE_VALUE', `pH 应在 0–14 之间，收到 ${value}`);
    return fail('IMPLAUSIBLE_VALUE', `${name} ${value} ${unit} 超过合理上限 ${SAMPLE_VALUE_CEILINGS[item]} ${unit}，请核对数值或单位`);
  }
  return { value };
}

/**
 * Checks one imported monitoring row and returns its errors, each naming the field, with a
 * stable code and a Chinese reason (e.g. { field: 'nh3n', code: 'IMPOSSIBLE_VALUE', reason:
 * '氨氮不能为负数' }). Rules: a section and a real date ('YYYY-MM-DD', optionally ' HH:mm[:ss]' or
 * 'THH:mm[:ss]') are required; item codes must be known; values must be finite, non-negative
 * decimals with at most four decimals; pH within 0–14; DO at most 20 mg/L and other items at most
 * their SAMPLE_VALUE_CEILINGS; at least one item measured.
 */
export function validateSampleRow(row: WaterSampleRow): WaterSampleRowValidation {
  const errors: WaterSampleRowError[] = [];
  const sectionId = typeof row.sectionId === 'string' ? row.sectionId.trim() : '';
  if (sectionId === '') errors.push({ field: 'sectionId', code: 'REQUIRED', reason: '缺少断面' });

  const sampledAt = typeof row.sampledAt === 'string' ? row.sampledAt.trim() : '';
  if (sampledAt === '') {
    errors.push({ field: 'sampledAt', code: 'REQUIRED', reason: '缺少采样日期' });
  } else {
    const match = SAMPLED_AT_PATTERN.exec(sampledAt);
    if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      errors.push({ field: 'sampledAt', code: 'INVALID_DATE', reason: `采样日期“${sampledAt}”不是有效日期（应为 YYYY-MM-DD，可带时间 HH:mm）` });
    } else if (!isDateInRange(sampledAt)) {
      errors.push({ field: 'sampledAt', code: 'INVALID_DATE', reason: `采样日期：${DATE_RANGE_MESSAGE}` });
    }
  }

  const values: Partial<Record<WaterItem, string>> = {};
  let measured = 0;
  for (const [field, cell] of Object.entries(row.values ?? {})) {
    if (!isWaterItem(field)) {
      errors.push({ field, code: 'UNKNOWN_ITEM', reason: `未知的监测项目“${field}”` });
      continue;
    }
    if (isEmpty(cell)) continue;
    measured++;
    const checked = checkValue(field, cell);
    if ('error' in checked) errors.push(checked.error);
    else values[field] = checked.value;
  }
  if (measured === 0) errors.push({ field: 'values', code: 'NO_VALUES', reason: '该行没有任何监测项目数值' });

  return { errors, sample: errors.length === 0 ? { sectionId, sampledAt, values } : null };
}

export interface DuplicateWaterSampleGroup {
  sectionId: string;
  sampledAt: string;
  /** Positions in the batch, ascending; two or more. */
  rowIndexes: number[];
}

/** The key duplicates are detected on: section and sampling time, trimmed, 'T' read as a space. */
function sampleKey(sectionId: string, sampledAt: string): [string, string] {
  return [sectionId.trim(), sampledAt.trim().replace('T', ' ')];
}

/**
 * Samples of a batch that share a section and a sampling time ('2024-03-05T10:00' and
 * '2024-03-05 10:00' are the same), grouped, in the order of their first row.
 */
export function findDuplicateSamples(samples: readonly { sectionId: string; sampledAt: string }[]): DuplicateWaterSampleGroup[] {
  const groups = new Map<string, DuplicateWaterSampleGroup>();
  samples.forEach((sample, index) => {
    const [sectionId, sampledAt] = sampleKey(sample.sectionId, sample.sampledAt);
    const key = `${sectionId}\u0000${sampledAt}`;
    const group = groups.get(key);
    if (group) group.rowIndexes.push(index);
    else groups.set(key, { sectionId, sampledAt, rowIndexes: [index] });
  });
  return [...groups.values()].filter((group) => group.rowIndexes.length > 1);
}
