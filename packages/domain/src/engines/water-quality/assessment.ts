import { assertTargetClass, classifySample, itemNames, resolveAssessedItems, waterSampleDate } from './classify.js';
import {
  addFractions,
  divideFractions,
  type Fraction,
  formatFraction,
  formatScaled,
  fractionOfScaled,
  multiplyFractions,
  parseDecimal,
  parseExactDecimal,
  roundFractionToScaled,
  SCALE,
} from './decimal.js';
import { annualMeans, type MonthlyCompliance, meetsRequiredRate, monthlyCompliance, monthlyMeans } from './means.js';
import {
  DEFAULT_ASSESSED_ITEMS,
  DO_CLASS_I_NOTE,
  GB3838_2002_TABLE1,
  WATER_CLASS_LABELS,
  WATER_ITEM_INFO,
  type WaterBodyType,
  type WaterClass,
  type WaterItem,
  type WaterQualityStandard,
} from './standard.js';
import type { WaterClassifyOptions, WaterPeriodMeans, WaterSample, WaterSampleClassification } from './types.js';
import { type WaterWarning, waterQualityWarnings } from './warnings.js';

// Defaults of the two assessment rules (docs/domain.md, "Cross-provincial eco-compensation").
// Every one of them is agreement data: a rule object overrides it.

/** Class III (GB 3838-2002): the target of the 东江 source boundary sections 寻乌兴宁电站 and 定南庙咀里 (docs/domain.md). */
export const DEFAULT_WATER_TARGET_CLASS: WaterClass = 3;
/**
 * Monthly compliance rate ≥ 90 %: the configurable default of docs/domain.md, rule 1. The public
 * 东江 agreement texts only say "monthly water quality stably meeting the target"; the 九洲江
 * analogue required 75 % / 83 % / 100 % over three years — so the rate is agreement data.
 */
export const DEFAULT_REQUIRED_MONTHLY_COMPLIANCE_PERCENT = '90';
/** k_i = 0.25 for each of the four items: the 新安江 first-round weights (TP and TN weighted higher from 2017). */
export const DEFAULT_COMPENSATION_INDEX_WEIGHT = '0.25';
/**
 * k0 = 0.85: commonly cited first-round value, not confirmed from the agreement text, kept as data
 * (docs/domain.md, rule 2).
 */
export const DEFAULT_STABILITY_COEFFICIENT = '0.85';

/** The four items of the 新安江 index P, in the order of the formula. */
export const COMPENSATION_INDEX_ITEMS = ['codmn', 'nh3n', 'tn', 'tp'] as const;
export type CompensationIndexItem = (typeof COMPENSATION_INDEX_ITEMS)[number];

export type CompensationComplianceVerdict = 'pass' | 'fail';
/** P ≤ 1: the downstream province pays the upstream one; P > 1: the upstream pays the downstream. */
export type CompensationIndexVerdict = 'downstream_pays' | 'upstream_pays';

/** Rule 1: the section passes the year when it meets the target class often enough. */
export interface CompensationComplianceRule {
  kind: 'compliance';
  /** Default DEFAULT_WATER_TARGET_CLASS (III). */
  targetClass?: WaterClass;
  /** Default DEFAULT_ASSESSED_ITEMS for the water body. */
  items?: readonly WaterItem[];
  /** Percentage of months with samples whose mean class meets the target; default 90. */
  requiredMonthlyCompliancePercent?: number | string;
  /** The annual mean must also be at the target class or better; default true. */
  annualMeanMustMeetTarget?: boolean;
  /** The annual class must not be worse than the previous year's; default false. */
  notWorseThanPreviousYear?: boolean;
  /** Amounts in 万元, exact decimal text: e.g. { pass: '10000' (1亿元), fail: '0' }. */
  amounts: Readonly<Record<CompensationComplianceVerdict, string>>;
}

/** Rule 2 (新安江 model): P = k0 × Σ k_i × C_i / C_i0 over CODMn, NH3-N, TN, TP. */
export interface CompensationIndexRule {
  kind: 'index';
  /** C_i0, the baseline concentrations fixed in the agreement (mg/L); required. */
  baselines: Readonly<Record<CompensationIndexItem, number | string>>;
  /** k_i; default DEFAULT_COMPENSATION_INDEX_WEIGHT for each item. */
  weights?: Readonly<Partial<Record<CompensationIndexItem, number | string>>>;
  /** Stability coefficient; default DEFAULT_STABILITY_COEFFICIENT. */
  k0?: number | string;
  /** For the classes and warnings reported beside P; default III. */
  targetClass?: WaterClass;
  items?: readonly WaterItem[];
  /** Amounts in 万元, exact decimal text. */
  amounts: Readonly<Record<CompensationIndexVerdict, string>>;
}

export type CompensationRule = CompensationComplianceRule | CompensationIndexRule;

export interface CompensationIndexTerm {
  item: CompensationIndexItem;
  name: string;
  /** C_i, the annual mean as reported (four decimals). */
  annualMean: string;
  /** C_i0. */
  baseline: string;
  /** C_i / C_i0, shown to four decimals. */
  ratio: string;
  /** k_i. */
  weight: string;
  /** k_i × C_i / C_i0, shown to four decimals. */
  weightedTerm: string;
}

export interface CompensationIndex {
  formula: string;
  terms: CompensationIndexTerm[];
  /** Index items without an annual mean; P is null when any is missing. */
  missingItems: CompensationIndexItem[];
  weightSum: string;
  /** Σ k_i × C_i / C_i0, shown to four decimals. */
  sum: string | null;
  k0: string;
  /** P to four decimals, rounded half-up once from the exact value. */
  p: string | null;
  verdict: CompensationIndexVerdict | null;
}

const INDEX_FORMULA =
  'P = k0 × Σ(k_i × C_i / C_i0)，i = 高锰酸盐指数、氨氮、总氮、总磷；C_i 为年均值（4位小数）。' +
  'P 由精确值一次四舍五入至4位小数并据此判定（P ≤ 1 下游补偿上游，P > 1 上游补偿下游）；比值、加权项与求和仅为展示取4位小数，逐项相加可能与 P 的末位相差1。';

/**
 * The 新安江 compensation index of a section-year from its annual means. Arithmetic is exact
 * (rational numbers over the four-decimal inputs); P is rounded half-up to four decimals once, and
 * the verdict is read from that reported figure, so the published P and the verdict agree (P
 * exactly 1.0000 → downstream pays). Throws a RangeError for a missing or zero baseline.
 */
export function computeCompensationIndex(annual: WaterPeriodMeans | null, rule: CompensationIndexRule): CompensationIndex {
  const k0Scaled = parseExactDecimal(rule.k0 ?? DEFAULT_STABILITY_COEFFICIENT, '稳定系数 k0');
  const terms: CompensationIndexTerm[] = [];
  const missingItems: CompensationIndexItem[] = [];
  let sum: Fraction = { num: 0n, den: 1n };
  let weightSum = 0;
  for (const item of COMPENSATION_INDEX_ITEMS) {
    const baselineValue = rule.baselines[item];
    if (baselineValue === undefined) throw new RangeError(`补偿指数缺少${WATER_ITEM_INFO[item].name}的基准值 C_i0`);
    const baseline = parseExactDecimal(baselineValue, `${WATER_ITEM_INFO[item].name}基准值`);
    if (baseline <= 0) throw new RangeError(`${WATER_ITEM_INFO[item].name}基准值应大于0`);
    const weight = parseExactDecimal(rule.weights?.[item] ?? DEFAULT_COMPENSATION_INDEX_WEIGHT, `${WATER_ITEM_INFO[item].name}权重`);
    if (weight < 0) throw new RangeError(`${WATER_ITEM_INFO[item].name}权重不能为负数`);
    weightSum += weight;
    const mean = annual?.items.find((entry) => entry.item === item);
    if (!mean) {
      missingItems.push(item);
      continue;
    }
    const meanScaled = parseDecimal(mean.mean)?.scaled ?? 0;
    const ratio = divideFractions(fractionOfScaled(meanScaled), fractionOfScaled(baseline));
    const weighted = multiplyFractions(fractionOfScaled(weight), ratio);
    sum = addFractions(sum, weighted);
    terms.push({
      item,
      name: WATER_ITEM_INFO[item].name,
      annualMean: mean.mean,
      baseline: formatScaled(baseline),
      ratio: formatFraction(ratio, 4),
      weight: formatScaled(weight),
      weightedTerm: formatFraction(weighted, 4),
    });
  }
  const complete = missingItems.length === 0;
  const pScaled = complete ? roundFractionToScaled(multiplyFractions(fractionOfScaled(k0Scaled), sum)) : null;
  return {
    formula: INDEX_FORMULA,
    terms,
    missingItems,
    weightSum: formatScaled(weightSum),
    sum: complete ? formatFraction(sum, 4) : null,
    k0: formatScaled(k0Scaled),
    p: pScaled === null ? null : formatScaled(pScaled, true),
    verdict: pScaled === null ? null : pScaled <= SCALE ? 'downstream_pays' : 'upstream_pays',
  };
}

export interface SectionYearInput {
  sectionId: string;
  year: number;
  waterBody: WaterBodyType;
  /** The section's samples; samples of other sections or years are left out (with a note). */
  samples: readonly WaterSample[];
  rule: CompensationRule;
  /** For CompensationComplianceRule.notWorseThanPreviousYear: the previous year's annual class. */
  previousYearAnnualClass?: WaterClass | null;
  standard?: WaterQualityStandard;
}

export interface ComplianceCondition {
  condition: 'monthly_rate' | 'annual_mean' | 'not_worsening';
  met: boolean;
  message: string;
}

export type SectionYearVerdict = CompensationComplianceVerdict | CompensationIndexVerdict | 'insufficient_data';

/** Everything needed to audit a section-year: inputs as classified, every intermediate figure, the outcome. */
export interface SectionYearAssessment {
  sectionId: string;
  year: number;
  waterBody: WaterBodyType;
  rule: CompensationRule['kind'];
  targetClass: WaterClass;
  assessedItems: WaterItem[];
  samples: WaterSampleClassification[];
  monthly: WaterPeriodMeans[];
  annual: WaterPeriodMeans | null;
  compliance: MonthlyCompliance & { requiredPercent: string | null };
  /** The compliance rule's conditions, each with its finding (empty for the index rule). */
  conditions: ComplianceCondition[];
  index: CompensationIndex | null;
  verdict: SectionYearVerdict;
  /** 万元, exact decimal text from the agreement's amounts; null when no verdict could be reached. */
  amount: string | null;
  reasons: string[];
  warnings: WaterWarning[];
  notes: string[];
}

const AMOUNT_PATTERN = /^\d+(\.\d+)?$/;

function checkAmounts(amounts: Readonly<Record<string, string>>, verdicts: readonly string[]): void {
  for (const verdict of verdicts) {
    const amount = amounts[verdict];
    if (typeof amount !== 'string' || !AMOUNT_PATTERN.test(amount)) {
      throw new RangeError(`协议金额表缺少“${verdict}”或金额“${String(amount)}”不是万元十进制数字文本`);
    }
  }
}

function assessCompliance(
  rule: CompensationComplianceRule,
  compliance: MonthlyCompliance,
  annual: WaterPeriodMeans | null,
  previousYearAnnualClass: WaterClass | null | undefined,
  requiredPercent: string,
): ComplianceCondition[] {
  const target = WATER_CLASS_LABELS[compliance.targetClass];
  const conditions: ComplianceCondition[] = [];
  const rateMet = meetsRequiredRate(compliance, requiredPercent);
  conditions.push({
    condition: 'monthly_rate',
    met: rateMet,
    message:
      compliance.monthsWithSamples === 0
        ? '全年无有效监测数据，无法计算月度达标率'
        : `月度达标率 ${compliance.ratePercent}%（${compliance.compliantMonths}/${compliance.monthsWithSamples}个月达到${target}）${rateMet ? '，达到' : '，低于'}要求的 ${requiredPercent}%`,
  });
  if (rule.annualMeanMustMeetTarget ?? true) {
    const annualClass = annual?.class ?? null;
    const met = annualClass !== null && annualClass <= compliance.targetClass;
    conditions.push({
      condition: 'annual_mean',
      met,
      message:
        annualClass === null
          ? '无年均值，无法评价年均水质类别'
          : `年均水质为${WATER_CLASS_LABELS[annualClass]}，${met ? '达到' : '未达到'}${target}目标（决定项目：${itemNames(annual?.decidingItems ?? [])}）`,
    });
  }
  if (rule.notWorseThanPreviousYear ?? false) {
    const annualClass = annual?.class ?? null;
    const previous = previousYearAnnualClass ?? null;
    const met = annualClass !== null && previous !== null && annualClass <= previous;
    conditions.push({
      condition: 'not_worsening',
      met,
      message:
        previous === null
          ? '缺少上一年度年均水质类别，无法确认水质未恶化'
          : annualClass === null
            ? '无年均值，无法确认水质未恶化'
            : `年均水质${WATER_CLASS_LABELS[annualClass]}，上一年度${WATER_CLASS_LABELS[previous]}，${met ? '未恶化' : '较上一年度变差'}`,
    });
  }
  return conditions;
}

/**
 * Assesses one section-year under an agreement's rule (docs/domain.md, "Cross-provincial
 * eco-compensation"): classifies every sample, computes the monthly and annual means and their
 * classes, the monthly compliance rate and the early warnings, then the verdict and the amount.
 *
 * - Compliance rule: 'pass' when every configured condition holds — monthly compliance rate ≥ the
 *   required rate, annual mean at the target class or better (default on), annual class not worse
 *   than the previous year's (off by default; a missing previous class fails it). A year without
 *   data fails. Reasons list the failed conditions (or, on a pass, the conditions met).
 * - Index rule: the 新安江 P from the annual means; 'insufficient_data' (no amount) when an index
 *   item has no annual mean.
 *
 * Throws a RangeError for an invalid rule (target class, percentages, baselines, amounts).
 */
export function assessSectionYear(input: SectionYearInput): SectionYearAssessment {
  const { rule } = input;
  const targetClass = rule.targetClass ?? DEFAULT_WATER_TARGET_CLASS;
  assertTargetClass(targetClass);
  checkAmounts(rule.amounts, rule.kind === 'compliance' ? ['pass', 'fail'] : ['downstream_pays', 'upstream_pays']);
  const year = String(input.year).padStart(4, '0');
  const options: WaterClassifyOptions = {
    waterBody: input.waterBody,
    items: rule.items ?? DEFAULT_ASSESSED_ITEMS[input.waterBody],
    targetClass,
    standard: input.standard ?? GB3838_2002_TABLE1,
  };
  const { items: assessedItems, notes } = resolveAssessedItems(options);
  if (assessedItems.includes('do')) notes.push(DO_CLASS_I_NOTE);

  const samples = input.samples
    .filter((sample) => sample.sectionId === input.sectionId && waterSampleDate(sample.sampledAt)?.slice(0, 4) === year)
    .sort((a, b) => (a.sampledAt < b.sampledAt ? -1 : a.sampledAt > b.sampledAt ? 1 : 0));
  const leftOut = input.samples.length - samples.length;
  if (leftOut > 0) notes.push(`${leftOut} 条样品不属于断面 ${input.sectionId} 的 ${year} 年度或日期无效，未参与评价`);

  const classified = samples.map((sample) => classifySample(sample, options));
  const monthly = monthlyMeans(samples, options);
  const annual = annualMeans(samples, options)[0] ?? null;
  const compliance = monthlyCompliance(monthly, targetClass);
  const warnings = waterQualityWarnings(samples, { ...options, targetClass });

  const base = { sectionId: input.sectionId, year: input.year, waterBody: input.waterBody, rule: rule.kind, targetClass, assessedItems };
  const audit = { samples: classified, monthly, annual, warnings, notes };

  if (rule.kind === 'compliance') {
    const requiredPercent = formatScaled(
      parseExactDecimal(rule.requiredMonthlyCompliancePercent ?? DEFAULT_REQUIRED_MONTHLY_COMPLIANCE_PERCENT, '要求的月度达标率'),
    );
    const conditions = assessCompliance(rule, compliance, annual, input.previousYearAnnualClass, requiredPercent);
    const failed = conditions.filter((condition) => !condition.met);
    const verdict: CompensationComplianceVerdict = failed.length === 0 ? 'pass' : 'fail';
    return {
      ...base,
      ...audit,
      compliance: { ...compliance, requiredPercent },
      conditions,
      index: null,
      verdict,
      amount: rule.amounts[verdict],
      reasons: (failed.length > 0 ? failed : conditions).map((condition) => condition.message),
    };
  }

  const index = computeCompensationIndex(annual, rule);
  if (index.weightSum !== '1') notes.push(`补偿指数权重之和为 ${index.weightSum}，不等于1，请核对协议`);
  const reasons =
    index.verdict === null
      ? [`缺少${itemNames(index.missingItems)}年均值，无法计算补偿指数 P`]
      : [`补偿指数 P = ${index.p}${index.verdict === 'downstream_pays' ? ' ≤ 1，下游省份向上游省份补偿' : ' > 1，上游省份向下游省份补偿'}`];
  return {
    ...base,
    ...audit,
    compliance: { ...compliance, requiredPercent: null },
    conditions: [],
    index,
    verdict: index.verdict ?? 'insufficient_data',
    amount: index.verdict === null ? null : rule.amounts[index.verdict],
    reasons,
  };
}
