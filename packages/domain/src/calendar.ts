/** China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in China of an instant: deadlines are dates in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
