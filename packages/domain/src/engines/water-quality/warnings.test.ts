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
      '2024-03-05 溶解氧 4 mg/L，低于III类标准限值 5 mg/L',
      '2024-03-05 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L',
      '2024-04-05 pH 9.2，超出III类标准范围 6–9',
    ]);
  });

  it('follows the target class', () => {
    // NH3-N 0.8: above the class II limit 0.5, within class III.
    expect(waterQualityWarnings([at('2024-03-05', { nh3n: 0.8 })], options)).toEqual([]);
    expect(waterQualityWarnings([at('2024-03-05', { nh3n: 0.8 })], { ...options, targetClass: 2 })).toHaveLength(1);
  });
});

describe('waterQualityWarnings: three worsening monthly means in a row', () => {
  const cases: [string, WaterSample[], string[]][] = [
    [
      // Monthly NH3-N means 0.3 < 0.4 < 0.5 over March, April, May (March from two samples: (0.2 + 0.4) / 2 = 0.3).
      'NH3-N rising over three consecutive months',
      [at('2024-03-05', { nh3n: 0.2 }), at('2024-03-20', { nh3n: 0.4 }), at('2024-04-05', { nh3n: 0.4 }), at('2024-05-05', { nh3n: 0.5 })],
      ['氨氮月均值连续3个月上升：2024-03 0.3000、2024-04 0.4000、2024-05 0.5000 mg/L'],
    ],
    [
      'a longer run gives one warning listing its months',
      [at('2024-03-05', { tp: 0.05 }), at('2024-04-05', { tp: 0.06 }), at('2024-05-05', { tp: 0.07 }), at('2024-06-05', { tp: 0.08 })],
      ['总磷月均值连续4个月上升：2024-03 0.0500、2024-04 0.0600、2024-05 0.0700、2024-06 0.0800 mg/L'],
    ],
    [
      'an equal month breaks the run (strictly increasing)',
      [at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.4 }), at('2024-05-05', { nh3n: 0.4 })],
      [],
    ],
    ['a month without data breaks the run', [at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.4 }), at('2024-06-05', { nh3n: 0.5 })], []],
    ['two rising months are not enough', [at('2024-04-05', { nh3n: 0.4 }), at('2024-05-05', { nh3n: 0.5 })], []],
    [
      'the run may cross the year end',
      [at('2023-11-05', { codmn: 2.1 }), at('2023-12-05', { codmn: 2.5 }), at('2024-01-05', { codmn: 3 })],
      ['高锰酸盐指数月均值连续3个月上升：2023-11 2.1000、2023-12 2.5000、2024-01 3.0000 mg/L'],
    ],
    [
      // For DO, less oxygen is worse: 7 > 6.5 > 6.
      'DO falling is worsening',
      [at('2024-03-05', { do: 7 }), at('2024-04-05', { do: 6.5 }), at('2024-05-05', { do: 6 })],
      ['溶解氧月均值连续3个月下降：2024-03 7.0000、2024-04 6.5000、2024-05 6.0000 mg/L'],
    ],
    ['DO rising is not', [at('2024-03-05', { do: 6 }), at('2024-04-05', { do: 6.5 }), at('2024-05-05', { do: 7 })], []],
    ['pH has no worsening direction', [at('2024-03-05', { ph: 7 }), at('2024-04-05', { ph: 7.5 }), at('2024-05-05', { ph: 8 })], []],
    ['sections are kept apart', [at('2024-03-05', { nh3n: 0.3 }, 'a'), at('2024-04-05', { nh3n: 0.4 }, 'b'), at('2024-05-05', { nh3n: 0.5 }, 'a')], []],
  ];
  it.each(cases)('%s', (_name, samples, messages) => {
    const warnings = waterQualityWarnings(samples, options).filter((warning) => warning.kind === 'worsening_trend');
    expect(warnings.map((warning) => warning.message)).toEqual(messages);
  });

  it('says which months, item and means', () => {
    const [warning] = waterQualityWarnings([at('2024-03-05', { nh3n: 0.3 }), at('2024-04-05', { nh3n: 0.4 }), at('2024-05-05', { nh3n: 0.5 })], options);
    expect(warning).toMatchObject({
      kind: 'worsening_trend',
      sectionId: 's1',
      item: 'nh3n',
      months: ['2024-03', '2024-04', '2024-05'],
      means: ['0.3000', '0.4000', '0.5000'],
    });
  });
});
