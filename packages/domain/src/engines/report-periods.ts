export type ReportPeriodKind = 'monthly' | 'quarterly';

export interface ReportPeriodDraft {
  label: string;
  startsOn: string;
  endsOn: string;
  /** The deadline for reports on the period: `dueDays` calendar days after it ends. */
  dueOn: string;
}

const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

/**
 * The calendar months or quarters that overlap [from, to], each with its reporting deadline.
 * Periods follow the calendar (a plan's offices report "for March", "for the first quarter"), so
 * the first and last periods are whole even when `from` or `to` falls inside them.
 */
export function reportPeriods(kind: ReportPeriodKind, from: string, to: string, dueDays: number): ReportPeriodDraft[] {
  if (from > to) return [];
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const step = kind === 'monthly' ? 1 : 3;
  let year = fromYear;
  let month = kind === 'monthly' ? fromMonth - 1 : Math.floor((fromMonth - 1) / 3) * 3;
  const periods: ReportPeriodDraft[] = [];
  for (;;) {
    const startsOn = iso(year, month, 1);
    if (startsOn > to) return periods;
    const endsOn = iso(year, month + step, 0);
    const [ey, em, ed] = endsOn.split('-').map(Number) as [number, number, number];
    periods.push({
      label: kind === 'monthly' ? `${year}年${month + 1}月` : `${year}年${QUARTER_NAMES[month / 3]}`,
      startsOn,
      endsOn,
      dueOn: iso(ey, em - 1, ed + dueDays),
    });
    month += step;
    if (month >= 12) {
      month -= 12;
      year += 1;
    }
  }
}
