import type { ScopeGrant } from '@duikou/domain';
import { and, asc, eq, ilike, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { planArticles, plans, planVersions, taskIndicators, taskMilestones, tasks, taskUnits, units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type TaskRow = typeof tasks.$inferSelect;

/**
 * Which tasks the grants reach. A task belongs to every unit responsible for it (lead or
 * supporting), so a county reporter sees the tasks its county takes part in; "all" reaches every
 * task of the pair; "self" the tasks the user created.
 */
export function taskScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const pairWide = grants.filter((g) => g.scope === 'all');
  const viaUnits = grants.filter((g) => g.scope !== 'all' && g.scope !== 'self');
  const own = grants.filter((g) => g.scope === 'self');
  const alternatives: SQL[] = [];
  if (pairWide.length > 0) alternatives.push(scopeFilter(pairWide, userId, { pairId: tasks.pairId }));
  if (viaUnits.length > 0) {
    alternatives.push(
      sql`exists (select 1 from ${taskUnits} join ${units} on ${units.id} = ${taskUnits.unitId} where ${taskUnits.taskId} = ${tasks.id} and ${scopeFilter(viaUnits, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path })})`,
    );
  }
  if (own.length > 0) alternatives.push(scopeFilter(own, userId, { pairId: tasks.pairId, ownerId: tasks.createdBy }));
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

export interface TaskFilter {
  scope: SQL;
  pairId?: string;
  planId?: string;
  chapterNo?: string;
  articleNo?: string;
  unitId?: string;
  cityId?: string;
  status?: string;
  light?: string;
  dueBefore?: string;
  q?: string;
}

export async function listTasks(db: Executor, filter: TaskFilter, limit: number, offset: number) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = and(
    filter.scope,
    filter.pairId ? eq(tasks.pairId, filter.pairId) : undefined,
    filter.planId ? eq(tasks.planId, filter.planId) : undefined,
    filter.chapterNo ? eq(tasks.chapterNo, filter.chapterNo) : undefined,
    filter.articleNo ? eq(tasks.articleNo, filter.articleNo) : undefined,
    filter.unitId ? sql`exists (select 1 from ${taskUnits} where ${taskUnits.taskId} = ${tasks.id} and ${taskUnits.unitId} = ${filter.unitId})` : undefined,
    filter.cityId
      ? sql`exists (select 1 from ${taskUnits} join ${units} on ${units.id} = ${taskUnits.unitId} where ${taskUnits.taskId} = ${tasks.id} and ${units.cityId} = ${filter.cityId})`
      : undefined,
    filter.status ? eq(tasks.status, filter.status) : undefined,
    filter.light ? eq(tasks.light, filter.light) : undefined,
    filter.dueBefore ? lte(tasks.dueOn, filter.dueBefore) : undefined,
    like ? ilike(tasks.title, like) : undefined,
  );
  const rows = await db
    .select({ task: tasks })
    .from(tasks)
    .where(where)
    // Matches tasks_pair_list_idx exactly (null ordering included), so the planner can walk it.
    .orderBy(asc(tasks.dueOn), sql`${tasks.createdAt} desc nulls last`, asc(tasks.id))
    .limit(limit)
    .offset(offset);
  // A window count would make the database read and sort every matching task for each page;
  // the count is a separate, index-only statement.
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(tasks).where(where);
  const total = count?.n ?? 0;
  return { rows: rows.map((r) => r.task), total };
}

export async function findTasks(db: Executor, ids: string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(tasks).where(inArray(tasks.id, ids));
}

export async function findTask(db: Executor, id: string, scope?: SQL): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), scope))
    .limit(1);
  return row;
}

export async function detailsOf(db: Executor, taskIds: string[]) {
  if (taskIds.length === 0) return { units: [], milestones: [], indicators: [] };
  const [unitRows, milestones, indicators] = await Promise.all([
    db
      .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, name: units.name, cityId: units.cityId })
      .from(taskUnits)
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .where(inArray(taskUnits.taskId, taskIds))
      .orderBy(asc(taskUnits.role), asc(units.sortOrder), asc(units.name)),
    db.select().from(taskMilestones).where(inArray(taskMilestones.taskId, taskIds)).orderBy(asc(taskMilestones.position)),
    db.select().from(taskIndicators).where(inArray(taskIndicators.taskId, taskIds)).orderBy(asc(taskIndicators.position)),
  ]);
  return { units: unitRows, milestones, indicators };
}

export interface PublishedArticle {
  id: string;
  chapterNo: string;
  versionId: string;
  pairId: string;
}

/** The article with this number in the plan's published version (tasks hang under published articles only). */
export async function publishedArticle(db: Executor, planId: string, articleNo: string): Promise<PublishedArticle | undefined> {
  const [row] = await db
    .select({ id: planArticles.id, chapterNo: planArticles.chapterNo, versionId: planArticles.versionId, pairId: planVersions.pairId })
    .from(planArticles)
    .innerJoin(planVersions, eq(planVersions.id, planArticles.versionId))
    .where(and(eq(planArticles.planId, planId), eq(planArticles.articleNo, articleNo), eq(planVersions.status, 'published')))
    .limit(1);
  return row;
}

/** The pair of a plan and whether it has a published version (tasks hang under published articles only). */
export async function planForTasks(db: Executor, planId: string): Promise<{ pairId: string; published: boolean } | undefined> {
  const [plan] = await db.select({ pairId: plans.pairId }).from(plans).where(eq(plans.id, planId)).limit(1);
  if (!plan) return undefined;
  const [published] = await db
    .select({ id: planVersions.id })
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.status, 'published')))
    .limit(1);
  return { pairId: plan.pairId, published: Boolean(published) };
}

/** Every article of the plan's published version, for checking many tasks at once. */
export async function publishedArticles(db: Executor, planId: string): Promise<(PublishedArticle & { articleNo: string })[]> {
  return db
    .select({
      id: planArticles.id,
      articleNo: planArticles.articleNo,
      chapterNo: planArticles.chapterNo,
      versionId: planArticles.versionId,
      pairId: planVersions.pairId,
    })
    .from(planArticles)
    .innerJoin(planVersions, eq(planVersions.id, planArticles.versionId))
    .where(and(eq(planArticles.planId, planId), eq(planVersions.status, 'published')));
}

/** Every unit of a pair with its names, for resolving the unit names of an import file. */
export async function unitsOfPair(db: Executor, pairId: string) {
  return db
    .select({
      id: units.id,
      pairId: units.pairId,
      cityId: units.cityId,
      path: units.path,
      disabled: units.disabled,
      name: units.name,
      shortName: units.shortName,
    })
    .from(units)
    .where(eq(units.pairId, pairId));
}

/** detailsOf for many tasks (a ledger export), in slices that keep each query's parameter list short. */
export async function detailsOfMany(db: Executor, taskIds: string[], slice = 2000) {
  const all: Awaited<ReturnType<typeof detailsOf>> = { units: [], milestones: [], indicators: [] };
  for (let i = 0; i < taskIds.length; i += slice) {
    const part = await detailsOf(db, taskIds.slice(i, i + slice));
    all.units.push(...part.units);
    all.milestones.push(...part.milestones);
    all.indicators.push(...part.indicators);
  }
  return all;
}

export async function unitsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, disabled: units.disabled })
    .from(units)
    .where(inArray(units.id, ids));
}

export async function updateTask(db: Executor, id: string, patch: Partial<typeof tasks.$inferInsert>): Promise<TaskRow> {
  const [row] = await db.update(tasks).set(patch).where(eq(tasks.id, id)).returning();
  return row!;
}

type UnitLink = { unitId: string; role: 'lead' | 'support' };
type MilestoneIn = { title: string; dueOn: string; doneOn?: string | null };
type IndicatorIn = { name: string; unitOfMeasure: string; target?: string | null; actual?: string | null; computation: 'entered' | 'rollup' };

/** Rows per INSERT statement: keeps every statement well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 1000;

async function inSlices<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await write(rows.slice(i, i + ROWS_PER_INSERT));
}

/** New tasks in as few statements as possible (ids are chosen by the caller, so rows map back by id). */
export async function insertTasks(db: Executor, rows: (typeof tasks.$inferInsert & { id: string })[]): Promise<TaskRow[]> {
  const inserted: TaskRow[] = [];
  await inSlices(rows, async (slice) => inserted.push(...(await db.insert(tasks).values(slice).returning())));
  return inserted;
}

/** The units, milestones and indicators of new tasks (positions follow the given order per task). */
export async function insertTaskDetails(
  db: Executor,
  items: { taskId: string; units: UnitLink[]; milestones: MilestoneIn[]; indicators: IndicatorIn[] }[],
): Promise<void> {
  const unitRows = items.flatMap(({ taskId, units: links }) => links.map((r) => ({ taskId, ...r })));
  const milestoneRows = items.flatMap(({ taskId, milestones }) =>
    milestones.map((r, position) => ({ taskId, title: r.title, dueOn: r.dueOn, doneOn: r.doneOn ?? null, position })),
  );
  const indicatorRows = items.flatMap(({ taskId, indicators }) =>
    indicators.map((r, position) => ({
      taskId,
      name: r.name,
      unitOfMeasure: r.unitOfMeasure,
      target: r.target ?? null,
      actual: r.actual ?? null,
      computation: r.computation,
      position,
    })),
  );
  await inSlices(unitRows, (slice) => db.insert(taskUnits).values(slice));
  await inSlices(milestoneRows, (slice) => db.insert(taskMilestones).values(slice));
  await inSlices(indicatorRows, (slice) => db.insert(taskIndicators).values(slice));
}

export async function replaceUnits(db: Executor, taskId: string, rows: UnitLink[]): Promise<void> {
  await db.delete(taskUnits).where(eq(taskUnits.taskId, taskId));
  await insertTaskDetails(db, [{ taskId, units: rows, milestones: [], indicators: [] }]);
}

export async function replaceMilestones(db: Executor, taskId: string, rows: MilestoneIn[]): Promise<void> {
  await db.delete(taskMilestones).where(eq(taskMilestones.taskId, taskId));
  await insertTaskDetails(db, [{ taskId, units: [], milestones: rows, indicators: [] }]);
}

export async function replaceIndicators(db: Executor, taskId: string, rows: IndicatorIn[]): Promise<void> {
  await db.delete(taskIndicators).where(eq(taskIndicators.taskId, taskId));
  await insertTaskDetails(db, [{ taskId, units: [], milestones: [], indicators: rows }]);
}
