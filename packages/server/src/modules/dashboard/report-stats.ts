import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { progressReports, reportPeriods, reportStatMarks, units } from '../../db/schema.js';
import { scopeKeysOf, textArray } from './task-stats.js';

async function add(db: Executor, mark: { planId: string; periodId: string; status: string; scopeKeys: string[] }, delta: 1 | -1) {
  await db.execute(sql`
    insert into report_stats (plan_id, period_id, scope_key, status, n)
    select ${mark.planId}::uuid, ${mark.periodId}::uuid, k, ${mark.status}, ${delta}::int from unnest(${textArray(mark.scopeKeys)}::text[]) k
    on conflict (plan_id, scope_key, period_id, status) do update set n = report_stats.n + excluded.n`);
}

/** Keeps the per-period report counts (the dashboard's trend) in line with one report, in its transaction. */
export async function syncReportStats(db: Executor, reportId: string): Promise<void> {
  const [report] = await db
    .select({
      planId: reportPeriods.planId,
      periodId: progressReports.periodId,
      status: progressReports.status,
      cityId: units.cityId,
      unitId: units.id,
      path: units.path,
    })
    .from(progressReports)
    .innerJoin(reportPeriods, eq(reportPeriods.id, progressReports.periodId))
    .innerJoin(units, eq(units.id, progressReports.unitId))
    .where(eq(progressReports.id, reportId));
  const [previous] = await db.select().from(reportStatMarks).where(eq(reportStatMarks.reportId, reportId));
  const current = report ? { planId: report.planId, periodId: report.periodId, status: report.status, scopeKeys: scopeKeysOf([report]) } : null;
  if (previous && current && previous.status === current.status && JSON.stringify(previous.scopeKeys) === JSON.stringify(current.scopeKeys)) return;
  if (previous) await add(db, { ...previous, scopeKeys: previous.scopeKeys as string[] }, -1);
  if (!current) {
    await db.delete(reportStatMarks).where(eq(reportStatMarks.reportId, reportId));
    return;
  }
  await add(db, current, 1);
  await db
    .insert(reportStatMarks)
    .values({ reportId, ...current })
    .onConflictDoUpdate({ target: reportStatMarks.reportId, set: current });
}

/** Recomputes a plan's report counts from its reports (bulk loads, repair). */
export async function rebuildReportStats(db: Executor, planId: string): Promise<number> {
  await db.execute(sql`delete from report_stats where plan_id = ${planId}`);
  await db.execute(sql`delete from report_stat_marks where plan_id = ${planId}`);
  // A report's keys are its unit's: work them out once per unit, not once per report.
  await db.execute(sql`
    with unit_keys as (
      select u.id as unit_id,
        (select jsonb_agg(k order by k collate "C") from (
          select 'all' as k union select 'city:' || u.city_id union select 'unit:' || u.id
          union select 'tree:' || seg from regexp_split_to_table(u.path, '/') seg where seg <> '') keys) as keys
      from units u
      where u.pair_id = (select pair_id from plans where id = ${planId})
    )
    insert into report_stat_marks (report_id, plan_id, period_id, status, scope_keys)
    select r.id, p.plan_id, r.period_id, r.status, uk.keys
    from progress_reports r
    join report_periods p on p.id = r.period_id and p.plan_id = ${planId}
    join unit_keys uk on uk.unit_id = r.unit_id`);
  const result = await db.execute(sql`
    insert into report_stats (plan_id, period_id, scope_key, status, n)
    select m.plan_id, m.period_id, k, m.status, count(*)::int
    from report_stat_marks m cross join lateral jsonb_array_elements_text(m.scope_keys) k
    where m.plan_id = ${planId}
    group by m.plan_id, m.period_id, k, m.status`);
  return result.rowCount ?? 0;
}
