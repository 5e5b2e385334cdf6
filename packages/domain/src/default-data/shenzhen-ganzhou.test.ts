import { describe, expect, it } from 'vitest';
import { isAdminDivisionCode, parentPrefecture } from '../admin-division.js';
import { validateCreditCode } from '../credit-code.js';
import { isUnitType } from '../units.js';
import { defaultPairs } from './index.js';
import { shenzhenGanzhou } from './shenzhen-ganzhou.js';
import { flattenUnitSeeds, type UnitSeed } from './types.js';

// domain.md, "Administrative divisions (GB/T 2260)".
const GANZHOU_COUNTIES: Record<string, string> = {
  章贡区: '360702',
  南康区: '360703',
  赣县区: '360704',
  信丰县: '360722',
  大余县: '360723',
  上犹县: '360724',
  崇义县: '360725',
  安远县: '360726',
  定南县: '360728',
  全南县: '360729',
  宁都县: '360730',
  于都县: '360731',
  兴国县: '360732',
  会昌县: '360733',
  寻乌县: '360734',
  石城县: '360735',
  瑞金市: '360781',
  龙南市: '360783',
};

const SHENZHEN_DISTRICTS: Record<string, string> = {
  罗湖区: '440303',
  福田区: '440304',
  南山区: '440305',
  宝安区: '440306',
  龙岗区: '440307',
  盐田区: '440308',
  龙华区: '440309',
  坪山区: '440310',
  光明区: '440311',
};

// domain.md, "District–county pairing".
const PAIRINGS: [string, string][] = [
  ['福田区', '兴国县'],
  ['罗湖区', '宁都县'],
  ['盐田区', '南康区'],
  ['南山区', '章贡区'],
  ['宝安区', '信丰县'],
  ['龙岗区', '寻乌县'],
  ['龙华区', '安远县'],
  ['坪山区', '于都县'],
  ['光明区', '龙南市'],
  ['大鹏新区', '大余县'],
];

const [shenzhen, ganzhou] = shenzhenGanzhou.cities;
const szUnits = flattenUnitSeeds(shenzhen.units);
const gzUnits = flattenUnitSeeds(ganzhou.units);
const allUnits = [...szUnits, ...gzUnits];
const byKey = new Map<string, UnitSeed>(allUnits.map((u) => [u.key, u]));

describe('shenzhenGanzhou default pair', () => {
  it('is the only default pair', () => {
    expect(defaultPairs).toEqual([shenzhenGanzhou]);
  });

  it('has the two cities with their GB/T 2260 prefecture codes', () => {
    expect(shenzhen).toMatchObject({ code: '4403', name: '深圳市' });
    expect(ganzhou).toMatchObject({ code: '3607', name: '赣州市' });
    expect(shenzhenGanzhou.source).toContain('深圳市与赣州市对口合作实施方案');
    expect(shenzhenGanzhou.source).toContain('GB/T 2260');
  });

  it('has unique ASCII slug keys across the pair', () => {
    const keys = allUnits.map((u) => u.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^(sz|gz)-[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const u of szUnits) expect(u.key.startsWith('sz-')).toBe(true);
    for (const u of gzUnits) expect(u.key.startsWith('gz-')).toBe(true);
  });

  it('uses only known unit types and non-empty names', () => {
    for (const u of allUnits) {
      expect(isUnitType(u.type)).toBe(true);
      expect(u.name.trim()).not.toBe('');
    }
  });

  it('has exactly one coordination office per city', () => {
    expect(szUnits.filter((u) => u.type === 'coordination_office').map((u) => u.name)).toEqual(['深圳市对口支援和对口合作工作领导小组办公室']);
    expect(gzUnits.filter((u) => u.type === 'coordination_office').map((u) => u.name)).toEqual(['赣州市对口合作工作领导小组办公室']);
  });

  it('prefixes department names with their city', () => {
    for (const u of szUnits.filter((x) => x.type === 'department')) expect(u.name).toMatch(/^深圳市/);
    for (const u of gzUnits.filter((x) => x.type === 'department')) expect(u.name).toMatch(/^赣州市/);
  });

  it('has exactly the 18 Ganzhou county-level divisions with the GB/T 2260 codes', () => {
    const counties = gzUnits.filter((u) => u.type === 'county');
    expect(counties).toHaveLength(18);
    expect(Object.fromEntries(counties.map((u) => [u.name, u.adminCode]))).toEqual(GANZHOU_COUNTIES);
    for (const u of counties) {
      const code = u.adminCode ?? '';
      expect(isAdminDivisionCode(code)).toBe(true);
      expect(code.startsWith('3607')).toBe(true);
      expect(parentPrefecture(code)).toBe(ganzhou.code);
    }
    expect(szUnits.filter((u) => u.type === 'county')).toEqual([]);
  });

  it('has the 9 coded Shenzhen districts plus 大鹏新区 and 深汕特别合作区 without code', () => {
    const districts = szUnits.filter((u) => u.type === 'district');
    const coded = districts.filter((u) => u.adminCode !== undefined);
    expect(Object.fromEntries(coded.map((u) => [u.name, u.adminCode]))).toEqual(SHENZHEN_DISTRICTS);
    for (const u of coded) {
      const code = u.adminCode ?? '';
      expect(isAdminDivisionCode(code)).toBe(true);
      expect(code.startsWith('4403')).toBe(true);
      expect(parentPrefecture(code)).toBe(shenzhen.code);
    }
    expect(
      districts
        .filter((u) => u.adminCode === undefined)
        .map((u) => u.name)
        .sort(),
    ).toEqual(['大鹏新区', '深汕特别合作区'].sort());
    expect(gzUnits.filter((u) => u.type === 'district')).toEqual([]);
  });

  it('gives admin codes only to districts and counties', () => {
    for (const u of allUnits.filter((x) => x.adminCode !== undefined)) {
      expect(['district', 'county']).toContain(u.type);
    }
  });

  it('pairs one Shenzhen district with one Ganzhou county, as in domain.md', () => {
    const pairings = shenzhenGanzhou.unitPairings;
    for (const p of pairings) {
      const a = byKey.get(p.a);
      const b = byKey.get(p.b);
      expect(a, p.a).toBeDefined();
      expect(b, p.b).toBeDefined();
      expect(a?.type).toBe('district');
      expect(b?.type).toBe('county');
      expect(szUnits).toContain(a);
      expect(gzUnits).toContain(b);
      expect(p.since).toBe('2024-08');
    }
    const named = pairings.map((p) => [byKey.get(p.a)?.name, byKey.get(p.b)?.name]);
    expect(named).toEqual(PAIRINGS);
    // Each unit takes part in at most one pairing.
    expect(new Set(pairings.map((p) => p.a)).size).toBe(pairings.length);
    expect(new Set(pairings.map((p) => p.b)).size).toBe(pairings.length);
  });

  it('has only valid credit codes (if any)', () => {
    for (const u of allUnits.filter((x) => x.creditCode !== undefined)) {
      expect(validateCreditCode(u.creditCode ?? ''), u.key).toEqual({ ok: true });
    }
  });

  it('places the institutions and the enterprise named in the plan in the right city', () => {
    const names = (units: UnitSeed[], type: UnitSeed['type']) => units.filter((u) => u.type === type).map((u) => u.name);
    expect(names(szUnits, 'institution')).toEqual(expect.arrayContaining(['深圳改革开放干部学院', '深圳信息职业技术学院', '深圳市海吉星消费帮扶中心']));
    expect(names(gzUnits, 'institution')).toEqual(expect.arrayContaining(['赣州职业技术学院', '中共赣州市委党校']));
    expect(names(gzUnits, 'enterprise')).toEqual(['中国稀土集团有限公司']);
  });
});

describe('flattenUnitSeeds', () => {
  it('lists parents before children, depth first', () => {
    const tree: UnitSeed[] = [
      { key: 'a', name: 'A', type: 'department', children: [{ key: 'a1', name: 'A1', type: 'institution' }] },
      { key: 'b', name: 'B', type: 'department' },
    ];
    expect(flattenUnitSeeds(tree).map((u) => u.key)).toEqual(['a', 'a1', 'b']);
  });
});
