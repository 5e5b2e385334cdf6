import { chineseDate } from '../../calendar.js';
import { classifySample } from './classify.js';
import { formatScaled, parseDecimal } from './decimal.js';
import { monthlyMeans } from './means.js';
import { WATER_CLASS_LABELS, WATER_ITEM_INFO, type WaterClass, type WaterItem } from './standard.js';
import type { WaterClassifyOptions, WaterSample } from './types.js';

/** "Three rising monthly means in a row" (docs/domain.md, "Cross-provincial eco-compensation"). */
export const DEFAULT_WORSENING_MONTHS = 3;

export type WaterWarning =
  | {
      kind: 'exceedance';
      sectionId: string;
      sampledAt: string;
      item: WaterItem;
      value: string;
      /** The target-class limit the value failed ('1.0'; '6–9' for pH). */
      limit: string;
      targetClass: WaterClass;
      message: string;
    }
  | {
      kind: 'worsening_trend';
      sectionId: string;
      item: WaterItem;
      /** The consecutive calendar months of the run, 'YYYY-MM'. */
      months: string[];
      /** The monthly means of those months, four decimals. */
      means: string[];
      /** The item's class in the run's first and last month: the last is worse, or worse than the target. */
      fromClass: WaterClass;
      toClass: WaterClass;
      message: string;
    };

export interface WaterWarningOptions extends WaterClassifyOptions {
  targetClass: WaterClass;
  /** How many consecutive worsening months raise a trend warning; default 3 (docs/domain.md). */
  worseningMonths?: number;
}

function monthNumber(month: string): number {
  const [year, monthOfYear] = month.split('-').map(Number) as [number, number];
  return year * 12 + monthOfYear - 1;
}

function exceedanceMessage(date: string, item: WaterItem, value: string, limit: string, targetClass: WaterClass): string {
  const { name, unit } = WATER_ITEM_INFO[item];
  const target = WATER_CLASS_LABELS[targetClass];
  const day = chineseDate(date);
  if (item === 'ph') return `${day} pH ${value}，超出${target}标准范围 ${limit}`;
  if (item === 'do') return `${day} ${name} ${value} ${unit}，低于${target}标准限值 ${limit} ${unit}`;
  return `${day} ${name} ${value} ${unit}，超过${target}标准限值 ${limit} ${unit}`;
}

/**
 * Early warnings over a section's samples (docs/domain.md, "Cross-provincial eco-compensation"):
 *
 * - exceedance: an assessed item worse than its target-class limit in a sample — one warning per
 *   sample and item;
 * - worsening trend (恶化): an item's monthly means worsening `worseningMonths` (3) calendar months
 *   in a row — strictly rising, or strictly falling for DO, where less oxygen is worse — that leave
 *   the item in a worse class than where the run started, or still worse than the target class.
 *   Water that moves within its class while meeting the target has not deteriorated by the
 *   standard's measure (a seasonal rise from 0.10 to 0.13 mg/L of NH3-N stays class I), so it
 *   raises nothing. The months must be consecutive and each must have data: a month without the
 *   item breaks the run. A run gives one warning whatever its length, listing all its months (a
 *   run that grows keeps its first month, by which the server knows it). pH has no worsening
 *   direction (both acid and alkaline are bad), so it gets no trend warning.
 *
 * Samples of several sections are kept apart by `sectionId`. Warnings come section by section,
 * exceedances in sample order first, then trends.
 */
export function waterQualityWarnings(samples: readonly WaterSample[], options: WaterWarningOptions): WaterWarning[] {
  const worseningMonths = options.worseningMonths ?? DEFAULT_WORSENING_MONTHS;
  if (!Number.isInteger(worseningMonths) || worseningMonths < 2) throw new RangeError(`连续月数应为不小于2的整数，收到 ${worseningMonths}`);
  const bySection = new Map<string, WaterSample[]>();
  for (const sample of samples) {
    const list = bySection.get(sample.sectionId) ?? [];
    list.push(sample);
    bySection.set(sample.sectionId, list);
  }

  const warnings: WaterWarning[] = [];
  for (const [sectionId, sectionSamples] of bySection) {
    for (const sample of sectionSamples) {
      const classified = classifySample(sample, options);
      for (const entry of classified.items) {
        if (!entry.exceedsTarget || entry.targetLimit === null) continue;
        warnings.push({
          kind: 'exceedance',
          sectionId,
          sampledAt: sample.sampledAt,
          item: entry.item,
          value: entry.value,
          limit: entry.targetLimit,
          targetClass: options.targetClass,
          message: exceedanceMessage(classified.date || sample.sampledAt, entry.item, entry.value, entry.targetLimit, options.targetClass),
        });
      }
    }

    const monthly = monthlyMeans(sectionSamples, options);
    const trendItems = [
      ...new Set(monthly.flatMap((month) => month.items.filter((entry) => entry.assessed && entry.item !== 'ph').map((entry) => entry.item))),
    ];
    for (const item of trendItems) {
      const series = monthly.flatMap((month) => {
        const entry = month.items.find((candidate) => candidate.item === item);
        return entry && entry.class !== null
          ? [{ month: month.period, mean: entry.mean, scaled: parseDecimal(entry.mean)?.scaled ?? 0, class: entry.class }]
          : [];
      });
      const worse = (previous: number, next: number) => (item === 'do' ? next < previous : next > previous);
      let runStart = 0;
      for (let index = 1; index <= series.length; index++) {
        const current = series[index];
        const previous = series[index - 1]!;
        const continues = current !== undefined && monthNumber(current.month) === monthNumber(previous.month) + 1 && worse(previous.scaled, current.scaled);
        if (continues) continue;
        const run = series.slice(runStart, index);
        runStart = index;
        if (run.length < worseningMonths) continue;
        const first = run[0]!;
        const last = run[run.length - 1]!;
        const classWorsened = last.class > first.class;
        const missesTarget = last.class > options.targetClass;
        if (!classWorsened && !missesTarget) continue;
        const { name, unit } = WATER_ITEM_INFO[item];
        const direction = item === 'do' ? '下降' : '上升';
        const values = run.map((entry) => formatScaled(entry.scaled)).join('、');
        const outcome = classWorsened
          ? `类别由${WATER_CLASS_LABELS[first.class]}变为${WATER_CLASS_LABELS[last.class]}`
          : `始终劣于${WATER_CLASS_LABELS[options.targetClass]}目标（${WATER_CLASS_LABELS[last.class]}）`;
        warnings.push({
          kind: 'worsening_trend',
          sectionId,
          item,
          months: run.map((entry) => entry.month),
          means: run.map((entry) => entry.mean),
          fromClass: first.class,
          toClass: last.class,
          message: `${name}月均值${chineseDate(first.month)}至${chineseDate(last.month)}连续${run.length}个月${direction}（${values} ${unit}），${outcome}`,
        });
      }
    }
  }
  return warnings;
}
