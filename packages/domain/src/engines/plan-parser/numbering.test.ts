import { describe, expect, it } from 'vitest';
import { numberingLabel, numberingReference, parseChineseNumeral, readNumbering, toChineseNumeral } from './numbering.js';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['十九', 19],
    ['二十', 20],
    ['二十一', 21],
    ['三十五', 35],
    ['九十九', 99],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['两百三十', 230],
    ['九百九十九', 999],
    ['一千', 1000],
    ['一千零五', 1005],
    ['一千零一十', 1010],
    ['一千六百', 1600],
    ['两千零二十四', 2024],
  ])('%s → %i', (numeral, value) => {
    expect(parseChineseNumeral(numeral)).toBe(value);
  });

  it.each(['', '零', '十十', '二二', '一百零十', '一百十', '零五', '百', '十二十', '二〇', '一千零零五', '一万'])('rejects %j', (numeral) => {
    expect(parseChineseNumeral(numeral)).toBeNull();
  });

  it('round-trips every value from 1 to 9999 through toChineseNumeral', () => {
    for (let value = 1; value <= 9999; value++) expect(parseChineseNumeral(toChineseNumeral(value))).toBe(value);
    expect([toChineseNumeral(10), toChineseNumeral(20), toChineseNumeral(105), toChineseNumeral(110), toChineseNumeral(1050)]).toEqual([
      '十',
      '二十',
      '一百零五',
      '一百一十',
      '一千零五十',
    ]);
  });
});

describe('readNumbering', () => {
  it.each([
    ['一、总体要求', 'cn', '一', 1, '总体要求'],
    ['二十一、附则', 'cn', '二十一', 21, '附则'],
    ['(三)广泛开展红色教育培训。', 'paren-cn', '三', 3, '广泛开展红色教育培训。'],
    ['（二十）积极宣传发动。', 'paren-cn', '二十', 20, '积极宣传发动。'],
    ['（ 五 ） 深化合作', 'paren-cn', '五', 5, '深化合作'],
    ['第一章 总则', 'zhang', '一', 1, '总则'],
    ['第十二章、保障措施', 'zhang', '十二', 12, '保障措施'],
    ['第3章 目标', 'zhang', '3', 3, '目标'],
    ['第三十五条 各单位应当…', 'tiao', '三十五', 35, '各单位应当…'],
    ['1.加强组织领导', 'arabic', '1', 1, '加强组织领导'],
    ['12、健全机制', 'arabic', '12', 12, '健全机制'],
    ['３．推进合作', 'arabic', '3', 3, '推进合作'],
    ['(1)组织保障', 'paren-arabic', '1', 1, '组织保障'],
    ['（10）资金保障', 'paren-arabic', '10', 10, '资金保障'],
    ['①建立台账', 'circled', '①', 1, '建立台账'],
    ['⑳完善制度', 'circled', '⑳', 20, '完善制度'],
    ['㉑强化考核', 'circled', '㉑', 21, '强化考核'],
  ] as const)('%s → %s %s', (line, style, token, value, rest) => {
    const numbering = readNumbering(line);
    expect(numbering).toMatchObject({ style, token, value });
    expect(line.slice(numbering?.length)).toBe(rest);
  });

  it.each([
    '为深入贯彻习近平总书记关于区域协调发展的重要论述',
    '1.5亿元用于基础设施',
    '2024年完成',
    '第三批“国家综合货运枢纽补链强链支持城市”',
    '(干部学院)联盟',
    '一是加强组织领导',
  ])('reads no numbering in %j', (line) => {
    expect(readNumbering(line)).toBeNull();
  });

  it('keeps a malformed Chinese numeral as a heading with value null', () => {
    expect(readNumbering('(十十)重复')).toMatchObject({ style: 'paren-cn', token: '十十', value: null });
  });
});

describe('labels used in warnings', () => {
  it.each([
    ['paren-cn', 6, '（六）', '第（六）条'],
    ['tiao', 6, '第六条', '第六条'],
    ['arabic', 6, '“6.”', '第6条'],
    ['paren-arabic', 6, '（6）', '第（6）条'],
    ['circled', 6, '⑥', '第⑥条'],
  ] as const)('%s %i → %s / %s', (style, value, label, reference) => {
    expect(numberingLabel(style, value)).toBe(label);
    expect(numberingReference(style, value, 'article')).toBe(reference);
  });

  it('names chapters by 章', () => {
    expect(numberingLabel('zhang', 4)).toBe('第四章');
    expect(numberingLabel('cn', 4)).toBe('“四、”');
    expect(numberingReference('cn', 3, 'chapter')).toBe('第三章');
  });
});
