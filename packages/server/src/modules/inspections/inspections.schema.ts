import { z } from 'zod';
import { DateOnly, PageQuery, Timestamp } from '../../http/schemas.js';
import { base64File } from '../../uploads/limits.js';

/*
 * Double-random, credit-graded inspections (双随机、一公开; docs/domain.md "Double-random
 * supervision with credit grades"): request and response shapes.
 */

export const PLAN_STATUSES = ['draft', 'fixed', 'drawn', 'published'] as const;
export type InspectionPlanStatus = (typeof PLAN_STATUSES)[number];
export const INSPECTION_OUTCOMES = ['no_issue', 'rectify', 'case_filed'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const grade = z
  .string()
  .trim()
  .min(1)
  .max(8)
  .regex(/^[A-Za-z0-9+-]+$/, '信用等级只能由字母、数字、+、- 组成');
const textList = (max: number) => z.array(text(max)).max(50);
/** A draw ratio in percent, 0–100 with up to four decimals (3 = 3 %). */
const percent = z
  .union([z.number(), z.string()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/, '抽取比例应为 0–100 之间、最多4位小数的百分数'));

// ---- registers -----------------------------------------------------------------------------

const entityFields = {
  creditCode: z.string().trim().toUpperCase().length(18, '统一社会信用代码应为18位'),
  name: text(200),
  creditGrade: grade,
  industry: text(100),
  location: text(100),
  relatedUnitIds: z.array(z.uuid()).max(50),
};
export const EntityCreateBody = z.object({ pairId: z.uuid(), cityId: z.uuid(), ...entityFields, relatedUnitIds: entityFields.relatedUnitIds.default([]) });
export const EntityUpdateBody = z
  .object(entityFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });

export const EntityOut = z
  .object({
    id: z.uuid(),
    drawId: z.string().meta({ description: 'The entity’s id in the frozen draw lists (E + register number)' }),
    pairId: z.uuid(),
    cityId: z.uuid(),
    creditCode: z.string(),
    name: z.string(),
    creditGrade: z.string(),
    industry: z.string(),
    location: z.string(),
    relatedUnitIds: z.array(z.uuid()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'InspectionEntity' });

export const RegisterListQuery = PageQuery.extend({
  pairId: z.uuid(),
  cityId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
});
export const EntityListQuery = RegisterListQuery.extend({ creditGrade: grade.optional() });

const inspectorFields = {
  badgeNo: text(50),
  name: text(100),
  unitId: z.uuid(),
  qualifications: textList(50),
  conflicts: z.array(z.uuid()).max(200).meta({ description: 'Entities of the register with a registered conflict of interest' }),
  userId: z.uuid().nullable().meta({ description: 'The platform account of the inspector (records findings)' }),
  active: z.boolean(),
};
export const InspectorCreateBody = z.object({
  pairId: z.uuid(),
  cityId: z.uuid(),
  ...inspectorFields,
  qualifications: inspectorFields.qualifications.default([]),
  conflicts: inspectorFields.conflicts.default([]),
  userId: inspectorFields.userId.default(null),
  active: inspectorFields.active.default(true),
});
export const InspectorUpdateBody = z
  .object(inspectorFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });

export const InspectorOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    cityId: z.uuid(),
    badgeNo: z.string(),
    name: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    qualifications: z.array(z.string()),
    conflicts: z.array(z.uuid()),
    userId: z.uuid().nullable(),
    active: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'InspectionInspector' });

export const RegisterImportBody = z.object({
  pairId: z.uuid(),
  cityId: z.uuid(),
  fileBase64: base64File(),
  dryRun: z.boolean().default(false),
});
export const RegisterImportOut = z.object({ dryRun: z.boolean(), rows: z.number().int(), created: z.number().int() }).meta({ id: 'InspectionRegisterImport' });
export const TemplateQuery = z.object({ pairId: z.uuid() });

// ---- plans ---------------------------------------------------------------------------------

export const PlanScope = z
  .object({
    grades: z.array(grade).max(20).optional(),
    industries: textList(100).optional(),
    locations: textList(100).optional(),
  })
  .meta({ id: 'InspectionPlanScope', description: 'Filters over the entities register; an absent filter takes every entity' });

const planFields = {
  title: text(200),
  scope: PlanScope.default({}),
  grades: z.array(grade).min(1).max(20).default(['A', 'B', 'C', 'D']).meta({ description: 'The grade scale, best first' }),
  ratiosPercent: z.record(z.string(), percent).optional().meta({ description: 'Per grade, in percent; default A 3, B 5, C 10, D 20' }),
  teamSize: z.number().int().min(2, '检查组至少2人').max(20).default(2),
  requiredQualification: text(50).nullable().default(null),
  previousPlanId: z.uuid().nullable().default(null).meta({ description: 'Its teams are avoided (inspected the same entity in the previous plan)' }),
};
export const PlanCreateBody = z.object({ pairId: z.uuid(), cityId: z.uuid(), ...planFields });
export const PlanUpdateBody = z
  .object({
    title: planFields.title,
    scope: PlanScope,
    grades: z.array(grade).min(1).max(20),
    ratiosPercent: z.record(z.string(), percent),
    teamSize: z.number().int().min(2, '检查组至少2人').max(20),
    requiredQualification: text(50).nullable(),
    previousPlanId: z.uuid().nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });
export const PlanListQuery = PageQuery.extend({ pairId: z.uuid().optional(), status: z.enum(PLAN_STATUSES).optional() });
export const PlanFixBody = z.object({
  fixedValue: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'A public value fixed before the draw (e.g. a lottery number); absent: a random nonce is committed, its SHA-256 published' }),
});

export const InspectionOut = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    entityId: z.string().meta({ description: 'The entity’s id in the frozen draw lists' }),
    creditCode: z.string(),
    entityName: z.string(),
    creditGrade: z.string(),
    team: z.array(z.object({ inspectorId: z.uuid(), name: z.string(), unitName: z.string() })),
    status: z.enum(['pending', 'done']),
    outcome: z.enum(INSPECTION_OUTCOMES).nullable(),
    findings: z.string(),
    inspectedOn: z.string().nullable(),
    recordedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Inspection' });

export const PlanOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    cityId: z.uuid(),
    title: z.string(),
    scope: PlanScope,
    grades: z.array(z.string()),
    ratiosPercent: z.record(z.string(), z.string()),
    teamSize: z.number().int(),
    requiredQualification: z.string().nullable(),
    previousPlanId: z.uuid().nullable(),
    status: z.enum(PLAN_STATUSES),
    fixedValueHash: z.string().nullable().meta({ description: 'SHA-256 of the fixed value, published when the plan is fixed' }),
    fixedValueSource: z.enum(['office', 'nonce']).nullable(),
    fixedValue: z.string().nullable().meta({ description: 'Revealed once the draw has run' }),
    entitiesDigest: z.string().nullable(),
    inspectorsDigest: z.string().nullable(),
    previousInspectionsDigest: z.string().nullable(),
    seed: z.string().nullable(),
    entityCount: z.number().int().nullable(),
    inspectorCount: z.number().int().nullable(),
    fixedAt: Timestamp.nullable(),
    drawnAt: Timestamp.nullable(),
    publishedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'InspectionPlan' });

export const PlanDetailOut = PlanOut.extend({
  inspections: z.array(InspectionOut),
  /** The user's own inspections (as a team member) where findings can be recorded. */
  canRecord: z.array(z.uuid()),
}).meta({ id: 'InspectionPlanDetail' });

export const FindingsBody = z.object({
  outcome: z.enum(INSPECTION_OUTCOMES),
  findings: text(5000),
  inspectedOn: DateOnly,
});

// ---- the draw's published inputs and result (the engine's types, as JSON) -------------------

const DrawEntity = z.object({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  creditGrade: z.string(),
  industry: z.string(),
  location: z.string(),
  relatedUnitIds: z.array(z.string()).optional(),
});
const DrawInspector = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string(),
  qualifications: z.array(z.string()),
  conflicts: z.array(z.string()).optional(),
});
export const DrawInputJson = z
  .object({
    planId: z.string(),
    fixedValue: z.string(),
    entities: z.array(DrawEntity),
    inspectors: z.array(DrawInspector),
    previousInspections: z.array(z.object({ inspectorId: z.string(), entityId: z.string() })).optional(),
    grades: z.array(z.string()).optional(),
    ratiosPercent: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    teamSize: z.number().int().optional(),
    requiredQualification: z.string().nullable().optional(),
  })
  .meta({ id: 'DrawInput' });

const TeamExclusions = z.object({ conflict: z.number(), relatedUnit: z.number(), previousPlan: z.number(), qualification: z.number() });
export const DrawProblemOut = z
  .object({
    code: z.enum(['TEAM_IMPOSSIBLE', 'UNKNOWN_GRADE']),
    entityId: z.string().optional(),
    teamSize: z.number().optional(),
    eligible: z.number().optional(),
    inspectors: z.number().optional(),
    excluded: TeamExclusions.optional(),
    grade: z.string().optional(),
    count: z.number().optional(),
    entityIds: z.array(z.string()).optional(),
    message: z.string(),
  })
  .meta({ id: 'DrawProblem' });
export const DrawResultJson = z
  .object({
    algorithm: z.string(),
    planId: z.string(),
    fixedValue: z.string(),
    entitiesDigest: z.string(),
    inspectorsDigest: z.string(),
    previousInspectionsDigest: z.string(),
    seed: z.string(),
    parameters: z.object({
      grades: z.array(z.string()),
      ratiosPercent: z.record(z.string(), z.string()),
      teamSize: z.number(),
      requiredQualification: z.string().nullable(),
    }),
    gradeCounts: z.array(z.object({ grade: z.string(), size: z.number(), ratioPercent: z.string(), count: z.number() })),
    selected: z.array(z.object({ order: z.number(), entityId: z.string(), creditCode: z.string(), name: z.string(), creditGrade: z.string() })),
    teams: z.array(z.object({ entityId: z.string(), creditGrade: z.string(), inspectorIds: z.array(z.string()) })),
    problems: z.array(DrawProblemOut),
    complete: z.boolean(),
  })
  .meta({ id: 'DrawResult' });

/** What the public page and `duikou draw verify` read: everything needed to re-run the draw, and its result. */
export const PublishedDrawOut = z
  .object({
    input: DrawInputJson,
    result: DrawResultJson,
    fixedValueHash: z.string().nullable().optional().meta({ description: 'SHA-256 of the fixed value, as committed when the plan was fixed' }),
  })
  .meta({ id: 'PublishedDraw' });

export const DrawDifferenceOut = z
  .object({ field: z.string(), expected: z.string(), published: z.string(), message: z.string() })
  .meta({ id: 'DrawDifference' });
export const VerifyOut = z
  .object({ identical: z.boolean(), differences: z.array(DrawDifferenceOut), fixedValueMatchesHash: z.boolean() })
  .meta({ id: 'DrawVerification' });
/**
 * Nothing: the public verification checks the stored inputs only (inputs of one's own are for
 * `duikou draw verify`). Any member is refused (400 naming it) rather than silently ignored.
 */
export const VerifyBody = z.strictObject({}).meta({ description: 'Empty: the stored inputs and result are verified' });

export const PublicPlanOut = PlanOut.omit({ createdAt: true, updatedAt: true })
  .extend({ cityName: z.string(), inspections: z.array(InspectionOut), gradeCounts: DrawResultJson.shape.gradeCounts, algorithm: z.string() })
  .meta({ id: 'PublicInspectionPlan' });
export const PublicPlanSummaryOut = z
  .object({ id: z.uuid(), title: z.string(), cityName: z.string(), publishedAt: Timestamp, inspections: z.number().int() })
  .meta({ id: 'PublicInspectionPlanSummary' });
