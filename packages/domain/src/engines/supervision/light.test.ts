import { describe, expect, it } from 'vitest';
import { addDays, closedLate, daysBetween, type SupervisionLightInput, supervisionLight } from './light.js';

const base: SupervisionLightInput = { status: 'in_progress', deadline: '2026-03-10', overdueSince: null, today: '2026-03-01', warnDays: 3 };

describe('supervisionLight', () => {
  it.each([
    ['green well before the deadline', {}, 'green'],
    ['green one day outside the window', { today: '2026-03-06' }, 'green'],
    ['yellow on the first day of the window', { today: '2026-03-07' }, 'yellow'],
    ['yellow on the deadline itself', { today: '2026-03-10' }, 'yellow'],
    ['red the day after the deadline', { today: '2026-03-11' }, 'red'],
    ['red while awaiting signing too', { status: 'assigned', today: '2026-03-11' }, 'red'],
    ['red after the deadline was moved later (no silent extension)', { deadline: '2026-04-30', overdueSince: '2026-03-11', today: '2026-03-12' }, 'red'],
    ['yellow once an overdue item applies to close', { status: 'completion_requested', today: '2026-03-12' }, 'yellow'],
    [
      'yellow for a made-up item whose deadline was moved',
      { status: 'completion_requested', deadline: '2026-04-30', overdueSince: '2026-03-11', today: '2026-03-12' },
      'yellow',
    ],
    ['red again when a made-up item is returned', { status: 'in_progress', overdueSince: '2026-03-11', today: '2026-03-12' }, 'red'],
    ['green for an on-time completion request far from the deadline', { status: 'completion_requested' }, 'green'],
    ['done once closed, even late', { status: 'closed', today: '2026-05-01' }, 'done'],
    ['a zero-day window warns on the deadline only', { warnDays: 0, today: '2026-03-10' }, 'yellow'],
    ['a zero-day window is green the day before', { warnDays: 0, today: '2026-03-09' }, 'green'],
  ] as const)('%s', (_name, patch, expected) => {
    expect(supervisionLight({ ...base, ...patch })).toBe(expected);
  });
});

describe('closedLate', () => {
  it.each([
    ['on the deadline', '2026-03-10', null, '2026-03-10', false],
    ['before the deadline', '2026-03-10', null, '2026-03-02', false],
    ['the day after', '2026-03-10', null, '2026-03-11', true],
    ['in time for a moved deadline but once overdue', '2026-04-30', '2026-03-11', '2026-04-01', true],
  ] as const)('%s', (_name, deadline, overdueSince, closedOn, expected) => {
    expect(closedLate(deadline, overdueSince, closedOn)).toBe(expected);
  });
});

describe('dates', () => {
  it('counts and moves calendar days across months and leap days', () => {
    expect(daysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
