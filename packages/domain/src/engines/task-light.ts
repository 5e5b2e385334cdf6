import { chineseDate } from '../calendar.js';
import type { TaskLight, TaskStatus } from '../tasks.js';

/**
 * The traffic light of a task (红黄绿灯), computed from its schedule and reports. The rule:
 *
 * - grey  — the task is paused (暂缓): not assessed.
 * - green — the task is done (已完成), whatever its dates.
 * - red   — the due date has passed, or a milestone's date has passed unmet, or a progress report
 *           is overdue (its period's deadline passed with no report submitted).
 * - amber — the due date, a milestone or a report deadline falls within `amberDays` (default 14)
 *           and progress is behind schedule: reported progress is below the share of the task's
 *           time already elapsed (linear schedule between start and due date), or, for a
 *           milestone or a report, it is simply not met yet.
 * - green — otherwise.
 *
 * Dates are calendar dates (YYYY-MM-DD, China Standard Time); "passed" means strictly before today.
 * The result also says when the light can next change without any new data (a date being
 * crossed), so a scheduled job only needs to recompute tasks whose `nextReviewOn` has come.
 */
export interface TaskLightInput {
  status: TaskStatus;
  startOn: string | null;
  dueOn: string | null;
  /** Reported progress, 0–100, or null when nothing was reported yet. */
  progress: number | null;
  milestones: readonly { title: string; dueOn: string; done: boolean }[];
  /** Report deadlines of periods that concern the task, with whether a report was submitted. */
  reports: readonly { period: string; dueOn: string; submitted: boolean }[];
}

export interface TaskLightResult {
  light: TaskLight;
  /** Why, in Chinese, one line per finding (empty for a plain green). */
  reasons: string[];
  /** The next date on which the light may change by itself; null when none. */
  nextReviewOn: string | null;
}

export const DEFAULT_AMBER_DAYS = 14;

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Share of the schedule elapsed on `today`, 0–100 (linear between start and due). */
export function expectedProgress(startOn: string | null, dueOn: string | null, today: string): number | null {
  if (!startOn || !dueOn) return null;
  const start = dayNumber(startOn);
  const due = dayNumber(dueOn);
  if (due <= start) return dayNumber(today) >= due ? 100 : 0;
  const share = (dayNumber(today) - start) / (due - start);
  return Math.round(Math.min(1, Math.max(0, share)) * 100);
}

export function computeTaskLight(input: TaskLightInput, today: string, amberDays = DEFAULT_AMBER_DAYS): TaskLightResult {
  if (input.status === 'paused') return { light: 'grey', reasons: ['任务暂缓'], nextReviewOn: null };
  if (input.status === 'done') return { light: 'green', reasons: [], nextReviewOn: null };

  const now = dayNumber(today);
  const red: string[] = [];
  const amber: string[] = [];
  const upcoming: number[] = [];
  const expected = expectedProgress(input.startOn, input.dueOn, today);
  const behind = input.progress === null ? expected !== null && expected > 0 : expected !== null && input.progress < expected;

  const consider = (dueOn: string, met: boolean, overdueReason: string, soonReason: string, behindCounts: boolean) => {
    if (met) return;
    const due = dayNumber(dueOn);
    if (due < now) {
      red.push(overdueReason);
      return;
    }
    // The light turns red the day after the deadline, amber `amberDays` before it.
    upcoming.push(due + 1);
    if (due - now <= amberDays) {
      if (behindCounts) amber.push(soonReason);
    } else {
      upcoming.push(due - amberDays);
    }
  };

  if (input.dueOn) {
    const progressNote = input.progress === null ? '尚未报送进度' : `进度 ${input.progress}%，按时间应达 ${expected ?? 0}%`;
    const due = chineseDate(input.dueOn);
    consider(input.dueOn, false, `已超过完成时限 ${due}`, `完成时限 ${due} 临近，${progressNote}`, behind);
  }
  for (const m of input.milestones) {
    consider(m.dueOn, m.done, `节点“${m.title}”已逾期（${chineseDate(m.dueOn)}）`, `节点“${m.title}”将于 ${chineseDate(m.dueOn)} 到期，尚未完成`, true);
  }
  for (const r of input.reports) {
    consider(
      r.dueOn,
      r.submitted,
      `${r.period} 进展报告逾期未报（截止 ${chineseDate(r.dueOn)}）`,
      `${r.period} 进展报告将于 ${chineseDate(r.dueOn)} 截止，尚未报送`,
      true,
    );
  }

  const future = upcoming.filter((d) => d > now);
  const nextReviewOn = future.length > 0 ? dateOf(Math.min(...future)) : null;
  if (red.length > 0) return { light: 'red', reasons: red, nextReviewOn };
  if (amber.length > 0) return { light: 'amber', reasons: amber, nextReviewOn };
  return { light: 'green', reasons: [], nextReviewOn };
}
