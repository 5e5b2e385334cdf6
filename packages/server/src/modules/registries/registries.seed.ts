import { type PairSeed, registryDeclaration, validateRecordData } from '@duikou/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { pairs, rollupDefinitions, units } from '../../db/schema.js';
import type { Actor } from '../../http/principal.js';
import { seedDefaultRollups } from '../rollups/rollups.service.js';
import * as repo from './registries.repository.js';
import { optionListsOf, type PreparedRecord, writeNewRecords } from './registries.service.js';

/**
 * The registries' default data of a pair, once: the roll-up indicators of the default plan and,
 * for a built-in pair, its district–county pairings (区县结对). A pair that already has indicators
 * has had its defaults (the office may have changed or removed them since): nothing is added.
 */
export async function seedRegistryDefaults(db: Executor, ctx: ServiceContext, pairCode: string, seed: PairSeed | null, actor: Actor): Promise<void> {
  const [pair] = await db.select({ id: pairs.id }).from(pairs).where(eq(pairs.code, pairCode));
  if (!pair) return;
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(rollupDefinitions).where(eq(rollupDefinitions.pairId, pair.id));
  if ((existing?.n ?? 0) > 0) return;
  const cities = await repo.citiesOfPair(db, pair.id);
  if (seed && seed.unitPairings.length > 0) await seedPairings(db, ctx, pair.id, cities, seed, actor);
  await seedDefaultRollups(db, ctx.clock, pair.id, cities[0]!.id, actor);
}

async function seedPairings(
  db: Executor,
  ctx: ServiceContext,
  pairId: string,
  cities: readonly { id: string; code: string }[],
  seed: PairSeed,
  actor: Actor,
): Promise<void> {
  const declaration = registryDeclaration('pairing')!;
  const byKey = new Map(
    (
      await db
        .select({ id: units.id, key: units.seedKey, name: units.name, cityId: units.cityId })
        .from(units)
        .where(and(eq(units.pairId, pairId)))
    ).map((u) => [u.key, u]),
  );
  const lists = await optionListsOf(ctx, pairId, db);
  const context = { options: (list: string) => lists.get(list)?.items ?? [], cities };
  const items: { record: PreparedRecord; articleNos: string[] }[] = [];
  for (const pairing of seed.unitPairings) {
    const a = byKey.get(pairing.a);
    const b = byKey.get(pairing.b);
    if (!a || !b) continue;
    const checked = validateRecordData(
      declaration,
      { name: `${a.name}—${b.name}`, kind: '区县结对', unitAId: a.id, unitBId: b.id, agreementOn: `${pairing.since}-01`, ownerUnitId: b.id },
      context,
    );
    if (!checked.ok) throw new Error(`default pairing ${pairing.a}–${pairing.b}: ${JSON.stringify(checked.issues)}`);
    items.push({
      record: {
        data: checked.data,
        row: {
          unitId: b.id,
          cityId: b.cityId,
          title: checked.data.name as string,
          occurredOn: checked.data.agreementOn as string,
          locationCode: null,
          stage: null,
        },
        unitIds: [b.id, a.id],
        recordIds: [],
        owner: { id: b.id, name: b.name, shortName: null, cityId: b.cityId, path: '', disabled: false },
      },
      articleNos: ['十九'],
    });
  }
  await writeNewRecords(db, ctx, actor, pairId, declaration, items);
}
