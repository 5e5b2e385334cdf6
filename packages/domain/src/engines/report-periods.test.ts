import { describe, expect, it } from 'vitest';
import { reportPeriods } from './report-periods.js';

describe('reportPeriods', () => {
  it('quarters overlapping a span, whole quarters, deadline 10 days after each quarter', () => {
    expect(reportPeriods('quarterly', '2026-02-15', '2026-07-01', 10)).toEqual([
      { label: '2026年第一季度', startsOn: '2026-01-01', endsOn: '2026-03-31', dueOn: '2026-04-10' },
      { label: '2026年第二季度', startsOn: '2026-04-01', endsOn: '2026-06-30', dueOn: '2026-07-10' },
      { label: '2026年第三季度', startsOn: '2026-07-01', endsOn: '2026-09-30', dueOn: '2026-10-10' },
    ]);
  });

  it('months across a year end, February of a leap year, deadlines rolling into the next month', () => {
    expect(reportPeriods('monthly', '2027-12-03', '2028-02-10', 5)).toEqual([
      { label: '2027年12月', startsOn: '2027-12-01', endsOn: '2027-12-31', dueOn: '2028-01-05' },
      { label: '2028年1月', startsOn: '2028-01-01', endsOn: '2028-01-31', dueOn: '2028-02-05' },
      { label: '2028年2月', startsOn: '2028-02-01', endsOn: '2028-02-29', dueOn: '2028-03-05' },
    ]);
  });

  it('a fourth quarter ends on 31 December; an empty span gives nothing', () => {
    expect(reportPeriods('quarterly', '2026-11-30', '2026-11-30', 0)).toEqual([
      { label: '2026年第四季度', startsOn: '2026-10-01', endsOn: '2026-12-31', dueOn: '2026-12-31' },
    ]);
    expect(reportPeriods('monthly', '2026-05-01', '2026-04-01', 5)).toEqual([]);
  });
});
