import { assertTargetClass, classOfScaledValue, itemStandardFor, limitText, resolveAssessedItems, waterSampleDate, worstClassOf } from './classify.js';
import { divideRoundHalfUp, formatFraction, formatScaled, parseDecimal, parseExactDecimal, SCALE } from './decimal.js';
import { GB3838_2002_TABLE1, WATER_CLASS_LABELS, WATER_ITEM_INFO, WATER_ITEMS, type WaterClass, type WaterItem } from './standard.js';
import type { WaterClassifyOptions, WaterItemMean, WaterPeriodMeans, WaterSample } from './types.js';

function periodMeans(samples: readonly WaterSample[], periodOf: (date: string) => string, options: WaterClassifyOptions): WaterPeriodMeans[] {
  const standard = options.standard ?? GB3838_2002_TABLE1;
  if (options.targetClass !== undefined) assertTargetClass(options.targetClass);
  const { items: assessed } = resolveAssessedItems(options);
  const periods = new Map<string, { sampleCount: number; sums: Map<WaterItem, { sum: number; count: number }> }>();

  for (const sample of samples) {
    const date = waterSampleDate(sample.sampledAt);
    if (date === null) continue;
    const key = periodOf(date);
    let period = periods.get(key);
    if (!period) {
      period = { sampleCount: 0, sums: new Map() };
      periods.set(key, period);
    }
    period.sampleCount++;
    for (const item of WATER_ITEMS) {
      const parsed = parseDecimal(sample.values[item]);
      if (!parsed || parsed.scaled < 0) continue;
      const entry = period.sums.get(item) ?? { sum: 0, count: 0 };
      entry.sum += parsed.scaled;
      entry.count++;
      period.sums.set(item, entry);
    }
  }

  return [...periods.keys()].sort().map((key) => {
    const period = periods.get(key)!;
    const items: WaterItemMean[] = [];
    for (const item of WATER_ITEMS) {
      const entry = period.sums.get(item);
      if (!entry) continue;
      // The class is read from the reported (rounded) mean, so a published figure and its class
      // always agree (修约值比较法, GB/T 8170-2008 chapter 4).
      const meanScaled = divideRoundHalfUp(entry.sum, entry.count);
      const isAssessed = assessed.includes(item);
      const itemStandard = isAssessed ? itemStandardFor(item, options.waterBody, standard)?.standard : undefined;
      const waterClass = itemStandard ? classOfScaledValue(itemStandard, meanScaled) : null;
      items.push({
        item,
        name: WATER_ITEM_INFO[item].name,
        unit: WATER_ITEM_INFO[item].unit,
        count: entry.count,
        sum: formatScaled(entry.sum, true),
        mean: formatScaled(meanScaled, true),
        assessed: isAssessed,
        class: waterClass,
        classLabel: waterClass === null ? null : WATER_CLASS_LABELS[waterClass],
        limit: itemStandard && waterClass !== null ? limitText(itemStandard, waterClass) : null,
      });
    }
    const worst = worstClassOf(items.flatMap((entry) => (entry.class === null ? [] : [{ item: entry.item, class: entry.class }])));
    return {
      period: key,
      sampleCount: period.sampleCount,
      items,
      class: worst.class,
      classLabel: worst.class === null ? null : WATER_CLASS_LABELS[worst.class],
      decidingItems: worst.decidingItems,
      meetsTarget: options.targetClass === undefined || worst.class === null ? null : worst.class <= options.targetClass,
    };
  });
}

/**
 * Monthly means per item: the arithmetic mean of the month's samples (grouped by the 'YYYY-MM' of
 * their date), rounded half-up to four decimals, with the exact sum and count kept for the
 * auditor, and the class of each mean; the month's class is the worst over the assessed items.
 * Months come in calendar order; samples without a readable date are left out.
 */
export function monthlyMeans(samples: readonly WaterSample[], options: WaterClassifyOptions): WaterPeriodMeans[] {
  return periodMeans(samples, (date) => date.slice(0, 7), options);
}

/** Annual means per item: the arithmetic mean of all the year's samples (not of the monthly means). */
export function annualMeans(samples: readonly WaterSample[], options: WaterClassifyOptions): WaterPeriodMeans[] {
  return periodMeans(samples, (date) => date.slice(0, 4), options);
}

export interface MonthlyCompliance {
  targetClass: WaterClass;
  months: { month: string; class: WaterClass | null; compliant: boolean | null }[];
  compliantMonths: number;
  /** Months whose samples gave a class (at least one assessed item measured). */
  monthsWithSamples: number;
  /** compliantMonths / monthsWithSamples as a percentage, two decimals, half-up ('91.67'); null without data. */
  ratePercent: string | null;
}

/**
 * Monthly compliance: a month complies when its mean class is the target class or better; the
 * rate is compliant months over months with samples (months without data are not counted).
 */
export function monthlyCompliance(monthly: readonly WaterPeriodMeans[], targetClass: WaterClass): MonthlyCompliance {
  assertTargetClass(targetClass);
  const months = monthly.map((month) => ({ month: month.period, class: month.class, compliant: month.class === null ? null : month.class <= targetClass }));
  const compliantMonths = months.filter((month) => month.compliant === true).length;
  const monthsWithSamples = months.filter((month) => month.compliant !== null).length;
  return {
    targetClass,
    months,
    compliantMonths,
    monthsWithSamples,
    ratePercent: monthsWithSamples === 0 ? null : formatFraction({ num: BigInt(compliantMonths * 100), den: BigInt(monthsWithSamples) }, 2),
  };
}

/**
 * Whether a compliance rate reaches a required percentage (e.g. 90 or '87.5'), decided on the
 * exact fraction — 11/12 against 90 % compares 11 × 100 with 90 × 12, with no rounding involved.
 */
export function meetsRequiredRate(compliance: MonthlyCompliance, requiredPercent: number | string): boolean {
  const required = parseExactDecimal(requiredPercent, '要求的月度达标率');
  if (required < 0 || required > 100 * SCALE) throw new RangeError(`要求的月度达标率应在 0–100 之间，收到 ${String(requiredPercent)}`);
  if (compliance.monthsWithSamples === 0) return false;
  return compliance.compliantMonths * 100 * SCALE >= required * compliance.monthsWithSamples;
}
