import { TASK_LIGHTS, TASK_STATUSES } from '@duikou/domain';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { reportStats, taskStats, tasks } from '../../db/schema.js';
import { textArray } from './task-stats.js';

export interface StatRow {
  key: string;
  chapterNo: string;
  articleNo: string;
  status: string;
  light: string;
  n: number;
  overdueReports: number;
  indicatorsWithTarget: number;
  indicatorsAttained: number;
}

/** Summary rows of one key ('all', 'city:…', 'tree:…', 'unit:…'), by chapter, article, status and light. */
export async function statsFor(db: Executor, planId: string, key: string): Promise<StatRow[]> {
  return db
    .select({
      key: taskStats.scopeKey,
      chapterNo: taskStats.chapterNo,
      articleNo: taskStats.articleNo,
      status: taskStats.status,
      light: taskStats.light,
      n: taskStats.n,
      overdueReports: taskStats.overdueReports,
      indicatorsWithTarget: taskStats.indicatorsWithTarget,
      indicatorsAttained: taskStats.indicatorsAttained,
    })
    .from(taskStats)
    .where(and(eq(taskStats.planId, planId), eq(taskStats.scopeKey, key), sql`${taskStats.n} > 0`));
}

/** The same rows computed from the tasks themselves, for scopes no single summary key describes. */
export async function statsDirect(db: Executor, planId: string, scope: SQL): Promise<StatRow[]> {
  return db
    .select({
      key: sql<string>`'direct'`,
      chapterNo: tasks.chapterNo,
      articleNo: tasks.articleNo,
      status: tasks.status,
      light: tasks.light,
      n: sql<number>`count(*)::int`,
      overdueReports: sql<number>`sum(${tasks.overdueReports})::int`,
      indicatorsWithTarget: sql<number>`sum(${tasks.indicatorsWithTarget})::int`,
      indicatorsAttained: sql<number>`sum(${tasks.indicatorsAttained})::int`,
    })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), scope))
    .groupBy(tasks.chapterNo, tasks.articleNo, tasks.status, tasks.light);
}

export function emptyCounts() {
  return {
    tasks: 0,
    byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<(typeof TASK_STATUSES)[number], number>,
    byLight: Object.fromEntries(TASK_LIGHTS.map((l) => [l, 0])) as Record<(typeof TASK_LIGHTS)[number], number>,
    completionRate: 0,
  };
}

/** Reports per period and status from the summaries of one key. */
export async function reportStatsFor(db: Executor, planId: string, key: string) {
  return db
    .select({ periodId: reportStats.periodId, status: reportStats.status, n: reportStats.n })
    .from(reportStats)
    .where(and(eq(reportStats.planId, planId), eq(reportStats.scopeKey, key), sql`${reportStats.n} > 0`));
}

/** Totals by status and light for each of the given keys (cities, units), summed in the database. */
export async function statsByKey(db: Executor, planId: string, keys: readonly string[]): Promise<StatRow[]> {
  if (keys.length === 0) return [];
  return db
    .select({
      key: taskStats.scopeKey,
      chapterNo: sql<string>`''`,
      articleNo: sql<string>`''`,
      status: taskStats.status,
      light: taskStats.light,
      n: sql<number>`sum(${taskStats.n})::int`,
      overdueReports: sql<number>`sum(${taskStats.overdueReports})::int`,
      indicatorsWithTarget: sql<number>`sum(${taskStats.indicatorsWithTarget})::int`,
      indicatorsAttained: sql<number>`sum(${taskStats.indicatorsAttained})::int`,
    })
    .from(taskStats)
    .where(and(eq(taskStats.planId, planId), sql`${taskStats.scopeKey} = any(${textArray(keys)}::text[])`, sql`${taskStats.n} > 0`))
    .groupBy(taskStats.scopeKey, taskStats.status, taskStats.light);
}
