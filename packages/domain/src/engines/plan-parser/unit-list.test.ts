import { describe, expect, it } from 'vitest';
import { looksLikeUnitName, splitUnitNames } from './unit-list.js';

describe('splitUnitNames', () => {
  it.each<[string, string[]]>([
    // Punctuation, line breaks and spaces.
    ['市发展改革委、市商务局', ['市发展改革委', '市商务局']],
    ['市发展改革委，市商务局,市工业和信息化局', ['市发展改革委', '市商务局', '市工业和信息化局']],
    ['市教育局；市人力资源社会保障局;市财政局', ['市教育局', '市人力资源社会保障局', '市财政局']],
    ['市商务局\n市发展改革委\r\n市文化广电旅游体育局', ['市商务局', '市发展改革委', '市文化广电旅游体育局']],
    ['市委组织部  市人力资源社会保障局', ['市委组织部', '市人力资源社会保障局']],
    ['市商务局/市口岸办', ['市商务局', '市口岸办']],
    // 和 and 及 between two unit names.
    ['市卫生健康委和市医保局', ['市卫生健康委', '市医保局']],
    ['市教育局及各区', ['市教育局', '各区']],
    ['市农业农村局以及市供销社', ['市农业农村局', '市供销社']],
    ['市科技局和工业和信息化局', ['市科技局', '工业和信息化局']],
    ['各区和市直有关部门', ['各区', '市直有关部门']],
    ['赣州经开区和赣州高新区', ['赣州经开区', '赣州高新区']],
    // 和 inside a name stays.
    ['市住房和城乡建设局', ['市住房和城乡建设局']],
    ['市工业和信息化局', ['市工业和信息化局']],
    ['深圳市对口支援和对口合作工作领导小组办公室', ['深圳市对口支援和对口合作工作领导小组办公室']],
    ['国家发展和改革委员会', ['国家发展和改革委员会']],
    ['市场监管局和质量技术部门联合', ['市场监管局和质量技术部门联合']],
    // Brackets are never split.
    ['各县（市、区）人民政府', ['各县（市、区）人民政府']],
    ['各县（市、区），市商务局', ['各县（市、区）', '市商务局']],
    ['市商务局和各县（市、区）', ['市商务局', '各县（市、区）']],
    ['深圳精品展销中心(赣州)、赣州国际陆港', ['深圳精品展销中心(赣州)', '赣州国际陆港']],
    // Role words are dropped.
    ['市商务局牵头，市发展改革委配合', ['市商务局', '市发展改革委']],
    ['市商务局（牵头）、市财政局', ['市商务局', '市财政局']],
    ['各区按职责分工负责', ['各区']],
    ['市直有关单位等', ['市直有关单位']],
    ['市教育局、市科技局等相关部门', ['市教育局', '市科技局']],
    ['由市商务局负责', ['市商务局']],
    ['各县（市、区），按职责分工负责', ['各县（市、区）']],
    ['市委宣传部。', ['市委宣传部']],
    ['市人力社保局、市农业农村局分别牵头', ['市人力社保局', '市农业农村局']],
    // A remark in brackets after the last name is no part of it; a qualifier in brackets is.
    ['市财政局、市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)', ['市财政局', '市卫生健康委']],
    // 各区、县级市: each district and county-level city, one collective.
    ['各区、县级市', ['各区、县级市']],
    // Nothing and duplicates.
    ['', []],
    ['  ', []],
    ['—', []],
    ['/', []],
    ['无', []],
    ['市商务局、市商务局牵头', ['市商务局']],
  ])('%j → %j', (cell, names) => {
    expect(splitUnitNames(cell)).toEqual(names);
  });

  it('splits a long cell in time (many names, many 和)', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `第${i}局`);
    expect(splitUnitNames(names.join('和'))).toEqual(names);
    expect(splitUnitNames(names.join('、'))).toEqual(names);
    expect(splitUnitNames('和'.repeat(100_000))).toEqual(['和'.repeat(100_000)]);
    expect(splitUnitNames(`市商务局${'。'.repeat(100_000)}`)).toEqual(['市商务局']);
  });
});

describe('looksLikeUnitName', () => {
  it.each([
    ['市商务局', true],
    ['各区', true],
    ['各县（市、区）', true],
    ['各地', true],
    ['深圳精品展销中心（赣州）', true],
    ['市住房', false],
    ['深圳市对口支援', false],
    ['工业', false],
    ['局', false],
  ])('%s → %s', (name, expected) => {
    expect(looksLikeUnitName(name)).toBe(expected);
  });
});
