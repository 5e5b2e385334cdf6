import { describe, expect, it } from 'vitest';
import { centsOf, DEFAULT_SCORING_RULES, formatCents, roundHundredths, type ScoringRules, validateScoringRules } from './rules.js';
import { entriesForEvent, periodLabel, periodRange, rankScores, type ScoreEntry, type ScoringEvent, scoreFromSums, scoreUnits } from './score.js';

/** The worked example's rules: base 80, reports capped at +5/−3, supervision at +6/−10, tasks uncapped. */
const RULES: ScoringRules = {
  base: 80,
  categories: [
    { key: 'report', name: '进展报送', gainCap: 5, lossCap: 3 },
    { key: 'supervision', name: '督办落实', gainCap: 6, lossCap: 10 },
    { key: 'task', name: '任务完成', gainCap: null, lossCap: null },
  ],
  rules: [
    { key: 'report_on_time', category: 'report', points: 1 },
    { key: 'report_late', category: 'report', points: -1.5 },
    { key: 'supervision_closed_on_time', category: 'supervision', points: 2 },
    { key: 'supervision_closed_late', category: 'supervision', points: -0.5 },
    { key: 'supervision_overdue', category: 'supervision', points: -2 },
    { key: 'supervision_extension', category: 'supervision', points: -0.5 },
    { key: 'supervision_chased', category: 'supervision', points: -1 },
    { key: 'task_completed', category: 'task', points: 1.5 },
  ],
};

const A = 'unit-a';
const report = (id: string, onDate: string, dueOn: string, unitId = A): ScoringEvent => ({ source: 'report', id, unitId, onDate, dueOn });
const step = (id: string, kind: string, onDate: string, data: Record<string, unknown> = {}, unitId = A): ScoringEvent => ({
  source: 'supervision_event',
  id,
  itemId: `item-${id}`,
  unitId,
  kind,
  onDate,
  data,
});
const task = (id: string, onDate: string, weight: string, unitIds = [A]): ScoringEvent => ({ source: 'task', id, unitIds, onDate, weight });

describe('validateScoringRules', () => {
  it('accepts the default rules and the worked example', () => {
    expect(validateScoringRules(DEFAULT_SCORING_RULES)).toEqual({ ok: true, rules: DEFAULT_SCORING_RULES });
    expect(validateScoringRules(RULES)).toEqual({ ok: true, rules: RULES });
  });
  it('fills absent caps with null', () => {
    const result = validateScoringRules({ base: 0, categories: [{ key: 'x', name: '甲' }], rules: [] });
    expect(result).toEqual({ ok: true, rules: { base: 0, categories: [{ key: 'x', name: '甲', gainCap: null, lossCap: null }], rules: [] } });
  });
  it.each<[string, unknown, { field: string; reason: string }[]]>([
    ['not an object', [], [{ field: 'rules', reason: '须为对象' }]],
    [
      'a rule of an unknown category, points with three decimals',
      { base: 100, categories: [{ key: 'a', name: '甲' }], rules: [{ key: 'report_late', category: 'b', points: -1.005 }] },
      [
        { field: 'rules.0.category', reason: '须为已定义的类别' },
        { field: 'rules.0.points', reason: '最多两位小数' },
      ],
    ],
    [
      'an unknown rule and a rule twice',
      {
        base: 100,
        categories: [{ key: 'a', name: '甲' }],
        rules: [
          { key: 'meeting_attended', category: 'a', points: 1 },
          { key: 'report_late', category: 'a', points: -1 },
          { key: 'report_late', category: 'a', points: -2 },
        ],
      },
      [
        { field: 'rules.0.key', reason: '未知的规则：meeting_attended' },
        { field: 'rules.2.key', reason: '同一规则只能出现一次' },
      ],
    ],
    [
      'negative cap, duplicate category key, no name, base out of range',
      {
        base: -1,
        categories: [
          { key: 'a', name: '甲', gainCap: -5 },
          { key: 'a', name: ' ' },
        ],
        rules: [],
      },
      [
        { field: 'base', reason: '须在 0 到 10000 之间' },
        { field: 'categories.0.gainCap', reason: '须在 0 到 100000 之间' },
        { field: 'categories.1.key', reason: '类别标识重复' },
        { field: 'categories.1.name', reason: '须填写类别名称（最多 50 个字）' },
      ],
    ],
    ['no categories', { base: 1, categories: [], rules: [] }, [{ field: 'categories', reason: '至少一个类别' }]],
    [
      'points as text',
      { base: 1, categories: [{ key: 'a', name: '甲' }], rules: [{ key: 'report_late', category: 'a', points: '-1' }] },
      [{ field: 'rules.0.points', reason: '须为数字' }],
    ],
  ])('refuses %s, naming each field', (_, input, issues) => {
    expect(validateScoringRules(input)).toEqual({ ok: false, issues });
  });
});

describe('decimals in hundredths', () => {
  it.each([
    ['87.50', 8750],
    ['-0.50', -50],
    ['3', 300],
    ['0.05', 5],
    ['-12.3', -1230],
  ])('%s is %i hundredths', (text, cents) => {
    expect(centsOf(text)).toBe(cents);
  });
  it.each([
    [8750, '87.50'],
    [-50, '-0.50'],
    [5, '0.05'],
    [0, '0.00'],
  ])('%i hundredths print as %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
  it.each([
    // 0.33 × 1.5 = 0.495 → 0.50; −0.33 × 1.5 → −0.50; 1.5 × 2.5 = 3.75 exactly.
    [33 * 150, 50],
    [-33 * 150, -50],
    [150 * 250, 375],
    [33 * 149, 49],
  ])('a product of %i rounds half away from zero to %i', (product, cents) => {
    expect(roundHundredths(product)).toBe(cents);
  });
});

describe('entriesForEvent', () => {
  const cases: [string, ScoringEvent, Partial<ScoreEntry>[]][] = [
    [
      'a report submitted on its due date is on time',
      report('r1', '2026-04-10', '2026-04-10'),
      [{ ruleKey: 'report_on_time', points: '1.00', link: '/reports/r1' }],
    ],
    ['a report submitted the day after is late', report('r2', '2026-04-11', '2026-04-10'), [{ ruleKey: 'report_late', points: '-1.50', category: 'report' }]],
    [
      'an item closed on time',
      step('e1', 'closed', '2026-05-01', { late: false }),
      [{ ruleKey: 'supervision_closed_on_time', points: '2.00', sourceType: 'supervision_event', sourceId: 'e1', link: '/supervision/item-e1' }],
    ],
    ['an item closed late', step('e2', 'closed', '2026-05-01', { late: true }), [{ ruleKey: 'supervision_closed_late', points: '-0.50' }]],
    ['an item overdue', step('e3', 'overdue', '2026-05-01'), [{ ruleKey: 'supervision_overdue', points: '-2.00', note: '督办事项逾期未办结' }]],
    [
      'an extension approved',
      step('e4', 'extension_approved', '2026-05-01', { from: '2026-05-10', to: '2026-06-10' }),
      [{ ruleKey: 'supervision_extension', points: '-0.50' }],
    ],
    ['a 催办', step('e5', 'chased', '2026-05-01'), [{ ruleKey: 'supervision_chased', points: '-1.00' }]],
    ['a reply earns nothing', step('e6', 'progress', '2026-05-01'), []],
    ['a refused extension earns nothing', step('e7', 'extension_refused', '2026-05-01'), []],
    [
      'a task of weight 2.5 earns 1.5 × 2.5 for each lead unit',
      task('t1', '2026-06-30', '2.50', [A, 'unit-b']),
      [
        { unitId: A, ruleKey: 'task_completed', points: '3.75', note: '完成任务（权重 2.5）', link: '/tasks/t1' },
        { unitId: 'unit-b', points: '3.75' },
      ],
    ],
  ];
  it.each(cases)('%s', (_, event, expected) => {
    const entries = entriesForEvent(RULES, event);
    expect(entries).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expect(entries[i]).toMatchObject({ onDate: event.onDate, sourceId: event.id, ...e });
  });
  it('a rule left out of the rules earns nothing', () => {
    const without = { ...RULES, rules: RULES.rules.filter((r) => r.key !== 'supervision_chased') };
    expect(entriesForEvent(without, step('e5', 'chased', '2026-05-01'))).toEqual([]);
  });
});

/*
 * The worked example, "why 87.5 points": unit A in 2026 under RULES (base 80).
 *   进展报送: 6 reports on time +6, capped at +5; 3 late −4.5, capped at −3        → +2
 *   督办落实: 2 items closed on time +4; one overdue −2; one 催办 −1               → +1
 *   任务完成: a task of weight 2.5 (1.5 × 2.5 = 3.75) and one of 0.5 (0.75)       → +4.5
 *   total 80 + 2 + 1 + 4.5 = 87.5
 */
const YEAR_EVENTS: ScoringEvent[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => report(`on-${n}`, `2026-0${n}-05`, `2026-0${n}-10`)),
  ...[7, 8, 9].map((n) => report(`late-${n}`, `2026-0${n}-15`, `2026-0${n}-10`)),
  step('c1', 'closed', '2026-03-01', { late: false }),
  step('c2', 'closed', '2026-08-01', { late: false }),
  step('o1', 'overdue', '2026-02-11'),
  step('h1', 'chased', '2026-02-01'),
  task('t1', '2026-06-30', '2.50'),
  task('t2', '2026-11-30', '0.50'),
];
const ENTRIES = YEAR_EVENTS.flatMap((e) => entriesForEvent(RULES, e));

describe('scoreUnits: why 87.5 points', () => {
  it('adds the year up with caps applied, listing every contributing entry', () => {
    const [a] = scoreUnits(RULES, ENTRIES, 2026, { kind: 'year' }, [A]);
    expect(a!.total).toBe('87.50');
    expect(a!.base).toBe('80.00');
    expect(a!.categories).toEqual([
      { key: 'report', name: '进展报送', gain: '6.00', countedGain: '5.00', loss: '-4.50', countedLoss: '-3.00', subtotal: '2.00', capped: true, entries: 9 },
      {
        key: 'supervision',
        name: '督办落实',
        gain: '4.00',
        countedGain: '4.00',
        loss: '-3.00',
        countedLoss: '-3.00',
        subtotal: '1.00',
        capped: false,
        entries: 4,
      },
      { key: 'task', name: '任务完成', gain: '4.50', countedGain: '4.50', loss: '0.00', countedLoss: '0.00', subtotal: '4.50', capped: false, entries: 2 },
    ]);
    expect(a!.entries).toHaveLength(15);
    expect(a!.entries.map((e) => e.onDate)).toEqual([...a!.entries.map((e) => e.onDate)].sort());
  });

  it.each<[string, Parameters<typeof scoreUnits>[3], string, number]>([
    // Q1: reports Jan–Mar on time +3, the 催办 −1 and the overdue −2, closed on time +2 → 80 + 3 + (2 − 3) = 82.
    ['the first quarter', { kind: 'quarter', quarter: 1 }, '82.00', 6],
    // Q3: two late reports (Jul, Aug … Sep) −4.5 capped at −3, closed on time +2 → 80 − 3 + 2 = 79.
    ['the third quarter', { kind: 'quarter', quarter: 3 }, '79.00', 4],
    ['June: a report on time and the task of weight 2.5', { kind: 'month', month: 6 }, '84.75', 2],
    ['December: nothing happened, the base', { kind: 'month', month: 12 }, '80.00', 0],
  ])('%s', (_, period, total, count) => {
    const [a] = scoreUnits(RULES, ENTRIES, 2026, period, [A]);
    expect(a!.total).toBe(total);
    expect(a!.entries).toHaveLength(count);
  });

  it('entries of another year do not count', () => {
    const lastYear = entriesForEvent(RULES, report('old', '2025-12-31', '2026-01-10'));
    const [a] = scoreUnits(RULES, [...ENTRIES, ...lastYear], 2026, { kind: 'year' }, [A]);
    expect(a!.total).toBe('87.50');
  });

  it('sums computed elsewhere (SQL) give the same scores as the entries', () => {
    const sums = [
      { unitId: A, category: 'report', gain: 600, loss: -450, count: 9 },
      { unitId: A, category: 'supervision', gain: 400, loss: -300, count: 4 },
      { unitId: A, category: 'task', gain: 450, loss: 0, count: 2 },
    ];
    const { entries: _e, ...fromEntries } = scoreUnits(RULES, ENTRIES, 2026, { kind: 'year' }, [A])[0]!;
    expect(scoreFromSums(RULES, sums, [A])[0]).toEqual(fromEntries);
  });
});

describe('rankScores', () => {
  it('ranks highest first; equal totals share a rank and the next one skips', () => {
    const others = [step('x', 'overdue', '2026-05-01', {}, 'unit-c'), task('y', '2026-05-01', '5', ['unit-d'])];
    const entries = [...ENTRIES, ...others.flatMap((e) => entriesForEvent(RULES, e))];
    const scores = scoreUnits(RULES, entries, 2026, { kind: 'year' }, ['unit-b', 'unit-c', A, 'unit-d']);
    // unit-d: 1.5 × 5 = 7.5 → 87.5, like A.
    expect(rankScores(scores).map((s) => [s.unitId, s.total, s.rank])).toEqual([
      [A, '87.50', 1],
      ['unit-d', '87.50', 1],
      ['unit-b', '80.00', 3],
      ['unit-c', '78.00', 4],
    ]);
  });
});

describe('periods', () => {
  it.each<[Parameters<typeof periodRange>[1], string, string, string]>([
    [{ kind: 'year' }, '2028-01-01', '2028-12-31', '2028年度'],
    [{ kind: 'quarter', quarter: 1 }, '2028-01-01', '2028-03-31', '2028年第一季度'],
    [{ kind: 'quarter', quarter: 4 }, '2028-10-01', '2028-12-31', '2028年第四季度'],
    [{ kind: 'month', month: 2 }, '2028-02-01', '2028-02-29', '2028年2月'],
  ])('%j of 2028', (period, from, to, label) => {
    expect(periodRange(2028, period)).toEqual({ from, to });
    expect(periodLabel(2028, period)).toBe(label);
  });
});
