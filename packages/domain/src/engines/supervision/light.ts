/**
 * The light of a supervision item (督办事项红黄灯). The rule the issue and the usual 督查督办
 * practice set (docs/domain.md has no number for it; the default warning window is the office's
 * setting, 3 days unless changed):
 *
 * - done   — closed (办结); `closedLate` says whether it was closed after its deadline or after
 *            having gone overdue.
 * - red    — not closed and the deadline has passed (strictly before today), or the item has been
 *            overdue (`overdueSince`) and the unit has not yet made the shortfall up. Moving the
 *            deadline does not clear it: only the unit's 办结申请 does.
 * - yellow — the deadline is within `warnDays` days (today included), or an overdue item whose
 *            unit has applied to close it (made up, awaiting the office's review).
 * - green  — otherwise.
 *
 * Dates are China calendar dates, YYYY-MM-DD.
 */
export type SupervisionLight = 'green' | 'yellow' | 'red' | 'done';
export type SupervisionItemStatus = 'assigned' | 'in_progress' | 'completion_requested' | 'closed';

export interface SupervisionLightInput {
  status: SupervisionItemStatus;
  deadline: string;
  overdueSince: string | null;
  today: string;
  warnDays: number;
}

export const DEFAULT_WARN_DAYS = 3;
export const DEFAULT_SIGN_DAYS = 2;
export const DEFAULT_ESCALATE_DAYS = 2;

const DAY_MS = 86_400_000;

/** Days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function supervisionLight(input: SupervisionLightInput): SupervisionLight {
  if (input.status === 'closed') return 'done';
  const madeUp = input.status === 'completion_requested';
  const pastDeadline = input.deadline < input.today;
  if ((pastDeadline || input.overdueSince !== null) && !madeUp) return 'red';
  if (pastDeadline || input.overdueSince !== null) return 'yellow';
  return daysBetween(input.today, input.deadline) <= input.warnDays ? 'yellow' : 'green';
}

/**
 * Whether an item closed on `closedOn` was closed late: after its deadline, or having been
 * overdue at some point (an extension asked for in time keeps it on time).
 */
export function closedLate(deadline: string, overdueSince: string | null, closedOn: string): boolean {
  return overdueSince !== null || closedOn > deadline;
}
