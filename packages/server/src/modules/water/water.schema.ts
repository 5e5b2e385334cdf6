import { COMPENSATION_INDEX_ITEMS, WATER_ITEMS } from '@duikou/domain';
import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';
import { base64File } from '../../uploads/limits.js';

/** Limits shared by the request schemas and the web forms. */
export const WATER_LIMITS = { code: 30, name: 100, river: 50, party: 50, agreementName: 200, sectionUnits: 20, agreementSections: 50 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** Exact decimal text with at most four decimals (万元, mg/L, coefficients): never a float. */
const decimal = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, { message: '应为不超过4位小数的非负数字' });
const waterClass = z.number().int().min(1).max(5).meta({ description: 'GB 3838-2002 class 1–5 (I–V)' });
const waterItem = z.enum(WATER_ITEMS);
const year = z.coerce.number().int().min(2000).max(2100);

export const WaterItemEnum = waterItem;
export const PairQuery = z.object({ pairId: z.uuid() });
export const YearQuery = z.object({ pairId: z.uuid(), year });
export const SectionYearQuery = z.object({ year });
export const WarningQuery = z.object({ pairId: z.uuid(), sectionId: z.uuid().optional(), year: year.optional() });

const sectionFields = {
  code: text(WATER_LIMITS.code).meta({ description: 'The section code used in sample files (e.g. XW-XNDZ)' }),
  name: text(WATER_LIMITS.name),
  river: text(WATER_LIMITS.river),
  cityId: z.uuid(),
  countyUnitId: z.uuid().nullable().optional().meta({ description: 'The county the section lies in (a unit of the city)' }),
  longitude: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,6})?$/, { message: '经度应为0–180之间、最多6位小数的数字' })
    .nullable()
    .optional(),
  latitude: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d{1,6})?$/, { message: '纬度应为0–90之间、最多6位小数的数字' })
    .nullable()
    .optional(),
  waterBody: z.enum(['river', 'lake']).default('river'),
  targetClass: waterClass.default(3),
  unitIds: z
    .array(z.uuid())
    .min(1)
    .max(WATER_LIMITS.sectionUnits)
    .meta({ description: 'The units that see the section and receive its warnings: the ecology departments of both cities' }),
};

export const SectionBody = z.object({ pairId: z.uuid(), ...sectionFields });
export const SectionPatchBody = z
  .object({
    code: sectionFields.code.optional(),
    name: sectionFields.name.optional(),
    river: sectionFields.river.optional(),
    countyUnitId: sectionFields.countyUnitId,
    longitude: sectionFields.longitude,
    latitude: sectionFields.latitude,
    waterBody: z.enum(['river', 'lake']).optional(),
    targetClass: waterClass.optional(),
    unitIds: sectionFields.unitIds.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '至少修改一项', path: [] });

const named = z.object({ id: z.uuid(), name: z.string() });

export const SectionOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    code: z.string(),
    name: z.string(),
    river: z.string(),
    cityId: z.uuid(),
    cityName: z.string(),
    countyUnitId: z.uuid().nullable(),
    countyName: z.string().nullable(),
    longitude: z.string().nullable(),
    latitude: z.string().nullable(),
    waterBody: z.enum(['river', 'lake']),
    targetClass: z.number().int(),
    targetClassLabel: z.string(),
    units: z.array(named),
    sampleCount: z.number().int(),
    lastSampledAt: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WaterSection' });

const indexItemRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(COMPENSATION_INDEX_ITEMS.map((i) => [i, value])) as Record<(typeof COMPENSATION_INDEX_ITEMS)[number], T>);

export const ComplianceRuleIn = z.object({
  kind: z.literal('compliance'),
  targetClass: waterClass.optional(),
  items: z.array(waterItem).min(1).max(8).optional(),
  requiredMonthlyCompliancePercent: decimal.optional().meta({ description: 'Default 90 (%)' }),
  annualMeanMustMeetTarget: z.boolean().optional(),
  notWorseThanPreviousYear: z.boolean().optional(),
  amounts: z.object({ pass: decimal, fail: decimal }).meta({ description: '万元 per section and year' }),
});

export const IndexRuleIn = z.object({
  kind: z.literal('index'),
  baselines: indexItemRecord(decimal).meta({ description: 'C_i0 (mg/L): CODMn, NH3-N, TN, TP' }),
  weights: indexItemRecord(decimal).partial().optional().meta({ description: 'k_i; default 0.25 each' }),
  k0: decimal.optional().meta({ description: 'Stability coefficient; default 0.85' }),
  targetClass: waterClass.optional(),
  items: z.array(waterItem).min(1).max(8).optional(),
  amounts: z.object({ downstream_pays: decimal, upstream_pays: decimal }).meta({ description: '万元 per section and year' }),
});

export const RuleIn = z.discriminatedUnion('kind', [ComplianceRuleIn, IndexRuleIn]);

const agreementFields = {
  name: text(WATER_LIMITS.agreementName),
  upstreamParty: text(WATER_LIMITS.party),
  downstreamParty: text(WATER_LIMITS.party),
  fromYear: z.number().int().min(2000).max(2100),
  toYear: z.number().int().min(2000).max(2100),
  upstreamAmount: decimal.meta({ description: 'The upstream party’s yearly contribution to the pool, 万元' }),
  downstreamAmount: decimal.meta({ description: 'The downstream party’s yearly contribution to the pool, 万元' }),
  sectionIds: z.array(z.uuid()).min(1).max(WATER_LIMITS.agreementSections),
  rule: RuleIn,
};

export const AgreementBody = z.object({ pairId: z.uuid(), ...agreementFields });
export const AgreementPatchBody = z
  .object({
    name: agreementFields.name.optional(),
    upstreamParty: agreementFields.upstreamParty.optional(),
    downstreamParty: agreementFields.downstreamParty.optional(),
    fromYear: agreementFields.fromYear.optional(),
    toYear: agreementFields.toYear.optional(),
    upstreamAmount: agreementFields.upstreamAmount.optional(),
    downstreamAmount: agreementFields.downstreamAmount.optional(),
    sectionIds: agreementFields.sectionIds.optional(),
    rule: RuleIn.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '至少修改一项', path: [] });

export const AgreementOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    name: z.string(),
    upstreamParty: z.string(),
    downstreamParty: z.string(),
    fromYear: z.number().int(),
    toYear: z.number().int(),
    upstreamAmount: z.string(),
    downstreamAmount: z.string(),
    /** upstreamAmount + downstreamAmount, 万元 per year. */
    poolAmount: z.string(),
    sections: z.array(z.object({ id: z.uuid(), name: z.string(), code: z.string() })),
    rule: z.record(z.string(), z.unknown()).meta({ description: 'The assessment rule with its parameters (see the request schema)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WaterAgreement' });

export const IMPORT_FIELDS = ['section', 'sampledAt', ...WATER_ITEMS] as const;

export const SampleImportBody = z.object({
  pairId: z.uuid(),
  fileBase64: base64File(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => /\.(csv|xlsx)$/i.test(name), { message: '只支持 .csv 或 .xlsx 文件' }),
  mapping: z
    .record(z.string().trim().min(1).max(100), z.enum([...IMPORT_FIELDS, 'ignore']))
    .optional()
    .meta({
      description:
        'Column header → field (section = 断面编码或名称, sampledAt = 采样时间, an item code, or ignore). Columns not named are matched by their header (item code or Chinese name, with an optional unit in brackets).',
    }),
  dryRun: z.boolean().default(false),
});

const itemValue = z.object({ item: waterItem, name: z.string(), unit: z.string(), value: z.string() });

export const SampleImportChecked = z
  .object({
    valid: z.literal(true),
    rows: z.number().int(),
    columns: z.array(z.object({ header: z.string(), field: z.string() })),
    preview: z.array(
      z.object({
        row: z.number().int(),
        sectionName: z.string(),
        sampledAt: z.string(),
        values: z.array(itemValue),
        class: z.number().int().nullable(),
        classLabel: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WaterSampleImportChecked' });

export const SampleImportCreated = z
  .object({ created: z.number().int(), sampleIds: z.array(z.uuid()), warningsRaised: z.number().int(), noticesSent: z.number().int() })
  .meta({ id: 'WaterSampleImportCreated' });

const itemClassification = z.object({
  item: waterItem,
  name: z.string(),
  unit: z.string(),
  value: z.string(),
  class: z.number().int(),
  classLabel: z.string(),
  limit: z.string().nullable(),
  targetLimit: z.string().nullable(),
  exceedsTarget: z.boolean().nullable(),
});

export const SampleOut = z
  .object({
    id: z.uuid(),
    sectionId: z.uuid(),
    sampledAt: z.string(),
    items: z.array(itemClassification),
    class: z.number().int().nullable(),
    classLabel: z.string().nullable(),
    decidingItems: z.array(waterItem),
    meetsTarget: z.boolean().nullable(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'WaterSample' });

const itemMean = z.object({
  item: waterItem,
  name: z.string(),
  unit: z.string(),
  count: z.number().int(),
  sum: z.string(),
  mean: z.string(),
  assessed: z.boolean(),
  class: z.number().int().nullable(),
  classLabel: z.string().nullable(),
  limit: z.string().nullable(),
});

export const PeriodMeansOut = z
  .object({
    period: z.string(),
    sampleCount: z.number().int(),
    items: z.array(itemMean),
    class: z.number().int().nullable(),
    classLabel: z.string().nullable(),
    decidingItems: z.array(waterItem),
    meetsTarget: z.boolean().nullable(),
  })
  .meta({ id: 'WaterPeriodMeans' });

const complianceOut = z.object({
  targetClass: z.number().int(),
  months: z.array(z.object({ month: z.string(), class: z.number().int().nullable(), compliant: z.boolean().nullable() })),
  compliantMonths: z.number().int(),
  monthsWithSamples: z.number().int(),
  ratePercent: z.string().nullable(),
  requiredPercent: z.string().nullable(),
});

export const WarningOut = z
  .object({
    id: z.uuid(),
    sectionId: z.uuid(),
    sectionName: z.string(),
    kind: z.enum(['exceedance', 'worsening_trend']),
    item: waterItem,
    itemName: z.string(),
    year: z.number().int(),
    sampledAt: z.string().nullable(),
    months: z.array(z.string()).nullable(),
    message: z.string(),
    raisedAt: Timestamp,
  })
  .meta({ id: 'WaterWarning' });

export const SectionSummaryOut = z
  .object({
    section: SectionOut,
    year: z.number().int(),
    assessedItems: z.array(waterItem),
    monthly: z.array(PeriodMeansOut),
    annual: PeriodMeansOut.nullable(),
    compliance: complianceOut,
    warnings: z.array(WarningOut),
  })
  .meta({ id: 'WaterSectionSummary' });

const indexOut = z.object({
  formula: z.string(),
  terms: z.array(
    z.object({
      item: z.string(),
      name: z.string(),
      annualMean: z.string(),
      baseline: z.string(),
      ratio: z.string(),
      weight: z.string(),
      weightedTerm: z.string(),
    }),
  ),
  missingItems: z.array(z.string()),
  weightSum: z.string(),
  sum: z.string().nullable(),
  k0: z.string(),
  p: z.string().nullable(),
  verdict: z.enum(['downstream_pays', 'upstream_pays']).nullable(),
});

export const AssessmentOut = z
  .object({
    agreementId: z.uuid(),
    agreementName: z.string(),
    section: z.object({ id: z.uuid(), name: z.string(), code: z.string(), river: z.string() }),
    year: z.number().int(),
    rule: z.enum(['compliance', 'index']),
    targetClass: z.number().int(),
    targetClassLabel: z.string(),
    assessedItems: z.array(waterItem),
    sampleCount: z.number().int(),
    samples: z.array(SampleOut.omit({ id: true })),
    monthly: z.array(PeriodMeansOut),
    annual: PeriodMeansOut.nullable(),
    previousYearAnnualClass: z.number().int().nullable(),
    compliance: complianceOut,
    conditions: z.array(z.object({ condition: z.string(), met: z.boolean(), message: z.string() })),
    index: indexOut.nullable(),
    verdict: z.enum(['pass', 'fail', 'downstream_pays', 'upstream_pays', 'insufficient_data']),
    verdictLabel: z.string(),
    amount: z.string().nullable(),
    reasons: z.array(z.string()),
    warnings: z.array(z.object({ kind: z.string(), item: z.string(), message: z.string() })),
    notes: z.array(z.string()),
    provisional: z.boolean().meta({ description: 'The year has not ended: the verdict and amount hold for the months so far only' }),
    monthsCovered: z.array(z.string()).meta({ description: "The months ('YYYY-MM') with samples the assessment rests on" }),
  })
  .meta({ id: 'WaterAssessment' });

export const AssessmentListOut = z
  .object({
    year: z.number().int(),
    provisional: z.boolean().meta({ description: 'The year has not ended (China time): every verdict is provisional' }),
    asOf: z.iso.date().meta({ description: 'The day the assessment was computed' }),
    coveredThrough: z.string().nullable().meta({ description: "The last month ('YYYY-MM') with samples in any section of the list; null without samples" }),
    items: z.array(AssessmentOut),
  })
  .meta({ id: 'WaterAssessmentList' });

export const SampleColumnsBody = SampleImportBody.pick({ pairId: true, fileBase64: true, fileName: true });
export const SampleColumnsOut = z
  .object({
    columns: z.array(z.object({ header: z.string(), field: z.enum([...IMPORT_FIELDS, 'ignore']).nullable() })),
    rows: z.number().int(),
  })
  .meta({ id: 'WaterSampleColumns' });
