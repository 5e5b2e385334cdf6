import { randomUUID } from 'node:crypto';
import { canAccess, chinaDate, computeTaskLight, type TaskStatus } from '@duikou/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { pairTags, scopeSignature } from '../../db/read-cache.js';
import { planMeasures, type tasks } from '../../db/schema.js';
import { AppError, type FieldIssue, fieldError, issuesError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { definitionsOfPair, rollupValueOf } from '../rollups/rollups.repository.js';
import { currentPeriod, holdRollupsForLinking } from '../rollups/rollups.service.js';
import { applyTaskCompletion } from '../scoring/scoring.hooks.js';
import { type UnitDirectory, unitDirectory } from '../units/units.service.js';
import { recomputeTaskLight } from './tasks.light.js';
import { presentTask, presentTaskListItem, presentTasks } from './tasks.presenter.js';
import * as repo from './tasks.repository.js';
import type { IndicatorIn, MilestoneIn, TaskCreateBody, TaskListQuery, TaskOut, TaskUpdateBody } from './tasks.schema.js';

type Milestones = z.infer<typeof MilestoneIn>[];
type Indicators = z.infer<typeof IndicatorIn>[];

/** The tasks the caller may read (the list, the detail and the ledger export share it). */
export const readScope = (p: Principal) => repo.taskScope(grantsWith(p, 'tasks.read'), p.userId);

async function present(ctx: ServiceContext | { db: Executor }, row: repo.TaskRow) {
  const [detailed] = await repo.tasksWithDetails(ctx.db, [row.id], sql`true`);
  return presentTask(detailed!);
}

type UnitRow = Awaited<ReturnType<typeof repo.unitsByIds>>[number];
type UnitAssignment = { unitId: string; role: 'lead' | 'support' };

/** Where the checks of a new task read articles, measures and units: the database, or a preloaded set for a bulk import. */
export interface TaskLookups {
  article(planId: string, articleNo: string): Promise<repo.PublishedArticle | undefined>;
  measureOfArticle(measureId: string, articleId: string): Promise<boolean>;
  units(ids: string[]): Promise<UnitRow[]>;
}

export function databaseLookups(db: Executor): TaskLookups {
  return {
    article: (planId, articleNo) => repo.publishedArticle(db, planId, articleNo),
    async measureOfArticle(measureId, articleId) {
      const [measure] = await db
        .select({ id: planMeasures.id })
        .from(planMeasures)
        .where(and(eq(planMeasures.id, measureId), eq(planMeasures.articleId, articleId)));
      return Boolean(measure);
    },
    units: (ids) => repo.unitsByIds(db, ids),
  };
}

interface UnitCheck {
  /** Problems with the units themselves (400). */
  issues: FieldIssue[];
  /** Set when the units are valid but the caller may not assign tasks to any lead unit (403). */
  forbidden: FieldIssue | null;
  assignments: UnitAssignment[];
}

const NOT_IN_REACH: FieldIssue = { field: 'leadUnitIds', reason: '牵头单位不在本人管理范围内' };

/**
 * Checks the units named on a task: they exist, are active, belong to the task's pair, appear in
 * one role only; and the caller may assign tasks to at least one lead unit. Collects every problem.
 */
function checkUnitRows(principal: Principal, pairId: string, leadIds: string[], supportIds: string[], rows: UnitRow[]): UnitCheck {
  const issues: FieldIssue[] = [];
  const overlap = supportIds.find((id) => leadIds.includes(id));
  if (overlap) issues.push({ field: 'supportUnitIds', reason: '同一单位不能既是牵头单位又是配合单位' });
  for (const [field, ids] of [
    ['leadUnitIds', leadIds],
    ['supportUnitIds', supportIds],
  ] as const) {
    for (const [i, id] of ids.entries()) {
      const unit = rows.find((u) => u.id === id);
      if (!unit || unit.pairId !== pairId) issues.push({ field: `${field}.${i}`, reason: '单位不存在或不属于本结对城市' });
      else if (unit.disabled) issues.push({ field: `${field}.${i}`, reason: '单位已停用' });
    }
  }
  const assignments = [...leadIds.map((unitId) => ({ unitId, role: 'lead' as const })), ...supportIds.map((unitId) => ({ unitId, role: 'support' as const }))];
  if (issues.length > 0) return { issues, forbidden: null, assignments };
  const writable = grantsFor(principal, 'tasks.write');
  const reachesALead = rows
    .filter((u) => leadIds.includes(u.id))
    .some((u) => canAccess(writable, 'tasks.write', principal.userId, { pairId, cityId: u.cityId, unitId: u.id, unitPath: u.path, ownerId: null }));
  return { issues, forbidden: reachesALead ? null : NOT_IN_REACH, assignments };
}

/** The throwing form, for edits: the first kind of problem found answers (400 before 403). */
async function checkUnits(db: Executor, principal: Principal, pairId: string, leadIds: string[], supportIds: string[]) {
  const check = checkUnitRows(principal, pairId, leadIds, supportIds, await repo.unitsByIds(db, [...new Set([...leadIds, ...supportIds])]));
  if (check.issues.length > 0) throw issuesError('VALIDATION_FAILED', check.issues);
  if (check.forbidden) throw issuesError('FORBIDDEN', [check.forbidden]);
  return check.assignments;
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

/** Bytes a cached list order costs per task (a 36-character id string and its slot). */
const CACHED_ID_BYTES = 72;

/**
 * A page of the tasks the caller may read. The order of every matching task is kept in the read
 * cache, so any page, however deep, is a slice of it plus one statement for its rows; without
 * the cache the database pages and counts.
 */
export async function listTasks(ctx: ServiceContext, principal: Principal, query: z.infer<typeof TaskListQuery>) {
  const { page, pageSize, ...filter } = query;
  const grants = grantsFor(principal, 'tasks.read');
  const scope = repo.taskScope(grants, principal.userId);
  const offset = (page - 1) * pageSize;
  let ids: string[];
  let total: number;
  if (ctx.cache.active) {
    const order = await ctx.cache.get(
      `tasks:${scopeSignature(grants, principal.userId)}:${JSON.stringify(filter)}`,
      () => repo.listTaskIds(ctx.db, { ...filter, scope }),
      { tags: pairTags(grants, filter.pairId, 'task-lists'), bytes: (all) => 64 + all.length * CACHED_ID_BYTES },
    );
    ids = order.slice(offset, offset + pageSize);
    total = order.length;
  } else {
    ({ ids, total } = await repo.listTaskPage(ctx.db, { ...filter, scope }, pageSize, offset));
  }
  const rows = await repo.taskListRows(ctx.db, ids, scope, scopeSignature(grants, principal.userId), ctx.dbKind === 'postgres');
  const directories = new Map<string, UnitDirectory>();
  for (const pairId of new Set(rows.map((r) => r.pairId))) directories.set(pairId, await unitDirectory(ctx, pairId));
  return { items: rows.map((row) => presentTaskListItem(row, directories.get(row.pairId)!)), total };
}

export async function getTask(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findTask(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return present(ctx, row);
}

/** A new task, checked and ready to write: the task row and its units, milestones and indicators. */
export interface PreparedTask {
  row: typeof tasks.$inferInsert;
  /** The published plan version whose article it was checked against (publishing another one meanwhile is a lost race). */
  versionId: string;
  units: UnitAssignment[];
  milestones: Milestones;
  indicators: Indicators;
}

/**
 * The outcome of checking a new task: ready to write, or every problem found — `invalid` (400)
 * or, when everything else is right, `forbidden` (403: no lead unit within the caller's reach).
 */
export type TaskCreateCheck = { ok: true; task: PreparedTask } | { ok: false; kind: 'invalid' | 'forbidden'; issues: FieldIssue[] };

/**
 * Step one of creating a task, shared by the single create and the bulk import: the rules
 * (a published article, its measure, the units and the caller's reach over a lead unit) and the
 * computed light. Reads only; the body has already passed `TaskCreateBody`.
 */
export async function checkNewTask(
  ctx: ServiceContext,
  principal: Principal,
  body: z.infer<typeof TaskCreateBody>,
  lookups: TaskLookups = databaseLookups(ctx.db),
): Promise<TaskCreateCheck> {
  const article = await lookups.article(body.planId, body.articleNo);
  // A plan of a pair the caller does not read is answered like a plan that does not exist.
  if (!article || !readsPair(principal, 'plans.read', article.pairId))
    return { ok: false, kind: 'invalid', issues: [{ field: 'articleNo', reason: '方案未发布或没有这一条' }] };
  const issues: FieldIssue[] = [];
  if (body.measureId && !(await lookups.measureOfArticle(body.measureId, article.id))) issues.push({ field: 'measureId', reason: '该举措不属于这一条' });
  const units = checkUnitRows(
    principal,
    article.pairId,
    body.leadUnitIds,
    body.supportUnitIds,
    await lookups.units([...new Set([...body.leadUnitIds, ...body.supportUnitIds])]),
  );
  issues.push(...units.issues);
  const indicators = await withRollupValues(ctx, article.pairId, body.indicators);
  issues.push(...indicators.issues);
  if (issues.length > 0) return { ok: false, kind: 'invalid', issues };
  if (units.forbidden) return { ok: false, kind: 'forbidden', issues: [units.forbidden] };
  const now = ctx.clock();
  const light = lightOf(ctx, { status: 'not_started', startOn: body.startOn, dueOn: body.dueOn, progress: null }, body.milestones);
  return {
    ok: true,
    task: {
      versionId: article.versionId,
      row: {
        pairId: article.pairId,
        planId: body.planId,
        chapterNo: article.chapterNo,
        articleNo: body.articleNo,
        measureId: body.measureId ?? null,
        title: body.title,
        description: body.description,
        startOn: body.startOn,
        dueOn: body.dueOn,
        weight: String(body.weight),
        light: light.light,
        lightReasons: light.reasons,
        nextReviewOn: light.nextReviewOn,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      },
      units: units.assignments,
      milestones: body.milestones,
      indicators: indicators.indicators,
    },
  };
}

/**
 * Indicators that add themselves up take their actual value from the registry indicator they
 * name (which must be of the task's pair); entered ones are kept as given.
 */
async function withRollupValues(
  ctx: ServiceContext,
  pairId: string,
  indicators: Indicators,
  db: Executor = ctx.db,
): Promise<{ indicators: Indicators; issues: FieldIssue[] }> {
  if (!indicators.some((i) => i.rollupId)) return { indicators, issues: [] };
  const definitions = new Map((await definitionsOfPair(db, pairId)).map((d) => [d.id, d]));
  const issues: FieldIssue[] = [];
  const resolved: Indicators = [];
  for (const [i, indicator] of indicators.entries()) {
    const definition = indicator.rollupId ? definitions.get(indicator.rollupId) : undefined;
    if (indicator.rollupId && !definition) issues.push({ field: `indicators.${i}.rollupId`, reason: '不是本结对的汇总指标' });
    resolved.push(definition ? { ...indicator, actual: await rollupValueOf(db, definition.id, currentPeriod(definition, ctx.clock)) } : indicator);
  }
  return { indicators: resolved, issues };
}

/** New tasks per round of statements in `writeNewTasks`. */
const WRITE_BATCH = 500;

const linkedRollups = (indicators: readonly { rollupId?: string | null }[]) => [...new Set(indicators.flatMap((i) => (i.rollupId ? [i.rollupId] : [])))];

/**
 * Inside the transaction that writes new tasks, before anything is locked: the indicators they
 * link held (their values read again now, so a registry change committed since the check is
 * counted), and their plans held against a publication (FOR KEY SHARE), each still published in
 * the version the tasks were checked against; a plan published meanwhile is a lost race (409).
 */
async function holdWhatNewTasksName(tx: Executor, ctx: ServiceContext, prepared: readonly PreparedTask[]): Promise<PreparedTask[]> {
  const byPair = new Map<string, PreparedTask[]>();
  for (const p of prepared) byPair.set(p.row.pairId, [...(byPair.get(p.row.pairId) ?? []), p]);
  const resolved = new Map<PreparedTask, PreparedTask>();
  for (const [pairId, tasksOfPair] of [...byPair].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await holdRollupsForLinking(tx, pairId, linkedRollups(tasksOfPair.flatMap((p) => p.indicators)));
    for (const p of tasksOfPair) {
      const again = await withRollupValues(ctx, pairId, p.indicators, tx);
      if (again.issues.length > 0) throw issuesError('STALE_STATE', again.issues);
      resolved.set(p, { ...p, indicators: again.indicators });
    }
  }
  for (const planId of [...new Set(prepared.map((p) => p.row.planId))].sort()) {
    const published = await repo.holdPlanVersion(tx, planId);
    if (prepared.some((p) => p.row.planId === planId && p.versionId !== published)) {
      throw new AppError('STALE_STATE', [{ field: 'planId', reason: '方案已发布新版本，请刷新后重试' }]);
    }
  }
  return prepared.map((p) => resolved.get(p)!);
}

/**
 * Step two, inside the caller's transaction: writes checked tasks with their units, milestones
 * and indicators (a few multi-row statements per batch, not a few per task), reads them back as
 * the API shows them, and appends one audit entry per task. One task or five thousand take the
 * same path.
 */
export async function writeNewTasks(tx: Executor, ctx: ServiceContext, actor: Actor, checked: readonly PreparedTask[]) {
  const prepared = await holdWhatNewTasksName(tx, ctx, checked);
  const written: z.infer<typeof TaskOut>[] = [];
  for (let i = 0; i < prepared.length; i += WRITE_BATCH) {
    const batch = prepared.slice(i, i + WRITE_BATCH).map((p) => ({ ...p, id: p.row.id ?? randomUUID() }));
    const rows = await repo.insertTasks(
      tx,
      batch.map((p) => ({ ...p.row, id: p.id })),
    );
    await repo.insertTaskDetails(
      tx,
      batch.map((p) => ({ taskId: p.id, units: p.units, milestones: p.milestones, indicators: p.indicators })),
    );
    // The light can depend on report periods already past, and the dashboard counts must include the task.
    for (const p of batch) await recomputeTaskLight(tx, ctx.clock, p.id);
    const byId = new Map(
      (
        await repo.findTasks(
          tx,
          rows.map((r) => r.id),
        )
      ).map((r) => [r.id, r]),
    );
    const ordered = batch.map((p) => byId.get(p.id)!);
    const tasks = presentTasks(
      ordered,
      await repo.detailsOf(
        tx,
        ordered.map((r) => r.id),
      ),
    );
    written.push(...tasks);
  }
  // Audited last: the audit chain's lock is held to the commit, and taking it before the
  // dashboard summaries of the next batch could deadlock with another writer of a task.
  for (const task of written) {
    await recordAudit(tx, ctx.clock, actor, { action: 'task.create', entityType: 'task', entityId: task.id, pairId: task.pairId, after: task });
  }
  return written;
}

/** A task under a published article, with its units, milestones and indicators, in one transaction. */
export async function createTask(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof TaskCreateBody>) {
  grantsFor(principal, 'tasks.write');
  const check = await checkNewTask(ctx, principal, body);
  if (!check.ok) throw issuesError(check.kind === 'forbidden' ? 'FORBIDDEN' : 'VALIDATION_FAILED', check.issues);
  const [task] = await ctx.db.transaction((tx) => writeNewTasks(tx, ctx, actor, [check.task]));
  return task!;
}

/**
 * Edits a task. Everything is decided inside the transaction from the task as it is under its
 * lock (dates checked against the stored ones, units merged with the stored ones, the audit's
 * before-image), so two edits at once apply one after the other and never combine into a task
 * the rules refuse (a start after the due date).
 */
export async function updateTask(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof TaskUpdateBody>) {
  const seen = await repo.findTask(ctx.db, id, readScope(principal));
  if (!seen) throw new AppError('NOT_FOUND');
  const writeScope = repo.taskScope(grantsFor(principal, 'tasks.write'), principal.userId);
  if (!(await repo.findTask(ctx.db, id, writeScope))) throw new AppError('FORBIDDEN');
  return ctx.db.transaction(async (tx) => {
    // Linked indicators are held before the task: a registry change holds them, then locks tasks.
    if (body.indicators) await holdRollupsForLinking(tx, seen.pairId, linkedRollups(body.indicators));
    const current = await repo.lockTask(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    if (!(await repo.findTask(tx, id, writeScope))) throw new AppError('FORBIDDEN');
    const before = await present({ db: tx }, current);
    const startOn = body.startOn !== undefined ? body.startOn : current.startOn;
    const dueOn = body.dueOn !== undefined ? body.dueOn : current.dueOn;
    if (startOn && dueOn && startOn > dueOn) throw fieldError('VALIDATION_FAILED', 'dueOn', '完成时限不能早于开始日期');
    const rollupIndicators = body.indicators ? await withRollupValues(ctx, current.pairId, body.indicators as Indicators, tx) : null;
    if (rollupIndicators && rollupIndicators.issues.length > 0) throw issuesError('VALIDATION_FAILED', rollupIndicators.issues);
    const indicators = rollupIndicators?.indicators;
    const unitsChanged = body.leadUnitIds !== undefined || body.supportUnitIds !== undefined;
    const unitRows = unitsChanged
      ? await checkUnits(
          tx,
          principal,
          current.pairId,
          body.leadUnitIds ?? before.units.filter((u) => u.role === 'lead').map((u) => u.unitId),
          body.supportUnitIds ?? before.units.filter((u) => u.role === 'support').map((u) => u.unitId),
        )
      : null;
    const { leadUnitIds: _lead, supportUnitIds: _support, milestones: _milestones, indicators: _indicators, ...fields } = body;
    const now = ctx.clock();
    // When the task became done (考评 scores it then); cleared when it is reopened.
    const doneAt = fields.status === undefined ? current.doneAt : fields.status === 'done' ? (current.status === 'done' ? current.doneAt : now) : null;
    await repo.updateTask(tx, id, { ...fields, weight: fields.weight === undefined ? undefined : String(fields.weight), doneAt, updatedAt: now });
    if (unitRows) await repo.replaceUnits(tx, id, unitRows);
    if (body.milestones) await repo.replaceMilestones(tx, id, body.milestones);
    if (indicators) await repo.replaceIndicators(tx, id, indicators);
    // The light (and the dashboard counts) from everything now stored: dates, milestones, reports.
    await recomputeTaskLight(tx, ctx.clock, id);
    // 考评: a task done (or reopened, or done with other lead units) is scored again, before the audit.
    if (doneAt !== current.doneAt || ((unitsChanged || fields.weight !== undefined) && doneAt)) await applyTaskCompletion(tx, id, current.doneAt);
    const row = (await repo.findTask(tx, id))!;
    const after = await present({ db: tx }, row);
    // The list order and the title search: the summaries cannot see these (task-stats.ts sees the rest).
    if (row.dueOn !== current.dueOn || row.title !== current.title) await publishChange(tx, changed.taskLists(row.pairId));
    await recordAudit(tx, ctx.clock, actor, { action: 'task.update', entityType: 'task', entityId: id, pairId: row.pairId, before, after });
    return after;
  });
}
