import { describe, expect, it } from 'vitest';
import { annualMeans, type MonthlyCompliance, meetsRequiredRate, monthlyCompliance, monthlyMeans } from './means.js';
import type { WaterSample } from './types.js';

function at(sampledAt: string, values: WaterSample['values']): WaterSample {
  return { sectionId: 's1', sampledAt, values };
}

const river = { waterBody: 'river' as const, items: ['nh3n', 'tp'] as const };

describe('monthlyMeans: exact sums, means rounded half-up to four decimals', () => {
  const cases: [string, (number | string)[], string, string, number][] = [
    // 0.3 + 0.45 + 0.5 = 1.25; 1.25 / 3 = 0.41666… → 0.4167 (fifth decimal 6 rounds up) → II (≤ 0.5).
    ['NH3-N 0.3, 0.45, 0.5', [0.3, 0.45, 0.5], '1.2500', '0.4167', 2],
    // 0.1 + 0.2 = 0.3 exactly (a double sum would be 0.30000000000000004); 0.3 / 2 = 0.15.
    ['no float noise in the sum', [0.1, 0.2], '0.3000', '0.1500', 1],
    // 0.0001 + 0.0004 = 0.0005; / 2 = 0.00025 → half-up 0.0003 (half-to-even would give 0.0002).
    ['an exact half rounds up', [0.0001, 0.0004], '0.0005', '0.0003', 1],
    // 0.5 + 0.5 + 0.5001 = 1.5001; / 3 = 0.500033… → 0.5000, and the class is read from the
    // reported 0.5000 → II, although the exact mean is above 0.5.
    ['the class follows the reported mean', [0.5, 0.5, 0.5001], '1.5001', '0.5000', 2],
    // 0.5 + 0.5001 = 1.0001; / 2 = 0.50005 → 0.5001 → III (0.5 < 0.5001 ≤ 1.0).
    ['a reported mean just above a limit', [0.5, 0.5001], '1.0001', '0.5001', 3],
    // Text values: '1.05' + '0.95' = 2.0; / 2 = 1.0 → III (≤ 1.0).
    ['values given as text', ['1.05', '0.95'], '2.0000', '1.0000', 3],
  ];
  it.each(cases)('%s', (_name, values, sum, mean, expectedClass) => {
    const samples = values.map((value, index) => at(`2024-03-${String(index + 1).padStart(2, '0')}`, { nh3n: value }));
    const [march] = monthlyMeans(samples, river);
    expect(march).toMatchObject({ period: '2024-03', sampleCount: values.length, class: expectedClass });
    expect(march?.items).toEqual([expect.objectContaining({ item: 'nh3n', count: values.length, sum, mean, class: expectedClass })]);
  });

  it('groups by calendar month in order, and classes each month on its worst assessed item', () => {
    const samples = [at('2024-02-10', { nh3n: 0.3, tp: 0.25 }), at('2024-01-05 09:30', { nh3n: 0.2 }), at('2024-01-20T14:00', { nh3n: 0.4, tp: 0.1 })];
    const months = monthlyMeans(samples, { ...river, targetClass: 3 });
    // January: NH3-N (0.2 + 0.4) / 2 = 0.3 → II; TP 0.1 (one sample) → II. February: TP 0.25 → IV.
    expect(months.map((month) => [month.period, month.sampleCount, month.class, month.decidingItems, month.meetsTarget])).toEqual([
      ['2024-01', 2, 2, ['nh3n', 'tp'], true],
      ['2024-02', 1, 4, ['tp'], false],
    ]);
    expect(months[0]?.items.map((entry) => [entry.item, entry.count, entry.mean])).toEqual([
      ['nh3n', 2, '0.3000'],
      ['tp', 1, '0.1000'],
    ]);
  });

  it('keeps means of items that are not assessed, without a class', () => {
    const [march] = monthlyMeans([at('2024-03-01', { nh3n: 0.3, tn: 1.2 })], river);
    expect(march?.items.find((entry) => entry.item === 'tn')).toMatchObject({ mean: '1.2000', assessed: false, class: null });
    expect(march?.class).toBe(2);
  });
});

describe('annualMeans', () => {
  it('is the mean of all the samples of the year, not the mean of the monthly means', () => {
    // January 0.2 and 0.4 (monthly mean 0.3), February 0.6: annual (0.2 + 0.4 + 0.6) / 3 = 0.4,
    // where the mean of the monthly means would be (0.3 + 0.6) / 2 = 0.45.
    const samples = [at('2024-01-05', { nh3n: 0.2 }), at('2024-01-20', { nh3n: 0.4 }), at('2024-02-05', { nh3n: 0.6 }), at('2025-01-05', { nh3n: 1 })];
    const years = annualMeans(samples, river);
    expect(years.map((year) => [year.period, year.sampleCount, year.items[0]?.sum, year.items[0]?.mean, year.class])).toEqual([
      ['2024', 3, '1.2000', '0.4000', 2],
      ['2025', 1, '1.0000', '1.0000', 3],
    ]);
  });
});

describe('monthlyCompliance and meetsRequiredRate', () => {
  it('counts months whose mean class meets the target, over months with samples', () => {
    const samples = [at('2024-01-05', { nh3n: 0.3 }), at('2024-02-05', { nh3n: 1.2 }), at('2024-03-05', { nh3n: 1.0 }), at('2024-04-05', { cod: 12 })];
    // January II, February IV (1.0 < 1.2 ≤ 1.5), March III (≤ 1.0); April has no assessed item.
    const compliance = monthlyCompliance(monthlyMeans(samples, river), 3);
    expect(compliance.months.map((month) => [month.month, month.class, month.compliant])).toEqual([
      ['2024-01', 2, true],
      ['2024-02', 4, false],
      ['2024-03', 3, true],
      ['2024-04', null, null],
    ]);
    // 2 / 3 = 66.666… % → 66.67.
    expect([compliance.compliantMonths, compliance.monthsWithSamples, compliance.ratePercent]).toEqual([2, 3, '66.67']);
  });

  const rates: [number, number, number | string, string, boolean][] = [
    // 11 / 12 = 91.666… % → '91.67'; 11 × 100 = 1100 ≥ 90 × 12 = 1080 → passes.
    [11, 12, 90, '91.67', true],
    // 10 / 12 = 83.333… % → '83.33'; 1000 < 1080 → fails.
    [10, 12, 90, '83.33', false],
    // 9 / 10 = 90 % exactly: 900 ≥ 900 → passes (≥, not >).
    [9, 10, 90, '90.00', true],
    // 7 / 8 = 87.5 %: against '87.5' → 700 ≥ 700 passes; against 88 → 700 < 704 fails.
    [7, 8, '87.5', '87.50', true],
    [7, 8, 88, '87.50', false],
    [12, 12, 100, '100.00', true],
  ];
  it.each(rates)('%i of %i months against %s %% → %s %%, %s', (compliantMonths, monthsWithSamples, required, ratePercent, expected) => {
    const months = Array.from({ length: monthsWithSamples }, (_, index) => ({
      period: `2024-${String(index + 1).padStart(2, '0')}`,
      sampleCount: 1,
      items: [],
      class: (index < compliantMonths ? 2 : 4) as 2 | 4,
      classLabel: null,
      decidingItems: [],
      meetsTarget: null,
    }));
    const compliance: MonthlyCompliance = monthlyCompliance(months, 3);
    expect(compliance.ratePercent).toBe(ratePercent);
    expect(meetsRequiredRate(compliance, required)).toBe(expected);
  });

  it('never passes a year without data, and rejects impossible requirements', () => {
    const empty = monthlyCompliance([], 3);
    expect(empty.ratePercent).toBeNull();
    expect(meetsRequiredRate(empty, 0)).toBe(false);
    expect(() => meetsRequiredRate(empty, 101)).toThrow(RangeError);
    expect(() => meetsRequiredRate(empty, '九十')).toThrow(RangeError);
  });
});
