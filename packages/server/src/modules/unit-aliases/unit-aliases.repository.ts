import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { unitAliases, units } from '../../db/schema.js';

export type UnitAliasRow = typeof unitAliases.$inferSelect;

export async function listAliases(db: Executor, pairId: string): Promise<UnitAliasRow[]> {
  return db.select().from(unitAliases).where(eq(unitAliases.pairId, pairId)).orderBy(asc(unitAliases.alias));
}

export async function findAlias(db: Executor, id: string): Promise<UnitAliasRow | undefined> {
  const [row] = await db.select().from(unitAliases).where(eq(unitAliases.id, id));
  return row;
}

/** The alias of the pair by its name, locked for the caller's transaction. */
export async function lockAliasByName(tx: Executor, pairId: string, alias: string): Promise<UnitAliasRow | undefined> {
  const [row] = await tx
    .select()
    .from(unitAliases)
    .where(and(eq(unitAliases.pairId, pairId), eq(unitAliases.alias, alias)))
    .for('update');
  return row;
}

/** Inserts or, when another request inserted the same name first, overwrites it: one statement either way. */
export async function upsertAlias(tx: Executor, row: typeof unitAliases.$inferInsert): Promise<UnitAliasRow> {
  const [saved] = await tx
    .insert(unitAliases)
    .values(row)
    .onConflictDoUpdate({ target: [unitAliases.pairId, unitAliases.alias], set: { unitIds: row.unitIds, updatedAt: row.updatedAt } })
    .returning();
  return saved!;
}

export async function deleteAlias(tx: Executor, id: string): Promise<UnitAliasRow | undefined> {
  const [row] = await tx.delete(unitAliases).where(eq(unitAliases.id, id)).returning();
  return row;
}

/** Names of the given units that belong to the pair, by id. */
export async function unitNamesIn(db: Executor, pairId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.pairId, pairId), inArray(units.id, [...ids])));
  return new Map(rows.map((row) => [row.id, row.name]));
}
