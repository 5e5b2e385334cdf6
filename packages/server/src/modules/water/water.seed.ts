import { and, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { pairs, units } from '../../db/schema.js';
import type { Actor } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './water.repository.js';

/**
 * The 东江 boundary sections assessed by the Guangdong–Jiangxi agreements (docs/domain.md,
 * "Cross-provincial eco-compensation": 寻乌兴宁电站 and 定南庙咀里, target class III), seen by the
 * ecology departments of both cities. Coordinates are left empty: they were not found in public
 * material. No agreement is seeded: its amounts are agreement data the office enters.
 */
const DEFAULT_SECTIONS = [
  { code: 'XW-XNDZ', name: '寻乌兴宁电站', river: '寻乌水', county: 'gz-xunwu' },
  { code: 'DN-MJL', name: '定南庙咀里', river: '定南水', county: 'gz-dingnan' },
] as const;
const ECOLOGY_UNITS = ['gz-eco', 'sz-eco'];

/** Seeds the default pair's sections once, when the pair itself is created (later starts add nothing). */
export async function seedWaterDefaults(db: Executor, ctx: ServiceContext, pairCode: string, actor: Actor): Promise<void> {
  const [pair] = await db.select({ id: pairs.id }).from(pairs).where(eq(pairs.code, pairCode));
  if (!pair) return;
  const keys = [...ECOLOGY_UNITS, ...DEFAULT_SECTIONS.map((s) => s.county)];
  const byKey = new Map(
    (
      await db
        .select({ id: units.id, key: units.seedKey, cityId: units.cityId })
        .from(units)
        .where(and(eq(units.pairId, pair.id), inArray(units.seedKey, keys)))
    ).map((u) => [u.key, u]),
  );
  const ecology = ECOLOGY_UNITS.flatMap((key) => (byKey.has(key) ? [byKey.get(key)!.id] : []));
  if (ecology.length === 0) return;
  const now = ctx.clock();
  for (const section of DEFAULT_SECTIONS) {
    const county = byKey.get(section.county);
    if (!county) continue;
    const row = await repo.insertSection(
      db,
      {
        pairId: pair.id,
        cityId: county.cityId,
        countyUnitId: county.id,
        code: section.code,
        name: section.name,
        river: section.river,
        waterBody: 'river',
        targetClass: 3,
        createdAt: now,
        updatedAt: now,
        createdBy: null,
      },
      ecology,
    );
    await recordAudit(db, ctx.clock, actor, {
      action: 'water.section.seed',
      entityType: 'water_section',
      entityId: row.id,
      pairId: pair.id,
      after: { ...row, unitIds: ecology },
    });
  }
}
