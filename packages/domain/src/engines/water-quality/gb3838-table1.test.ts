import { describe, expect, it } from 'vitest';
import { classifySample } from './classify.js';
// Only types and the key sets of the engine's table are read from the engine, never a limit:
// a wrong constant must not be able to test itself.
import { GB3838_2002_TABLE1, type WaterBodyType, type WaterClass, type WaterItem } from './standard.js';

/**
 * GB 3838-2002《地表水环境质量标准》表1 地表水环境质量标准基本项目标准限值 (mg/L, pH unitless),
 * typed here from the standard itself, independently of standard.ts, for the items the engine
 * classifies (docs/domain.md, "Surface water quality: GB 3838-2002, table 1"). Limits are written as
 * the standard prints them ('1.0', not '1'), because the engine reports the limit text a value met.
 *
 * Boundary semantics (表1 "≤" / "≥", docs/domain.md): a value equal to a limit meets the class, so the
 * class of a value is the best class whose limit it meets (COD 15 is class I, as I and II are both 15).
 *
 * Not here, on purpose: 水温 (item 1) has no classes; items 10–24 (metals, 粪大肠菌群 …) are not
 * modelled by the engine, and the coverage test below fails the day one is added without its row.
 *
 * `step` is "just above / just below" for the item: about 1/100–1/1000 of its smallest limit, and no
 * finer than the engine's 0.0001 (four decimals), so a limit moved by a step or more fails a case.
 */
interface LimitRow {
  item: WaterItem;
  label: string;
  waterBody: WaterBodyType;
  direction: 'atMost' | 'atLeast';
  /** Classes I, II, III, IV, V. */
  limits: readonly [string, string, string, string, string];
  step: string;
}

const BOTH: readonly WaterBodyType[] = ['river', 'lake'];

/** [item, label, water bodies, direction, limits of classes I–V, step], in the order of 表1. */
type RowSpec = [WaterItem, string, readonly WaterBodyType[], LimitRow['direction'], LimitRow['limits'], string];

const SPECS: readonly RowSpec[] = [
  // 3 溶解氧 ≥ 饱和率90%（或7.5）, 6, 5, 3, 2 — the engine judges class I on 7.5 mg/L only.
  ['do', '溶解氧 DO', BOTH, 'atLeast', ['7.5', '6', '5', '3', '2'], '0.01'],
  // 4 高锰酸盐指数 ≤ 2, 4, 6, 10, 15
  ['codmn', '高锰酸盐指数 CODMn', BOTH, 'atMost', ['2', '4', '6', '10', '15'], '0.01'],
  // 5 化学需氧量(COD) ≤ 15, 15, 20, 30, 40
  ['cod', '化学需氧量 COD', BOTH, 'atMost', ['15', '15', '20', '30', '40'], '0.01'],
  // 6 五日生化需氧量(BOD5) ≤ 3, 3, 4, 6, 10
  ['bod5', '五日生化需氧量 BOD5', BOTH, 'atMost', ['3', '3', '4', '6', '10'], '0.01'],
  // 7 氨氮(NH3-N) ≤ 0.15, 0.5, 1.0, 1.5, 2.0
  ['nh3n', '氨氮 NH3-N', BOTH, 'atMost', ['0.15', '0.5', '1.0', '1.5', '2.0'], '0.001'],
  // 8 总磷(以P计) ≤ 0.02（湖、库0.01）, 0.1（湖、库0.025）, 0.2（湖、库0.05）, 0.3（湖、库0.1）, 0.4（湖、库0.2）
  ['tp', '总磷 TP', ['river'], 'atMost', ['0.02', '0.1', '0.2', '0.3', '0.4'], '0.0001'],
  ['tp', '总磷 TP', ['lake'], 'atMost', ['0.01', '0.025', '0.05', '0.1', '0.2'], '0.0001'],
  // 9 总氮(湖、库，以N计) ≤ 0.2, 0.5, 1.0, 1.5, 2.0. The standard sets no river limit; the engine
  // assesses TN for a river only when asked, on these lake limits (with a note), so that is pinned too.
  ['tn', '总氮 TN', BOTH, 'atMost', ['0.2', '0.5', '1.0', '1.5', '2.0'], '0.001'],
];

const TABLE_1: readonly LimitRow[] = SPECS.flatMap(([item, label, bodies, direction, limits, step]) =>
  bodies.map((waterBody): LimitRow => ({ item, label, waterBody, direction, limits, step })),
);

// 2 pH值（无量纲）6~9, the same range for every class: inside is class I, outside is 劣V.
const PH_RANGE = { min: '6', max: '9', step: '0.01' };

/** Items per water body that the standard classifies (TN: lakes and reservoirs only). */
const STANDARD_ITEMS: Readonly<Record<WaterBodyType, readonly WaterItem[]>> = {
  river: ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp'],
  lake: ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn'],
};

const CLASS_NAMES: Readonly<Record<WaterClass, string>> = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV', 5: 'V', 6: '劣V' };

// Exact decimal text arithmetic at 10^-6, kept apart from the engine's decimal.ts on purpose.
const MICRO = 6;
function toMicro(text: string): number {
  const [integer = '', fraction = ''] = text.split('.');
  if (fraction.length > MICRO) throw new Error(`test table value ${text} has more than ${MICRO} decimals`);
  return Number(integer) * 10 ** MICRO + Number(fraction.padEnd(MICRO, '0'));
}
function fromMicro(micro: number): string {
  const fraction = String(micro % 10 ** MICRO)
    .padStart(MICRO, '0')
    .replace(/0+$/, '');
  const integer = Math.floor(micro / 10 ** MICRO);
  return fraction === '' ? String(integer) : `${integer}.${fraction}`;
}
function shift(limit: string, step: string, sign: 1 | -1): string {
  return fromMicro(toMicro(limit) + sign * toMicro(step));
}

interface BoundaryCase {
  row: LimitRow;
  name: string;
  waterBody: WaterBodyType;
  /** The class whose limit is being probed. */
  limitClass: WaterClass;
  limit: string;
  value: string;
  position: 'at' | 'just inside' | 'just outside';
  expected: WaterClass;
  /** The limit text the engine reports for the class met; null for 劣V. */
  expectedLimit: string | null;
}

/**
 * Three values per item × class: the limit itself and one step inside it belong to the best class
 * sharing that limit (COD 15 → I); one step outside belongs to the next class with a different
 * limit, or 劣V beyond V. "Inside" is below the limit for "≤" items and above it for DO.
 */
function boundaryCases(row: LimitRow): BoundaryCase[] {
  const cases: BoundaryCase[] = [];
  const inside = row.direction === 'atMost' ? -1 : 1;
  row.limits.forEach((limit, index) => {
    const limitClass = (index + 1) as WaterClass;
    const bestSharing = (row.limits.indexOf(limit) + 1) as WaterClass;
    const lastSharing = row.limits.lastIndexOf(limit) + 1;
    const worse = (lastSharing + 1) as WaterClass;
    const probes: [BoundaryCase['position'], string, WaterClass][] = [
      ['at', limit, bestSharing],
      ['just inside', shift(limit, row.step, inside as 1 | -1), bestSharing],
      ['just outside', shift(limit, row.step, -inside as 1 | -1), worse],
    ];
    for (const [position, value, expected] of probes) {
      cases.push({
        row,
        name: `${row.label} (${row.waterBody}) ${value}, ${position} the class ${CLASS_NAMES[limitClass]} limit ${row.direction === 'atMost' ? '≤' : '≥'} ${limit} → class ${CLASS_NAMES[expected]}`,
        waterBody: row.waterBody,
        limitClass,
        limit,
        value,
        position,
        expected,
        expectedLimit: expected === 6 ? null : (row.limits[expected - 1] ?? null),
      });
    }
  });
  return cases;
}

describe('the test table itself', () => {
  it.each(TABLE_1.map((row) => [`${row.label} (${row.waterBody})`, row] as const))(
    '%s: limits ordered from class I to V, steps finer than every gap',
    (_name, row) => {
      const micros = row.limits.map(toMicro);
      for (let index = 1; index < micros.length; index++) {
        const [previous, current] = [micros[index - 1] as number, micros[index] as number];
        const gap = row.direction === 'atMost' ? current - previous : previous - current;
        // Equal neighbours are allowed (COD and BOD5 I = II); otherwise the gap must exceed a step,
        // or "just outside" one limit would land beyond the next.
        expect(gap === 0 || gap > toMicro(row.step)).toBe(true);
        expect(gap).toBeGreaterThanOrEqual(0);
      }
      // A step below the smallest limit must stay positive and within the engine's four decimals.
      expect(toMicro(row.step)).toBeGreaterThanOrEqual(100);
      expect(Math.min(...micros)).toBeGreaterThan(toMicro(row.step));
    },
  );

  it.each(BOTH)('covers every item the engine classifies for a %s, and no other', (waterBody) => {
    // Reading only the engine table's keys: an item added to the engine without a row here fails.
    expect(Object.keys(GB3838_2002_TABLE1.items[waterBody]).sort()).toEqual([...STANDARD_ITEMS[waterBody]].sort());
    const tableItems = new Set(TABLE_1.filter((row) => row.waterBody === waterBody).map((row) => row.item));
    expect([...tableItems, 'ph'].sort()).toEqual([...STANDARD_ITEMS[waterBody], ...(waterBody === 'river' ? ['tn'] : [])].sort());
  });
});

function classifyOne(item: WaterItem, waterBody: WaterBodyType, value: string | number, targetClass?: WaterClass) {
  const result = classifySample({ sectionId: 's', sampledAt: '2024-06-01', values: { [item]: value } }, { waterBody, items: [item], targetClass });
  expect(result.items).toHaveLength(1);
  return { result, entry: result.items[0] };
}

describe('GB 3838-2002 表1: every limit of every item and class, at, just inside and just outside', () => {
  const cases = TABLE_1.flatMap(boundaryCases);

  it.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, { row, waterBody, value, expected, expectedLimit, limitClass, limit }) => {
    // Text and number input must agree: callers pass both.
    for (const input of [value, Number(value)]) {
      const { result, entry } = classifyOne(row.item, waterBody, input, limitClass);
      expect(entry).toMatchObject({ item: row.item, class: expected, limit: expectedLimit, direction: row.direction });
      expect(result.class).toBe(expected);
      // With the probed class as target, the target limit is this limit and the verdict flips exactly at it.
      expect(entry).toMatchObject({ targetLimit: limit, exceedsTarget: expected > limitClass });
      expect(result.meetsTarget).toBe(expected <= limitClass);
    }
  });
});

describe('GB 3838-2002 表1: pH 6–9 for every class', () => {
  const { min, max, step } = PH_RANGE;
  const cases: [string, WaterClass][] = [
    [min, 1],
    [shift(min, step, 1), 1],
    [shift(min, step, -1), 6],
    [max, 1],
    [shift(max, step, -1), 1],
    [shift(max, step, 1), 6],
  ];
  const named = BOTH.flatMap((waterBody) =>
    cases.map(([value, expected]) => [`pH (${waterBody}) ${value} → class ${CLASS_NAMES[expected]}`, waterBody, value, expected] as const),
  );

  it.each(named)('%s', (_name, waterBody, value, expected) => {
    for (const input of [value, Number(value)]) {
      const { entry } = classifyOne('ph', waterBody, input);
      expect(entry).toMatchObject({ item: 'ph', class: expected, direction: 'range', limit: expected === 6 ? null : `${min}–${max}` });
    }
  });

  it.each([1, 2, 3, 4, 5] as const)('pH 6–9 is the target limit of class %i too', (targetClass) => {
    expect(classifyOne('ph', 'river', '6', targetClass).entry).toMatchObject({ targetLimit: `${min}–${max}`, exceedsTarget: false });
    expect(classifyOne('ph', 'river', '9.01', targetClass).entry).toMatchObject({ targetLimit: `${min}–${max}`, exceedsTarget: true });
  });
});

describe('GB 3838-2002 表1: TN is a lake and reservoir item', () => {
  it('is not assessed for a river unless asked, and is for a lake', () => {
    const values = { tn: '2.5', nh3n: '0.3' };
    const river = classifySample({ sectionId: 's', sampledAt: '2024-06-01', values }, { waterBody: 'river' });
    expect(river.items.map((entry) => entry.item)).toEqual(['nh3n']);
    expect(river.class).toBe(2);
    const lake = classifySample({ sectionId: 's', sampledAt: '2024-06-01', values }, { waterBody: 'lake' });
    expect(lake.items.map((entry) => [entry.item, entry.class])).toEqual([
      ['nh3n', 2],
      ['tn', 6],
    ]);
  });
});
