import { describe, expect, it } from 'vitest';
import { type BulletinUnitCounts, buildBulletin, bulletinTitle, EMPTY_COUNTS, onTimeRate, percentText, periodText, rankUnits } from './bulletin.js';

/** A unit's counts: [on time, late, overdue] plus optional others. */
function unit(name: string, onTime: number, late: number, overdue: number, more: Partial<BulletinUnitCounts> = {}): BulletinUnitCounts {
  return { ...EMPTY_COUNTS, unitId: `id-${name}`, unitName: name, closedOnTime: onTime, closedLate: late, overdue, ...more };
}

const ranking = (units: BulletinUnitCounts[]) => rankUnits(units).map((r) => [r.unitName, r.rank]);

describe('onTimeRate', () => {
  it.each([
    ['all on time', unit('a', 4, 0, 0), 1],
    ['6 of 7 (one late)', unit('a', 6, 1, 0), 6 / 7],
    ['overdue counts against', unit('a', 1, 1, 2), 0.25],
    ['nothing closed or overdue', unit('a', 0, 0, 0, { raised: 5, extended: 2 }), null],
    ['only overdue', unit('a', 0, 0, 3), 0],
  ] as const)('%s', (_name, counts, expected) => {
    expect(onTimeRate(counts)).toBe(expected);
  });
});

describe('rankUnits', () => {
  it.each([
    [
      'by rate, highest first',
      [unit('乙', 1, 1, 0), unit('甲', 3, 0, 0), unit('丙', 1, 3, 0)],
      [
        ['甲', 1],
        ['乙', 2],
        ['丙', 3],
      ],
    ],
    [
      'equal rate: fewer overdue first, different ranks',
      // 2/4 with 2 overdue vs 1/2 with 0 overdue (one late): both 50 %.
      [unit('甲', 2, 0, 2), unit('乙', 1, 1, 0)],
      [
        ['乙', 1],
        ['甲', 2],
      ],
    ],
    [
      'equal rate and overdue: shared rank, by name, and the next rank skips (1, 1, 3)',
      // 1/2 and 2/4 are the same rate exactly; both with one overdue.
      [unit('福田区', 1, 0, 1), unit('兴国县', 2, 1, 1), unit('南康区', 0, 0, 1)],
      [
        ['福田区', 1],
        ['兴国县', 1],
        ['南康区', 3],
      ],
    ],
    [
      'units without a denominator are unranked and last, by name',
      [unit('乙', 0, 0, 0, { raised: 3 }), unit('甲', 0, 0, 2), unit('丙', 0, 0, 0, { extended: 1 })],
      [
        ['甲', 1],
        ['丙', null],
        ['乙', null],
      ],
    ],
    ['nothing at all', [], []],
  ] as const)('%s', (_name, units, expected) => {
    expect(ranking([...units])).toEqual(expected);
  });

  it('keeps every count and gives the rate', () => {
    const [row] = rankUnits([unit('甲', 6, 1, 0, { raised: 9, extended: 2, chased: 1, chaseTimes: 3 })]);
    expect(row).toMatchObject({ raised: 9, closedOnTime: 6, closedLate: 1, extended: 2, chased: 1, chaseTimes: 3, rank: 1 });
    expect(row!.rate).toBeCloseTo(6 / 7, 10);
  });
});

describe('texts', () => {
  it.each([
    [1, '100%'],
    [0.5, '50%'],
    [6 / 7, '85.7%'],
    [2 / 3, '66.7%'],
    [0, '0%'],
  ] as const)('percentText(%s) = %s', (rate, text) => {
    expect(percentText(rate)).toBe(text);
  });

  it('periods and titles', () => {
    expect(periodText('2026-01-01', '2026-03-31')).toBe('2026年1月1日至2026年3月31日');
    expect(periodText('2026-05-04', '2026-05-04')).toBe('2026年5月4日');
    expect(bulletinTitle(2026, 3)).toBe('督办工作情况通报（2026年第3期）');
  });
});

describe('buildBulletin: a worked quarter of Ganzhou', () => {
  // 兴国县: 5 raised, 3 on time, 1 late, 1 overdue (rate 3/5 = 60 %), chased twice on one item.
  // 南康区: 4 raised, 2 on time, 0 late, 0 overdue (100 %), one extension.
  // 市发展改革委: 2 raised, nothing closed yet (unranked).
  const input = {
    cityName: '赣州市',
    officeName: '赣州市对口合作工作领导小组办公室',
    periodFrom: '2026-01-01',
    periodTo: '2026-03-31',
    units: [
      unit('兴国县', 3, 1, 1, { raised: 5, chased: 1, chaseTimes: 2 }),
      unit('南康区', 2, 0, 0, { raised: 4, extended: 1 }),
      unit('市发展改革委', 0, 0, 0, { raised: 2 }),
    ],
    totals: { raised: 11, closedOnTime: 5, closedLate: 1, extended: 1, overdue: 1, chased: 1, chaseTimes: 2 },
  };
  const result = buildBulletin(input);

  it('ranks and totals', () => {
    expect(result.rows.map((r) => [r.unitName, r.rank])).toEqual([
      ['南康区', 1],
      ['兴国县', 2],
      ['市发展改革委', null],
    ]);
    expect(result.totals.rate).toBeCloseTo(5 / 7, 10);
  });

  it('writes the four sections in the usual layout', () => {
    expect(result.sections.map((s) => s.heading)).toEqual(['一、总体情况', '二、各单位办理情况', '三、存在问题', '四、下步工作']);
    const [overall, units, problems, next] = result.sections;
    expect(overall!.paragraphs[0]).toBe(
      '2026年1月1日至2026年3月31日，赣州市本期共交办督办事项11件，按期办结5件，逾期办结1件，申请延期1件，逾期未办结1件，催办2次。',
    );
    expect(overall!.paragraphs[1]).toBe('全市督办事项按期办结率为71.4%。其中，南康区按期办结率最高（100%）。');
    expect(units!.paragraphs[0]).toContain('本期共有3个单位承办督办事项，其中2个单位参与按期办结率排名');
    expect(problems!.paragraphs).toEqual([
      '部分单位督办事项办理不及时。兴国县（1件）存在逾期未办结事项。',
      '兴国县（1件）存在逾期办结事项，办理时效有待提高。',
    ]);
    expect(next!.paragraphs.length).toBe(3);
  });

  it('a clean period has no problems to name and no rate without a denominator', () => {
    const clean = buildBulletin({ ...input, units: [unit('南康区', 0, 0, 0, { raised: 1 })], totals: { ...EMPTY_COUNTS, raised: 1 } });
    expect(clean.sections[0]!.paragraphs[1]).toBe('本期无已办结或逾期的督办事项，暂不计算按期办结率。');
    expect(clean.sections[2]!.paragraphs).toEqual(['本期各单位督办事项均按期办理，未发现逾期情况。']);
    expect(clean.totals.rate).toBeNull();
  });
});
