import { canAccess, chinaDate, reportPeriods as periodDrafts } from '@duikou/domain';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { taskIndicators, tasks, units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal, pairsOf } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { syncReportStats } from '../dashboard/report-stats.js';
import { notifyActiveUser } from '../notifications/notifications.repository.js';
import { findPlan } from '../plans/plans.repository.js';
import { applyReportSubmissions, rescorePeriodReports } from '../scoring/scoring.hooks.js';
import { recomputeTaskLight } from '../tasks/tasks.light.js';
import { lockTask, taskScope } from '../tasks/tasks.repository.js';
import * as repo from './reports.repository.js';
import type { PeriodOut, PeriodsBody, PeriodUpdateBody, ReportListQuery, ReportOut, ReportSaveBody, ReviewBody } from './reports.schema.js';

type Report = z.infer<typeof ReportOut>;

type Period = z.infer<typeof PeriodOut>;

function presentPeriod(p: repo.PeriodRow, names: Map<string, string>, counts?: { submitted: number; accepted: number }): Period {
  return {
    id: p.id,
    planId: p.planId,
    kind: p.kind as 'monthly' | 'quarterly',
    label: p.label,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    dueOn: p.dueOn,
    closedAt: p.closedAt?.toISOString() ?? null,
    closedByName: p.closedBy ? (names.get(p.closedBy) ?? null) : null,
    submitted: counts?.submitted ?? 0,
    accepted: counts?.accepted ?? 0,
  };
}

/** The reason a closed period refuses a report, naming it. */
function periodClosed(period: repo.PeriodRow): AppError {
  const reason = `报送期“${period.label}”已关闭，不再接收报告`;
  return new AppError('PERIOD_CLOSED', [{ field: 'periodId', reason }], reason);
}

async function presentReport(db: Executor, row: repo.ReportWith, withHistory: boolean): Promise<Report> {
  const r = row.report;
  const [values, events] = await Promise.all([repo.valuesOf(db, [r.id]), withHistory ? repo.eventsOf(db, r.id) : Promise.resolve([])]);
  const names = await repo.displayNames(db, [...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))]);
  return {
    id: r.id,
    taskId: r.taskId,
    taskTitle: row.taskTitle,
    unitId: r.unitId,
    unitName: row.unitName,
    periodId: r.periodId,
    periodLabel: row.periodLabel,
    dueOn: row.dueOn,
    status: r.status as Report['status'],
    narrative: r.narrative,
    progress: r.progress,
    values: values.map((v) => ({ indicatorId: v.indicatorId, value: v.value })),
    revision: r.revision,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewComment: r.reviewComment,
    history: events.map((e) => ({
      action: e.action,
      revision: e.revision,
      comment: e.comment,
      actorId: e.actorId,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      at: e.at.toISOString(),
      snapshot: e.snapshot,
    })),
  };
}

async function planFor(ctx: ServiceContext, principal: Principal, planId: string, permission: 'plans.read' | 'plans.write') {
  const plan = await findPlan(ctx.db, planId);
  if (!plan) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, permission, plan.pairId);
  return plan;
}

function draftsOf(body: z.infer<typeof PeriodsBody>) {
  const drafts = periodDrafts(body.kind, body.from, body.to, body.dueDays);
  if (drafts.length > 120) throw fieldError('VALIDATION_FAILED', 'to', '一次最多生成120个报送周期');
  return drafts;
}

/** What creating periods over a span would give, each marked if it exists already; writes nothing. */
export async function previewPeriods(ctx: ServiceContext, principal: Principal, planId: string, body: z.infer<typeof PeriodsBody>) {
  await planFor(ctx, principal, planId, 'plans.write');
  const drafts = draftsOf(body);
  const existing = await repo.periodStarts(ctx.db, planId, body.kind);
  const items = drafts.map((d) => ({ ...d, exists: existing.has(d.startsOn) }));
  return { items, total: items.length, created: items.filter((i) => !i.exists).length };
}

/** Creates the plan's monthly or quarterly periods over a span (existing ones are kept); says how many were new. */
export async function createPeriods(ctx: ServiceContext, principal: Principal, actor: Actor, planId: string, body: z.infer<typeof PeriodsBody>) {
  const plan = await planFor(ctx, principal, planId, 'plans.write');
  const drafts = draftsOf(body);
  const now = ctx.clock();
  const created = await ctx.db.transaction(async (tx) => {
    const n = await repo.insertPeriods(
      tx,
      drafts.map((d) => ({ ...d, planId, pairId: plan.pairId, kind: body.kind, createdBy: principal.userId, createdAt: now, updatedAt: now })),
    );
    await recordAudit(tx, ctx.clock, actor, {
      action: 'report_periods.create',
      entityType: 'plan',
      entityId: planId,
      pairId: plan.pairId,
      after: { ...body, created: n },
    });
    return n;
  });
  return { ...(await listPeriods(ctx, principal, planId)), created };
}

export async function listPeriods(ctx: ServiceContext, principal: Principal, planId: string) {
  await planFor(ctx, principal, planId, 'plans.read');
  const rows = await repo.periodsOf(ctx.db, planId);
  const [counts, names] = await Promise.all([
    repo.periodReportCounts(ctx.db, planId, readScope(principal)),
    repo.displayNames(ctx.db, [...new Set(rows.flatMap((r) => (r.closedBy ? [r.closedBy] : [])))]),
  ]);
  const items = rows.map((r) => presentPeriod(r, names, counts.get(r.id)));
  return { items, total: items.length };
}

/** A period of a pair the caller reads plans in (else 404), that it may change (else 403). */
async function periodFor(ctx: ServiceContext, principal: Principal, id: string) {
  const period = await repo.findPeriodIn(ctx.db, id, pairsOf(grantsWith(principal, 'plans.read')));
  if (!period) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'plans.write', period.pairId);
  return period;
}

async function presentOne(ctx: ServiceContext, principal: Principal, id: string): Promise<Period> {
  const period = await repo.findPeriod(ctx.db, id);
  if (!period) throw new AppError('NOT_FOUND');
  const { items } = await listPeriods(ctx, principal, period.planId);
  return items.find((p) => p.id === id)!;
}

/**
 * Moves an open period's deadline. The lights of the tasks that owe it a report follow at once
 * (a report can become overdue, or stop being so), in the same transaction.
 */
export async function updatePeriod(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof PeriodUpdateBody>) {
  const seen = await periodFor(ctx, principal, id);
  if (seen.closedAt) throw fieldError('INVALID_STATE', 'dueOn', `报送期“${seen.label}”已关闭，请先重新开放再修改报送截止日期`);
  if (body.dueOn < seen.endsOn) throw fieldError('VALIDATION_FAILED', 'dueOn', `报送截止日期不能早于报送期结束日期（${seen.endsOn}）`);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const current = await repo.lockPeriod(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    const updated = current.closedAt ? undefined : await repo.setPeriodDue(tx, id, body.dueOn, now);
    if (!updated) throw new AppError('STALE_STATE', [{ field: 'status', reason: `报送期“${seen.label}”已被他人关闭` }]);
    for (const taskId of await repo.taskIdsCoveredBy(tx, updated)) await recomputeTaskLight(tx, ctx.clock, taskId);
    // 考评: the reports already submitted are on time or late against the new deadline.
    await rescorePeriodReports(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'report_period.update',
      entityType: 'report_period',
      entityId: id,
      pairId: seen.pairId,
      before: { dueOn: current.dueOn },
      after: { dueOn: body.dueOn },
    });
  });
  return presentOne(ctx, principal, id);
}

/** Closes a period: no new drafts or submissions for it; what was submitted can still be reviewed. */
export async function closePeriod(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const seen = await periodFor(ctx, principal, id);
  if (seen.closedAt) throw fieldError('INVALID_STATE', 'status', `报送期“${seen.label}”已关闭`);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const closed = await repo.closePeriod(tx, id, principal.userId, now);
    if (!closed) throw new AppError('STALE_STATE', [{ field: 'status', reason: `报送期“${seen.label}”已被他人关闭` }]);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'report_period.close',
      entityType: 'report_period',
      entityId: id,
      pairId: seen.pairId,
      before: { closedAt: null },
      after: { closedAt: now.toISOString() },
    });
  });
  return presentOne(ctx, principal, id);
}

/** Reopens a closed period: units may again save and submit reports for it. */
export async function reopenPeriod(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const seen = await periodFor(ctx, principal, id);
  if (!seen.closedAt) throw fieldError('INVALID_STATE', 'status', `报送期“${seen.label}”未关闭`);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const current = await repo.lockPeriod(tx, id);
    const reopened = current?.closedAt ? await repo.reopenPeriod(tx, id, now) : undefined;
    if (!reopened) throw new AppError('STALE_STATE', [{ field: 'status', reason: `报送期“${seen.label}”已被他人重新开放` }]);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'report_period.reopen',
      entityType: 'report_period',
      entityId: id,
      pairId: seen.pairId,
      before: { closedAt: current?.closedAt?.toISOString() ?? null },
      after: { closedAt: null },
    });
  });
  return presentOne(ctx, principal, id);
}

/** Reports are seen by whoever sees their unit: the office the pair's or city's, a reporter its own unit's. */
export function readScope(principal: Principal) {
  return scopeFilter(grantsWith(principal, 'tasks.read'), principal.userId, repo.reportScopeColumns);
}

export async function listReports(ctx: ServiceContext, principal: Principal, query: z.infer<typeof ReportListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'tasks.read');
  const { rows, total } = await repo.listReports(ctx.db, { ...filter, scope: readScope(principal) }, pageSize, (page - 1) * pageSize);
  const items: Report[] = [];
  for (const row of rows) items.push(await presentReport(ctx.db, row, false));
  return { items, total };
}

export async function getReport(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findReport(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return presentReport(ctx.db, row, true);
}

/** The caller's reporting to-do list ("my tasks to report"). */
export async function todo(ctx: ServiceContext, principal: Principal, page: number, pageSize: number) {
  const scope = scopeFilter(grantsFor(principal, 'tasks.report'), principal.userId, {
    pairId: units.pairId,
    cityId: units.cityId,
    unitId: units.id,
    unitPath: units.path,
  });
  const today = chinaDate(ctx.clock());
  const offset = (page - 1) * pageSize;
  const rows = await repo.todo(ctx.db, scope, today, pageSize, offset);
  const total = rows[0]?.total ?? (offset === 0 ? 0 : ((await repo.todo(ctx.db, scope, today, 1, 0))[0]?.total ?? 0));
  return {
    items: rows.map(({ total: _total, ...r }) => ({ ...r, status: r.status as 'draft' | 'returned' | null, overdue: r.dueOn < today })),
    total,
  };
}

/**
 * Saves (and optionally submits) a unit's report on a task for a period. Only the unit's
 * reporters write it; a submitted report is locked until the office returns it; an accepted one
 * stays as it is. Every submission is kept in the report's history.
 */
export async function saveReport(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof ReportSaveBody>) {
  const grants = grantsFor(principal, 'tasks.report');
  const [task] = await ctx.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, body.taskId), taskScope(grantsFor(principal, 'tasks.read'), principal.userId)));
  if (!task) throw fieldError('VALIDATION_FAILED', 'taskId', '任务不存在');
  const [unit] = await ctx.db.select().from(units).where(eq(units.id, body.unitId));
  if (!unit || !(await repo.taskUnitRole(ctx.db, task.id, unit.id))) throw fieldError('VALIDATION_FAILED', 'unitId', '该单位不是此任务的责任单位');
  if (!canAccess(grants, 'tasks.report', principal.userId, { pairId: unit.pairId, cityId: unit.cityId, unitId: unit.id, unitPath: unit.path, ownerId: null })) {
    throw new AppError('FORBIDDEN', [{ field: 'unitId', reason: '只能为本单位报送' }], 'unitId: 只能为本单位报送');
  }
  const period = await repo.findPeriod(ctx.db, body.periodId);
  if (!period || period.planId !== task.planId) throw fieldError('VALIDATION_FAILED', 'periodId', '报送周期不属于该任务的方案');
  if (period.startsOn > chinaDate(ctx.clock())) throw fieldError('VALIDATION_FAILED', 'periodId', '报送周期尚未开始');
  if (period.closedAt) throw periodClosed(period);
  const indicatorIds = body.values.map((v) => v.indicatorId);
  if (indicatorIds.length > 0) {
    const known = await ctx.db
      .select({ id: taskIndicators.id })
      .from(taskIndicators)
      .where(and(eq(taskIndicators.taskId, task.id), inArray(taskIndicators.id, indicatorIds)));
    const knownIds = new Set(known.map((k) => k.id));
    const unknown = indicatorIds.findIndex((id) => !knownIds.has(id));
    if (unknown >= 0) throw fieldError('VALIDATION_FAILED', `values.${unknown}.indicatorId`, '指标不属于该任务');
  }
  const locked = (report: repo.ReportRow | undefined) => report && (report.status === 'submitted' || report.status === 'accepted');
  const lockedReason = (report: repo.ReportRow) => [{ field: 'status', reason: report.status === 'submitted' ? '报告已提交，等待审核' : '报告已通过审核' }];
  const seen = await repo.findReportFor(ctx.db, task.id, unit.id, period.id);
  if (seen && locked(seen)) throw new AppError('INVALID_STATE', lockedReason(seen));
  const now = ctx.clock();
  const id = await ctx.db.transaction(async (tx) => {
    // Decided on the report as it is under its lock: of several submissions at once one wins,
    // the others find it submitted (409). The task is locked next, before the summaries, in the
    // order of the review (report, then task).
    const existing = await repo.lockReportFor(tx, task.id, unit.id, period.id);
    if (existing && locked(existing)) throw new AppError('STALE_STATE', lockedReason(existing));
    // Held until commit: a close waits for this report, or this report finds the period closed.
    const held = await repo.holdPeriod(tx, period.id);
    if (!held || held.closedAt) throw periodClosed(period);
    if (!(await lockTask(tx, task.id))) throw fieldError('VALIDATION_FAILED', 'taskId', '任务不存在');
    const resubmitting = existing?.status === 'returned';
    const fields = {
      narrative: body.narrative,
      progress: body.progress,
      status: body.submit ? 'submitted' : (existing?.status ?? 'draft'),
      ...(body.submit ? { submittedAt: now, submittedBy: principal.userId } : {}),
      updatedAt: now,
    };
    const report = existing
      ? await repo.updateReport(tx, existing.id, { ...fields, revision: resubmitting && body.submit ? existing.revision + 1 : existing.revision })
      : await repo.insertReport(tx, {
          ...fields,
          pairId: task.pairId,
          taskId: task.id,
          unitId: unit.id,
          periodId: period.id,
          createdBy: principal.userId,
          createdAt: now,
        });
    await repo.replaceValues(tx, report.id, body.values);
    const action = body.submit ? (resubmitting ? 'resubmit' : 'submit') : 'save';
    await repo.insertEvent(tx, {
      reportId: report.id,
      action,
      revision: report.revision,
      snapshot: { narrative: body.narrative, progress: body.progress, values: body.values },
      actorId: principal.userId,
      at: now,
    });
    await syncReportStats(tx, report.id);
    if (body.submit) await recomputeTaskLight(tx, ctx.clock, task.id);
    // 考评: a report's first submission scores its unit, on time or late against the period's deadline.
    if (action === 'submit') await applyReportSubmissions(tx, [{ reportId: report.id, unitId: unit.id, cityId: unit.cityId, at: now, dueOn: held.dueOn }]);
    await recordAudit(tx, ctx.clock, actor, {
      action: `report.${action}`,
      entityType: 'progress_report',
      entityId: report.id,
      pairId: task.pairId,
      cityId: unit.cityId,
      after: { ...fields, values: body.values },
    });
    return report.id;
  });
  return getReport(ctx, principal, id);
}

/**
 * The office accepts a submitted report — its progress and indicator values become the task's —
 * or returns it with a comment for the unit to edit and resubmit. The reporter who submitted it
 * gets a notice linking to the report.
 */
export async function reviewReport(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ReviewBody>) {
  const row = await repo.findReport(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  const [seenTask] = await ctx.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.id, row.report.taskId), taskScope(grantsFor(principal, 'reports.review'), principal.userId)));
  if (!seenTask) throw new AppError('FORBIDDEN');
  const notSubmitted = () => new AppError('INVALID_STATE', [{ field: 'status', reason: '只能审核已提交的报告' }], '只能审核已提交的报告');
  if (row.report.status !== 'submitted') throw notSubmitted();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    // The report, then its task, locked and read again: of an accept and a return at once one
    // wins and the other finds the report reviewed (409); the task takes the progress of the
    // report as it is now, and its status as it is now.
    const report = await repo.lockReport(tx, id);
    if (!report) throw new AppError('NOT_FOUND');
    if (report.status !== 'submitted') throw new AppError('STALE_STATE', [{ field: 'status', reason: '报告已被他人审核或退回' }]);
    const task = await lockTask(tx, report.taskId);
    if (!task) throw new AppError('NOT_FOUND');
    const accepted = body.decision === 'accept';
    await repo.updateReport(tx, id, {
      status: accepted ? 'accepted' : 'returned',
      reviewedAt: now,
      reviewedBy: principal.userId,
      reviewComment: body.comment ?? null,
      updatedAt: now,
    });
    const values = await repo.valuesOf(tx, [id]);
    await repo.insertEvent(tx, {
      reportId: id,
      action: accepted ? 'accept' : 'return',
      revision: report.revision,
      snapshot: { narrative: report.narrative, progress: report.progress, values: values.map((v) => ({ indicatorId: v.indicatorId, value: v.value })) },
      comment: body.comment ?? null,
      actorId: principal.userId,
      at: now,
    });
    if (accepted) {
      // An accepted report is the task's latest word: its progress and its entered indicator values.
      const patch: Partial<typeof tasks.$inferInsert> = { updatedAt: now };
      if (report.progress !== null) patch.progress = report.progress;
      if (task.status === 'not_started') patch.status = 'in_progress';
      await tx.update(tasks).set(patch).where(eq(tasks.id, task.id));
      for (const v of values) {
        await tx
          .update(taskIndicators)
          .set({ actual: v.value })
          .where(and(eq(taskIndicators.id, v.indicatorId), eq(taskIndicators.computation, 'entered')));
      }
    }
    await syncReportStats(tx, id);
    await recomputeTaskLight(tx, ctx.clock, task.id);
    await recordAudit(tx, ctx.clock, actor, {
      action: accepted ? 'report.accept' : 'report.return',
      entityType: 'progress_report',
      entityId: id,
      pairId: task.pairId,
      before: { status: report.status },
      after: { status: accepted ? 'accepted' : 'returned', comment: body.comment ?? null },
    });
    // The reporter who submitted learns the outcome; a returned report needs their action.
    if (report.submittedBy && report.submittedBy !== principal.userId) {
      await notifyActiveUser(tx, {
        userId: report.submittedBy,
        kind: accepted ? 'report_accepted' : 'report_returned',
        title: accepted ? `进展报告已通过：${row.taskTitle}` : `进展报告被退回：${row.taskTitle}`,
        body: accepted ? `${row.periodLabel}进展报告已通过审核` : `${row.periodLabel}进展报告退回意见：${body.comment}`,
        link: `/reports/${id}`,
        dedupeKey: `report:${id}:${accepted ? 'accept' : 'return'}:${report.revision}`,
        createdAt: now,
      });
    }
  });
  return getReport(ctx, principal, id);
}
