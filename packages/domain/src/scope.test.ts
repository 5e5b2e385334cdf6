import { describe, expect, it } from 'vitest';
import { type AccountReach, canAccess, grantContains, grantCovers, grantsCoverAccount, mayGrant, type RecordLocation, type ScopeGrant } from './scope.js';

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

describe('mayGrant: the role-assignment rule', () => {
  const cityOffice = grant({ role: 'office_admin', scope: 'city' });
  const pairOffice = grant({ role: 'office_admin', scope: 'all', cityId: null });
  const globalAdmin = grant({ role: 'system_admin', scope: 'all', pairId: null, cityId: null });
  const cases: [string, ScopeGrant[], ScopeGrant, boolean][] = [
    ['a city office may hand out an office role of its own city', [cityOffice], cityOffice, true],
    ['a city office may not hand out the pair-wide office role', [cityOffice], pairOffice, false],
    ['a pair office may not hand out a system_admin grant of its own pair', [pairOffice], grant({ role: 'system_admin', scope: 'all', cityId: null }), false],
    ['a pair office may not hand out the global system_admin grant', [pairOffice], globalAdmin, false],
    ['a global system administrator may hand out the global system_admin grant', [globalAdmin], globalAdmin, true],
    [
      'a viewer of the whole pair administers nothing',
      [grant({ role: 'viewer', scope: 'all', cityId: null })],
      grant({ scope: 'unit', unitId: XINGGUO.id }),
      false,
    ],
    [
      'a grant is handed out only by an administering grant that contains it (a city office with a pair-wide viewer role)',
      [cityOffice, grant({ role: 'viewer', scope: 'all', cityId: null })],
      grant({ role: 'viewer', scope: 'city', cityId: SZ }),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, actor, g, expected) => {
    expect(mayGrant(actor, g)).toBe(expected);
  });
});

describe('grantsCoverAccount: who may reset, rename, disable or re-role an account', () => {
  const cityOffice = grant({ role: 'office_admin', scope: 'city' });
  const szOffice = grant({ role: 'office_admin', scope: 'city', cityId: SZ });
  const pairOffice = grant({ role: 'office_admin', scope: 'all', cityId: null });
  const globalAdmin = grant({ role: 'system_admin', scope: 'all', pairId: null, cityId: null });
  const inGanzhou = record({ ownerId: 'target' });
  const inShenzhen = record({ cityId: SZ, unitId: 'u-futian', unitPath: '/u-futian/', ownerId: 'target' });
  const withoutUnit = record({ pairId: '', cityId: null, unitId: null, unitPath: null, ownerId: 'target' });
  const account = (location: RecordLocation, ...grants: ScopeGrant[]): AccountReach => ({ location, grants });
  const reporter = grant({ scope: 'unit', unitId: XINGGUO.id, unitPath: XINGGUO.path });
  const cases: [string, ScopeGrant[], AccountReach, boolean][] = [
    ['a city office manages a reporter of its city', [cityOffice], account(inGanzhou, reporter), true],
    ['a city office manages a peer office administrator of the same city', [cityOffice], account(inGanzhou, cityOffice), true],
    ['a city office does not manage the pair-wide office administrator whose unit lies in its city', [cityOffice], account(inGanzhou, pairOffice), false],
    [
      'a city office does not manage an account of its city that also sees the other city',
      [cityOffice],
      account(inGanzhou, reporter, grant({ role: 'viewer', scope: 'city', cityId: SZ })),
      false,
    ],
    [
      'a city office does not manage an account of the other city',
      [cityOffice],
      account(inShenzhen, grant({ scope: 'unit', cityId: SZ, unitId: 'u-futian' })),
      false,
    ],
    ['a pair office manages an office administrator of either city', [pairOffice], account(inShenzhen, szOffice), true],
    ['a pair office manages a peer pair office administrator', [pairOffice], account(inGanzhou, pairOffice), true],
    ['a pair office does not manage the global system administrator whose unit lies in the pair', [pairOffice], account(inGanzhou, globalAdmin), false],
    [
      'a pair office does not manage a system administrator of its own pair',
      [pairOffice],
      account(inGanzhou, grant({ role: 'system_admin', scope: 'all', cityId: null })),
      false,
    ],
    ['a pair office does not manage an account of another pair', [pairOffice], account(record({ pairId: OTHER_PAIR }), grant({ pairId: OTHER_PAIR })), false],
    ['an account without grants is judged by its unit: in reach', [cityOffice], account(inGanzhou), true],
    ['an account without grants is judged by its unit: out of reach', [cityOffice], account(inShenzhen), false],
    ['an account without a unit is out of every pair-bound reach', [pairOffice], account(withoutUnit), false],
    ['a global system administrator manages an account without a unit', [globalAdmin], account(withoutUnit), true],
    ['a global system administrator manages another global system administrator', [globalAdmin], account(inGanzhou, globalAdmin), true],
    ['a reporter manages no one, not even within its unit', [reporter], account(inGanzhou, reporter), false],
  ];
  it.each(cases)('%s', (_name, actorGrants, target, expected) => {
    expect(grantsCoverAccount({ userId: ME, grants: actorGrants }, target)).toBe(expected);
  });
});
