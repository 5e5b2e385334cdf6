import { and, asc, desc, eq, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { totalOver } from '../../db/pagination.js';
import { cities, meetings, notifications, pairs, progressReports, reportPeriods, supervisionItems, tasks, taskUnits, units } from '../../db/schema.js';
import { periodOwesReport } from '../reports/reports.repository.js';

/*
 * The home page's reads: each one page of a section (its first rows) with the section's total in
 * the same statement (a window count), so a section is one round trip; a section without rows
 * has a total of 0.
 */

const totalOfRows = (rows: readonly { total: number }[]) => rows[0]?.total ?? 0;

/**
 * What the units still have to report: lead unit × task × period that has started, with no
 * report yet or only a draft, for tasks still under way (the conditions of the reports' to-do
 * list, without the returned reports, which the home lists apart). Nearest deadline first.
 */
export async function dueReports(db: Executor, pairId: string, unitScope: SQL, today: string, limit: number) {
  const overdue = sql<boolean>`${reportPeriods.dueOn} < ${today}`;
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
      total: totalOver,
      overdueTotal: sql<number>`(count(*) filter (where ${overdue}) over())::int`,
    })
    .from(tasks)
    .innerJoin(taskUnits, and(eq(taskUnits.taskId, tasks.id), eq(taskUnits.role, 'lead')))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .innerJoin(reportPeriods, eq(reportPeriods.planId, tasks.planId))
    .leftJoin(progressReports, and(eq(progressReports.taskId, tasks.id), eq(progressReports.unitId, units.id), eq(progressReports.periodId, reportPeriods.id)))
    .where(and(eq(tasks.pairId, pairId), unitScope, ...periodOwesReport(today), sql`(${progressReports.id} is null or ${progressReports.status} = 'draft')`))
    .orderBy(asc(reportPeriods.dueOn), asc(tasks.title), asc(units.name), asc(tasks.id))
    .limit(limit);
  return { rows, total: totalOfRows(rows), overdue: rows[0]?.overdueTotal ?? 0 };
}

/** Reports of a status in scope (located by the reporting unit), ordered as given. */
async function reportsWithStatus(db: Executor, pairId: string, scope: SQL, status: 'returned' | 'submitted', orderBy: SQL[], limit: number) {
  const rows = await db
    .select({
      reportId: progressReports.id,
      taskId: progressReports.taskId,
      taskTitle: tasks.title,
      unitName: units.name,
      periodLabel: reportPeriods.label,
      dueOn: reportPeriods.dueOn,
      reviewComment: progressReports.reviewComment,
      reviewedAt: progressReports.reviewedAt,
      submittedAt: progressReports.submittedAt,
      total: totalOver,
    })
    .from(progressReports)
    .innerJoin(tasks, eq(tasks.id, progressReports.taskId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
    .where(and(eq(progressReports.pairId, pairId), eq(progressReports.status, status), scope))
    .orderBy(...orderBy, asc(progressReports.id))
    .limit(limit);
  return { rows, total: totalOfRows(rows) };
}

/** Returned reports to rework and submit again, the earliest deadline first. */
export const returnedReports = (db: Executor, pairId: string, scope: SQL, limit: number) =>
  reportsWithStatus(db, pairId, scope, 'returned', [asc(reportPeriods.dueOn), desc(progressReports.reviewedAt)], limit);

/** The review queue: submitted reports, the one waiting longest first. */
export const reportsToReview = (db: Executor, pairId: string, scope: SQL, limit: number) =>
  reportsWithStatus(db, pairId, scope, 'submitted', [sql`${progressReports.submittedAt} asc nulls first`], limit);

/** Supervision items of the pair in scope (joined to their unit) that match `condition`, earliest deadline first. */
export async function supervisionWhere(db: Executor, pairId: string, scope: SQL, condition: SQL, limit: number) {
  const rows = await db
    .select({
      id: supervisionItems.id,
      requirement: supervisionItems.requirement,
      unitName: units.name,
      deadline: supervisionItems.deadline,
      status: supervisionItems.status,
      total: totalOver,
    })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .where(and(eq(supervisionItems.pairId, pairId), condition, scope))
    .orderBy(asc(supervisionItems.deadline), asc(supervisionItems.createdAt), asc(supervisionItems.id))
    .limit(limit);
  return { rows, total: totalOfRows(rows) };
}

/** Waiting for the unit, and for the office: the supervision list's `waitingFor`, so the counts equal the lists. */
export { waitingForOfficeSql as repliedSupervision, waitingForUnitSql as openSupervision } from '../supervision/supervision.repository.js';
export const overdueSupervision = (today: string) => sql`(${supervisionItems.status} <> 'closed' and ${supervisionItems.deadline} < ${today})`;

/** Red tasks of the pair in scope, the earliest due first, with the lead unit's name. */
export async function redTasks(db: Executor, pairId: string, scope: SQL, limit: number) {
  const rows = await db
    .select({ id: tasks.id, title: tasks.title, dueOn: tasks.dueOn, lightReasons: tasks.lightReasons, total: totalOver })
    .from(tasks)
    .where(and(eq(tasks.pairId, pairId), eq(tasks.light, 'red'), scope))
    .orderBy(sql`${tasks.dueOn} asc nulls last`, asc(tasks.title), asc(tasks.id))
    .limit(limit);
  const leads =
    rows.length === 0
      ? []
      : await db
          .select({ taskId: taskUnits.taskId, name: units.name })
          .from(taskUnits)
          .innerJoin(units, eq(units.id, taskUnits.unitId))
          .where(
            and(
              inArray(
                taskUnits.taskId,
                rows.map((r) => r.id),
              ),
              eq(taskUnits.role, 'lead'),
            ),
          )
          .orderBy(asc(units.name));
  const leadOf = new Map<string, string>();
  for (const lead of leads) if (!leadOf.has(lead.taskId)) leadOf.set(lead.taskId, lead.name);
  return { rows: rows.map((r) => ({ ...r, leadUnitName: leadOf.get(r.id) ?? null })), total: totalOfRows(rows) };
}

/** The next planned meeting in scope starting on or after `from`. */
export async function nextMeeting(db: Executor, pairId: string, scope: SQL, from: Date) {
  const [row] = await db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, place: meetings.place })
    .from(meetings)
    .where(and(eq(meetings.pairId, pairId), eq(meetings.status, 'planned'), gte(meetings.startsAt, from), scope))
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(1);
  return row ?? null;
}

/** The user's latest unread notices and how many are unread. */
export async function unreadNotices(db: Executor, userId: string, limit: number) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      link: notifications.link,
      createdAt: notifications.createdAt,
      total: totalOver,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  return { rows, total: totalOfRows(rows) };
}

export async function pairExists(db: Executor, pairId: string): Promise<boolean> {
  const [row] = await db.select({ id: pairs.id }).from(pairs).where(eq(pairs.id, pairId));
  return row !== undefined;
}

export async function namesOf(db: Executor, table: 'units' | 'cities', ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const t = table === 'units' ? units : cities;
  const rows = await db
    .select({ id: t.id, name: t.name })
    .from(t)
    .where(inArray(t.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
