import { grantCovers, type ScopeGrant } from '@duikou/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { units } from './schema.js';
import { scopeFilter } from './scope-filter.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const ME = '11111111-1111-4111-8111-111111111111';

describe('scopeFilter (SQL) agrees with grantCovers (domain) on every seeded unit', () => {
  it('for each scope level anchored at several units', async () => {
    const all = await t.ctx.db.select().from(units);
    const anchors = [
      all.find((u) => u.seedKey === 'gz-xingguo')!,
      all.find((u) => u.seedKey === 'sz-office')!,
      all.find((u) => u.parentId !== null) ?? all[0]!,
    ];
    const grants: ScopeGrant[] = [
      { role: 'system_admin', scope: 'all', pairId: null, cityId: null, unitId: null, unitPath: null },
      { role: 'viewer', scope: 'all', pairId: anchors[0]!.pairId, cityId: null, unitId: null, unitPath: null },
      { role: 'viewer', scope: 'all', pairId: '22222222-2222-4222-8222-222222222222', cityId: null, unitId: null, unitPath: null },
      ...anchors.flatMap((a): ScopeGrant[] => [
        { role: 'viewer', scope: 'city', pairId: a.pairId, cityId: a.cityId, unitId: null, unitPath: null },
        { role: 'viewer', scope: 'unit_tree', pairId: a.pairId, cityId: a.cityId, unitId: a.id, unitPath: a.path },
        { role: 'unit_reporter', scope: 'unit', pairId: a.pairId, cityId: a.cityId, unitId: a.id, unitPath: a.path },
        { role: 'external', scope: 'self', pairId: a.pairId, cityId: a.cityId, unitId: a.id, unitPath: a.path },
      ]),
    ];
    // Each grant alone, and each with its neighbour (a user with two role assignments).
    const sets = [...grants.map((g) => [g]), ...grants.slice(1).map((g, i) => [grants[i]!, g])];
    for (const set of sets) {
      const sqlIds = (
        await t.ctx.db
          .select({ id: units.id })
          .from(units)
          .where(scopeFilter(set, ME, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path }))
      )
        .map((r) => r.id)
        .sort();
      const domainIds = all
        .filter((u) => set.some((g) => grantCovers(g, ME, { pairId: u.pairId, cityId: u.cityId, unitId: u.id, unitPath: u.path, ownerId: null })))
        .map((u) => u.id)
        .sort();
      expect(sqlIds, `${set.map((g) => `${g.role}/${g.scope}`).join('+')}`).toEqual(domainIds);
    }
  });
});
