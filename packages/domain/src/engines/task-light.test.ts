import { describe, expect, it } from 'vitest';
import { computeTaskLight, expectedProgress, type TaskLightInput } from './task-light.js';

const base: TaskLightInput = { status: 'in_progress', startOn: '2026-01-01', dueOn: '2026-12-31', progress: 50, milestones: [], reports: [] };

describe('expectedProgress: linear schedule between start and due', () => {
  it.each([
    ['2026-01-01', 0],
    // 2026-07-02 is day 182 of a 364-day span: exactly half.
    ['2026-07-02', 50],
    ['2026-12-31', 100],
    ['2027-03-01', 100],
    ['2025-12-01', 0],
  ])('on %s → %i %%', (today, expected) => {
    expect(expectedProgress('2026-01-01', '2026-12-31', today)).toBe(expected);
  });
  it('is unknown without dates', () => {
    expect(expectedProgress(null, '2026-12-31', '2026-06-01')).toBeNull();
  });
});

describe('computeTaskLight', () => {
  const cases: [string, Partial<TaskLightInput>, string, string, string[] | RegExp, string | null][] = [
    ['paused tasks are grey, whatever their dates', { status: 'paused', dueOn: '2026-01-31' }, '2026-06-01', 'grey', ['任务暂缓'], null],
    ['done tasks are green even after their due date', { status: 'done', dueOn: '2026-01-31' }, '2026-06-01', 'green', [], null],
    ['red the day after the due date', { dueOn: '2026-05-31' }, '2026-06-01', 'red', ['已超过完成时限 2026年5月31日'], null],
    ['not red on the due date itself', { dueOn: '2026-06-01', progress: 100 }, '2026-06-01', 'green', [], '2026-06-02'],
    [
      'red when a milestone passed unmet, even if the task is otherwise on time',
      { milestones: [{ title: '完成选址', dueOn: '2026-03-31', done: false }] },
      '2026-04-01',
      'red',
      ['节点“完成选址”已逾期（2026年3月31日）'],
      '2026-12-17',
    ],
    ['a met milestone does not count', { milestones: [{ title: '完成选址', dueOn: '2026-03-31', done: true }] }, '2026-04-01', 'green', [], '2026-12-17'],
    [
      'red when a report is overdue',
      { reports: [{ period: '2026年第一季度', dueOn: '2026-04-10', submitted: false }] },
      '2026-04-11',
      'red',
      ['2026年第一季度 进展报告逾期未报（截止 2026年4月10日）'],
      '2026-12-17',
    ],
    [
      // 2026-12-20: 353 of 364 days elapsed → 97 % expected; 60 % reported.
      'amber within 14 days of the due date when progress is behind the schedule',
      { progress: 60 },
      '2026-12-20',
      'amber',
      ['完成时限 2026年12月31日 临近，进度 60%，按时间应达 97%'],
      '2027-01-01',
    ],
    ['green within 14 days of the due date when progress keeps up', { progress: 98 }, '2026-12-20', 'green', [], '2027-01-01'],
    [
      'amber for a milestone due within 14 days and not met yet',
      { milestones: [{ title: '签约', dueOn: '2026-06-10', done: false }] },
      '2026-06-01',
      'amber',
      ['节点“签约”将于 2026年6月10日 到期，尚未完成'],
      '2026-06-11',
    ],
    [
      'green while the milestone is more than 14 days away; the light is reviewed when it comes within 14 days',
      { milestones: [{ title: '签约', dueOn: '2026-06-30', done: false }] },
      '2026-06-01',
      'green',
      [],
      '2026-06-16',
    ],
    ['without dates a task stays green', { startOn: null, dueOn: null, progress: null }, '2026-06-01', 'green', [], null],
    [
      'no report at all counts as behind once time has elapsed',
      { progress: null },
      '2026-12-25',
      'amber',
      ['完成时限 2026年12月31日 临近，尚未报送进度'],
      '2027-01-01',
    ],
  ];
  it.each(cases)('%s', (_name, input, today, light, reasons, nextReviewOn) => {
    const result = computeTaskLight({ ...base, ...input }, today);
    expect(result.light).toBe(light);
    expect(result.reasons).toEqual(reasons);
    expect(result.nextReviewOn).toBe(nextReviewOn);
  });

  it('red wins over amber and lists every overdue finding', () => {
    const result = computeTaskLight(
      {
        ...base,
        dueOn: '2026-05-31',
        milestones: [
          { title: '甲', dueOn: '2026-04-30', done: false },
          { title: '乙', dueOn: '2026-06-05', done: false },
        ],
      },
      '2026-06-01',
    );
    expect(result.light).toBe('red');
    expect(result.reasons).toEqual(['已超过完成时限 2026年5月31日', '节点“甲”已逾期（2026年4月30日）']);
    expect(result.nextReviewOn).toBe('2026-06-06');
  });

  it('takes the amber window as a parameter', () => {
    const input = { ...base, milestones: [{ title: '签约', dueOn: '2026-06-20', done: false }] };
    expect(computeTaskLight(input, '2026-06-01', 14).light).toBe('green');
    expect(computeTaskLight(input, '2026-06-01', 30).light).toBe('amber');
  });
});
