import { describe, expect, it } from 'vitest';
import { canAccess, grantContains, grantCovers, type RecordLocation, type ScopeGrant } from './scope.js';

const PAIR = 'pair-sz-gz';
const OTHER_PAIR = 'pair-sz-bs';
const GZ = 'city-gz';
const SZ = 'city-sz';
const XINGGUO = { id: 'u-xingguo', path: '/u-xingguo/' };
const XINGGUO_TOWN = { id: 'u-town', path: '/u-xingguo/u-town/' };
const NINGDU = { id: 'u-ningdu', path: '/u-ningdu/' };
const ME = 'user-me';

const grant = (over: Partial<ScopeGrant>): ScopeGrant => ({
  role: 'unit_reporter',
  scope: 'unit',
  pairId: PAIR,
  cityId: GZ,
  unitId: null,
  unitPath: null,
  ...over,
});
const record = (over: Partial<RecordLocation>): RecordLocation => ({
  pairId: PAIR,
  cityId: GZ,
  unitId: XINGGUO.id,
  unitPath: XINGGUO.path,
  ownerId: 'someone',
  ...over,
});

describe('grantCovers: the five scope levels', () => {
  const cases: [string, ScopeGrant, RecordLocation, boolean][] = [
    ['all reaches any record of its pair', grant({ scope: 'all', cityId: null }), record({ cityId: SZ }), true],
    ['all does not reach another pair', grant({ scope: 'all', cityId: null }), record({ pairId: OTHER_PAIR }), false],
    [
      'all without a pair (system admin) reaches every pair',
      grant({ role: 'system_admin', scope: 'all', pairId: null, cityId: null }),
      record({ pairId: OTHER_PAIR }),
      true,
    ],
    ['city reaches its city', grant({ scope: 'city' }), record({}), true],
    ['city does not reach the other city', grant({ scope: 'city' }), record({ cityId: SZ }), false],
    ['unit_tree reaches the unit itself', grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }), record({}), true],
    [
      'unit_tree reaches a sub-unit',
      grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      record({ unitId: XINGGUO_TOWN.id, unitPath: XINGGUO_TOWN.path }),
      true,
    ],
    [
      'unit_tree does not reach a sibling county',
      grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      record({ unitId: NINGDU.id, unitPath: NINGDU.path }),
      false,
    ],
    ['unit reaches its own unit', grant({ scope: 'unit', unitId: XINGGUO.id, unitPath: XINGGUO.path }), record({}), true],
    [
      'unit does not reach a sub-unit',
      grant({ scope: 'unit', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      record({ unitId: XINGGUO_TOWN.id, unitPath: XINGGUO_TOWN.path }),
      false,
    ],
    ['self reaches own records', grant({ scope: 'self' }), record({ ownerId: ME }), true],
    ["self does not reach a colleague's record of the same unit", grant({ scope: 'self' }), record({ ownerId: 'colleague' }), false],
    [
      'a record without a unit is out of unit scopes',
      grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      record({ unitId: null, unitPath: null }),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, g, r, expected) => {
    expect(grantCovers(g, ME, r)).toBe(expected);
  });
});

describe('canAccess: permission and scope together', () => {
  it('needs a grant that both carries the permission and reaches the record', () => {
    const viewerCity = grant({ role: 'viewer', scope: 'city' });
    const reporterOwn = grant({ role: 'unit_reporter', scope: 'unit', unitId: NINGDU.id, unitPath: NINGDU.path });
    expect(canAccess([viewerCity], 'units.read', ME, record({}))).toBe(true);
    expect(canAccess([viewerCity], 'units.write', ME, record({}))).toBe(false);
    expect(canAccess([reporterOwn], 'users.read', ME, record({}))).toBe(false);
    expect(canAccess([viewerCity, reporterOwn], 'users.read', ME, record({ unitId: NINGDU.id, unitPath: NINGDU.path }))).toBe(true);
    expect(canAccess([], 'units.read', ME, record({}))).toBe(false);
  });
});

describe('grantContains: what an administrator may hand out', () => {
  const office = grant({ role: 'office_admin', scope: 'city' });
  const cases: [string, ScopeGrant, ScopeGrant, boolean][] = [
    ['a city office may grant a county unit scope in its city', office, grant({ scope: 'unit', unitId: XINGGUO.id, unitPath: XINGGUO.path }), true],
    ['a city office may grant its own city', office, grant({ role: 'viewer', scope: 'city' }), true],
    ['a city office may not grant the other city', office, grant({ role: 'viewer', scope: 'city', cityId: SZ }), false],
    ['a city office may not grant the whole pair', office, grant({ role: 'viewer', scope: 'all', cityId: null }), false],
    [
      'a pair office may not grant in another pair',
      grant({ role: 'office_admin', scope: 'all', cityId: null }),
      grant({ scope: 'unit', pairId: OTHER_PAIR }),
      false,
    ],
    [
      'a global administrator may grant anything',
      grant({ role: 'system_admin', scope: 'all', pairId: null, cityId: null }),
      grant({ scope: 'all', pairId: OTHER_PAIR }),
      true,
    ],
    [
      'a unit tree holder may grant a sub-unit',
      grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      grant({ scope: 'unit', unitId: XINGGUO_TOWN.id, unitPath: XINGGUO_TOWN.path }),
      true,
    ],
    [
      'a unit tree holder may not grant a sibling',
      grant({ scope: 'unit_tree', unitId: XINGGUO.id, unitPath: XINGGUO.path }),
      grant({ scope: 'unit', unitId: NINGDU.id, unitPath: NINGDU.path }),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, outer, inner, expected) => {
    expect(grantContains(outer, inner)).toBe(expected);
  });
});
