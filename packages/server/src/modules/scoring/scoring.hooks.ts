import { chinaDate, entriesForEvent, type ScoreEntry, type ScoringRules } from '@duikou/domain';
import type { Executor } from '../../db/client.js';
import * as repo from './scoring.repository.js';

/*
 * 考评 kept current: each hook runs inside the transaction of the event it scores (a supervision
 * step, a report's first submission, a task becoming done or reopened), so the entries commit or
 * roll back with it. A hook reads the rules of a city and year once per transaction (holding
 * them shared, so a rule change or a rebuild waits for it and then sees its event; see
 * scoring.repository.ts) and
 * writes by the entries' identity index; it never scans. Call hooks before `recordAudit`: the
 * audit chain's lock is taken last.
 */

interface HookRuleSet {
  id: string;
  rules: ScoringRules;
}

const perTransaction = new WeakMap<object, Map<string, HookRuleSet | null>>();

/** The rules of a city for a year, held shared until the commit; null when the office set none. */
export async function ruleSetInTransaction(tx: Executor, cityId: string, year: number): Promise<HookRuleSet | null> {
  const cache = perTransaction.get(tx) ?? new Map<string, HookRuleSet | null>();
  perTransaction.set(tx, cache);
  const key = `${cityId}:${year}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // One statement when the rules exist (held shared); when not, the creation key is held and the rules looked for again.
  let row = await repo.shareRuleSetFor(tx, cityId, year);
  if (!row) {
    await repo.lockRuleSetKey(tx, cityId, year, 'shared');
    row = await repo.shareRuleSetFor(tx, cityId, year);
  }
  const rules = row ? repo.rulesOf(row) : null;
  const found = row && rules ? { id: row.id, rules } : null;
  cache.set(key, found);
  return found;
}

/** Forgets what a transaction read (after it replaced a city's rules itself). */
export function forgetRuleSets(tx: Executor): void {
  perTransaction.delete(tx);
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** A supervision step as stored (supervision_events); see `recordSupervisionEvent`. */
export interface StoredSupervisionEvent {
  id: string;
  itemId: string;
  cityId: string;
  unitId: string;
  kind: string;
  onDate: string;
  data: Record<string, unknown>;
}

const SCORED = new Set<string>(repo.SCORED_SUPERVISION_KINDS);

/** Scores a supervision step just recorded (closed, overdue, an approved extension, a 催办); every other kind costs nothing. */
export async function applySupervisionEvent(tx: Executor, event: StoredSupervisionEvent): Promise<void> {
  if (!SCORED.has(event.kind)) return;
  const set = await ruleSetInTransaction(tx, event.cityId, yearOf(event.onDate));
  if (!set) return;
  const entries = entriesForEvent(set.rules, {
    source: 'supervision_event',
    id: event.id,
    itemId: event.itemId,
    unitId: event.unitId,
    kind: event.kind,
    onDate: event.onDate,
    data: event.data ?? {},
  });
  await repo.insertEntries(tx, set.id, entries);
}

const REPORT_RULES = ['report_on_time', 'report_late'];

/**
 * Scores reports' first submissions (on time when on or before the period's due date). Any entry
 * they had is replaced, so the same call re-scores them when their period's deadline moves.
 */
export async function applyReportSubmissions(tx: Executor, submissions: readonly repo.ReportSubmission[]): Promise<void> {
  const bySet = new Map<string, { set: HookRuleSet; entries: ScoreEntry[]; ids: string[] }>();
  const keys = [...new Set(submissions.map((s) => `${s.cityId}:${yearOf(chinaDate(s.at))}`))].sort();
  for (const key of keys) {
    const [cityId, year] = key.split(':') as [string, string];
    const set = await ruleSetInTransaction(tx, cityId, Number(year));
    if (!set) continue;
    const of = submissions.filter((s) => s.cityId === cityId && yearOf(chinaDate(s.at)) === Number(year));
    bySet.set(set.id, {
      set,
      ids: of.map((s) => s.reportId),
      entries: of.flatMap((s) => entriesForEvent(set.rules, { source: 'report', id: s.reportId, unitId: s.unitId, onDate: chinaDate(s.at), dueOn: s.dueOn })),
    });
  }
  for (const { set, ids, entries } of bySet.values()) {
    await repo.deleteEntriesOf(tx, [set.id], REPORT_RULES, 'report', ids);
    await repo.insertEntries(tx, set.id, entries);
  }
}

/** Re-scores the reports of a period whose deadline moved. */
export async function rescorePeriodReports(tx: Executor, periodId: string): Promise<void> {
  const submissions = await repo.submissionsOfPeriod(tx, periodId);
  if (submissions.length > 0) await applyReportSubmissions(tx, submissions);
}

/**
 * Scores a task as it is now: its entries under the rules of the years it was and is done are
 * removed, and, when it is done, written again for its lead units (points × weight). Called when
 * its status or units change; `previousDoneAt` is when it was done before the change.
 */
export async function applyTaskCompletion(tx: Executor, taskId: string, previousDoneAt: Date | null): Promise<void> {
  const task = await repo.taskForScoring(tx, taskId);
  if (!task) return;
  const years = [...new Set([previousDoneAt, task.status === 'done' ? task.doneAt : null].flatMap((d) => (d ? [yearOf(chinaDate(d))] : [])))].sort();
  if (years.length === 0) return;
  const cityIds = await repo.cityIdsOfPair(tx, task.pairId);
  const sets: { set: HookRuleSet; cityId: string; year: number }[] = [];
  for (const year of years) {
    for (const cityId of cityIds) {
      const set = await ruleSetInTransaction(tx, cityId, year);
      if (set) sets.push({ set, cityId, year });
    }
  }
  await repo.deleteEntriesOf(
    tx,
    sets.map((s) => s.set.id),
    ['task_completed'],
    'task',
    [taskId],
  );
  if (task.status !== 'done' || !task.doneAt) return;
  const onDate = chinaDate(task.doneAt);
  for (const { set, cityId, year } of sets) {
    if (year !== yearOf(onDate)) continue;
    const unitIds = task.leads.filter((l) => l.cityId === cityId).map((l) => l.unitId);
    if (unitIds.length === 0) continue;
    await repo.insertEntries(tx, set.id, entriesForEvent(set.rules, { source: 'task', id: task.id, unitIds, onDate, weight: task.weight }));
  }
}

/**
 * Recomputes every entry of a rule set from the events (under its exclusive lock): what the hooks
 * wrote, written again. Returns the number of entries.
 */
export async function rebuildRuleSet(tx: Executor, set: Pick<repo.RuleSetRow, 'id' | 'cityId' | 'year' | 'rules'>): Promise<number> {
  await repo.lockRuleSetKey(tx, set.cityId, set.year, 'exclusive');
  // The rules as they are under the lock (a change committed since `set` was read is the one to apply).
  const current = (await repo.lockRuleSetFor(tx, set.cityId, set.year)) ?? set;
  forgetRuleSets(tx);
  await repo.deleteAllEntries(tx, set.id);
  const rules = repo.rulesOf(current);
  if (!rules) return 0;
  const entries = (await repo.scoringEventsOf(tx, set)).flatMap((event) => entriesForEvent(rules, event));
  await repo.insertEntries(tx, set.id, entries);
  return entries.length;
}
