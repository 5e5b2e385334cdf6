import { chinaDate, computeTaskLight, type TaskLightResult, type TaskStatus } from '@duikou/domain';
import { and, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Executor } from '../../db/client.js';
import { progressReports, reportPeriods, taskIndicators, taskMilestones, tasks, taskUnits } from '../../db/schema.js';
import { syncTaskStats } from '../dashboard/task-stats.js';

/**
 * Recomputes a task's light from what is stored (status, dates, progress, milestones, and the
 * reports its lead units owe for the plan's periods), with its overdue-report and indicator
 * counts, saves them and brings the dashboard summaries in line. Called in the transaction of
 * every change that can move them, and by the daily job for dates that pass by themselves.
 */
export async function recomputeTaskLight(db: Executor, clock: Clock, taskId: string): Promise<TaskLightResult> {
  // Locked before anything is read: the light and the counts come from what the task is now, and
  // the dashboard summaries (task-stats.ts) move under the same lock.
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId)).for('no key update');
  if (!task) throw new Error(`task ${taskId} not found`);
  const milestones = await db.select().from(taskMilestones).where(eq(taskMilestones.taskId, taskId));
  const leads = (
    await db
      .select({ unitId: taskUnits.unitId })
      .from(taskUnits)
      .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.role, 'lead')))
  ).map((r) => r.unitId);
  // Periods the task runs through: they owe a report from every lead unit.
  const periods = await db
    .select()
    .from(reportPeriods)
    .where(
      and(
        eq(reportPeriods.planId, task.planId),
        task.dueOn ? lte(reportPeriods.startsOn, task.dueOn) : undefined,
        task.startOn ? gte(reportPeriods.endsOn, task.startOn) : undefined,
      ),
    );
  const submitted = periods.length
    ? await db
        .select({ periodId: progressReports.periodId, unitId: progressReports.unitId })
        .from(progressReports)
        .where(
          and(
            eq(progressReports.taskId, taskId),
            inArray(
              progressReports.periodId,
              periods.map((p) => p.id),
            ),
            or(eq(progressReports.status, 'submitted'), eq(progressReports.status, 'accepted')),
          ),
        )
    : [];
  const today = chinaDate(clock());
  const overdueReports = periods
    .filter((p) => p.dueOn < today)
    .reduce((n, p) => n + leads.filter((unitId) => !submitted.some((s) => s.periodId === p.id && s.unitId === unitId)).length, 0);
  const indicators = await db
    .select({ target: taskIndicators.target, actual: taskIndicators.actual })
    .from(taskIndicators)
    .where(eq(taskIndicators.taskId, taskId));
  const withTarget = indicators.filter((i) => i.target !== null);
  // Decimal strings compared as numbers: targets and actuals have at most 4 decimals and 16 digits.
  const attained = withTarget.filter((i) => i.actual !== null && Number(i.actual) >= Number(i.target));
  const result = computeTaskLight(
    {
      status: task.status as TaskStatus,
      startOn: task.startOn,
      dueOn: task.dueOn,
      progress: task.progress,
      milestones: milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, done: m.doneOn !== null })),
      reports: periods.map((p) => ({
        period: p.label,
        dueOn: p.dueOn,
        submitted: leads.every((unitId) => submitted.some((s) => s.periodId === p.id && s.unitId === unitId)),
      })),
    },
    today,
  );
  await db
    .update(tasks)
    .set({
      light: result.light,
      lightReasons: result.reasons,
      nextReviewOn: result.nextReviewOn,
      overdueReports,
      indicatorsWithTarget: withTarget.length,
      indicatorsAttained: attained.length,
    })
    .where(eq(tasks.id, taskId));
  await syncTaskStats(db, taskId);
  return result;
}

/** Tasks whose light may have changed by itself since `today` came (see `nextReviewOn`). */
export async function tasksDueForReview(db: Executor, today: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(lte(tasks.nextReviewOn, today), inArray(tasks.status, ['not_started', 'in_progress', 'delayed'])))
    .limit(limit);
  return rows.map((r) => r.id);
}
