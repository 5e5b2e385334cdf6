import { randomUUID } from 'node:crypto';
import type { ScopeGrant } from '@duikou/domain';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { pairs } from '../../db/schema.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, isSystemAdmin, type Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { seedRegistryDefaults } from '../registries/registries.seed.js';
import { insertUnit } from '../units/units.repository.js';
import * as repo from './pairs.repository.js';
import type { PairCreateBody, PairOut } from './pairs.schema.js';

/**
 * Every grant of a pair makes the pair itself visible (a county reporter needs its pair's name
 * and cities for the header), whatever its scope level.
 */
function visiblePairs(grants: readonly ScopeGrant[]): SQL {
  if (grants.some((g) => g.pairId === null)) return sql`true`;
  const ids = [...new Set(grants.map((g) => g.pairId!))];
  if (ids.length === 0) return sql`false`;
  return sql`${pairs.id} in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

async function presentAll(db: Executor, rows: repo.PairRow[]): Promise<z.infer<typeof PairOut>[]> {
  const cities = await repo.citiesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    source: row.source,
    cities: cities.filter((c) => c.pairId === row.id).map((c) => ({ id: c.id, code: c.code, name: c.name, position: c.position })),
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function listPairs(ctx: ServiceContext, principal: Principal) {
  const rows = await repo.listPairs(ctx.db, visiblePairs(grantsFor(principal, 'pairs.read')));
  const items = await presentAll(ctx.db, rows);
  return { items, total: items.length };
}

export async function getPair(ctx: ServiceContext, principal: Principal, id: string) {
  const rows = await repo.listPairs(ctx.db, and(eq(pairs.id, id), visiblePairs(grantsWith(principal, 'pairs.read')))!);
  if (rows.length === 0) throw new AppError('NOT_FOUND');
  return (await presentAll(ctx.db, rows))[0]!;
}

/** A new city pair of the national programme, with its two cities and each city's coordination office. */
export async function createPair(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof PairCreateBody>) {
  grantsFor(principal, 'pairs.write');
  if (!isSystemAdmin(principal)) throw new AppError('FORBIDDEN');
  if (await repo.findPairByCode(ctx.db, body.code)) throw fieldError('CONFLICT', 'code', '代码已被使用');
  const now = ctx.clock();
  const pair = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertPair(tx, {
      code: body.code,
      name: body.name,
      nameEn: body.nameEn,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    for (const [position, city] of body.cities.entries()) {
      const cityRow = await repo.insertCity(tx, {
        pairId: inserted.id,
        code: city.code,
        name: city.name,
        position,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      });
      const unitId = randomUUID();
      await insertUnit(tx, {
        id: unitId,
        pairId: inserted.id,
        cityId: cityRow.id,
        path: `/${unitId}/`,
        type: 'coordination_office',
        name: city.officeName ?? `${city.name}对口合作工作领导小组办公室`,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      });
    }
    const [presented] = await presentAll(tx, [inserted]);
    await recordAudit(tx, ctx.clock, actor, { action: 'pair.create', entityType: 'pair', entityId: inserted.id, pairId: inserted.id, after: presented });
    // The default plan's indicators fit any pair: the first city is the partner that brings projects in.
    await seedRegistryDefaults(tx, ctx, inserted.code, null, actor);
    return presented!;
  });
  return pair;
}
