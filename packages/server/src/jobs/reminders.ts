import { chinaDate } from '@duikou/domain';
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';
import { changed, publishChange } from '../db/change-feed.js';
import { recomputeTaskLight, tasksDueForReview } from '../modules/tasks/tasks.light.js';
import { runSupervisionReminders, type SupervisionReminderRun } from './supervision-reminders.js';

// Only one process runs the job at a time; the unique dedupe keys make a second run harmless anyway.
const REMINDER_LOCK_KEY = 7_020_262_5;
// Overdue reports older than this are no longer escalated every run (they stay red on the dashboard).
const ESCALATION_WINDOW_DAYS = 60;
const LIGHT_BATCH = 500;

/** A date column written the platform's one way, 2026年4月10日 (domain `chineseDate`), in the notices' text. */
function chineseDay(column: 'p.due_on' | 'm.due_on') {
  return sql.raw(`to_char(${column}, 'YYYY"年"FMMM"月"FMDD"日"')`);
}

export interface ReminderRun {
  ran: boolean;
  today: string;
  reportDue: number;
  milestoneDue: number;
  reportOverdue: number;
  lightsRecomputed: number;
  supervision: SupervisionReminderRun | null;
}

// A closed period (报送期) takes no more reports: nobody is reminded of it or chased for it.
const ACTIVE_TASK = sql`t.status in ('not_started','in_progress','delayed')`;
const PERIOD_COVERS_TASK = sql`(t.due_on is null or p.starts_on <= t.due_on) and (t.start_on is null or p.ends_on >= t.start_on)`;
const NOT_REPORTED = sql`not exists (select 1 from progress_reports r where r.task_id = t.id and r.unit_id = tu.unit_id and r.period_id = p.id and r.status in ('submitted','accepted'))`;
const REPORTERS_OF_UNIT = sql`join users us on us.unit_id = tu.unit_id and us.status = 'active' and exists (select 1 from role_assignments ra where ra.user_id = us.id and ra.role = 'unit_reporter')`;

/**
 * The daily reminder job: notices N days before a report or milestone is due to the lead units'
 * reporters, escalation of overdue reports to the unit's head and the office, and the traffic
 * lights of tasks whose dates have moved them. Every notice has a deterministic dedupe key and is
 * inserted with ON CONFLICT DO NOTHING, so re-running the job (after a restart, or in several
 * processes at once) never sends a notice twice.
 */
export async function runReminders(ctx: ServiceContext, reminderDays: number): Promise<ReminderRun> {
  const now = ctx.clock();
  const today = chinaDate(now);
  const at = now.toISOString();
  const counts = await ctx.db.transaction(async (tx) => {
    const lock = await tx.execute(sql`select pg_try_advisory_xact_lock(${REMINDER_LOCK_KEY}) as ok`);
    if (!(lock.rows[0] as { ok: boolean }).ok) return null;
    const reportDue = await tx.execute(sql`
      insert into notifications (user_id, kind, title, body, link, dedupe_key, created_at)
      select us.id, 'report_due', '进展报告即将截止：' || t.title, p.label || '进展报告请于 ' || ${chineseDay('p.due_on')} || ' 前报送',
             '/reports/fill?taskId=' || t.id || '&unitId=' || tu.unit_id || '&periodId=' || p.id,
             'report-due:' || p.id || ':' || t.id || ':' || tu.unit_id || ':' || us.id, ${at}::timestamptz
      from report_periods p
      join tasks t on t.plan_id = p.plan_id and ${ACTIVE_TASK} and ${PERIOD_COVERS_TASK}
      join task_units tu on tu.task_id = t.id and tu.role = 'lead'
      ${REPORTERS_OF_UNIT}
      where p.due_on between ${today}::date and ${today}::date + ${reminderDays}::int and p.closed_at is null and ${NOT_REPORTED}
      on conflict (dedupe_key) do nothing
      returning user_id`);
    const milestoneDue = await tx.execute(sql`
      insert into notifications (user_id, kind, title, body, link, dedupe_key, created_at)
      select us.id, 'milestone_due', '推进节点即将到期：' || m.title, t.title || '：节点“' || m.title || '”将于 ' || ${chineseDay('m.due_on')} || ' 到期', '/tasks/' || t.id,
             'milestone-due:' || m.id || ':' || us.id, ${at}::timestamptz
      from task_milestones m
      join tasks t on t.id = m.task_id and ${ACTIVE_TASK}
      join task_units tu on tu.task_id = t.id and tu.role = 'lead'
      ${REPORTERS_OF_UNIT}
      where m.done_on is null and m.due_on between ${today}::date and ${today}::date + ${reminderDays}::int
      on conflict (dedupe_key) do nothing
      returning user_id`);
    const reportOverdue = await tx.execute(sql`
      insert into notifications (user_id, kind, title, body, link, dedupe_key, created_at)
      select distinct on (recipient.user_id, p.id, t.id, tu.unit_id) recipient.user_id, 'report_overdue', '进展报告逾期未报：' || t.title,
             u.name || ' 未在 ' || ${chineseDay('p.due_on')} || ' 前报送' || p.label || '进展报告', '/tasks/' || t.id,
             'report-overdue:' || p.id || ':' || t.id || ':' || tu.unit_id || ':' || recipient.user_id, ${at}::timestamptz
      from report_periods p
      join tasks t on t.plan_id = p.plan_id and ${ACTIVE_TASK} and ${PERIOD_COVERS_TASK}
      join task_units tu on tu.task_id = t.id and tu.role = 'lead'
      join units u on u.id = tu.unit_id
      join lateral (
        select u.head_user_id as user_id where u.head_user_id is not null
        union
        select ra.user_id from role_assignments ra
        where ra.role = 'office_admin' and ((ra.scope = 'all' and ra.pair_id = t.pair_id) or (ra.scope = 'city' and ra.city_id = u.city_id))
      ) recipient on true
      join users us on us.id = recipient.user_id and us.status = 'active'
      where p.due_on < ${today}::date and p.due_on >= ${today}::date - ${ESCALATION_WINDOW_DAYS}::int and p.closed_at is null and ${NOT_REPORTED}
      on conflict (dedupe_key) do nothing
      returning user_id`);
    // The recipients' open screens (the bell) hear of their notices once this commits.
    const recipients = new Set([reportDue, milestoneDue, reportOverdue].flatMap((r) => (r.rows as { user_id: string }[]).map((row) => row.user_id)));
    await publishChange(tx, ...[...recipients].map(changed.user));
    return { reportDue: reportDue.rowCount ?? 0, milestoneDue: milestoneDue.rowCount ?? 0, reportOverdue: reportOverdue.rowCount ?? 0 };
  });
  if (!counts) return { ran: false, today, reportDue: 0, milestoneDue: 0, reportOverdue: 0, lightsRecomputed: 0, supervision: null };
  let lightsRecomputed = 0;
  for (;;) {
    const ids = await tasksDueForReview(ctx.db, today, LIGHT_BATCH);
    if (ids.length === 0) break;
    // One transaction per task: it locks the task and then its dashboard summaries, the order of
    // every request that changes a task; a batch in one transaction would hold the summaries of one
    // task while waiting for the next task's lock, which a request could hold while waiting for them.
    for (const id of ids) await ctx.db.transaction((tx) => recomputeTaskLight(tx, ctx.clock, id));
    lightsRecomputed += ids.length;
    if (ids.length < LIGHT_BATCH) break;
  }
  // 督办: signing reminders and escalations, the approaching deadline, the overdue step.
  const supervision = await runSupervisionReminders(ctx);
  return { ran: true, today, ...counts, lightsRecomputed, supervision };
}

/** Runs the job now and then every `intervalMinutes`; returns a stop function. Errors are logged, never fatal. */
export function scheduleReminders(
  ctx: ServiceContext,
  reminderDays: number,
  intervalMinutes: number,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await runReminders(ctx, reminderDays);
      if (result.ran) log.info({ ...result }, 'reminder job ran');
    } catch (error) {
      log.error({ err: error }, 'reminder job failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMinutes * 60_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
