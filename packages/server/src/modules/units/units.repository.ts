import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { cities, units } from '../../db/schema.js';

export type UnitRow = typeof units.$inferSelect;

export interface UnitFilter {
  scope: SQL;
  pairId?: string;
  cityId?: string;
  parentId?: string;
  type?: string;
  q?: string;
  includeDisabled?: boolean;
}

function whereOf(filter: UnitFilter): SQL | undefined {
  const like = containing(filter.q);
  return and(
    filter.scope,
    filter.pairId ? eq(units.pairId, filter.pairId) : undefined,
    filter.cityId ? eq(units.cityId, filter.cityId) : undefined,
    filter.parentId ? eq(units.parentId, filter.parentId) : undefined,
    filter.type ? eq(units.type, filter.type) : undefined,
    like ? or(ilike(units.name, like), ilike(units.shortName, like)) : undefined,
    filter.includeDisabled ? undefined : eq(units.disabled, false),
  );
}

export async function listUnits(db: Executor, filter: UnitFilter, limit: number, offset: number) {
  const where = whereOf(filter);
  const rows = await db
    .select({ unit: units, total: totalOver })
    .from(units)
    .innerJoin(cities, eq(cities.id, units.cityId))
    .where(where)
    .orderBy(asc(cities.position), asc(units.path), asc(units.sortOrder), asc(units.name))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(units).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.unit), total };
}

/** One unit if the scope reaches it; a unit outside the scope is indistinguishable from a missing one. */
export async function findUnit(db: Executor, id: string, scope: SQL): Promise<UnitRow | undefined> {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.id, id), scope))
    .limit(1);
  return row;
}

export async function findUnitByName(db: Executor, cityId: string, name: string): Promise<UnitRow | undefined> {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.cityId, cityId), eq(units.name, name)))
    .limit(1);
  return row;
}

export async function insertUnit(db: Executor, row: typeof units.$inferInsert): Promise<UnitRow> {
  const [inserted] = await db.insert(units).values(row).returning();
  return inserted!;
}

export async function updateUnit(db: Executor, id: string, patch: Partial<typeof units.$inferInsert>): Promise<UnitRow> {
  const [updated] = await db.update(units).set(patch).where(eq(units.id, id)).returning();
  return updated!;
}

/** Re-roots a moved subtree: every path under `oldPrefix` now starts with `newPrefix`. */
export async function movePaths(db: Executor, oldPrefix: string, newPrefix: string): Promise<void> {
  await db
    .update(units)
    .set({ path: sql`${newPrefix} || substr(${units.path}, ${oldPrefix.length + 1})` })
    .where(sql`${units.path} like ${`${oldPrefix}%`}`);
}

/**
 * Locks a city's unit tree until the transaction ends: `move` (FOR NO KEY UPDATE) to re-root a
 * subtree, `grow` (FOR SHARE) to add a unit under a parent, so a new unit never takes its path
 * from a parent being moved, and two moves never cross (A under B while B goes under A).
 */
export async function lockUnitTree(tx: Executor, cityId: string, mode: 'move' | 'grow'): Promise<void> {
  await tx
    .select({ id: cities.id })
    .from(cities)
    .where(eq(cities.id, cityId))
    .for(mode === 'move' ? 'no key update' : 'share');
}

/** Locks a unit until the transaction ends and returns it as it is now, if the scope reaches it. */
export async function lockUnit(tx: Executor, id: string, scope: SQL): Promise<UnitRow | undefined> {
  const [row] = await tx
    .select()
    .from(units)
    .where(and(eq(units.id, id), scope))
    .for('no key update');
  return row;
}

export async function findCity(db: Executor, id: string) {
  const [row] = await db.select().from(cities).where(eq(cities.id, id)).limit(1);
  return row;
}

/** How the units table is located for scope checks. */
export const unitScopeColumns = { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path };

/** Name, city and place in the list of every unit of a pair (disabled ones included: old tasks still name them). */
export async function unitNamesOfPair(db: Executor, pairId: string) {
  return db.select({ id: units.id, name: units.name, cityId: units.cityId, sortOrder: units.sortOrder }).from(units).where(eq(units.pairId, pairId));
}
