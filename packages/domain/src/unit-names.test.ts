import { describe, expect, it } from 'vitest';
import { shenzhenGanzhou } from './default-data/index.js';
import { type NamedUnit, resolveUnitName } from './unit-names.js';

// The units of the built-in pair, with their seed keys as ids.
const units: NamedUnit[] = shenzhenGanzhou.cities.flatMap((city) =>
  city.units.map((unit) => ({ id: unit.key, name: unit.name, shortName: unit.shortName ?? null, type: unit.type, cityName: city.name })),
);
const noAliases = new Map<string, string[]>();
const resolve = (name: string, aliases: ReadonlyMap<string, readonly string[]> = noAliases) => {
  const { status, unitIds } = resolveUnitName(name, units, aliases);
  return { status, unitIds };
};
const counties = units.filter((unit) => unit.type === 'county').map((unit) => unit.id);
const districts = units.filter((unit) => unit.type === 'district').map((unit) => unit.id);

describe('resolving the unit names plans write', () => {
  it.each([
    { name: '深圳市发展和改革委员会', expected: { status: 'resolved', unitIds: ['sz-drc'] } },
    { name: '深圳市发展改革委', expected: { status: 'resolved', unitIds: ['sz-drc'] } },
    { name: '赣州市发改委', expected: { status: 'resolved', unitIds: ['gz-drc'] } },
    { name: '深圳市工信局', expected: { status: 'resolved', unitIds: ['sz-miit'] } },
    { name: '赣州市卫健委', expected: { status: 'resolved', unitIds: ['gz-health'] } },
    { name: '深圳市国资委', expected: { status: 'resolved', unitIds: ['sz-sasac'] } },
    { name: '深圳市委党校', expected: { status: 'resolved', unitIds: ['sz-party-school'] } },
    { name: '兴国县', expected: { status: 'resolved', unitIds: ['gz-xingguo'] } },
    { name: '中国稀土集团', expected: { status: 'resolved', unitIds: ['gz-china-rare-earth'] } },
    { name: '市发展改革委', expected: { status: 'ambiguous', unitIds: ['sz-drc', 'gz-drc'] } },
    { name: '市商务局', expected: { status: 'ambiguous', unitIds: ['sz-commerce', 'gz-commerce'] } },
    { name: '各县（市、区）', expected: { status: 'resolved', unitIds: counties } },
    { name: '各县(市、区)人民政府', expected: { status: 'resolved', unitIds: counties } },
    { name: '各区', expected: { status: 'resolved', unitIds: districts } },
    { name: '市直各有关单位', expected: { status: 'unresolved', unitIds: [] } },
    { name: '国家发展改革委', expected: { status: 'unresolved', unitIds: [] } },
    { name: '市档案馆', expected: { status: 'unresolved', unitIds: [] } },
  ])('$name', ({ name, expected }) => {
    expect(resolve(name)).toEqual(expected);
  });

  it('takes the office’s earlier mapping first, to one unit or several', () => {
    const aliases = new Map([
      ['市档案馆', ['sz-office']],
      ['市发展改革委', ['sz-drc', 'gz-drc']],
    ]);
    expect(resolve('市档案馆', aliases)).toEqual({ status: 'resolved', unitIds: ['sz-office'] });
    expect(resolve('市发展改革委', aliases)).toEqual({ status: 'resolved', unitIds: ['sz-drc', 'gz-drc'] });
  });

  it('says why in Chinese', () => {
    expect(resolveUnitName('市发展改革委', units, noAliases).reason).toBe('未写明城市，可能是“深圳市发展和改革委员会”或“赣州市发展和改革委员会”');
    expect(resolveUnitName('各县（市、区）', units, noAliases).reason).toBe('各县（市、区）：共18个单位');
    expect(resolveUnitName('市直各有关单位', units, noAliases).reason).toBe('泛指，请指定对应单位');
  });
});
