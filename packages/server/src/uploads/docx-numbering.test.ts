import { describe, expect, it } from 'vitest';
import { formatNumber } from './docx-numbering.js';

describe('formatNumber: the numbers of Word lists', () => {
  const cases: [format: string, n: number, expected: string][] = [
    ['decimal', 7, '7'],
    ['decimalZero', 7, '07'],
    ['decimalZero', 12, '12'],
    ['decimalFullWidth', 12, '１２'],
    ['chineseCounting', 1, '一'],
    ['chineseCounting', 10, '十'],
    ['chineseCounting', 11, '十一'],
    ['chineseCounting', 20, '二十'],
    ['chineseCounting', 21, '二十一'],
    ['chineseCountingThousand', 100, '一百'],
    ['chineseCountingThousand', 105, '一百零五'],
    ['chineseCountingThousand', 110, '一百一十'],
    ['chineseCountingThousand', 1001, '一千零一'],
    ['chineseCountingThousand', 10010, '一万零一十'],
    ['chineseCountingThousand', 32767, '三万二千七百六十七'],
    ['chineseCounting', 0, '零'],
    ['chineseLegalSimplified', 3, '叁'],
    ['chineseLegalSimplified', 10, '壹拾'],
    ['chineseLegalSimplified', 25, '贰拾伍'],
    ['ideographLegalTraditional', 12, '壹拾貳'],
    ['ideographDigital', 102, '一〇二'],
    ['ideographTraditional', 3, '丙'],
    ['ideographTraditional', 11, '11'],
    ['ideographZodiac', 12, '亥'],
    ['decimalEnclosedCircle', 1, '①'],
    ['decimalEnclosedCircleChinese', 20, '⑳'],
    ['decimalEnclosedCircle', 21, '21'],
    ['decimalEnclosedParen', 2, '⑵'],
    ['decimalEnclosedFullstop', 3, '⒊'],
    ['upperLetter', 1, 'A'],
    ['upperLetter', 28, 'BB'],
    ['lowerLetter', 53, 'aaa'],
    ['upperRoman', 1994, 'MCMXCIV'],
    ['lowerRoman', 4, 'iv'],
    ['none', 4, ''],
    ['bullet', 4, ''],
    ['cardinalText', 4, '4'],
  ];
  it.each(cases)('%s %i → %s', (format, n, expected) => {
    expect(formatNumber(n, format)).toBe(expected);
  });
});
