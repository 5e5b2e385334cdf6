import {
  canAccess,
  chinaDate,
  isScoringPeriod,
  periodLabel,
  periodRange,
  type RecordLocation,
  rankScores,
  type ScoringPeriod,
  type ScoringRules,
  scoreFromSums,
  scoreUnits,
  validateScoringRules,
} from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { AppError, fieldError, issuesError } from '../../http/errors.js';
import { type Actor, grantsFor, type Principal, pairsOf, readsPair } from '../../http/principal.js';
import type { WorkbookFile } from '../../xlsx/cells.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { rebuildRuleSet } from './scoring.hooks.js';
import { presentBreakdown, presentRuleSet, presentScores } from './scoring.presenter.js';
import * as repo from './scoring.repository.js';
import type { BreakdownQuery, PeriodQuery, RuleSetBody, RuleSetQuery } from './scoring.schema.js';
import { buildScoresWorkbook } from './scoring.xlsx.js';

export { applyReportSubmissions, applySupervisionEvent, applyTaskCompletion, rebuildRuleSet, rescorePeriodReports } from './scoring.hooks.js';

type RuleSet = NonNullable<Awaited<ReturnType<typeof repo.findRuleSet>>>;

const cityLocation = (set: { pairId: string; cityId: string }): RecordLocation => ({
  pairId: set.pairId,
  cityId: set.cityId,
  unitId: null,
  unitPath: null,
  ownerId: null,
});
const unitLocation = (u: { id: string; pairId: string; cityId: string; path: string }): RecordLocation => ({
  pairId: u.pairId,
  cityId: u.cityId,
  unitId: u.id,
  unitPath: u.path,
  ownerId: null,
});

/** Whether the caller may change a city's rules: its office (a city grant) or the pair's (all). */
const editsCity = (principal: Principal, set: { pairId: string; cityId: string }) =>
  canAccess(principal.grants, 'supervision.write', principal.userId, cityLocation(set));

/** A rule set the caller may read: anyone of its pair who reads supervision (the rules are not secret inside the pair). */
async function readableRuleSet(ctx: ServiceContext, principal: Principal, id: string): Promise<RuleSet> {
  const set = await repo.findRuleSet(ctx.db, id);
  if (!set || !readsPair(principal, 'supervision.read', set.pairId)) throw new AppError('NOT_FOUND');
  return set;
}

function rulesOrFail(set: RuleSet): ScoringRules {
  const rules = repo.rulesOf(set);
  if (!rules) throw new AppError('INVALID_STATE', [{ field: 'rules', reason: '考评规则无效，请重新保存' }]);
  return rules;
}

export async function listRuleSets(ctx: ServiceContext, principal: Principal, query: z.infer<typeof RuleSetQuery>) {
  const pairIds = pairsOf(grantsFor(principal, 'supervision.read'));
  const rows = await repo.listRuleSets(ctx.db, { pairIds, ...query });
  const items = rows.flatMap((row) => {
    const rules = repo.rulesOf(row);
    return rules ? [presentRuleSet(row, rules, editsCity(principal, row))] : [];
  });
  return { items, total: items.length };
}

export async function getRuleSet(ctx: ServiceContext, principal: Principal, id: string) {
  const set = await readableRuleSet(ctx, principal, id);
  return presentRuleSet(set, rulesOrFail(set), editsCity(principal, set));
}

/**
 * Creates or replaces a city's rules for a year (its office, or the pair's): the entries of the
 * year are rebuilt under the new rules in the same transaction, and the change is audited.
 */
export async function saveRuleSet(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof RuleSetBody>) {
  grantsFor(principal, 'supervision.read');
  const city = await repo.findCity(ctx.db, body.cityId);
  if (!city || !readsPair(principal, 'supervision.read', city.pairId)) throw fieldError('VALIDATION_FAILED', 'cityId', '城市不存在');
  if (!editsCity(principal, { pairId: city.pairId, cityId: city.id })) throw new AppError('FORBIDDEN');
  const { cityId, year, ...input } = body;
  const checked = validateScoringRules(input);
  if (!checked.ok) throw issuesError('VALIDATION_FAILED', checked.issues);
  const now = ctx.clock();
  const id = await ctx.db.transaction(async (tx) => {
    await repo.lockRuleSetKey(tx, cityId, year, 'exclusive');
    const existing = await repo.lockRuleSetFor(tx, cityId, year);
    const row = await repo.upsertRuleSet(tx, existing, { pairId: city.pairId, cityId, year, rules: checked.rules, by: principal.userId, at: now });
    const entries = await rebuildRuleSet(tx, row);
    await recordAudit(tx, ctx.clock, actor, {
      action: existing ? 'scoring.rules.update' : 'scoring.rules.create',
      entityType: 'scoring_rule_set',
      entityId: row.id,
      pairId: city.pairId,
      cityId,
      before: existing ? { year, rules: existing.rules } : null,
      after: { year, rules: checked.rules, entries },
    });
    return row.id;
  });
  return getRuleSet(ctx, principal, id);
}

/** Recomputes a rule set's entries from the events (a repair; equal to what the hooks kept). */
export async function rebuild(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const set = await readableRuleSet(ctx, principal, id);
  if (!editsCity(principal, set)) throw new AppError('FORBIDDEN');
  const entries = await ctx.db.transaction(async (tx) => {
    const n = await rebuildRuleSet(tx, set);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'scoring.rebuild',
      entityType: 'scoring_rule_set',
      entityId: set.id,
      pairId: set.pairId,
      cityId: set.cityId,
      after: { year: set.year, entries: n },
    });
    return n;
  });
  return { id: set.id, entries };
}

function periodOf(query: z.infer<typeof PeriodQuery>): ScoringPeriod {
  const period: ScoringPeriod =
    query.period === 'year'
      ? { kind: 'year' }
      : query.period === 'quarter'
        ? { kind: 'quarter', quarter: query.index ?? 0 }
        : { kind: 'month', month: query.index ?? 0 };
  if (!isScoringPeriod(period)) throw fieldError('VALIDATION_FAILED', 'index', query.period === 'quarter' ? '请选择第 1–4 季度' : '请选择 1–12 月');
  return period;
}

const periodOut = (set: RuleSet, period: ScoringPeriod) => ({
  kind: period.kind,
  index: period.kind === 'quarter' ? period.quarter : period.kind === 'month' ? period.month : null,
  ...periodRange(set.year, period),
  label: periodLabel(set.year, period),
});

/**
 * Each unit's score over a period. The city's office and leaders (a grant reaching the whole
 * city) see every unit with its rank; anyone else of the pair sees only the units their grants
 * reach (a reporter: its own), without ranks.
 */
async function computeScores(ctx: ServiceContext, principal: Principal, set: RuleSet, period: ScoringPeriod) {
  const rules = rulesOrFail(set);
  const { from, to } = periodRange(set.year, period);
  const cityUnits = await repo.unitsOfCity(ctx.db, set.cityId);
  const ranked = canAccess(principal.grants, 'supervision.read', principal.userId, cityLocation(set));
  const scored = cityUnits.filter((u) => !u.disabled && u.type !== 'coordination_office').map((u) => u.id);
  const sums = await repo.categorySums(ctx.db, set.id, from, to);
  const ranking = rankScores(scoreFromSums(rules, sums, scored));
  const byId = new Map(cityUnits.map((u) => [u.id, u]));
  const visible = ranking.filter((s) => {
    const unit = byId.get(s.unitId);
    return unit && (ranked || canAccess(principal.grants, 'supervision.read', principal.userId, unitLocation(unit)));
  });
  return { rules, ranked, items: visible.map((s) => ({ ...s, unitName: byId.get(s.unitId)!.name, rank: ranked ? s.rank : null })) };
}

export async function scores(ctx: ServiceContext, principal: Principal, id: string, query: z.infer<typeof PeriodQuery>) {
  const set = await readableRuleSet(ctx, principal, id);
  const period = periodOf(query);
  const { ranked, items } = await computeScores(ctx, principal, set, period);
  return presentScores(set, periodOut(set, period), ranked, items);
}

/** One unit's score over a period with every entry behind it: "why 87.5 points". */
export async function breakdown(ctx: ServiceContext, principal: Principal, id: string, query: z.infer<typeof BreakdownQuery>) {
  const set = await readableRuleSet(ctx, principal, id);
  const period = periodOf(query);
  const unitId = query.unitId ?? principal.unitId;
  if (!unitId) throw fieldError('VALIDATION_FAILED', 'unitId', '请选择单位');
  const unit = await repo.findUnit(ctx.db, unitId);
  if (!unit || unit.cityId !== set.cityId || !canAccess(principal.grants, 'supervision.read', principal.userId, unitLocation(unit))) {
    throw new AppError('NOT_FOUND');
  }
  const rules = rulesOrFail(set);
  const { from, to } = periodRange(set.year, period);
  const entries = await repo.entriesOfUnit(ctx.db, set.id, unit.id, from, to);
  const [score] = scoreUnits(rules, entries, set.year, period, [unit.id]);
  const subjects = await repo.subjectsOf(ctx.db, entries);
  const ranked = canAccess(principal.grants, 'supervision.read', principal.userId, cityLocation(set));
  const rank = ranked ? ((await computeScores(ctx, principal, set, period)).items.find((s) => s.unitId === unit.id)?.rank ?? null) : null;
  return presentBreakdown(set, periodOut(set, period), rules, { ...score!, unitName: unit.name, rank }, score!.entries, subjects);
}

export async function exportScores(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
  query: z.infer<typeof PeriodQuery>,
): Promise<WorkbookFile> {
  const set = await readableRuleSet(ctx, principal, id);
  const period = periodOf(query);
  const { rules, ranked, items } = await computeScores(ctx, principal, set, period);
  const label = periodLabel(set.year, period);
  const bytes = await buildScoresWorkbook(`${set.cityName}${label}考评`, rules, ranked, items);
  const day = chinaDate(ctx.clock()).replaceAll('-', '');
  const file = { bytes, name: `${set.cityName}${label}考评-${day}.xlsx`, asciiName: `unit-scores-${set.year}-${day}.xlsx` };
  await recordDownload(ctx, actor, {
    action: 'scoring.export',
    entityType: 'scoring_rule_set',
    entityId: set.id,
    pairId: set.pairId,
    cityId: set.cityId,
    after: { file: file.name, period: query, rows: items.length },
  });
  return file;
}
