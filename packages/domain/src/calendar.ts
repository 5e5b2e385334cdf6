/** China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in China of an instant: deadlines are dates in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2024-03-05` → `2024年3月5日`, `2024-03-05 10:30` → `2024年3月5日 10:30`: the platform's one way of writing a date. */
export function chineseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?(.*)$/.exec(date);
  if (!match) return date;
  return `${match[1]}年${Number(match[2])}月${match[3] ? `${Number(match[3])}日` : ''}${match[4] ?? ''}`;
}

/**
 * The dates the platform accepts anywhere (deadlines, report periods, records' dates): a plan runs
 * for years, not centuries. PostgreSQL has no year 0 (22008) and a 9999 deadline would make period
 * generation and reminders loop for millennia, so dates outside this range are refused at the
 * boundary, naming the field, instead of failing deep inside.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2099-12-31';
export const DATE_RANGE_MESSAGE = `日期须在 ${DATE_MIN} 至 ${DATE_MAX} 之间`;

/** Whether a YYYY-MM-DD text (or the date part of an ISO date-time) lies within DATE_MIN…DATE_MAX. */
export function isDateInRange(isoText: string): boolean {
  const day = isoText.slice(0, 10);
  // Four-digit years compare correctly as text; a five-digit or signed year is out of range anyway.
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= DATE_MIN && day <= DATE_MAX;
}
