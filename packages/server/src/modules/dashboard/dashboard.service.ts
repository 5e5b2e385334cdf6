import { chinaDate, type ScopeGrant } from '@duikou/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed } from '../../db/change-feed.js';
import { estimateBytes, scopeSignature } from '../../db/read-cache.js';
import { cities, planArticles, planVersions, progressReports, reportPeriods, supervisionItems, units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError } from '../../http/errors.js';
import { assertPairPermission, grantsFor, type Principal } from '../../http/principal.js';
import { findPlan } from '../plans/plans.repository.js';
import { supervisionScope } from '../supervision/supervision.repository.js';
import { taskScope } from '../tasks/tasks.repository.js';
import * as repo from './dashboard.repository.js';
import type { DashboardOut } from './dashboard.schema.js';

type Counts = ReturnType<typeof repo.emptyCounts>;

function tally(rows: readonly repo.StatRow[]): Counts {
  const counts = repo.emptyCounts();
  for (const row of rows) {
    counts.tasks += row.n;
    counts.byStatus[row.status as keyof Counts['byStatus']] += row.n;
    counts.byLight[row.light as keyof Counts['byLight']] += row.n;
  }
  counts.completionRate = counts.tasks === 0 ? 0 : Math.round((counts.byStatus.done / counts.tasks) * 1000) / 1000;
  return counts;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Which summary answers the caller: the broadest key of its grants when one key describes its
 * whole scope; otherwise (several units, or "self") the counts are computed from the tasks.
 */
function summaryKey(grants: readonly ScopeGrant[]): string | null {
  if (grants.some((g) => g.scope === 'all')) return 'all';
  const keys = new Set(
    grants.map((g) =>
      g.scope === 'city' ? `city:${g.cityId}` : g.scope === 'unit_tree' ? `tree:${g.unitId}` : g.scope === 'unit' ? `unit:${g.unitId}` : 'self',
    ),
  );
  return keys.size === 1 && !keys.has('self') ? [...keys][0]! : null;
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

type Dashboard = z.infer<typeof DashboardOut>;

/**
 * The dashboard of a plan for the caller's scope: counts by status and light overall, per
 * chapter, article, city and unit, and the overdue lists' sizes. Callers with the same grants
 * share one computation until the pair's data changes (or the day does: overdue is by date).
 */
export async function dashboard(ctx: ServiceContext, principal: Principal, planId: string): Promise<Dashboard> {
  const plan = await ctx.cache.get(`plan:${planId}`, () => findPlan(ctx.db, planId), {
    tags: (p) => (p ? [changed.pair(p.pairId)] : []),
    bytes: estimateBytes,
  });
  if (!plan) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'tasks.read', plan.pairId);
  const grants = grantsFor(principal, 'tasks.read').filter((g) => g.pairId === null || g.pairId === plan.pairId);
  const today = chinaDate(ctx.clock());
  return ctx.cache.get(
    `dashboard:${planId}:${today}:${scopeSignature(grants, principal.userId)}`,
    () => computeDashboard(ctx, principal.userId, { id: planId, pairId: plan.pairId }, grants, today),
    { tags: [changed.pair(plan.pairId)], bytes: estimateBytes },
  );
}

async function computeDashboard(
  ctx: ServiceContext,
  userId: string,
  plan: { id: string; pairId: string },
  grants: ScopeGrant[],
  today: string,
): Promise<Dashboard> {
  const planId = plan.id;
  const key = summaryKey(grants);
  const scopeOfTasks = taskScope(grants, userId);
  const unitScope = scopeFilter(grants, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path });

  const [rows, articles] = await Promise.all([
    key ? repo.statsFor(ctx.db, planId, key) : repo.statsDirect(ctx.db, planId, scopeOfTasks),
    ctx.db
      .select({ chapterNo: planArticles.chapterNo, chapterTitle: planArticles.chapterTitle, articleNo: planArticles.articleNo, title: planArticles.title })
      .from(planArticles)
      .innerJoin(planVersions, eq(planVersions.id, planArticles.versionId))
      .where(and(eq(planArticles.planId, planId), eq(planVersions.status, 'published')))
      .orderBy(planArticles.position),
  ]);
  const byChapterRows = groupBy(rows, (r) => r.chapterNo);
  const byArticleRows = groupBy(rows, (r) => r.articleNo);
  const chapters = [...new Map(articles.map((a) => [a.chapterNo, a.chapterTitle])).entries()];

  // Per city and per unit: the 'city:' and 'unit:' summaries of the cities and units the caller
  // sees, summed by status and light in the database (a few hundred rows, not every article's).
  const [visibleUnits, pairCities] = await Promise.all([
    ctx.db
      .select({ id: units.id, name: units.name, cityId: units.cityId })
      .from(units)
      .where(and(eq(units.pairId, plan.pairId), unitScope)),
    ctx.db.select({ id: cities.id, name: cities.name }).from(cities).where(eq(cities.pairId, plan.pairId)).orderBy(cities.position),
  ]);
  const visibleCityIds = key === 'all' ? pairCities.map((c) => c.id) : key?.startsWith('city:') ? [key.slice(5)] : [];
  const [cityRows, unitRows] = await Promise.all([
    repo.statsByKey(
      ctx.db,
      planId,
      visibleCityIds.map((id) => `city:${id}`),
    ),
    repo.statsByKey(
      ctx.db,
      planId,
      visibleUnits.map((u) => `unit:${u.id}`),
    ),
  ]);
  const unitById = new Map(visibleUnits.map((u) => [u.id, u]));

  const [supervision] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .where(
      and(
        eq(supervisionItems.pairId, plan.pairId),
        sql`${supervisionItems.status} <> 'closed'`,
        sql`${supervisionItems.deadline} < ${today}::date`,
        supervisionScope(grants, userId),
      ),
    );

  // Reports per period: from the summaries when one key describes the scope, else counted.
  const periods = await ctx.db.select().from(reportPeriods).where(eq(reportPeriods.planId, planId)).orderBy(reportPeriods.startsOn);
  const reportRows = key
    ? await repo.reportStatsFor(ctx.db, planId, key)
    : periods.length
      ? await ctx.db
          .select({ periodId: progressReports.periodId, status: progressReports.status, n: sql<number>`count(*)::int` })
          .from(progressReports)
          .innerJoin(units, eq(units.id, progressReports.unitId))
          .where(
            and(
              inArray(
                progressReports.periodId,
                periods.map((p) => p.id),
              ),
              unitScope,
            ),
          )
          .groupBy(progressReports.periodId, progressReports.status)
      : [];
  const reportsOf = (periodId: string, statuses: string[]) =>
    reportRows.filter((r) => r.periodId === periodId && statuses.includes(r.status)).reduce((n, r) => n + r.n, 0);

  const totals = tally(rows);
  const sum = (field: 'overdueReports' | 'indicatorsWithTarget' | 'indicatorsAttained') => rows.reduce((n, r) => n + r[field], 0);
  const indicators = { withTarget: sum('indicatorsWithTarget'), attained: sum('indicatorsAttained') };
  const attainmentRate = indicators.withTarget === 0 ? 0 : Math.round((indicators.attained / indicators.withTarget) * 1000) / 1000;
  const overdueReports = sum('overdueReports');
  const overdueSupervision = supervision?.n ?? 0;
  return {
    planId,
    scope: key ?? 'direct',
    totals,
    byChapter: chapters.map(([chapterNo, title]) => ({ chapterNo, title, ...tally(byChapterRows.get(chapterNo) ?? []) })),
    byArticle: articles.map((a) => ({ articleNo: a.articleNo, chapterNo: a.chapterNo, title: a.title, ...tally(byArticleRows.get(a.articleNo) ?? []) })),
    byCity: pairCities
      .filter((c) => visibleCityIds.includes(c.id))
      .map((c) => ({ cityId: c.id, name: c.name, ...tally(cityRows.filter((r) => r.key === `city:${c.id}`)) })),
    byUnit: [...groupBy(unitRows, (r) => r.key.slice(5)).entries()]
      .filter(([unitId]) => unitById.has(unitId))
      .map(([unitId, group]) => ({ unitId, name: unitById.get(unitId)!.name, cityId: unitById.get(unitId)!.cityId, ...tally(group) }))
      .sort((a, b) => b.tasks - a.tasks || a.name.localeCompare(b.name, 'zh-CN'))
      .slice(0, 100),
    overdueReports,
    overdueSupervision,
    indicators: { withTarget: indicators.withTarget, attained: indicators.attained, attainmentRate },
    trend: periods.map((p) => ({
      periodId: p.id,
      label: p.label,
      dueOn: p.dueOn,
      submitted: reportsOf(p.id, ['submitted', 'accepted']),
      accepted: reportsOf(p.id, ['accepted']),
    })),
    summary: [
      `共有任务 ${totals.tasks} 项，已完成 ${totals.byStatus.done} 项，完成率 ${percent(totals.completionRate)}。`,
      `红灯 ${totals.byLight.red} 项，黄灯 ${totals.byLight.amber} 项，绿灯 ${totals.byLight.green} 项，暂缓 ${totals.byLight.grey} 项。`,
      `逾期未报进展报告 ${overdueReports} 份，逾期督办事项 ${overdueSupervision} 项。`,
      `设定目标的指标 ${indicators.withTarget} 项，已达标 ${indicators.attained} 项（${percent(attainmentRate)}）。`,
    ],
  };
}
