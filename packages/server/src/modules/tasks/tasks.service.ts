import { canAccess, chinaDate, computeTaskLight, type TaskStatus } from '@duikou/domain';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { planMeasures } from '../../db/schema.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, grantsFor, type Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentTask } from './tasks.presenter.js';
import * as repo from './tasks.repository.js';
import type { IndicatorIn, MilestoneIn, TaskCreateBody, TaskListQuery, TaskUpdateBody } from './tasks.schema.js';

type Milestones = z.infer<typeof MilestoneIn>[];
type Indicators = z.infer<typeof IndicatorIn>[];

const readScope = (p: Principal) => repo.taskScope(grantsFor(p, 'tasks.read'), p.userId);

async function present(ctx: ServiceContext | { db: Executor }, row: repo.TaskRow) {
  return presentTask(row, await repo.detailsOf(ctx.db, [row.id]));
}

/**
 * Checks the units named on a task: they exist, are active, belong to the task's pair, appear in
 * one role only; and the caller may assign tasks to at least one lead unit.
 */
async function checkUnits(ctx: ServiceContext, principal: Principal, pairId: string, leadIds: string[], supportIds: string[]) {
  const overlap = supportIds.find((id) => leadIds.includes(id));
  if (overlap) throw fieldError('VALIDATION_FAILED', 'supportUnitIds', '同一单位不能既是牵头单位又是配合单位');
  const rows = await repo.unitsByIds(ctx.db, [...new Set([...leadIds, ...supportIds])]);
  for (const [field, ids] of [
    ['leadUnitIds', leadIds],
    ['supportUnitIds', supportIds],
  ] as const) {
    for (const [i, id] of ids.entries()) {
      const unit = rows.find((u) => u.id === id);
      if (!unit || unit.pairId !== pairId) throw fieldError('VALIDATION_FAILED', `${field}.${i}`, '单位不存在或不属于本结对城市');
      if (unit.disabled) throw fieldError('VALIDATION_FAILED', `${field}.${i}`, '单位已停用');
    }
  }
  const writable = grantsFor(principal, 'tasks.write');
  const reachesALead = rows
    .filter((u) => leadIds.includes(u.id))
    .some((u) => canAccess(writable, 'tasks.write', principal.userId, { pairId, cityId: u.cityId, unitId: u.id, unitPath: u.path, ownerId: null }));
  if (!reachesALead)
    throw new AppError('FORBIDDEN', [{ field: 'leadUnitIds', reason: '牵头单位不在本人管理范围内' }], 'leadUnitIds: 牵头单位不在本人管理范围内');
  return [...leadIds.map((unitId) => ({ unitId, role: 'lead' as const })), ...supportIds.map((unitId) => ({ unitId, role: 'support' as const }))];
}

function lightOf(
  ctx: ServiceContext,
  task: { status: TaskStatus; startOn: string | null; dueOn: string | null; progress: number | null },
  milestones: Milestones,
) {
  return computeTaskLight(
    { ...task, milestones: milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, done: Boolean(m.doneOn) })), reports: [] },
    chinaDate(ctx.clock()),
  );
}

export async function listTasks(ctx: ServiceContext, principal: Principal, query: z.infer<typeof TaskListQuery>) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.listTasks(ctx.db, { ...filter, scope: readScope(principal) }, pageSize, (page - 1) * pageSize);
  const details = await repo.detailsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentTask(r, details)), total };
}

export async function getTask(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findTask(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return present(ctx, row);
}

/** A task under a published article, with its units, milestones and indicators, in one transaction. */
export async function createTask(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof TaskCreateBody>) {
  grantsFor(principal, 'tasks.write');
  const article = await repo.publishedArticle(ctx.db, body.planId, body.articleNo);
  if (!article) throw fieldError('VALIDATION_FAILED', 'articleNo', '方案未发布或没有这一条');
  if (body.measureId) {
    const [measure] = await ctx.db
      .select({ id: planMeasures.id })
      .from(planMeasures)
      .where(and(eq(planMeasures.id, body.measureId), eq(planMeasures.articleId, article.id)));
    if (!measure) throw fieldError('VALIDATION_FAILED', 'measureId', '该举措不属于这一条');
  }
  const unitRows = await checkUnits(ctx, principal, article.pairId, body.leadUnitIds, body.supportUnitIds);
  const now = ctx.clock();
  const light = lightOf(ctx, { status: 'not_started', startOn: body.startOn, dueOn: body.dueOn, progress: null }, body.milestones);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertTask(tx, {
      pairId: article.pairId,
      planId: body.planId,
      chapterNo: article.chapterNo,
      articleNo: body.articleNo,
      measureId: body.measureId ?? null,
      title: body.title,
      description: body.description,
      startOn: body.startOn,
      dueOn: body.dueOn,
      light: light.light,
      lightReasons: light.reasons,
      nextReviewOn: light.nextReviewOn,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceUnits(tx, row.id, unitRows);
    await repo.replaceMilestones(tx, row.id, body.milestones);
    await repo.replaceIndicators(tx, row.id, body.indicators);
    const task = await present({ db: tx }, row);
    await recordAudit(tx, ctx.clock, actor, { action: 'task.create', entityType: 'task', entityId: row.id, pairId: row.pairId, after: task });
    return task;
  });
}

export async function updateTask(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof TaskUpdateBody>) {
  const current = await repo.findTask(ctx.db, id, readScope(principal));
  if (!current) throw new AppError('NOT_FOUND');
  if (!(await repo.findTask(ctx.db, id, repo.taskScope(grantsFor(principal, 'tasks.write'), principal.userId)))) throw new AppError('FORBIDDEN');
  const before = await present(ctx, current);
  const startOn = body.startOn !== undefined ? body.startOn : current.startOn;
  const dueOn = body.dueOn !== undefined ? body.dueOn : current.dueOn;
  if (startOn && dueOn && startOn > dueOn) throw fieldError('VALIDATION_FAILED', 'dueOn', '完成时限不能早于开始日期');
  const unitsChanged = body.leadUnitIds !== undefined || body.supportUnitIds !== undefined;
  const unitRows = unitsChanged
    ? await checkUnits(
        ctx,
        principal,
        current.pairId,
        body.leadUnitIds ?? before.units.filter((u) => u.role === 'lead').map((u) => u.unitId),
        body.supportUnitIds ?? before.units.filter((u) => u.role === 'support').map((u) => u.unitId),
      )
    : null;
  const milestones: Milestones = body.milestones ?? before.milestones;
  const status = (body.status ?? current.status) as TaskStatus;
  const progress = body.progress !== undefined ? body.progress : current.progress;
  const light = lightOf(ctx, { status, startOn, dueOn, progress }, milestones);
  return ctx.db.transaction(async (tx) => {
    const { leadUnitIds: _lead, supportUnitIds: _support, milestones: _milestones, indicators, ...fields } = body;
    const row = await repo.updateTask(tx, id, {
      ...fields,
      light: light.light,
      lightReasons: light.reasons,
      nextReviewOn: light.nextReviewOn,
      updatedAt: ctx.clock(),
    });
    if (unitRows) await repo.replaceUnits(tx, id, unitRows);
    if (body.milestones) await repo.replaceMilestones(tx, id, body.milestones);
    if (indicators) await repo.replaceIndicators(tx, id, indicators as Indicators);
    const after = await present({ db: tx }, row);
    await recordAudit(tx, ctx.clock, actor, { action: 'task.update', entityType: 'task', entityId: id, pairId: row.pairId, before, after });
    return after;
  });
}
