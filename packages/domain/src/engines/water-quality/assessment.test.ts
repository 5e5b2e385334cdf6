import { describe, expect, it } from 'vitest';
import {
  assessSectionYear,
  type CompensationComplianceRule,
  type CompensationIndexRule,
  computeCompensationIndex,
  type SectionYearInput,
} from './assessment.js';
import { annualMeans } from './means.js';
import type { WaterClass } from './standard.js';
import type { WaterSample } from './types.js';

const SECTION = 'dingnan-miaojuli';

// Class II on every assessed river item (DO 6 ≤ 6.5 < 7.5, CODMn 3.5 ≤ 4, TP 0.08 ≤ 0.1); pH and
// BOD5 class I. Only NH3-N varies between the cases below.
const base = { ph: 7.4, do: 6.5, codmn: 3.5, tp: 0.08, bod5: 2.5 };

/** One sample on the 10th of each month of 2024, NH3-N as given month by month. */
function year2024(nh3nByMonth: readonly number[]): WaterSample[] {
  return nh3nByMonth.map((nh3n, index) => ({ sectionId: SECTION, sampledAt: `2024-${String(index + 1).padStart(2, '0')}-10`, values: { ...base, nh3n } }));
}

const months = (value: number, count: number) => Array.from({ length: count }, () => value);

const complianceRule: CompensationComplianceRule = { kind: 'compliance', amounts: { pass: '10000', fail: '0' } };

function assess(
  samples: WaterSample[],
  rule: SectionYearInput['rule'] = complianceRule,
  previousYearAnnualClass?: WaterClass,
): ReturnType<typeof assessSectionYear> {
  return assessSectionYear({ sectionId: SECTION, year: 2024, waterBody: 'river', samples, rule, previousYearAnnualClass });
}

describe('assessSectionYear: compliance rule (target III, ≥ 90 % of months, annual mean at III)', () => {
  const cases: [string, number[], Partial<CompensationComplianceRule>, WaterClass | undefined, 'pass' | 'fail', string, string[]][] = [
    [
      // June NH3-N 1.2 → IV (1.0 < 1.2 ≤ 1.5): 11/12 months at III or better = 91.67 % ≥ 90 %.
      // Annual NH3-N (11 × 0.3 + 1.2) / 12 = 4.5 / 12 = 0.375 → II; annual class II.
      'one month at IV: 11/12 = 91.67 % passes',
      [...months(0.3, 5), 1.2, ...months(0.3, 6)],
      {},
      undefined,
      'pass',
      '10000',
      ['月度达标率 91.67%（11/12个月达到III类），达到要求的 90%', '年均水质为II类，达到III类目标（决定项目：溶解氧、高锰酸盐指数、氨氮、总磷）'],
    ],
    [
      // Two months at IV: 10/12 = 83.33 % < 90 %. Annual NH3-N (10 × 0.3 + 2 × 1.2) / 12 = 5.4 / 12 = 0.45 → II.
      'two months at IV: 10/12 = 83.33 % fails',
      [...months(0.3, 5), 1.2, 1.2, ...months(0.3, 5)],
      {},
      undefined,
      'fail',
      '0',
      ['月度达标率 83.33%（10/12个月达到III类），低于要求的 90%'],
    ],
    [
      // 11 months NH3-N 0.9 (III) and December 7.5 (劣V): 11/12 passes the rate, but the annual mean
      // (11 × 0.9 + 7.5) / 12 = (9.9 + 7.5) / 12 = 17.4 / 12 = 1.45 → IV (1.0 < 1.45 ≤ 1.5) fails.
      'annual mean at IV fails though the monthly rate passes',
      [...months(0.9, 11), 7.5],
      {},
      undefined,
      'fail',
      '0',
      ['年均水质为IV类，未达到III类目标（决定项目：氨氮）'],
    ],
    [
      'the annual condition can be switched off',
      [...months(0.9, 11), 7.5],
      { annualMeanMustMeetTarget: false },
      undefined,
      'pass',
      '10000',
      ['月度达标率 91.67%（11/12个月达到III类），达到要求的 90%'],
    ],
    [
      // 91.67 % < 95 %.
      'the required rate is a parameter',
      [...months(0.3, 5), 1.2, ...months(0.3, 6)],
      { requiredMonthlyCompliancePercent: 95 },
      undefined,
      'fail',
      '0',
      ['月度达标率 91.67%（11/12个月达到III类），低于要求的 95%'],
    ],
    [
      // Target II: NH3-N 0.9 > 0.5 in every month → 0/12; annual 0.9 → III.
      'the target class is a parameter',
      months(0.9, 12),
      { targetClass: 2 },
      undefined,
      'fail',
      '0',
      ['月度达标率 0.00%（0/12个月达到II类），低于要求的 90%', '年均水质为III类，未达到II类目标（决定项目：氨氮）'],
    ],
    [
      'not worsening: class II after class II passes',
      months(0.3, 12),
      { notWorseThanPreviousYear: true },
      2,
      'pass',
      '10000',
      [
        '月度达标率 100.00%（12/12个月达到III类），达到要求的 90%',
        '年均水质为II类，达到III类目标（决定项目：溶解氧、高锰酸盐指数、氨氮、总磷）',
        '年均水质II类，上一年度II类，未恶化',
      ],
    ],
    [
      'not worsening: class II after class I fails',
      months(0.3, 12),
      { notWorseThanPreviousYear: true },
      1,
      'fail',
      '0',
      ['年均水质II类，上一年度I类，较上一年度变差'],
    ],
    [
      'not worsening cannot pass without the previous class',
      months(0.3, 12),
      { notWorseThanPreviousYear: true },
      undefined,
      'fail',
      '0',
      ['缺少上一年度年均水质类别，无法确认水质未恶化'],
    ],
    ['a year without data fails', [], {}, undefined, 'fail', '0', ['全年无有效监测数据，无法计算月度达标率', '无年均值，无法评价年均水质类别']],
  ];
  it.each(cases)('%s', (_name, nh3n, ruleChanges, previous, verdict, amount, reasons) => {
    const result = assess(year2024(nh3n), { ...complianceRule, ...ruleChanges }, previous);
    expect(result.verdict).toBe(verdict);
    expect(result.amount).toBe(amount);
    expect(result.reasons).toEqual(reasons);
  });

  it('carries everything needed to audit the year', () => {
    const result = assess(year2024([...months(0.3, 5), 1.2, ...months(0.3, 6)]));
    expect(result.assessedItems).toEqual(['ph', 'do', 'codmn', 'bod5', 'nh3n', 'tp']);
    expect(result.samples).toHaveLength(12);
    expect(result.samples[5]).toMatchObject({ date: '2024-06-10', class: 4, decidingItems: ['nh3n'], meetsTarget: false });
    expect(result.monthly.map((month) => month.class)).toEqual([2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2]);
    expect(result.annual?.items.find((entry) => entry.item === 'nh3n')).toMatchObject({ count: 12, sum: '4.5000', mean: '0.3750', class: 2 });
    expect(result.compliance).toMatchObject({ compliantMonths: 11, monthsWithSamples: 12, ratePercent: '91.67', requiredPercent: '90' });
    expect(result.conditions.map((condition) => [condition.condition, condition.met])).toEqual([
      ['monthly_rate', true],
      ['annual_mean', true],
    ]);
    // The June sample is above the class III limit of NH3-N: one early warning.
    expect(result.warnings.map((warning) => warning.message)).toEqual(['2024年6月10日 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L']);
    expect(result.index).toBeNull();
  });

  it('leaves out samples of other sections and years, and says so', () => {
    const samples = [
      ...year2024(months(0.3, 12)),
      { sectionId: 'other', sampledAt: '2024-03-01', values: { nh3n: 5 } },
      { sectionId: SECTION, sampledAt: '2023-12-31', values: { nh3n: 5 } },
    ];
    const result = assess(samples);
    expect(result.samples).toHaveLength(12);
    expect(result.verdict).toBe('pass');
    expect(result.notes).toContain('2 条样品不属于断面 dingnan-miaojuli 的 2024 年度或日期无效，未参与评价');
  });

  it.each([
    ['an amount that is a float', { ...complianceRule, amounts: { pass: 1e4 as unknown as string, fail: '0' } }],
    ['a missing amount', { ...complianceRule, amounts: { pass: '10000' } as CompensationComplianceRule['amounts'] }],
    ['a target class beyond V', { ...complianceRule, targetClass: 6 as WaterClass }],
    ['a rate with more than four decimals', { ...complianceRule, requiredMonthlyCompliancePercent: '90.00001' }],
  ])('rejects %s', (_name, rule) => {
    expect(() => assess(year2024(months(0.3, 12)), rule)).toThrow(RangeError);
  });
});

const indexRule: CompensationIndexRule = {
  kind: 'index',
  baselines: { codmn: 4, nh3n: 0.5, tn: 1.0, tp: 0.1 },
  amounts: { downstream_pays: '10000', upstream_pays: '10000' },
};

/** Two samples whose means are the given annual means (each value ± a small step, so the mean is real arithmetic). */
function indexSamples(means: { codmn: number; nh3n: number; tn: number; tp: number }): WaterSample[] {
  const spread = (value: number, sign: 1 | -1) => String(Math.round(value * 10_000 + sign * 100) / 10_000);
  return ([1, -1] as const).map((sign, index) => ({
    sectionId: SECTION,
    sampledAt: `2024-0${index + 1}-15`,
    values: { ph: 7, do: 7, bod5: 2, codmn: spread(means.codmn, sign), nh3n: spread(means.nh3n, sign), tn: spread(means.tn, sign), tp: spread(means.tp, sign) },
  }));
}

describe('computeCompensationIndex: P = k0 × Σ k_i × C_i / C_i0 (新安江 model)', () => {
  it('shows every intermediate figure of the worked example', () => {
    // C_i / C_i0: CODMn 3.2 / 4 = 0.8; NH3-N 0.42 / 0.5 = 0.84; TN 0.95 / 1.0 = 0.95; TP 0.08 / 0.1 = 0.8.
    // k_i × ratio (k_i = 0.25): 0.2, 0.21, 0.2375, 0.2; Σ = 0.2 + 0.21 + 0.2375 + 0.2 = 0.8475.
    // P = 0.85 × 0.8475 = 0.720375 → 0.7204 (half-up at the fourth decimal: 0.72037|5) ≤ 1 → downstream pays.
    const result = assess(indexSamples({ codmn: 3.2, nh3n: 0.42, tn: 0.95, tp: 0.08 }), indexRule);
    expect(result.index?.terms.map((term) => [term.item, term.annualMean, term.baseline, term.ratio, term.weight, term.weightedTerm])).toEqual([
      ['codmn', '3.2000', '4', '0.8000', '0.25', '0.2000'],
      ['nh3n', '0.4200', '0.5', '0.8400', '0.25', '0.2100'],
      ['tn', '0.9500', '1', '0.9500', '0.25', '0.2375'],
      ['tp', '0.0800', '0.1', '0.8000', '0.25', '0.2000'],
    ]);
    expect(result.index).toMatchObject({ sum: '0.8475', k0: '0.85', p: '0.7204', weightSum: '1', missingItems: [] });
    expect(result.verdict).toBe('downstream_pays');
    expect(result.amount).toBe('10000');
    expect(result.reasons).toEqual(['补偿指数 P = 0.7204 ≤ 1，下游省份向上游省份补偿']);
    // TN is in the index but, for a river, not in the class.
    expect(result.annual?.items.find((entry) => entry.item === 'tn')).toMatchObject({ assessed: false, class: null });
  });

  const cases: [string, { codmn: number; nh3n: number; tn: number; tp: number }, Partial<CompensationIndexRule>, string, string, string][] = [
    // Every ratio 1.25 (5/4, 0.625/0.5, 1.25/1, 0.125/0.1); Σ = 4 × 0.25 × 1.25 = 1.25; P = 0.8 × 1.25 = 1.0000 exactly.
    ['P exactly 1 → downstream pays', { codmn: 5, nh3n: 0.625, tn: 1.25, tp: 0.125 }, { k0: 0.8 }, '1.2500', '1.0000', 'downstream_pays'],
    // Every ratio 1.2; Σ = 1.2; P = 0.85 × 1.2 = 1.02 > 1.
    ['P above 1 → upstream pays', { codmn: 4.8, nh3n: 0.6, tn: 1.2, tp: 0.12 }, {}, '1.2000', '1.0200', 'upstream_pays'],
    // CODMn 4.0006 / 4 = 1.00015, × 0.25 = 0.2500375; Σ = 0.2500375 + 0.75 = 1.0000375 → shown 1.0000;
    // P = 1 × 1.0000375 → 1.0000 (fifth decimal 3) → downstream pays: the verdict follows the reported P.
    ['P rounded to 1.0000 → downstream pays', { codmn: 4.0006, nh3n: 0.5, tn: 1, tp: 0.1 }, { k0: 1 }, '1.0000', '1.0000', 'downstream_pays'],
    // CODMn 4.0008 / 4 = 1.0002, × 0.25 = 0.25005; Σ = 1.00005; P = 1.00005 → half-up 1.0001 > 1.
    ['P rounded half-up to 1.0001 → upstream pays', { codmn: 4.0008, nh3n: 0.5, tn: 1, tp: 0.1 }, { k0: 1 }, '1.0001', '1.0001', 'upstream_pays'],
    // Weights TP 0.4, TN 0.3, CODMn 0.15, NH3-N 0.15 on the worked example's ratios:
    // 0.15 × 0.8 + 0.15 × 0.84 + 0.3 × 0.95 + 0.4 × 0.8 = 0.12 + 0.126 + 0.285 + 0.32 = 0.851; P = 0.85 × 0.851 = 0.72335 → 0.7234.
    [
      'weights are agreement data',
      { codmn: 3.2, nh3n: 0.42, tn: 0.95, tp: 0.08 },
      { weights: { codmn: 0.15, nh3n: 0.15, tn: 0.3, tp: 0.4 } },
      '0.8510',
      '0.7234',
      'downstream_pays',
    ],
  ];
  it.each(cases)('%s', (_name, means, ruleChanges, sum, p, verdict) => {
    const result = assess(indexSamples(means), { ...indexRule, ...ruleChanges });
    expect([result.index?.sum, result.index?.p, result.verdict]).toEqual([sum, p, verdict]);
  });

  it('rounds a non-terminating ratio for display only; P comes from the exact value', () => {
    // CODMn 1 / 3 = 0.3333…, × 0.25 = 0.083333… (shown 0.0833); the other three ratios 1 → 0.75.
    // Σ = 0.833333… (shown 0.8333); P = 0.85 × 5/6 = 0.708333… → 0.7083.
    const annual = annualMeans(indexSamples({ codmn: 1, nh3n: 0.5, tn: 1, tp: 0.1 }), { waterBody: 'river' })[0] ?? null;
    const index = computeCompensationIndex(annual, { ...indexRule, baselines: { ...indexRule.baselines, codmn: 3 } });
    expect([index.terms[0]?.ratio, index.terms[0]?.weightedTerm, index.sum, index.p]).toEqual(['0.3333', '0.0833', '0.8333', '0.7083']);
  });

  it('reports insufficient data, with no amount, when an index item has no annual mean', () => {
    const samples = indexSamples({ codmn: 3.2, nh3n: 0.42, tn: 0.95, tp: 0.08 }).map((sample) => ({ ...sample, values: { ...sample.values, tn: undefined } }));
    const result = assess(samples, indexRule);
    expect(result.verdict).toBe('insufficient_data');
    expect(result.amount).toBeNull();
    expect(result.index?.missingItems).toEqual(['tn']);
    expect(result.reasons).toEqual(['缺少总氮年均值，无法计算补偿指数 P']);
  });

  it('notes weights that do not add up to 1, and rejects a zero baseline', () => {
    const samples = indexSamples({ codmn: 3.2, nh3n: 0.42, tn: 0.95, tp: 0.08 });
    expect(assess(samples, { ...indexRule, weights: { tp: 0.5 } }).notes).toContain('补偿指数权重之和为 1.25，不等于1，请核对协议');
    expect(() => assess(samples, { ...indexRule, baselines: { ...indexRule.baselines, tp: 0 } })).toThrow(RangeError);
  });
});
