import { describe, expect, it } from 'vitest';
import { findDuplicateSamples, validateSampleRow, type WaterSampleRow, type WaterSampleRowError } from './validation.js';

const valid: WaterSampleRow = { sectionId: 'xunwu-xingning', sampledAt: '2024-03-05', values: { ph: 7.2, do: '6.8', nh3n: 0.3, tp: '' } };

describe('validateSampleRow', () => {
  it('accepts a valid row and returns it as a sample with exact decimal text; empty cells are "not measured"', () => {
    expect(validateSampleRow(valid)).toEqual({
      errors: [],
      sample: { sectionId: 'xunwu-xingning', sampledAt: '2024-03-05', values: { ph: '7.2', do: '6.8', nh3n: '0.3' } },
    });
  });

  it.each(['2024-03-05 09:30', '2024-03-05T09:30:15', '2024-02-29'])('accepts the sampling time %s', (sampledAt) => {
    expect(validateSampleRow({ ...valid, sampledAt }).errors).toEqual([]);
  });

  const cases: [string, WaterSampleRow, WaterSampleRowError[]][] = [
    ['a negative value', { ...valid, values: { nh3n: -0.1 } }, [{ field: 'nh3n', code: 'IMPOSSIBLE_VALUE', reason: '氨氮不能为负数' }]],
    ['pH above 14', { ...valid, values: { ph: 15 } }, [{ field: 'ph', code: 'IMPOSSIBLE_VALUE', reason: 'pH 应在 0–14 之间，收到 15' }]],
    ['a negative pH', { ...valid, values: { ph: '-1' } }, [{ field: 'ph', code: 'IMPOSSIBLE_VALUE', reason: 'pH不能为负数' }]],
    [
      'DO above 20 mg/L',
      { ...valid, values: { do: 25 } },
      [{ field: 'do', code: 'IMPLAUSIBLE_VALUE', reason: '溶解氧 25 mg/L 超过合理上限 20 mg/L，请核对数值或单位' }],
    ],
    [
      'TP above its ceiling (a µg/L value typed as mg/L)',
      { ...valid, values: { tp: 80 } },
      [{ field: 'tp', code: 'IMPLAUSIBLE_VALUE', reason: '总磷 80 mg/L 超过合理上限 50 mg/L，请核对数值或单位' }],
    ],
    ['an unknown item', { ...valid, values: { ph: 7, zn: 0.01 } }, [{ field: 'zn', code: 'UNKNOWN_ITEM', reason: '未知的监测项目“zn”' }]],
    ['text that is not a number', { ...valid, values: { tp: '0.01L' } }, [{ field: 'tp', code: 'NOT_A_NUMBER', reason: '总磷的数值“0.01L”不是有效数字' }]],
    [
      'an infinite number',
      { ...valid, values: { codmn: Number.POSITIVE_INFINITY } },
      [{ field: 'codmn', code: 'NOT_A_NUMBER', reason: '高锰酸盐指数的数值不是有限数值' }],
    ],
    ['NaN', { ...valid, values: { cod: Number.NaN } }, [{ field: 'cod', code: 'NOT_A_NUMBER', reason: '化学需氧量的数值不是有限数值' }]],
    ['more than four decimals', { ...valid, values: { tp: 0.00005 } }, [{ field: 'tp', code: 'TOO_MANY_DECIMALS', reason: '总磷最多保留4位小数' }]],
    ['no value at all', { ...valid, values: { ph: '', do: null } }, [{ field: 'values', code: 'NO_VALUES', reason: '该行没有任何监测项目数值' }]],
    [
      'a missing section and an impossible date',
      { values: { ph: 7 }, sampledAt: '2024-02-30' },
      [
        { field: 'sectionId', code: 'REQUIRED', reason: '缺少断面' },
        { field: 'sampledAt', code: 'INVALID_DATE', reason: '采样日期“2024-02-30”不是有效日期（应为 YYYY-MM-DD，可带时间 HH:mm）' },
      ],
    ],
    ['a missing date', { ...valid, sampledAt: ' ' }, [{ field: 'sampledAt', code: 'REQUIRED', reason: '缺少采样日期' }]],
    [
      'a date in another format',
      { ...valid, sampledAt: '2024/03/05' },
      [{ field: 'sampledAt', code: 'INVALID_DATE', reason: '采样日期“2024/03/05”不是有效日期（应为 YYYY-MM-DD，可带时间 HH:mm）' }],
    ],
  ];
  it.each(cases)('rejects %s', (_name, row, errors) => {
    const result = validateSampleRow(row);
    expect(result.errors).toEqual(errors);
    expect(result.sample).toBeNull();
  });

  it('accepts values exactly at a ceiling', () => {
    expect(validateSampleRow({ ...valid, values: { ph: 14, do: 20, tp: '50' } }).errors).toEqual([]);
  });
});

describe('findDuplicateSamples', () => {
  it('groups rows of the same section and sampling time', () => {
    const rows = [
      { sectionId: 'a', sampledAt: '2024-03-05 10:00' },
      { sectionId: 'b', sampledAt: '2024-03-05 10:00' },
      { sectionId: 'a', sampledAt: '2024-03-05T10:00' },
      { sectionId: 'a', sampledAt: '2024-03-06' },
      { sectionId: ' a ', sampledAt: '2024-03-06' },
      { sectionId: 'a', sampledAt: '2024-03-05 10:00' },
    ];
    expect(findDuplicateSamples(rows)).toEqual([
      { sectionId: 'a', sampledAt: '2024-03-05 10:00', rowIndexes: [0, 2, 5] },
      { sectionId: 'a', sampledAt: '2024-03-06', rowIndexes: [3, 4] },
    ]);
  });

  it('finds none in a clean batch', () => {
    expect(findDuplicateSamples([{ sectionId: 'a', sampledAt: '2024-03-05' }])).toEqual([]);
  });
});
