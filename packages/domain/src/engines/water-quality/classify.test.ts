import { describe, expect, it } from 'vitest';
import { classifySample } from './classify.js';
import { DEFAULT_ASSESSED_ITEMS, DO_CLASS_I_NOTE, RIVER_TN_NOTE, type WaterBodyType, type WaterClass, type WaterItem } from './standard.js';
import type { WaterSample } from './types.js';

function sample(values: WaterSample['values'], sampledAt = '2024-03-05'): WaterSample {
  return { sectionId: 'xunwu-xingning', sampledAt, values };
}

const river = { waterBody: 'river' as const, items: DEFAULT_ASSESSED_ITEMS.river };

// A river sample at class II on every item that has a class II of its own. pH is class I whenever
// it lies within 6–9 (the same range for all classes) and BOD5 class I = class II = 3 mg/L.
const classII = { ph: 7.5, do: 6.5, codmn: 3.5, nh3n: 0.3, tp: 0.08, bod5: 2.5 };

describe('classifySample: GB 3838-2002 table 1, the worst item decides', () => {
  const cases: [string, WaterSample['values'], WaterBodyType, WaterClass, WaterItem[]][] = [
    // DO 6.5: 6 ≤ 6.5 < 7.5 → II; CODMn 3.5: 2 < 3.5 ≤ 4 → II; NH3-N 0.3: 0.15 < 0.3 ≤ 0.5 → II;
    // TP 0.08: 0.02 < 0.08 ≤ 0.1 → II; pH 7.5 → I; BOD5 2.5 ≤ 3 → I. Worst: II.
    ['all items at class II', classII, 'river', 2, ['do', 'codmn', 'nh3n', 'tp']],
    // CODMn 8: 6 < 8 ≤ 10 → IV, the rest II.
    ['one item pushes the sample to IV', { ...classII, codmn: 8 }, 'river', 4, ['codmn']],
    // NH3-N 2.5 > 2.0 (the class V limit) → 劣V.
    ['NH3-N 2.5 is worse than V', { ...classII, nh3n: 2.5 }, 'river', 6, ['nh3n']],
    // pH 9.2 is outside 6–9 → 劣V for pH.
    ['pH 9.2 is worse than V', { ...classII, ph: 9.2 }, 'river', 6, ['ph']],
    // DO is "≥": 3 ≤ 4 < 5 → IV, not I.
    ['DO 4 is class IV since DO must reach the limit', { ...classII, do: 4 }, 'river', 4, ['do']],
    // TP 0.04 in a river: 0.02 < 0.04 ≤ 0.1 → II.
    ['TP 0.04 in a river is class II', { ph: 7, tp: 0.04 }, 'river', 2, ['tp']],
    // TP 0.04 in a lake: 0.025 < 0.04 ≤ 0.05 → III.
    ['the same TP 0.04 in a lake is class III', { ph: 7, tp: 0.04 }, 'lake', 3, ['tp']],
    // Two items tie at the worst class: both decide.
    ['ties list every deciding item', { ...classII, nh3n: 1.2, tp: 0.25 }, 'river', 4, ['nh3n', 'tp']],
  ];
  it.each(cases)('%s', (_name, values, waterBody, expectedClass, deciding) => {
    const result = classifySample(sample(values), { waterBody, items: DEFAULT_ASSESSED_ITEMS[waterBody] });
    expect(result.class).toBe(expectedClass);
    expect(result.decidingItems).toEqual(deciding);
  });
});

describe('classifySample: boundary values belong to the class whose limit they equal', () => {
  const cases: [WaterItem, WaterBodyType, number | string, WaterClass, string | null][] = [
    ['nh3n', 'river', 0.15, 1, '0.15'],
    ['nh3n', 'river', 0.5, 2, '0.5'],
    ['nh3n', 'river', '1.0', 3, '1.0'],
    ['nh3n', 'river', 0.5001, 3, '1.0'],
    ['nh3n', 'river', 2, 5, '2.0'],
    ['nh3n', 'river', 2.0001, 6, null],
    ['tp', 'river', 0.2, 3, '0.2'],
    ['tp', 'lake', 0.025, 2, '0.025'],
    ['tp', 'lake', 0.0251, 3, '0.05'],
    ['codmn', 'river', 15, 5, '15'],
    ['codmn', 'river', '15.0001', 6, null],
    // COD: classes I and II share 15 mg/L, so 15 is class I (the best class it meets).
    ['cod', 'river', 15, 1, '15'],
    ['bod5', 'river', 3, 1, '3'],
    ['do', 'river', 7.5, 1, '7.5'],
    ['do', 'river', 6, 2, '6'],
    ['do', 'river', 5, 3, '5'],
    ['do', 'river', 2, 5, '2'],
    ['do', 'river', 1.9999, 6, null],
    ['ph', 'river', 6, 1, '6–9'],
    ['ph', 'river', 9, 1, '6–9'],
    ['ph', 'river', 5.99, 6, null],
    ['tn', 'lake', 1.0, 3, '1.0'],
  ];
  it.each(cases)('%s in a %s at %s → class %i (limit %s)', (item, waterBody, value, expectedClass, limit) => {
    const result = classifySample(sample({ [item]: value }), { waterBody, items: [item] });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ item, class: expectedClass, limit });
  });
});

describe('classifySample: details', () => {
  it('flags items worse than the target class with the target limit', () => {
    const result = classifySample(sample({ ...classII, nh3n: 1.2, do: 4 }), { ...river, targetClass: 3 });
    const flagged = result.items.filter((entry) => entry.exceedsTarget).map((entry) => [entry.item, entry.value, entry.targetLimit]);
    expect(flagged).toEqual([
      ['do', '4', '5'],
      ['nh3n', '1.2', '1.0'],
    ]);
    expect(result.meetsTarget).toBe(false);
    expect(result.classLabel).toBe('IV类');
  });

  it('skips assessed items absent from the sample, and says so', () => {
    const result = classifySample(sample({ ph: 7, nh3n: 0.3 }), river);
    expect(result.items.map((entry) => entry.item)).toEqual(['ph', 'nh3n']);
    expect(result.notes).toContain('样品缺少评价项目：溶解氧、高锰酸盐指数、五日生化需氧量、总磷，已跳过');
  });

  it('does not let items outside the assessed list decide, and says so', () => {
    const result = classifySample(sample({ ...classII, cod: 35, tn: 3 }), river);
    expect(result.class).toBe(2);
    expect(result.notes).toContain('未列入评价项目，未参与定类：化学需氧量、总氮');
  });

  it('assesses TN for a river only when asked, on the lake limits, with a note', () => {
    // TN 1.2: 1.0 < 1.2 ≤ 1.5 (lake TN) → IV.
    const result = classifySample(sample({ ...classII, tn: 1.2 }), { waterBody: 'river', items: [...DEFAULT_ASSESSED_ITEMS.river, 'tn'] });
    expect(result.class).toBe(4);
    expect(result.decidingItems).toEqual(['tn']);
    expect(result.notes).toContain(RIVER_TN_NOTE);
  });

  it('notes that the 90 % saturation alternative for class I DO is not evaluated when it could matter', () => {
    expect(classifySample(sample({ do: 7.2 }), river).notes).toContain(DO_CLASS_I_NOTE);
    expect(classifySample(sample({ do: 8 }), river).notes).not.toContain(DO_CLASS_I_NOTE);
  });

  it('reads values without binary float surprises', () => {
    // 0.1 + 0.2 is 0.30000000000000004 as a double: read half-up at four decimals it is 0.3000 → II.
    const result = classifySample(sample({ nh3n: 0.1 + 0.2 }), { waterBody: 'river', items: ['nh3n'] });
    expect(result.items[0]).toMatchObject({ value: '0.3', class: 2 });
    expect(result.notes).toEqual(['氨氮数值 0.30000000000000004 超过4位小数，按四舍五入取 0.3 参与评价']);
  });

  it('skips unreadable and negative values with a note', () => {
    const result = classifySample(sample({ nh3n: 'ND', tp: -0.1, ph: 7 }), river);
    expect(result.items.map((entry) => entry.item)).toEqual(['ph']);
    expect(result.notes).toEqual(expect.arrayContaining(['氨氮数值“ND”无效，未参与定类', '总磷数值“-0.1”无效，未参与定类']));
  });

  it('has no class when no assessed item was measured', () => {
    const result = classifySample(sample({ cod: 12 }), river);
    expect(result.class).toBeNull();
    expect(result.meetsTarget).toBeNull();
  });

  it('rejects a target class outside I–V', () => {
    expect(() => classifySample(sample(classII), { ...river, targetClass: 6 })).toThrow(RangeError);
  });
});
