import { SCORING_RULE_KEYS } from '@duikou/domain';
import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';

const Year = z.coerce.number().int().min(2000).max(2100);
const Points = z.number().min(-1000).max(1000).meta({ description: 'At most two decimals; negative: a deduction' });
const Cap = z.number().min(0).max(100_000).nullable().optional();

export const ScoringCategory = z
  .object({
    key: z.string().min(1).max(32).meta({ description: 'Lower-case identifier (a-z, 0-9, _)' }),
    name: z.string().trim().min(1).max(50),
    gainCap: Cap.meta({ description: '加分上限: at most this many points gained per period (null: no cap)' }),
    lossCap: Cap.meta({ description: '扣分上限: at most this many points deducted per period (null: no cap)' }),
  })
  .meta({ id: 'ScoringCategory' });

export const ScoringRule = z.object({ key: z.enum(SCORING_RULE_KEYS), category: z.string().min(1).max(32), points: Points }).meta({ id: 'ScoringRule' });

const rulesShape = {
  base: z.number().min(0).max(10_000).meta({ description: '基础分: every unit starts each period at this score' }),
  categories: z.array(ScoringCategory).min(1).max(20),
  rules: z.array(ScoringRule).max(SCORING_RULE_KEYS.length),
};

export const RuleSetBody = z.object({ cityId: z.uuid(), year: z.number().int().min(2000).max(2100), ...rulesShape });

export const RuleSetQuery = z.object({ pairId: z.uuid().optional(), cityId: z.uuid().optional(), year: Year.optional() });

export const RuleSetOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    cityId: z.uuid(),
    cityName: z.string(),
    year: z.number().int(),
    ...rulesShape,
    categories: z.array(ScoringCategory.extend({ gainCap: z.number().nullable(), lossCap: z.number().nullable() })),
    updatedAt: Timestamp,
    canEdit: z.boolean().meta({ description: 'Whether the caller may change these rules (its city’s office)' }),
  })
  .meta({ id: 'ScoringRuleSet' });

export const RebuildOut = z.object({ id: z.uuid(), entries: z.number().int() });

export const PeriodQuery = z.object({
  period: z.enum(['year', 'quarter', 'month']).default('year'),
  index: z.coerce.number().int().min(1).max(12).optional().meta({ description: 'The quarter (1–4) or month (1–12)' }),
});

export const BreakdownQuery = PeriodQuery.extend({
  unitId: z.uuid().optional().meta({ description: 'Default: the caller’s own unit' }),
});

const PeriodOut = z.object({
  kind: z.enum(['year', 'quarter', 'month']),
  index: z.number().int().nullable(),
  from: z.string(),
  to: z.string(),
  label: z.string(),
});

const CategoryScoreOut = z.object({
  key: z.string(),
  name: z.string(),
  gain: z.string(),
  countedGain: z.string(),
  loss: z.string(),
  countedLoss: z.string(),
  subtotal: z.string(),
  capped: z.boolean(),
  entries: z.number().int(),
});

export const UnitScoreOut = z
  .object({
    unitId: z.uuid(),
    unitName: z.string(),
    rank: z.number().int().nullable().meta({ description: 'Shown to the city’s office and leaders only' }),
    base: z.string(),
    total: z.string(),
    categories: z.array(CategoryScoreOut),
  })
  .meta({ id: 'UnitScore' });

export const ScoresOut = z
  .object({
    ruleSet: z.object({ id: z.uuid(), cityId: z.uuid(), cityName: z.string(), year: z.number().int() }),
    period: PeriodOut,
    ranked: z.boolean().meta({ description: 'Whether the caller sees the whole city’s ranking (else only its own units)' }),
    items: z.array(UnitScoreOut),
  })
  .meta({ id: 'UnitScores' });

export const ScoreEntryOut = z
  .object({
    id: z.uuid(),
    onDate: z.string(),
    category: z.string(),
    categoryName: z.string(),
    ruleKey: z.string(),
    ruleLabel: z.string(),
    points: z.string(),
    note: z.string(),
    subject: z.string().nullable(),
    sourceType: z.string(),
    sourceId: z.uuid(),
    link: z.string().nullable(),
  })
  .meta({ id: 'ScoreEntry' });

export const BreakdownOut = z
  .object({
    ruleSet: z.object({ id: z.uuid(), cityId: z.uuid(), cityName: z.string(), year: z.number().int() }),
    period: PeriodOut,
    score: UnitScoreOut,
    entries: z.array(ScoreEntryOut),
  })
  .meta({ id: 'ScoreBreakdown' });
