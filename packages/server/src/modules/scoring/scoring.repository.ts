import { centsOf, chinaDate, type ScoreEntry, type ScoringEvent, type ScoringRules, validateScoringRules } from '@duikou/domain';
import { and, asc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  cities,
  progressReports,
  reportEvents,
  reportPeriods,
  scoreEntries,
  scoringRuleSets,
  supervisionEvents,
  supervisionItems,
  tasks,
  taskUnits,
  units,
} from '../../db/schema.js';

export type RuleSetRow = typeof scoringRuleSets.$inferSelect;
export type EntryRow = typeof scoreEntries.$inferSelect;

/** The supervision steps a rule can score; the hook returns at once for every other kind. */
export const SCORED_SUPERVISION_KINDS = ['closed', 'overdue', 'extension_approved', 'chased'] as const;

/** The rules a row holds (checked when saved; a row edited by hand into nonsense scores nothing). */
export function rulesOf(row: Pick<RuleSetRow, 'rules'>): ScoringRules | null {
  const checked = validateScoringRules(row.rules);
  return checked.ok ? checked.rules : null;
}

/*
 * Locking, so that what the hooks write always equals a rebuild. A transaction that writes entries
 * holds the rules' row shared (FOR KEY SHARE) until it commits; replacing or rebuilding the rules
 * locks the row FOR UPDATE, so it waits for those writers (and then reads their events), and the
 * writers that come after wait for it and read the new rules (READ COMMITTED re-reads a row
 * updated while a lock on it was awaited). The first rules of a year have no row to lock yet:
 * creating them holds a key of the city and year exclusively, and a writer that finds no rules
 * takes the same key shared and looks again, so a creation never misses an event in flight.
 */

/** The key lock of one city's rules for one year (see above), held to the commit. */
export async function lockRuleSetKey(tx: Executor, cityId: string, year: number, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = `scoring:${cityId}:${year}`;
  if (mode === 'exclusive') await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  else await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`);
}

/** The rules of a city and year held shared until the commit (a writer of entries). */
export async function shareRuleSetFor(tx: Executor, cityId: string, year: number): Promise<RuleSetRow | undefined> {
  const [row] = await tx
    .select()
    .from(scoringRuleSets)
    .where(and(eq(scoringRuleSets.cityId, cityId), eq(scoringRuleSets.year, year)))
    .for('key share');
  return row;
}

/** The rules of a city and year locked for a change or a rebuild (waits for the writers holding them shared). */
export async function lockRuleSetFor(tx: Executor, cityId: string, year: number): Promise<RuleSetRow | undefined> {
  const [row] = await tx
    .select()
    .from(scoringRuleSets)
    .where(and(eq(scoringRuleSets.cityId, cityId), eq(scoringRuleSets.year, year)))
    .for('update');
  return row;
}

export async function findRuleSetFor(db: Executor, cityId: string, year: number): Promise<RuleSetRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRuleSets)
    .where(and(eq(scoringRuleSets.cityId, cityId), eq(scoringRuleSets.year, year)));
  return row;
}

export async function findRuleSet(db: Executor, id: string): Promise<(RuleSetRow & { cityName: string }) | undefined> {
  const [row] = await db
    .select({ set: scoringRuleSets, cityName: cities.name })
    .from(scoringRuleSets)
    .innerJoin(cities, eq(cities.id, scoringRuleSets.cityId))
    .where(eq(scoringRuleSets.id, id));
  return row ? { ...row.set, cityName: row.cityName } : undefined;
}

export async function listRuleSets(db: Executor, where: { pairIds: string[] | null; pairId?: string; cityId?: string; year?: number }) {
  const conditions = [
    where.pairIds ? (where.pairIds.length > 0 ? inArray(scoringRuleSets.pairId, where.pairIds) : sql`false`) : undefined,
    where.pairId ? eq(scoringRuleSets.pairId, where.pairId) : undefined,
    where.cityId ? eq(scoringRuleSets.cityId, where.cityId) : undefined,
    where.year ? eq(scoringRuleSets.year, where.year) : undefined,
  ];
  const rows = await db
    .select({ set: scoringRuleSets, cityName: cities.name })
    .from(scoringRuleSets)
    .innerJoin(cities, eq(cities.id, scoringRuleSets.cityId))
    .where(and(...conditions))
    .orderBy(sql`${scoringRuleSets.year} desc`, asc(cities.position));
  return rows.map((r) => ({ ...r.set, cityName: r.cityName }));
}

export async function findCity(db: Executor, id: string) {
  const [row] = await db.select().from(cities).where(eq(cities.id, id));
  return row;
}

export async function cityIdsOfPair(db: Executor, pairId: string): Promise<string[]> {
  return (await db.select({ id: cities.id }).from(cities).where(eq(cities.pairId, pairId)).orderBy(asc(cities.id))).map((r) => r.id);
}

export async function upsertRuleSet(
  tx: Executor,
  existing: RuleSetRow | undefined,
  values: { pairId: string; cityId: string; year: number; rules: ScoringRules; by: string | null; at: Date },
): Promise<RuleSetRow> {
  const rules = values.rules as unknown as Record<string, unknown>;
  if (existing) {
    const [row] = await tx.update(scoringRuleSets).set({ rules, updatedAt: values.at }).where(eq(scoringRuleSets.id, existing.id)).returning();
    return row!;
  }
  const [row] = await tx
    .insert(scoringRuleSets)
    .values({ pairId: values.pairId, cityId: values.cityId, year: values.year, rules, createdAt: values.at, updatedAt: values.at, createdBy: values.by })
    .returning();
  return row!;
}

/** Rows per INSERT: ten parameters each, well under PostgreSQL's 65,535. */
const INSERT_BATCH = 2000;

/** Writes entries of a rule set; an entry already there (same rule, source and unit) is kept. */
export async function insertEntries(tx: Executor, ruleSetId: string, entries: readonly ScoreEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    await tx
      .insert(scoreEntries)
      .values(entries.slice(i, i + INSERT_BATCH).map((e) => ({ ruleSetId, ...e })))
      .onConflictDoNothing();
  }
}

/** Removes the entries of some sources under the given rule sets (by the identity index: set, rule, source). */
export async function deleteEntriesOf(
  tx: Executor,
  ruleSetIds: readonly string[],
  ruleKeys: readonly string[],
  sourceType: string,
  sourceIds: readonly string[],
) {
  if (ruleSetIds.length === 0 || sourceIds.length === 0) return;
  await tx
    .delete(scoreEntries)
    .where(
      and(
        inArray(scoreEntries.ruleSetId, [...ruleSetIds]),
        inArray(scoreEntries.ruleKey, [...ruleKeys]),
        eq(scoreEntries.sourceType, sourceType),
        inArray(scoreEntries.sourceId, [...sourceIds]),
      ),
    );
}

export async function deleteAllEntries(tx: Executor, ruleSetId: string): Promise<void> {
  await tx.delete(scoreEntries).where(eq(scoreEntries.ruleSetId, ruleSetId));
}

/** China-time bounds of a year, as instants. */
const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);

/**
 * Everything a rule set scores, read from where it happened: the city's supervision steps of
 * the year, the first submissions of its units' reports, and its units' tasks done in the year.
 */
export async function scoringEventsOf(db: Executor, set: Pick<RuleSetRow, 'cityId' | 'year'>): Promise<ScoringEvent[]> {
  const from = `${set.year}-01-01`;
  const to = `${set.year}-12-31`;
  const steps = await db
    .select({
      id: supervisionEvents.id,
      itemId: supervisionEvents.itemId,
      unitId: supervisionEvents.unitId,
      kind: supervisionEvents.kind,
      onDate: supervisionEvents.onDate,
      data: supervisionEvents.data,
    })
    .from(supervisionEvents)
    .where(
      and(
        eq(supervisionEvents.cityId, set.cityId),
        gte(supervisionEvents.onDate, from),
        lte(supervisionEvents.onDate, to),
        inArray(supervisionEvents.kind, [...SCORED_SUPERVISION_KINDS]),
      ),
    );
  const reports = await db
    .select({ id: progressReports.id, unitId: progressReports.unitId, at: reportEvents.at, dueOn: reportPeriods.dueOn })
    .from(reportEvents)
    .innerJoin(progressReports, eq(progressReports.id, reportEvents.reportId))
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .where(
      and(
        eq(reportEvents.action, 'submit'),
        eq(units.cityId, set.cityId),
        gte(reportEvents.at, yearStart(set.year)),
        sql`${reportEvents.at} < ${yearStart(set.year + 1)}`,
      ),
    );
  const done = await db
    .select({ id: tasks.id, weight: tasks.weight, doneAt: tasks.doneAt, unitId: taskUnits.unitId })
    .from(tasks)
    .innerJoin(taskUnits, and(eq(taskUnits.taskId, tasks.id), eq(taskUnits.role, 'lead')))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(
      and(eq(units.cityId, set.cityId), eq(tasks.status, 'done'), gte(tasks.doneAt, yearStart(set.year)), sql`${tasks.doneAt} < ${yearStart(set.year + 1)}`),
    );
  const byTask = new Map<string, { id: string; weight: string; onDate: string; unitIds: string[] }>();
  for (const d of done) {
    const t = byTask.get(d.id) ?? { id: d.id, weight: d.weight, onDate: chinaDate(d.doneAt!), unitIds: [] };
    t.unitIds.push(d.unitId);
    byTask.set(d.id, t);
  }
  return [
    ...steps.map((s): ScoringEvent => ({ source: 'supervision_event', ...s })),
    ...reports.map((r): ScoringEvent => ({ source: 'report', id: r.id, unitId: r.unitId, onDate: chinaDate(r.at), dueOn: r.dueOn })),
    ...[...byTask.values()].map((t): ScoringEvent => ({ source: 'task', ...t })),
  ];
}

/** A report's first submission, with what decides whether it was on time and where it is scored. */
export interface ReportSubmission {
  reportId: string;
  unitId: string;
  cityId: string;
  at: Date;
  dueOn: string;
}

/** The first submissions of a period's reports (for re-scoring them when its deadline moves). */
export async function submissionsOfPeriod(db: Executor, periodId: string): Promise<ReportSubmission[]> {
  return db
    .select({ reportId: progressReports.id, unitId: progressReports.unitId, cityId: units.cityId, at: reportEvents.at, dueOn: reportPeriods.dueOn })
    .from(reportEvents)
    .innerJoin(progressReports, eq(progressReports.id, reportEvents.reportId))
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .where(and(eq(progressReports.periodId, periodId), eq(reportEvents.action, 'submit')));
}

/** A task as its score needs it: done or not, when, its weight and lead units with their cities. */
export async function taskForScoring(db: Executor, taskId: string) {
  const [task] = await db
    .select({ id: tasks.id, pairId: tasks.pairId, status: tasks.status, doneAt: tasks.doneAt, weight: tasks.weight })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  if (!task) return undefined;
  const leads = await db
    .select({ unitId: taskUnits.unitId, cityId: units.cityId })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.role, 'lead')));
  return { ...task, leads };
}

/** A city's units in their order (for rows of the ranking and names). */
export async function unitsOfCity(db: Executor, cityId: string) {
  return db
    .select({ id: units.id, name: units.name, path: units.path, type: units.type, disabled: units.disabled, pairId: units.pairId, cityId: units.cityId })
    .from(units)
    .where(eq(units.cityId, cityId))
    .orderBy(asc(units.sortOrder), asc(units.name));
}

export async function findUnit(db: Executor, id: string) {
  const [row] = await db
    .select({ id: units.id, name: units.name, path: units.path, pairId: units.pairId, cityId: units.cityId })
    .from(units)
    .where(eq(units.id, id));
  return row;
}

/** Each unit's points per category over a period, positives and negatives apart, in hundredths. */
export async function categorySums(db: Executor, ruleSetId: string, from: string, to: string, unitIds?: readonly string[]) {
  const conditions: (SQL | undefined)[] = [
    eq(scoreEntries.ruleSetId, ruleSetId),
    gte(scoreEntries.onDate, from),
    lte(scoreEntries.onDate, to),
    unitIds ? inArray(scoreEntries.unitId, [...unitIds]) : undefined,
  ];
  const rows = await db
    .select({
      unitId: scoreEntries.unitId,
      category: scoreEntries.category,
      gain: sql<string>`coalesce(sum(${scoreEntries.points}) filter (where ${scoreEntries.points} > 0), 0)::text`,
      loss: sql<string>`coalesce(sum(${scoreEntries.points}) filter (where ${scoreEntries.points} < 0), 0)::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(scoreEntries)
    .where(and(...conditions))
    .groupBy(scoreEntries.unitId, scoreEntries.category);
  return rows.map((r) => ({ unitId: r.unitId, category: r.category, gain: centsOf(r.gain), loss: centsOf(r.loss), count: r.count }));
}

export async function entriesOfUnit(db: Executor, ruleSetId: string, unitId: string, from: string, to: string): Promise<EntryRow[]> {
  return db
    .select()
    .from(scoreEntries)
    .where(and(eq(scoreEntries.ruleSetId, ruleSetId), eq(scoreEntries.unitId, unitId), gte(scoreEntries.onDate, from), lte(scoreEntries.onDate, to)))
    .orderBy(asc(scoreEntries.onDate), asc(scoreEntries.ruleKey), asc(scoreEntries.sourceId));
}

/** What each entry is about, for the breakdown: the item's requirement, the task's title, the report's task and period. */
export async function subjectsOf(db: Executor, entries: readonly EntryRow[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(entries.filter((e) => e.sourceType === type).map((e) => e.sourceId))];
  const subjects = new Map<string, string>();
  const stepIds = ids('supervision_event');
  if (stepIds.length > 0) {
    for (const r of await db
      .select({ id: supervisionEvents.id, requirement: supervisionItems.requirement })
      .from(supervisionEvents)
      .innerJoin(supervisionItems, eq(supervisionItems.id, supervisionEvents.itemId))
      .where(inArray(supervisionEvents.id, stepIds))) {
      subjects.set(r.id, r.requirement);
    }
  }
  const taskIds = ids('task');
  if (taskIds.length > 0) {
    for (const r of await db.select({ id: tasks.id, title: tasks.title }).from(tasks).where(inArray(tasks.id, taskIds))) subjects.set(r.id, r.title);
  }
  const reportIds = ids('report');
  if (reportIds.length > 0) {
    for (const r of await db
      .select({ id: progressReports.id, title: tasks.title, label: reportPeriods.label })
      .from(progressReports)
      .innerJoin(tasks, eq(tasks.id, progressReports.taskId))
      .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
      .where(inArray(progressReports.id, reportIds))) {
      subjects.set(r.id, `${r.title}（${r.label}）`);
    }
  }
  return subjects;
}

export async function countEntries(db: Executor, ruleSetId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(scoreEntries).where(eq(scoreEntries.ruleSetId, ruleSetId));
  return row!.n;
}

/** Every rule set (for the command line's rebuild). */
export async function allRuleSets(db: Executor) {
  return db.select().from(scoringRuleSets).orderBy(asc(scoringRuleSets.year), asc(scoringRuleSets.cityId));
}
