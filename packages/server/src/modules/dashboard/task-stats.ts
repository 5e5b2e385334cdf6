import { eq, sql } from 'drizzle-orm';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { plans, taskStatMarks, tasks, taskUnits, units } from '../../db/schema.js';

/**
 * The summary keys a task counts under: the whole pair, each city of its units, each of its units,
 * and each unit above them ("unit and below" dashboards count a task once however many of the
 * sub-units take part).
 */
export function scopeKeysOf(taskUnitsOf: readonly { cityId: string; unitId: string; path: string }[]): string[] {
  const keys = new Set<string>(['all']);
  for (const u of taskUnitsOf) {
    keys.add(`city:${u.cityId}`);
    keys.add(`unit:${u.unitId}`);
    for (const ancestor of u.path.split('/').filter(Boolean)) keys.add(`tree:${ancestor}`);
  }
  // A fixed order: concurrent transactions then lock the same summary rows in the same order.
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Mark = {
  planId: string;
  chapterNo: string;
  articleNo: string;
  status: string;
  light: string;
  overdueReports: number;
  indicatorsWithTarget: number;
  indicatorsAttained: number;
  scopeKeys: unknown;
};

/** A Postgres text[] literal; summary keys hold only [a-z0-9:-], nothing to escape. */
export const textArray = (keys: readonly string[]) => `{${keys.join(',')}}`;

async function add(db: Executor, mark: Mark & { scopeKeys: string[] }, delta: 1 | -1) {
  if (mark.scopeKeys.length === 0) return;
  await db.execute(sql`
    insert into task_stats (plan_id, scope_key, chapter_no, article_no, status, light, n, overdue_reports, indicators_with_target, indicators_attained)
    select ${mark.planId}::uuid, k, ${mark.chapterNo}, ${mark.articleNo}, ${mark.status}, ${mark.light}, ${delta}::int,
      ${delta * mark.overdueReports}::int, ${delta * mark.indicatorsWithTarget}::int, ${delta * mark.indicatorsAttained}::int
    from unnest(${textArray(mark.scopeKeys)}::text[]) k
    on conflict (plan_id, scope_key, chapter_no, article_no, status, light) do update set
      n = task_stats.n + excluded.n,
      overdue_reports = task_stats.overdue_reports + excluded.overdue_reports,
      indicators_with_target = task_stats.indicators_with_target + excluded.indicators_with_target,
      indicators_attained = task_stats.indicators_attained + excluded.indicators_attained`);
}

function sameMark(a: Mark, b: Mark): boolean {
  return (
    a.planId === b.planId &&
    a.chapterNo === b.chapterNo &&
    a.articleNo === b.articleNo &&
    a.status === b.status &&
    a.light === b.light &&
    a.overdueReports === b.overdueReports &&
    a.indicatorsWithTarget === b.indicatorsWithTarget &&
    a.indicatorsAttained === b.indicatorsAttained &&
    JSON.stringify(a.scopeKeys) === JSON.stringify(b.scopeKeys)
  );
}

/** Whether a task keeps its place in every task list, as far as the marks tell (title and dates are the task code's to tell). */
function sameListPlace(a: Mark, b: Mark): boolean {
  return (
    a.planId === b.planId &&
    a.chapterNo === b.chapterNo &&
    a.articleNo === b.articleNo &&
    a.status === b.status &&
    a.light === b.light &&
    JSON.stringify(a.scopeKeys) === JSON.stringify(b.scopeKeys)
  );
}

/**
 * Brings the dashboard summaries in line with a task as it is now: takes back what the task
 * counted for before and adds what it counts for now. Call it in the transaction that changed the
 * task (it is idempotent: a task that did not change costs two small reads).
 */
export async function syncTaskStats(db: Executor, taskId: string): Promise<void> {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  const [previous] = await db.select().from(taskStatMarks).where(eq(taskStatMarks.taskId, taskId));
  if (!task) {
    if (previous) {
      await add(db, { ...previous, scopeKeys: previous.scopeKeys as string[] }, -1);
      await db.delete(taskStatMarks).where(eq(taskStatMarks.taskId, taskId));
      const [plan] = await db.select({ pairId: plans.pairId }).from(plans).where(eq(plans.id, previous.planId));
      await publishChange(db, ...(plan ? [changed.pair(plan.pairId), changed.taskLists(plan.pairId)] : ['all' as const]));
    }
    return;
  }
  const taskUnitRows = await db
    .select({ cityId: units.cityId, unitId: units.id, path: units.path })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(eq(taskUnits.taskId, taskId));
  const current = {
    planId: task.planId,
    chapterNo: task.chapterNo,
    articleNo: task.articleNo,
    status: task.status,
    light: task.light,
    overdueReports: task.overdueReports,
    indicatorsWithTarget: task.indicatorsWithTarget,
    indicatorsAttained: task.indicatorsAttained,
    scopeKeys: scopeKeysOf(taskUnitRows),
  };
  if (previous && sameMark(previous, current)) return;
  // Summaries change without an audit entry when the reminder job refreshes a light; a new task,
  // or another status, light, article or set of units, also moves it in task lists.
  await publishChange(db, changed.pair(task.pairId), ...(previous && sameListPlace(previous, current) ? [] : [changed.taskLists(task.pairId)]));
  if (previous) await add(db, { ...previous, scopeKeys: previous.scopeKeys as string[] }, -1);
  await add(db, current, 1);
  await db
    .insert(taskStatMarks)
    .values({ taskId, ...current })
    .onConflictDoUpdate({ target: taskStatMarks.taskId, set: current });
}

/**
 * Recomputes a plan's summaries from its tasks in two statements: for bulk loads and as a repair
 * tool (`duikou stats rebuild`). Keys are ordered with the C collation, the order `scopeKeysOf`
 * uses, so later incremental updates recognise the marks.
 */
export async function rebuildTaskStats(db: Executor, planId: string): Promise<number> {
  const [plan] = await db.select({ pairId: plans.pairId }).from(plans).where(eq(plans.id, planId));
  await publishChange(db, ...(plan ? [changed.pair(plan.pairId), changed.taskLists(plan.pairId)] : ['all' as const]));
  await db.execute(sql`delete from task_stats where plan_id = ${planId}`);
  await db.execute(sql`delete from task_stat_marks where plan_id = ${planId}`);
  await db.execute(sql`
    with unit_keys as (
      select tu.task_id, k from task_units tu
      join tasks t on t.id = tu.task_id and t.plan_id = ${planId}
      join units u on u.id = tu.unit_id
      cross join lateral (
        select 'city:' || u.city_id as k union all select 'unit:' || u.id
        union all select 'tree:' || seg from regexp_split_to_table(u.path, '/') seg where seg <> ''
      ) keys
    )
    insert into task_stat_marks (task_id, plan_id, chapter_no, article_no, status, light, overdue_reports, indicators_with_target, indicators_attained, scope_keys)
    select t.id, t.plan_id, t.chapter_no, t.article_no, t.status, t.light, t.overdue_reports, t.indicators_with_target, t.indicators_attained,
      (select jsonb_agg(k order by k collate "C") from (select 'all' as k union select k from unit_keys where unit_keys.task_id = t.id) all_keys)
    from tasks t where t.plan_id = ${planId}`);
  const result = await db.execute(sql`
    insert into task_stats (plan_id, scope_key, chapter_no, article_no, status, light, n, overdue_reports, indicators_with_target, indicators_attained)
    select m.plan_id, k, m.chapter_no, m.article_no, m.status, m.light, count(*)::int,
      sum(m.overdue_reports)::int, sum(m.indicators_with_target)::int, sum(m.indicators_attained)::int
    from task_stat_marks m cross join lateral jsonb_array_elements_text(m.scope_keys) k
    where m.plan_id = ${planId}
    group by m.plan_id, k, m.chapter_no, m.article_no, m.status, m.light`);
  return result.rowCount ?? 0;
}
