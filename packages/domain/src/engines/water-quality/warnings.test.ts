import { describe, expect, it } from 'vitest';
import type { WaterSample } from './types.js';
import { waterQualityWarnings } from './warnings.js';

const options = { waterBody: 'river' as const, targetClass: 3 as const };

function at(sampledAt: string, values: WaterSample['values'], sectionId = 's1'): WaterSample {
  return { sectionId, sampledAt, values };
}

describe('waterQualityWarnings: exceedance of the target-class limit', () => {
  it('raises one warning per sample and item, with date, value and limit', () => {
    const warnings = waterQualityWarnings(
      [
        // NH3-N 1.2 > 1.0 (III) and DO 4 < 5 (III) in the same sample: two warnings.
        at('2024-03-05', { nh3n: 1.2, do: 4, tp: 0.2 }),
        // pH 9.2 outside 6–9; TP 0.2 is exactly the class III limit: no warning for TP.
        at('2024-04-05 10:30', { ph: 9.2, tp: 0.2 }),
      ],
      options,
    );
    expect(warnings.map((warning) => (warning.kind === 'exceedance' ? [warning.sampledAt, warning.item, warning.value, warning.limit] : []))).toEqual([
      ['2024-03-05', 'do', '4', '5'],
      ['2024-03-05', 'nh3n', '1.2', '1.0'],
      ['2024-04-05 10:30', 'ph', '9.2', '6–9'],
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      '2024年3月5日 溶解氧 4 mg/L，低于III类标准限值 5 mg/L',
      '2024年3月5日 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L',
      '2024年4月5日 pH 9.2，超出III类标准范围 6–9',
    ]);
  });

  it('follows the target class', () => {
    // NH3-N 0.8: above the class II limit 0.5, within class III.
    expect(waterQualityWarnings([at('2024-03-05', { nh3n: 0.8 })], options)).toEqual([]);
    expect(waterQualityWarnings([at('2024-03-05', { nh3n: 0.8 })], { ...options, targetClass: 2 })).toHaveLength(1);
  });
});

describe('waterQualityWarnings: three worsening monthly means in a row (恶化)', () => {
  // NH3-N limits (mg/L): I 0.15, II 0.5, III 1.0, IV 1.5, V 2.0; TP (rivers) I 0.02, II 0.1, III 0.2;
  // CODMn I 2, II 4, III 6; DO (at least) I 7.5, II 6, III 5. The target class is III.
  const cases: [string, WaterSample[], string[]][] = [
    [
      // Monthly NH3-N means 0.3 < 0.8 < 1.2 over March, April, May (March from two samples: (0.2 + 0.4) / 2 = 0.3): class II → IV.
      'NH3-N rising three months from class II into class IV',
      [at('2024-03-05', { nh3n: 0.2 }), at('2024-03-20', { nh3n: 0.4 }), at('2024-04-05', { nh3n: 0.8 }), at('2024-05-05', { nh3n: 1.2 })],
      ['氨氮月均值2024年3月至2024年5月连续3个月上升（0.3、0.8、1.2 mg/L），类别由II类变为IV类'],
    ],
    [
      // The section meets its target (III) every month and NH3-N stays class II: seasonal drift, not deterioration.
      'a rise inside the class while meeting the target raises nothing, however long',
      [
        at('2024-03-05', { nh3n: 0.2 }),
        at('2024-04-05', { nh3n: 0.25 }),
        at('2024-05-05', { nh3n: 0.3 }),
        at('2024-06-05', { nh3n: 0.35 }),
        at('2024-07-05', { nh3n: 0.4 }),
      ],
      [],
    ],
    [
      // Class V throughout (1.6, 1.7, 1.8 > 1.5): no class change, but worse than the target and getting worse.
      'a rise inside a class worse than the target is deterioration',
      [at('2024-03-05', { nh3n: 1.6 }), at('2024-04-05', { nh3n: 1.7 }), at('2024-05-05', { nh3n: 1.8 })],
      ['氨氮月均值2024年3月至2024年5月连续3个月上升（1.6、1.7、1.8 mg/L），始终劣于III类目标（V类）'],
    ],
    [
      'a longer run gives one warning listing its months and its length',
      [at('2024-03-05', { tp: 0.05 }), at('2024-04-05', { tp: 0.08 }), at('2024-05-05', { tp: 0.12 }), at('2024-06-05', { tp: 0.15 })],
      ['总磷月均值2024年3月至2024年6月连续4个月上升（0.05、0.08、0.12、0.15 mg/L），类别由II类变为III类'],
    ],
    [
      'two runs broken by a better month give two warnings',
      [
        at('2024-01-05', { nh3n: 0.3 }),
        at('2024-02-05', { nh3n: 0.8 }),
        at('2024-03-05', { nh3n: 1.2 }),
        at('2024-04-05', { nh3n: 0.4 }),
        at('2024-05-05', { nh3n: 0.9 }),
        at('2024-06-05', { nh3n: 1.3 }),
      ],
      [
        '氨氮月均值2024年1月至2024年3月连续3个月上升（0.3、0.8、1.2 mg/L），类别由II类变为IV类',
        '氨氮月均值2024年4月至2024年6月连续3个月上升（0.4、0.9、1.3 mg/L），类别由II类变为IV类',
      ],
    ],
    [
      'an equal month breaks the run (strictly increasing)',
      [at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.8 }), at('2024-05-05', { nh3n: 0.8 })],
      [],
    ],
    ['a month without data breaks the run', [at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.8 }), at('2024-06-05', { nh3n: 1.2 })], []],
    ['two rising months are not enough', [at('2024-04-05', { nh3n: 0.3 }), at('2024-05-05', { nh3n: 1.2 })], []],
    [
      'the run may cross the year end',
      [at('2023-11-05', { codmn: 2.1 }), at('2023-12-05', { codmn: 3.5 }), at('2024-01-05', { codmn: 4.5 })],
      ['高锰酸盐指数月均值2023年11月至2024年1月连续3个月上升（2.1、3.5、4.5 mg/L），类别由II类变为III类'],
    ],
    [
      // For DO, less oxygen is worse: 7 (II) > 6.5 (II) > 5.5 (III).
      'DO falling is worsening',
      [at('2024-03-05', { do: 7 }), at('2024-04-05', { do: 6.5 }), at('2024-05-05', { do: 5.5 })],
      ['溶解氧月均值2024年3月至2024年5月连续3个月下降（7、6.5、5.5 mg/L），类别由II类变为III类'],
    ],
    ['DO rising is not', [at('2024-03-05', { do: 5.5 }), at('2024-04-05', { do: 6.5 }), at('2024-05-05', { do: 7 })], []],
    ['pH has no worsening direction', [at('2024-03-05', { ph: 7 }), at('2024-04-05', { ph: 7.5 }), at('2024-05-05', { ph: 8 })], []],
    ['sections are kept apart', [at('2024-03-05', { nh3n: 0.3 }, 'a'), at('2024-04-05', { nh3n: 0.8 }, 'b'), at('2024-05-05', { nh3n: 1.2 }, 'a')], []],
  ];
  it.each(cases)('%s', (_name, samples, messages) => {
    const warnings = waterQualityWarnings(samples, options).filter((warning) => warning.kind === 'worsening_trend');
    expect(warnings.map((warning) => warning.message)).toEqual(messages);
  });

  it('says which months, item, means and classes', () => {
    const [warning] = waterQualityWarnings([at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.8 }), at('2024-05-05', { nh3n: 0.9 })], options);
    expect(warning).toMatchObject({
      kind: 'worsening_trend',
      sectionId: 's1',
      item: 'nh3n',
      months: ['2024-03', '2024-04', '2024-05'],
      means: ['0.3000', '0.8000', '0.9000'],
      fromClass: 2,
      toClass: 3,
    });
  });
});
