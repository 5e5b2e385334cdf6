import { and, asc, desc, eq, inArray, lte, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { progressReports, reportEvents, reportIndicatorValues, reportPeriods, tasks, taskUnits, units, users } from '../../db/schema.js';

export type ReportRow = typeof progressReports.$inferSelect;
export type PeriodRow = typeof reportPeriods.$inferSelect;

/** Reports are located by the reporting unit. */
export const reportScopeColumns = { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path, ownerId: progressReports.submittedBy };

export async function insertPeriods(db: Executor, rows: (typeof reportPeriods.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(reportPeriods).values(rows).onConflictDoNothing();
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
 * What the caller's units still have to report: lead-unit × task × period that has started,
 * with no report yet or one in draft or returned, for tasks still under way.
 */
export async function todo(db: Executor, unitScope: SQL, today: string, limit: number, offset: number) {
  const where = and(
    unitScope,
    lte(reportPeriods.startsOn, today),
    notInArray(tasks.status, ['done', 'paused']),
    sql`(${tasks.dueOn} is null or ${reportPeriods.startsOn} <= ${tasks.dueOn})`,
    sql`(${tasks.startOn} is null or ${reportPeriods.endsOn} >= ${tasks.startOn})`,
    sql`(${progressReports.id} is null or ${progressReports.status} in ('draft','returned'))`,
  );
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
