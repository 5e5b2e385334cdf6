import {
  type SectionYearAssessment,
  WATER_CLASS_LABELS,
  WATER_ITEM_INFO,
  type WaterClass,
  type WaterItem,
  type WaterSampleClassification,
} from '@duikou/domain';
import type { z } from 'zod';
import type { AgreementRow, SampleRow, SectionRow, WarningRow } from './water.repository.js';
import type { AgreementOut, AssessmentOut, SampleOut, SectionOut, WarningOut } from './water.schema.js';

/** What a section is shown with besides its row. */
export interface SectionNames {
  cities: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, { id: string; name: string }[]>;
  unitNames: ReadonlyMap<string, string>;
  stats: ReadonlyMap<string, { count: number; last: string | null }>;
}

export function presentSection(row: SectionRow, names: SectionNames): z.infer<typeof SectionOut> {
  const stats = names.stats.get(row.id);
  return {
    id: row.id,
    pairId: row.pairId,
    code: row.code,
    name: row.name,
    river: row.river,
    cityId: row.cityId,
    cityName: names.cities.get(row.cityId) ?? '',
    countyUnitId: row.countyUnitId,
    countyName: row.countyUnitId ? (names.unitNames.get(row.countyUnitId) ?? null) : null,
    longitude: row.longitude === null ? null : trimDecimal(row.longitude),
    latitude: row.latitude === null ? null : trimDecimal(row.latitude),
    waterBody: row.waterBody as 'river' | 'lake',
    targetClass: row.targetClass,
    targetClassLabel: WATER_CLASS_LABELS[row.targetClass as WaterClass],
    units: names.units.get(row.id) ?? [],
    sampleCount: stats?.count ?? 0,
    lastSampledAt: stats?.last ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 12.500000 → 12.5: numeric columns come back padded to their scale. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** Adds two decimal texts of at most four decimals exactly. */
export function addDecimals(a: string, b: string): string {
  const scaled = (v: string) => {
    const [whole, fraction = ''] = v.split('.');
    return BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  };
  const total = scaled(a) + scaled(b);
  const fraction = String(total % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${total / 10_000n}${fraction ? `.${fraction}` : ''}`;
}

export function presentAgreement(row: AgreementRow, sections: ReadonlyMap<string, { name: string; code: string }>): z.infer<typeof AgreementOut> {
  const upstream = trimDecimal(row.upstreamAmount);
  const downstream = trimDecimal(row.downstreamAmount);
  return {
    id: row.id,
    pairId: row.pairId,
    name: row.name,
    upstreamParty: row.upstreamParty,
    downstreamParty: row.downstreamParty,
    fromYear: row.fromYear,
    toYear: row.toYear,
    upstreamAmount: upstream,
    downstreamAmount: downstream,
    poolAmount: addDecimals(upstream, downstream),
    sections: row.sectionIds.flatMap((id) => {
      const section = sections.get(id);
      return section ? [{ id, name: section.name, code: section.code }] : [];
    }),
    rule: row.rule as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentClassification(c: WaterSampleClassification): Omit<z.infer<typeof SampleOut>, 'id' | 'sectionId'> {
  return {
    sampledAt: c.sampledAt,
    items: c.items.map((i) => ({
      item: i.item,
      name: i.name,
      unit: i.unit,
      value: i.value,
      class: i.class,
      classLabel: i.classLabel,
      limit: i.limit,
      targetLimit: i.targetLimit,
      exceedsTarget: i.exceedsTarget,
    })),
    class: c.class,
    classLabel: c.classLabel,
    decidingItems: c.decidingItems,
    meetsTarget: c.meetsTarget,
    notes: c.notes,
  };
}

export function presentSample(row: SampleRow, c: WaterSampleClassification): z.infer<typeof SampleOut> {
  return { id: row.id, sectionId: row.sectionId, ...presentClassification(c) };
}

export function presentWarning(row: WarningRow, sectionName: string): z.infer<typeof WarningOut> {
  return {
    id: row.id,
    sectionId: row.sectionId,
    sectionName,
    kind: row.kind as 'exceedance' | 'worsening_trend',
    item: row.item as WaterItem,
    itemName: WATER_ITEM_INFO[row.item as WaterItem]?.name ?? row.item,
    year: row.year,
    sampledAt: row.sampledAt,
    months: row.months,
    message: row.message,
    raisedAt: row.raisedAt.toISOString(),
  };
}

export const VERDICT_LABELS: Readonly<Record<SectionYearAssessment['verdict'], string>> = {
  pass: '达标',
  fail: '未达标',
  downstream_pays: '下游补偿上游',
  upstream_pays: '上游补偿下游',
  insufficient_data: '数据不足，无法评价',
};

export function presentAssessment(
  a: SectionYearAssessment,
  agreement: { id: string; name: string },
  section: { id: string; name: string; code: string; river: string },
  previousYearAnnualClass: WaterClass | null,
  provisional: boolean,
): z.infer<typeof AssessmentOut> {
  const monthsCovered = a.monthly.map((m) => m.period);
  return {
    agreementId: agreement.id,
    agreementName: agreement.name,
    section,
    year: a.year,
    rule: a.rule,
    targetClass: a.targetClass,
    targetClassLabel: WATER_CLASS_LABELS[a.targetClass],
    assessedItems: a.assessedItems,
    sampleCount: a.samples.length,
    samples: a.samples.map((s) => ({ sectionId: section.id, ...presentClassification(s) })),
    monthly: a.monthly,
    annual: a.annual,
    previousYearAnnualClass,
    compliance: a.compliance,
    conditions: a.conditions,
    index: a.index,
    verdict: a.verdict,
    verdictLabel: VERDICT_LABELS[a.verdict],
    amount: a.amount,
    reasons: a.reasons,
    warnings: a.warnings.map((w) => ({ kind: w.kind, item: w.item, message: w.message })),
    notes: provisional
      ? [
          `${a.year}年度尚未结束：结论为截至${monthsCovered.length > 0 ? `${Number(monthsCovered.at(-1)!.slice(5))}月` : '目前'}的暂定结论（${monthsCovered.length}个月有监测数据），以全年数据为准`,
          ...a.notes,
        ]
      : a.notes,
    provisional,
    monthsCovered,
  };
}
