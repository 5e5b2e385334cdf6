import { createHash } from 'node:crypto';
import type { ScopeGrant } from '@duikou/domain';
import { and, asc, eq, ilike, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { orderedIds } from '../../db/pagination.js';
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

function listCondition(filter: TaskFilter): SQL | undefined {
  const like = containing(filter.q);
  return and(
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
}

// The list order. It matches tasks_pair_list_idx exactly (null ordering included), so the planner
// can walk the index instead of sorting.
const LIST_ORDER = [asc(tasks.dueOn), sql`${tasks.createdAt} desc nulls last`, asc(tasks.id)];

/** One page of the list and the number of matching tasks (when the read cache cannot hold the order). */
export async function listTaskPage(db: Executor, filter: TaskFilter, limit: number, offset: number) {
  const where = listCondition(filter);
  const page = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(where)
    .orderBy(...LIST_ORDER)
    .limit(limit)
    .offset(offset);
  // A window count would make the database read and sort every matching task for each page;
  // the count is a separate, index-only statement.
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(tasks).where(where);
  return { ids: page.map((r) => r.id), total: count?.n ?? 0 };
}

/** The ids of every matching task in list order: what the read cache keeps, so that any page is a slice. */
export async function listTaskIds(db: Executor, filter: TaskFilter): Promise<string[]> {
  const query = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(listCondition(filter))
    .orderBy(...LIST_ORDER);
  return orderedIds(db, query);
}

/** The first `limit` matching tasks in list order, whole rows (the ledger export). */
export async function listTaskRows(db: Executor, filter: TaskFilter, limit: number): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(listCondition(filter))
    .orderBy(...LIST_ORDER)
    .limit(limit);
}

export type TaskListRow = Pick<
  TaskRow,
  | 'id'
  | 'pairId'
  | 'planId'
  | 'chapterNo'
  | 'articleNo'
  | 'measureId'
  | 'title'
  | 'startOn'
  | 'dueOn'
  | 'status'
  | 'progress'
  | 'light'
  | 'lightReasons'
  | 'updatedAt'
> & {
  /** `<unit id>:<lead|support>` per responsible unit; names come from the unit directory. */
  unitRoles: string[];
};

/** Prepared list queries per database handle and scope. */
const listRowQueries = new WeakMap<Database, Map<string, ReturnType<typeof listRowQuery>>>();
const MAX_PREPARED_LIST_QUERIES = 500;

function listRowQuery(db: Executor, scope: SQL, named: boolean) {
  const query = db
    .select({
      id: tasks.id,
      pairId: tasks.pairId,
      planId: tasks.planId,
      chapterNo: tasks.chapterNo,
      articleNo: tasks.articleNo,
      measureId: tasks.measureId,
      title: tasks.title,
      startOn: tasks.startOn,
      dueOn: tasks.dueOn,
      status: tasks.status,
      progress: tasks.progress,
      light: tasks.light,
      lightReasons: tasks.lightReasons,
      updatedAt: tasks.updatedAt,
      // Joining units here made the database hash the units table once per row.
      unitRoles: sql<string[]>`array(select tu.unit_id::text || ':' || tu.role from task_units tu where tu.task_id = "tasks"."id")`,
    })
    .from(tasks)
    .where(and(sql`"tasks"."id" = any(${sql.placeholder('ids')}::uuid[])`, scope));
  // A named statement is parsed and planned once per connection instead of on every page. The
  // embedded database runs every connection in one backend session, where connections would
  // collide on the name: there the statement stays unnamed ('').
  const name = named ? `task_list_rows_${createHash('sha1').update(query.toSQL().sql).digest('hex').slice(0, 16)}` : '';
  return query.prepare(name);
}

/**
 * The rows of one page of the list, in the order of `ids` (one prepared statement). The scope is
 * applied again, so an id the caller may not see is not returned even from a stale list order.
 * `scopeKey` names the scope's shape and values (the prepared statement is kept per scope);
 * `named` asks for a server-side prepared statement (PostgreSQL servers only).
 */
export async function taskListRows(db: Database, ids: readonly string[], scope: SQL, scopeKey: string, named: boolean): Promise<TaskListRow[]> {
  if (ids.length === 0) return [];
  let ofDatabase = listRowQueries.get(db);
  if (!ofDatabase) {
    ofDatabase = new Map();
    listRowQueries.set(db, ofDatabase);
  }
  let prepared = ofDatabase.get(scopeKey);
  if (!prepared) {
    if (ofDatabase.size >= MAX_PREPARED_LIST_QUERIES) ofDatabase.clear();
    prepared = listRowQuery(db, scope, named);
    ofDatabase.set(scopeKey, prepared);
  }
  const rows = await prepared.execute({ ids: `{${ids.join(',')}}` });
  const position = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

export interface TaskDetails {
  units: { unitId: string; role: string; name: string; cityId: string }[];
  milestones: { id: string; title: string; dueOn: string; doneOn: string | null }[];
  indicators: { id: string; name: string; unitOfMeasure: string; target: string | null; actual: string | null; computation: string; rollupId: string | null }[];
}

/**
 * Tasks by id with their units, milestones and indicators, in one statement (a page of the list
 * is one round trip), in the order of `ids`. The scope is applied again: an id the caller may not
 * see is simply not returned.
 */
export async function tasksWithDetails(db: Executor, ids: readonly string[], scope: SQL): Promise<(TaskRow & TaskDetails)[]> {
  if (ids.length === 0) return [];
  // Written out with aliases: in a one-table select the query builder leaves columns unqualified,
  // and inside these subqueries an unqualified "id" would be the inner table's.
  const rows = await db
    .select({
      task: tasks,
      units: sql<TaskDetails['units']>`coalesce((
        select json_agg(json_build_object('unitId', tu.unit_id, 'role', tu.role, 'name', u.name, 'cityId', u.city_id) order by tu.role, u.sort_order, u.name)
        from task_units tu join units u on u.id = tu.unit_id where tu.task_id = "tasks"."id"), '[]'::json)`,
      milestones: sql<TaskDetails['milestones']>`coalesce((
        select json_agg(json_build_object('id', m.id, 'title', m.title, 'dueOn', m.due_on, 'doneOn', m.done_on) order by m.position)
        from task_milestones m where m.task_id = "tasks"."id"), '[]'::json)`,
      indicators: sql<TaskDetails['indicators']>`coalesce((
        select json_agg(json_build_object('id', i.id, 'name', i.name, 'unitOfMeasure', i.unit_of_measure, 'target', i.target::text,
          'actual', i.actual::text, 'computation', i.computation, 'rollupId', i.rollup_id) order by i.position)
        from task_indicators i where i.task_id = "tasks"."id"), '[]'::json)`,
    })
    .from(tasks)
    .where(and(inArray(tasks.id, [...ids]), scope));
  const position = new Map(ids.map((id, i) => [id, i]));
  return rows
    .map((r) => ({ ...r.task, units: r.units, milestones: r.milestones, indicators: r.indicators }))
    .sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/**
 * Locks tasks until the transaction ends, in id order (the order every writer of several tasks
 * uses, so two of them never wait for each other in a cycle); returns them as they are now.
 * FOR NO KEY UPDATE, what an UPDATE takes: rows that merely reference a task (a supervision item,
 * a report) can still be added meanwhile.
 */
export async function lockTasks(tx: Executor, ids: readonly string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(tasks)
    .where(inArray(tasks.id, [...ids]))
    .orderBy(asc(tasks.id))
    .for('no key update');
}

/** Locks one task until the transaction ends and returns it as it is now (undefined once it is gone). */
export async function lockTask(tx: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await lockTasks(tx, [id]);
  return row;
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

/**
 * Holds the plan against a publication until the transaction ends (FOR KEY SHARE: publishing
 * locks the plan FOR UPDATE) and returns the id of its published version now (null if none).
 */
export async function holdPlanVersion(tx: Executor, planId: string): Promise<string | null> {
  await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, planId)).for('key share');
  const [published] = await tx
    .select({ id: planVersions.id })
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.status, 'published')))
    .limit(1);
  return published?.id ?? null;
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
type IndicatorIn = {
  name: string;
  unitOfMeasure: string;
  target?: string | null;
  actual?: string | null;
  computation: 'entered' | 'rollup';
  rollupId?: string | null;
};

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
      rollupId: r.rollupId ?? null,
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
