import { SCORING_RULE_LABELS, type ScoringRuleKey, type ScoringRules, type UnitScore } from '@duikou/domain';
import type { z } from 'zod';
import type { EntryRow, RuleSetRow } from './scoring.repository.js';
import type { BreakdownOut, RuleSetOut, ScoresOut, UnitScoreOut } from './scoring.schema.js';

type Period = z.infer<typeof ScoresOut>['period'];
type ScoredUnit = UnitScore & { unitName: string; rank: number | null };

export function presentRuleSet(row: RuleSetRow & { cityName: string }, rules: ScoringRules, canEdit: boolean): z.infer<typeof RuleSetOut> {
  return {
    id: row.id,
    pairId: row.pairId,
    cityId: row.cityId,
    cityName: row.cityName,
    year: row.year,
    base: rules.base,
    categories: rules.categories,
    rules: rules.rules,
    updatedAt: row.updatedAt.toISOString(),
    canEdit,
  };
}

const setOut = (row: RuleSetRow & { cityName: string }) => ({ id: row.id, cityId: row.cityId, cityName: row.cityName, year: row.year });

export function presentUnitScore(s: ScoredUnit): z.infer<typeof UnitScoreOut> {
  return { unitId: s.unitId, unitName: s.unitName, rank: s.rank, base: s.base, total: s.total, categories: s.categories };
}

export function presentScores(row: RuleSetRow & { cityName: string }, period: Period, ranked: boolean, items: ScoredUnit[]): z.infer<typeof ScoresOut> {
  return { ruleSet: setOut(row), period, ranked, items: items.map(presentUnitScore) };
}

export function presentBreakdown(
  row: RuleSetRow & { cityName: string },
  period: Period,
  rules: ScoringRules,
  score: ScoredUnit,
  entries: readonly EntryRow[],
  subjects: ReadonlyMap<string, string>,
): z.infer<typeof BreakdownOut> {
  const names = new Map(rules.categories.map((c) => [c.key, c.name]));
  return {
    ruleSet: setOut(row),
    period,
    score: presentUnitScore(score),
    entries: entries.map((e) => ({
      id: e.id,
      onDate: e.onDate,
      category: e.category,
      categoryName: names.get(e.category) ?? e.category,
      ruleKey: e.ruleKey,
      ruleLabel: SCORING_RULE_LABELS[e.ruleKey as ScoringRuleKey] ?? e.ruleKey,
      points: e.points,
      note: e.note,
      subject: subjects.get(e.sourceId) ?? null,
      sourceType: e.sourceType,
      sourceId: e.sourceId,
      link: e.link,
    })),
  };
}
