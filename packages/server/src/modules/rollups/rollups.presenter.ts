import type { z } from 'zod';
import type { DefinitionRow } from './rollups.repository.js';
import type { RollupFilterIn, RollupOut } from './rollups.schema.js';

/** An exact decimal as people write it: 120.0000 → 120, 12.5000 → 12.5. */
export function plainValue(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

export function presentRollup(
  row: DefinitionRow,
  values: readonly { definitionId: string; period: string; value: string }[],
  year: number,
): z.infer<typeof RollupOut> {
  const of = (period: string) => values.find((v) => v.definitionId === row.id && v.period === period)?.value ?? '0';
  const yearly = row.period === 'year';
  return {
    id: row.id,
    pairId: row.pairId,
    key: row.key,
    name: row.name,
    unitOfMeasure: row.unitOfMeasure,
    articleNo: row.articleNo,
    registryType: row.registryType,
    aggregate: row.aggregate as 'count' | 'sum' | 'countDistinct',
    field: row.field,
    filters: row.filters as z.infer<typeof RollupFilterIn>[],
    period: row.period as 'year' | 'all',
    periodField: row.periodField,
    value: plainValue(of(yearly ? String(year) : 'all')),
    year: yearly ? year : null,
    previousValue: yearly ? plainValue(of(String(year - 1))) : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
