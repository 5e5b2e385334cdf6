import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { progressReports, reportEvents, reportIndicatorValues, reportPeriods, tasks, taskUnits, units, users } from '../../db/schema.js';

export type ReportRow = typeof progressReports.$inferSelect;
export type PeriodRow = typeof reportPeriods.$inferSelect;

/** Reports are located by the reporting unit. */
export const reportScopeColumns = { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path, ownerId: progressReports.submittedBy };

/** Inserts the periods that do not exist yet (same plan, kind and start); returns how many were new. */
export async function insertPeriods(db: Executor, rows: (typeof reportPeriods.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(reportPeriods).values(rows).onConflictDoNothing().returning({ id: reportPeriods.id });
  return inserted.length;
}

/** The start dates of a plan's periods of one kind (to tell which of a span's periods exist already). */
export async function periodStarts(db: Executor, planId: string, kind: string): Promise<Set<string>> {
  const rows = await db
    .select({ startsOn: reportPeriods.startsOn })
    .from(reportPeriods)
    .where(and(eq(reportPeriods.planId, planId), eq(reportPeriods.kind, kind)));
  return new Set(rows.map((r) => r.startsOn));
}

/** Per period of the plan: reports submitted (or accepted) and accepted, among those `scope` reaches. */
export async function periodReportCounts(db: Executor, planId: string, scope: SQL): Promise<Map<string, { submitted: number; accepted: number }>> {
  const rows = await db
    .select({
      periodId: progressReports.periodId,
      submitted: sql<number>`count(*) filter (where ${progressReports.status} in ('submitted','accepted'))::int`,
      accepted: sql<number>`count(*) filter (where ${progressReports.status} = 'accepted')::int`,
    })
    .from(progressReports)
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .where(and(eq(reportPeriods.planId, planId), scope))
    .groupBy(progressReports.periodId);
  return new Map(rows.map((r) => [r.periodId, { submitted: r.submitted, accepted: r.accepted }]));
}

/** A period if it belongs to one of `pairIds` (null: any pair); out of them it is as missing. */
export async function findPeriodIn(db: Executor, id: string, pairIds: string[] | null): Promise<PeriodRow | undefined> {
  if (pairIds !== null && pairIds.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(reportPeriods)
    .where(and(eq(reportPeriods.id, id), pairIds === null ? undefined : inArray(reportPeriods.pairId, pairIds)));
  return row;
}

/**
 * Holds a period against closing until the transaction ends (FOR SHARE: a close waits for the
 * reports being written, and a report written after a close sees it closed).
 */
export async function holdPeriod(tx: Executor, id: string): Promise<PeriodRow | undefined> {
  const [row] = await tx.select().from(reportPeriods).where(eq(reportPeriods.id, id)).for('share');
  return row;
}

/** Locks a period for a change of its own (deadline, closing): the audit's "before" is read under it. */
export async function lockPeriod(tx: Executor, id: string): Promise<PeriodRow | undefined> {
  const [row] = await tx.select().from(reportPeriods).where(eq(reportPeriods.id, id)).for('no key update');
  return row;
}

/** Closes an open period; undefined when it was closed (or gone) by the time of the update. */
export async function closePeriod(tx: Executor, id: string, by: string | null, at: Date): Promise<PeriodRow | undefined> {
  const [row] = await tx
    .update(reportPeriods)
    .set({ closedAt: at, closedBy: by, updatedAt: at })
    .where(and(eq(reportPeriods.id, id), isNull(reportPeriods.closedAt)))
    .returning();
  return row;
}

/** Reopens a closed period; undefined when it was open (or gone) by the time of the update. */
export async function reopenPeriod(tx: Executor, id: string, at: Date): Promise<PeriodRow | undefined> {
  const [row] = await tx
    .update(reportPeriods)
    .set({ closedAt: null, closedBy: null, updatedAt: at })
    .where(and(eq(reportPeriods.id, id), isNotNull(reportPeriods.closedAt)))
    .returning();
  return row;
}

/** Moves the deadline of an open period; undefined when it was closed (or gone) by the time of the update. */
export async function setPeriodDue(tx: Executor, id: string, dueOn: string, at: Date): Promise<PeriodRow | undefined> {
  const [row] = await tx
    .update(reportPeriods)
    .set({ dueOn, updatedAt: at })
    .where(and(eq(reportPeriods.id, id), isNull(reportPeriods.closedAt)))
    .returning();
  return row;
}

/** Tasks of the plan that run through the period (they owe it a report), in id order, the order they are locked in. */
export async function taskIdsCoveredBy(db: Executor, period: PeriodRow): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        eq(tasks.planId, period.planId),
        sql`(${tasks.dueOn} is null or ${tasks.dueOn} >= ${period.startsOn})`,
        sql`(${tasks.startOn} is null or ${tasks.startOn} <= ${period.endsOn})`,
      ),
    )
    .orderBy(asc(tasks.id));
  return rows.map((r) => r.id);
}

export async function periodsOf(db: Executor, planId: string): Promise<PeriodRow[]> {
  return db.select().from(reportPeriods).where(eq(reportPeriods.planId, planId)).orderBy(asc(reportPeriods.startsOn), asc(reportPeriods.kind));
}

export async function findPeriod(db: Executor, id: string): Promise<PeriodRow | undefined> {
  const [row] = await db.select().from(reportPeriods).where(eq(reportPeriods.id, id));
  return row;
}

export async function findReportFor(db: Executor, taskId: string, unitId: string, periodId: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.taskId, taskId), eq(progressReports.unitId, unitId), eq(progressReports.periodId, periodId)));
  return row;
}

/** Locks a unit's report on a task for a period (if there is one) until the transaction ends; returns it as it is now. */
export async function lockReportFor(tx: Executor, taskId: string, unitId: string, periodId: string): Promise<ReportRow | undefined> {
  const [row] = await tx
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.taskId, taskId), eq(progressReports.unitId, unitId), eq(progressReports.periodId, periodId)))
    .for('no key update');
  return row;
}

/** Locks a report until the transaction ends and returns it as it is now (undefined once it is gone). */
export async function lockReport(tx: Executor, id: string): Promise<ReportRow | undefined> {
  const [row] = await tx.select().from(progressReports).where(eq(progressReports.id, id)).for('no key update');
  return row;
}

/** Holds a report against a change of state until the transaction ends (FOR SHARE) and returns it as it is now. */
export async function holdReport(tx: Executor, id: string): Promise<ReportRow | undefined> {
  const [row] = await tx.select().from(progressReports).where(eq(progressReports.id, id)).for('share');
  return row;
}

const reportWith = {
  report: progressReports,
  taskTitle: tasks.title,
  unitName: units.name,
  periodLabel: reportPeriods.label,
  dueOn: reportPeriods.dueOn,
};

function joined(db: Executor) {
  return db
    .select({ ...reportWith, total: totalOver })
    .from(progressReports)
    .innerJoin(tasks, eq(tasks.id, progressReports.taskId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId));
}

export type ReportWith = { report: ReportRow; taskTitle: string; unitName: string; periodLabel: string; dueOn: string };

export async function findReport(db: Executor, id: string, scope?: SQL): Promise<ReportWith | undefined> {
  const [row] = await joined(db).where(and(eq(progressReports.id, id), scope));
  return row;
}

export interface ReportFilter {
  scope: SQL;
  taskId?: string;
  periodId?: string;
  unitId?: string;
  status?: string;
}

export async function listReports(db: Executor, filter: ReportFilter, limit: number, offset: number) {
  const where = and(
    filter.scope,
    filter.taskId ? eq(progressReports.taskId, filter.taskId) : undefined,
    filter.periodId ? eq(progressReports.periodId, filter.periodId) : undefined,
    filter.unitId ? eq(progressReports.unitId, filter.unitId) : undefined,
    filter.status ? eq(progressReports.status, filter.status) : undefined,
  );
  const rows = await joined(db)
    .where(where)
    .orderBy(asc(reportPeriods.dueOn), desc(progressReports.updatedAt), asc(progressReports.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => {
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(progressReports)
      .innerJoin(tasks, eq(tasks.id, progressReports.taskId))
      .innerJoin(units, eq(units.id, progressReports.unitId))
      .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
      .where(where);
    return count?.n ?? 0;
  });
  return { rows, total };
}

export async function valuesOf(db: Executor, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db.select().from(reportIndicatorValues).where(inArray(reportIndicatorValues.reportId, reportIds));
}

export async function eventsOf(db: Executor, reportId: string) {
  return db.select().from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.at), asc(reportEvents.revision));
}

/** Display names of the given users (those who acted on a report), by id. */
export async function displayNames(db: Executor, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertReport(db: Executor, row: typeof progressReports.$inferInsert): Promise<ReportRow> {
  const [inserted] = await db.insert(progressReports).values(row).returning();
  return inserted!;
}

export async function updateReport(db: Executor, id: string, patch: Partial<typeof progressReports.$inferInsert>): Promise<ReportRow> {
  const [row] = await db.update(progressReports).set(patch).where(eq(progressReports.id, id)).returning();
  return row!;
}

export async function replaceValues(db: Executor, reportId: string, values: { indicatorId: string; value: string }[]): Promise<void> {
  await db.delete(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, reportId));
  if (values.length > 0) await db.insert(reportIndicatorValues).values(values.map((v) => ({ reportId, ...v })));
}

export async function insertEvent(db: Executor, row: typeof reportEvents.$inferInsert): Promise<void> {
  await db.insert(reportEvents).values(row);
}

export async function taskUnitRole(db: Executor, taskId: string, unitId: string) {
  const [row] = await db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, unitId)));
  return row?.role ?? null;
}

/**
 * When a task × period pair owes a report (over tasks joined with report_periods): the period has
 * started and is open, the task is under way and overlaps the period. The to-do list, the home page
 * and anything else that counts what is owed share these conditions.
 */
export function periodOwesReport(today: string): SQL[] {
  return [
    lte(reportPeriods.startsOn, today),
    isNull(reportPeriods.closedAt),
    notInArray(tasks.status, ['done', 'paused']),
    sql`(${tasks.dueOn} is null or ${reportPeriods.startsOn} <= ${tasks.dueOn})`,
    sql`(${tasks.startOn} is null or ${reportPeriods.endsOn} >= ${tasks.startOn})`,
  ];
}

/**
 * What the caller's units still have to report: lead-unit × task × period that has started,
 * with no report yet or one in draft or returned, for tasks still under way.
 */
export async function todo(db: Executor, unitScope: SQL, today: string, limit: number, offset: number) {
  const where = and(unitScope, ...periodOwesReport(today), sql`(${progressReports.id} is null or ${progressReports.status} in ('draft','returned'))`);
  const rows = await db
    .select({
      taskId: tasks.id,
      taskTitle: tasks.title,
      unitId: units.id,
      unitName: units.name,
      periodId: reportPeriods.id,
      periodLabel: reportPeriods.label,
      dueOn: reportPeriods.dueOn,
      reportId: progressReports.id,
      status: progressReports.status,
      total: totalOver,
    })
    .from(tasks)
    .innerJoin(taskUnits, and(eq(taskUnits.taskId, tasks.id), eq(taskUnits.role, 'lead')))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .innerJoin(reportPeriods, eq(reportPeriods.planId, tasks.planId))
    .leftJoin(progressReports, and(eq(progressReports.taskId, tasks.id), eq(progressReports.unitId, units.id), eq(progressReports.periodId, reportPeriods.id)))
    .where(where)
    .orderBy(asc(reportPeriods.dueOn), asc(tasks.title), asc(units.name))
    .limit(limit)
    .offset(offset);
  return rows;
}
