// Bulk seeding for the "scale" section: 100,000 tasks with units, milestones and indicators, and
// 1,000,000 progress reports, in a handful of INSERT … SELECT statements over generate_series.
// Random choices come from random() after setseed(), so a run seeds the same distribution each time.
import type pg from 'pg';

export const TASKS = 100_000;
/** Reports per task: each task gets one for its lead unit in 10 consecutive quarters it overlaps. */
export const REPORTS_PER_TASK = 10;

export interface SeedIds {
  pairId: string;
  planId: string;
  adminUserId: string;
}

export interface SeedCounts {
  articles: number;
  periods: number;
  leadCandidates: number;
  units: number;
  tasks: number;
  taskUnits: number;
  milestones: number;
  indicators: number;
  progressReports: number;
}

type Step = { label: string; ms: number; rows: number | null };

/**
 * Every task starts in the first half of 2025 and is due in the second half of 2027, so it
 * overlaps at least the 10 quarters from its start quarter on; reports cover exactly those 10
 * (unique per task, lead unit and period by construction).
 *
 * Task status: 15 % not started, 55 % in progress, 15 % done, 10 % delayed, 5 % paused; the light
 * follows it (done → green, paused → grey, delayed → mostly red, in progress → mostly green).
 * Lead units are weighted towards counties (×4), districts and departments (×2); 0–2 supporting
 * units are drawn from every unit of the pair. Reports of periods already due (China date) are
 * 70 % accepted, 18 % submitted, 6 % returned, 6 % draft; of later periods 60 % submitted, 40 % draft.
 * Each task carries what recomputeTaskLight (packages/server/src/modules/tasks/tasks.light.ts)
 * stores beside the light: reports its lead unit owes for periods already due and has not
 * submitted, and its indicators with a target and attained. Summaries come afterwards from
 * `duikou stats rebuild`.
 */
export async function seedScale(client: pg.Client, ids: SeedIds, log: (message: string) => void): Promise<{ counts: SeedCounts; steps: Step[] }> {
  const steps: Step[] = [];
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const started = Date.now();
    const result = await client.query(text, values);
    const ms = Date.now() - started;
    steps.push({ label, ms, rows: result.rowCount ?? null });
    log(`  seed: ${label}: ${result.rowCount ?? '—'} rows in ${ms} ms`);
    return result;
  };
  const one = async (text: string, values: unknown[] = []) => Number((await client.query(text, values)).rows[0]?.n ?? 0);

  await client.query('set synchronous_commit = off');
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query('select setseed(0.2026)');
  let articles = 0;
  let leads = 0;
  let units = 0;
  let periods = 0;
  await client.query('begin');
  try {
    await step(
      'articles of the published version',
      `create temp table seed_articles on commit drop as
       select (row_number() over (order by a.position))::int as i, a.chapter_no, a.article_no, a.title,
         (select m.id from plan_measures m where m.article_id = a.id order by m.position limit 1) as measure_id
       from plan_articles a join plan_versions v on v.id = a.version_id
       where a.plan_id = $1 and v.status = 'published'`,
      [ids.planId],
    );
    await step(
      'lead-unit candidates (weighted)',
      `create temp table seed_leads on commit drop as
       select (row_number() over (order by coalesce(u.seed_key, u.name), w))::int as i, u.id
       from units u cross join lateral generate_series(1, case u.type when 'county' then 4 when 'district' then 2 when 'department' then 2 else 1 end) w
       where u.pair_id = $1 and not u.disabled`,
      [ids.pairId],
    );
    await step(
      'units of the pair',
      `create temp table seed_units on commit drop as
       select (row_number() over (order by coalesce(u.seed_key, u.name)))::int - 1 as i, u.id from units u where u.pair_id = $1 and not u.disabled`,
      [ids.pairId],
    );
    await step(
      'report periods',
      `create temp table seed_periods on commit drop as
       select (row_number() over (order by starts_on))::int as i, id, starts_on, ends_on, due_on,
         due_on < (now() at time zone 'Asia/Shanghai')::date as past_due
       from report_periods where plan_id = $1`,
      [ids.planId],
    );
    articles = await one('select count(*)::int as n from seed_articles');
    leads = await one('select count(*)::int as n from seed_leads');
    units = await one('select count(*)::int as n from seed_units');
    periods = await one('select count(*)::int as n from seed_periods');
    if (articles === 0) throw new Error('the plan has no published articles');
    if (units < 3) throw new Error(`the pair has only ${units} units`);
    const startQuarters = await one(`select count(*)::int as n from seed_periods where starts_on <= '2025-06-30'`);
    if (periods < REPORTS_PER_TASK + 1 || startQuarters < 2) {
      throw new Error(`expected quarterly periods 2025–2027 (≥ ${REPORTS_PER_TASK + 1}), found ${periods}`);
    }

    await step(
      'task choices',
      `create temp table seed_tasks on commit drop as
       select s.*,
         case when s.r_status < 0.15 then 'not_started' when s.r_status < 0.70 then 'in_progress' when s.r_status < 0.85 then 'done'
              when s.r_status < 0.95 then 'delayed' else 'paused' end as status,
         (case when s.start_on < '2025-04-01' then 1 else 2 end) as first_period,
         round((100 + s.r_progress * 9900)::numeric, 2) as target,
         round(((100 + s.r_progress * 9900) * (0.3 + s.r_actual))::numeric, 2) as actual
       from (
         select g as seq, gen_random_uuid() as id,
           1 + floor(random() * $1)::int as art,
           1 + floor(random() * $2)::int as lead_i,
           floor(random() * $3)::int as sup_base,
           floor(random() * 3)::int as n_sup,
           1 + floor(random() * 2)::int as n_ms,
           random() as r_status, random() as r_light, random() as r_progress, random() as r_actual,
           '2025-01-01'::date + floor(random() * 181)::int as start_on,
           '2027-07-01'::date + floor(random() * 184)::int as due_on,
           '2025-01-01 08:00+08'::timestamptz + random() * interval '330 days' as created_at
         from generate_series(1, $4) g
       ) s`,
      [articles, leads, units, TASKS],
    );
    // Reports first (in a temporary table): the tasks carry the count of reports their lead units
    // owe and have not submitted, as recomputeTaskLight (tasks.light.ts) keeps it.
    await step(
      'report choices',
      `create temp table seed_reports on commit drop as
       select z.task_id, z.unit_id, z.period_id, z.ends_on, z.k,
         case when z.past_due then
           case when z.r < 0.70 then 'accepted' when z.r < 0.88 then 'submitted' when z.r < 0.94 then 'returned' else 'draft' end
         else case when z.r < 0.60 then 'submitted' else 'draft' end end as status
       from (
         -- random() in this select list is drawn once per report (a subquery with a volatile
         -- select list is not flattened into the outer query).
         select t.id as task_id, u.id as unit_id, p.id as period_id, p.ends_on, p.past_due, k, random() as r
         from seed_tasks t
         join seed_leads u on u.i = t.lead_i
         cross join generate_series(0, $1 - 1) k
         join seed_periods p on p.i = t.first_period + k
       ) z`,
      [REPORTS_PER_TASK],
    );
    await step(
      'overdue reports per task',
      `create temp table seed_overdue on commit drop as
       select t.id as task_id, count(*)::int as n
       from seed_tasks t
       join seed_leads u on u.i = t.lead_i
       join seed_periods p on p.past_due and p.starts_on <= t.due_on and p.ends_on >= t.start_on
       left join seed_reports r on r.task_id = t.id and r.period_id = p.id and r.status in ('submitted', 'accepted')
       where r.task_id is null
       group by t.id`,
    );
    await step(
      'tasks',
      `insert into tasks (id, pair_id, plan_id, chapter_no, article_no, measure_id, title, description, start_on, due_on, status, progress,
         light, light_reasons, next_review_on, overdue_reports, indicators_with_target, indicators_attained, created_at, updated_at, created_by)
       select t.id, $1, $2, a.chapter_no, a.article_no, a.measure_id,
         '第' || a.article_no || '条任务 ' || t.seq || '：' || left(a.title, 24),
         '基准测试任务：推动' || a.title || '相关工作落实，按季度报送进展，年底前完成阶段目标。',
         t.start_on, t.due_on, t.status,
         case t.status when 'not_started' then 0 when 'done' then 100 else 5 + floor(t.r_progress * 90)::int end,
         l.light,
         case l.light when 'red' then '["进度滞后于计划"]'::jsonb when 'amber' then '["里程碑临近未完成"]'::jsonb else '[]'::jsonb end,
         case when t.status in ('done', 'paused') then null else '2026-12-31'::date end,
         coalesce(o.n, 0), 1, case when t.status <> 'not_started' and t.actual >= t.target then 1 else 0 end,
         t.created_at, t.created_at + interval '30 days', $3
       from seed_tasks t
       join seed_articles a on a.i = t.art
       left join seed_overdue o on o.task_id = t.id
       cross join lateral (select case
         when t.status = 'done' then 'green'
         when t.status = 'paused' then 'grey'
         when t.status = 'delayed' then case when t.r_light < 0.8 then 'red' else 'amber' end
         when t.status = 'in_progress' then case when t.r_light < 0.7 then 'green' when t.r_light < 0.9 then 'amber' else 'red' end
         else case when t.r_light < 0.85 then 'green' else 'amber' end end as light) l`,
      [ids.pairId, ids.planId, ids.adminUserId],
    );
    await step(
      'task_units (lead)',
      `insert into task_units (task_id, unit_id, role)
       select t.id, u.id, 'lead' from seed_tasks t join seed_leads u on u.i = t.lead_i`,
    );
    await step(
      'task_units (support)',
      `insert into task_units (task_id, unit_id, role)
       select t.id, u.id, 'support' from seed_tasks t
       cross join lateral generate_series(1, t.n_sup) k
       join seed_units u on u.i = (t.sup_base + k * 7) % $1
       on conflict (task_id, unit_id) do nothing`,
      [units],
    );
    await step(
      'task_milestones',
      `insert into task_milestones (task_id, title, due_on, done_on, position)
       select t.id, case k when 1 then '完成方案编制' else '通过验收' end,
         case when k = 1 and t.n_ms = 2 then t.start_on + (t.due_on - t.start_on) / 2 else t.due_on end,
         case when t.status = 'done' then t.due_on - 30 when k = 1 and t.n_ms = 2 and t.status <> 'not_started' then t.start_on + (t.due_on - t.start_on) / 2 - 5 end,
         k - 1
       from seed_tasks t cross join lateral generate_series(1, t.n_ms) k`,
    );
    await step(
      'task_indicators',
      `insert into task_indicators (task_id, name, unit_of_measure, target, actual, computation, position)
       select t.id, '完成投资额', '万元', t.target, case when t.status = 'not_started' then null else t.actual end, 'entered', 0
       from seed_tasks t`,
    );
    await step(
      'progress_reports',
      `insert into progress_reports (pair_id, task_id, unit_id, period_id, status, narrative, progress, revision,
         submitted_at, submitted_by, reviewed_at, reviewed_by, review_comment, created_at, updated_at, created_by)
       select $1, r.task_id, r.unit_id, r.period_id, r.status,
         '本季度按计划推进，完成阶段性工作。', least(100, 10 * (r.k + 1)),
         case r.status when 'returned' then 2 else 1 end,
         case when r.status <> 'draft' then (r.ends_on + 5)::timestamptz end,
         case when r.status <> 'draft' then $2::uuid end,
         case when r.status in ('accepted', 'returned') then (r.ends_on + 8)::timestamptz end,
         case when r.status in ('accepted', 'returned') then $2::uuid end,
         case when r.status = 'returned' then '请补充佐证材料' end,
         (r.ends_on - 10)::timestamptz, (r.ends_on + 8)::timestamptz, $2::uuid
       from seed_reports r`,
      [ids.pairId, ids.adminUserId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
  const counts: SeedCounts = {
    articles,
    periods,
    leadCandidates: leads,
    units,
    tasks: await one('select count(*)::int as n from tasks where plan_id = $1', [ids.planId]),
    taskUnits: await one('select count(*)::int as n from task_units'),
    milestones: await one('select count(*)::int as n from task_milestones'),
    indicators: await one('select count(*)::int as n from task_indicators'),
    progressReports: await one('select count(*)::int as n from progress_reports'),
  };
  return { counts, steps };
}
