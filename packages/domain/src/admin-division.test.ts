import { describe, expect, it } from 'vitest';
import { adminDivisionLevel, isAdminDivisionCode, parentPrefecture } from './admin-division.js';

describe('isAdminDivisionCode', () => {
  it.each([
    { code: '440304', name: '福田区' },
    { code: '440311', name: '光明区' },
    { code: '360702', name: '章贡区' },
    { code: '360732', name: '兴国县' },
    { code: '360781', name: '瑞金市' },
    { code: '360783', name: '龙南市' },
    { code: '110101', name: '东城区 (municipality)' },
    { code: '469001', name: '五指山市 (province-administered, prefecture segment 90)' },
    { code: '650101', name: '天山区 (prefix 65)' },
  ])('accepts county-level code $code ($name)', ({ code }) => {
    expect(isAdminDivisionCode(code)).toBe(true);
  });

  it.each([
    { code: '', why: 'empty' },
    { code: '44030', why: '5 digits' },
    { code: '4403041', why: '7 digits' },
    { code: '44O304', why: 'letter O' },
    { code: ' 440304', why: 'leading space' },
    { code: '４４０３０４', why: 'full-width digits' },
    { code: '440300', why: 'prefecture code (tail 00)' },
    { code: '440000', why: 'province code' },
    { code: '000000', why: 'all zero' },
    { code: '440001', why: 'county segment under prefecture 00' },
    { code: '100101', why: 'prefix 10 not a province' },
    { code: '160101', why: 'prefix 16 not a province' },
    { code: '380101', why: 'prefix 38 not a province' },
    { code: '470101', why: 'prefix 47 not a province' },
    { code: '830101', why: 'prefix 83 not a province' },
    { code: '990101', why: 'prefix 99 not a province' },
  ])('rejects $code ($why)', ({ code }) => {
    expect(isAdminDivisionCode(code)).toBe(false);
  });
});

describe('adminDivisionLevel', () => {
  it.each([
    { code: '440000', level: 'province' },
    { code: '360000', level: 'province' },
    { code: '820000', level: 'province' },
    { code: '440300', level: 'prefecture' },
    { code: '360700', level: 'prefecture' },
    { code: '360732', level: 'county' },
    { code: '440001', level: null },
    { code: '000000', level: null },
    { code: '4403', level: null },
  ])('$code → $level', ({ code, level }) => {
    expect(adminDivisionLevel(code)).toBe(level);
  });
});

describe('parentPrefecture', () => {
  it.each([
    { code: '440304', prefecture: '4403' },
    { code: '360732', prefecture: '3607' },
    { code: '360781', prefecture: '3607' },
    { code: '469001', prefecture: '4690' },
  ])('$code → $prefecture', ({ code, prefecture }) => {
    expect(parentPrefecture(code)).toBe(prefecture);
  });

  it.each(['', '3607', '36073', 'abcdef'])('throws on %j', (code) => {
    expect(() => parentPrefecture(code)).toThrow(RangeError);
  });
});
