import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { registryRecords, rollupDefinitions, rollupDistinct, rollupValues, taskIndicators } from '../../db/schema.js';

export type DefinitionRow = typeof rollupDefinitions.$inferSelect;

export async function definitionsOfPair(db: Executor, pairId: string): Promise<DefinitionRow[]> {
  return db.select().from(rollupDefinitions).where(eq(rollupDefinitions.pairId, pairId)).orderBy(asc(rollupDefinitions.createdAt), asc(rollupDefinitions.key));
}

export async function definitionsOfType(db: Executor, pairId: string, registryType: string): Promise<DefinitionRow[]> {
  return db
    .select()
    .from(rollupDefinitions)
    .where(and(eq(rollupDefinitions.pairId, pairId), eq(rollupDefinitions.registryType, registryType)));
}

/**
 * Serializes, per pair and registry type, what moves the indicators over that type: a record
 * change or a definition change holds it exclusively until the commit; a task indicator being
 * linked to an indicator holds it shared (it only reads the value). A lock of a (pair, type) key,
 * not of a row, because a new definition has no row for a concurrent record change to lock, and
 * its computation from the records must not miss a change committing meanwhile. Keys are taken in
 * text order, so two holders of several never wait for each other in a cycle.
 */
export async function lockRollupsOfTypes(tx: Executor, pairId: string, registryTypes: readonly string[], mode: 'exclusive' | 'shared'): Promise<void> {
  const keys = [...new Set(registryTypes.map((type) => `rollups:${pairId}:${type}`))].sort();
  for (const key of keys) {
    if (mode === 'exclusive') await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    else await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`);
  }
}

/** Locks a definition until the transaction ends and returns it as it is now (undefined once removed). */
export async function lockDefinition(tx: Executor, id: string): Promise<DefinitionRow | undefined> {
  const [row] = await tx.select().from(rollupDefinitions).where(eq(rollupDefinitions.id, id)).for('update');
  return row;
}

/** Definitions by id, within a pair (what a task indicator may name). */
export async function definitionsByIds(db: Executor, pairId: string, ids: readonly string[]): Promise<DefinitionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(rollupDefinitions)
    .where(and(eq(rollupDefinitions.pairId, pairId), inArray(rollupDefinitions.id, [...ids])));
}

export async function findDefinition(db: Executor, id: string): Promise<DefinitionRow | undefined> {
  const [row] = await db.select().from(rollupDefinitions).where(eq(rollupDefinitions.id, id)).limit(1);
  return row;
}

export async function insertDefinitions(db: Executor, rows: (typeof rollupDefinitions.$inferInsert)[]): Promise<DefinitionRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(rollupDefinitions)
    .values(rows)
    .onConflictDoNothing({ target: [rollupDefinitions.pairId, rollupDefinitions.key] })
    .returning();
}

export async function updateDefinition(db: Executor, id: string, patch: Partial<typeof rollupDefinitions.$inferInsert>): Promise<DefinitionRow> {
  const [row] = await db.update(rollupDefinitions).set(patch).where(eq(rollupDefinitions.id, id)).returning();
  return row!;
}

export async function deleteDefinition(db: Executor, id: string): Promise<void> {
  await db.update(taskIndicators).set({ rollupId: null, computation: 'entered' }).where(eq(taskIndicators.rollupId, id));
  await db.delete(rollupDefinitions).where(eq(rollupDefinitions.id, id));
}

/** Adds a decimal amount (may be negative) to an indicator's value for a period. */
export async function addToValue(db: Executor, definitionId: string, period: string, amount: string): Promise<void> {
  await db
    .insert(rollupValues)
    .values({ definitionId, period, value: amount })
    .onConflictDoUpdate({ target: [rollupValues.definitionId, rollupValues.period], set: { value: sql`${rollupValues.value} + excluded.value` } });
}

/** Counts a value of a distinct count up or down, then sets the period's value to the number of values still counted. */
export async function addToDistinct(db: Executor, definitionId: string, period: string, valueKey: string, delta: 1 | -1): Promise<void> {
  await db
    .insert(rollupDistinct)
    .values({ definitionId, period, valueKey, n: delta })
    .onConflictDoUpdate({
      target: [rollupDistinct.definitionId, rollupDistinct.period, rollupDistinct.valueKey],
      set: { n: sql`${rollupDistinct.n} + excluded.n` },
    });
  await db.execute(sql`
    insert into rollup_values (definition_id, period, value)
    select ${definitionId}::uuid, ${period}, count(*) from rollup_distinct where definition_id = ${definitionId}::uuid and period = ${period} and n > 0
    on conflict (definition_id, period) do update set value = excluded.value`);
}

/** A distinct count computed afresh: how many records carry each value, and the number of values. */
export async function setDistinct(db: Executor, definitionId: string, period: string, counts: ReadonlyMap<string, number>): Promise<void> {
  const rows = [...counts].map(([valueKey, n]) => ({ definitionId, period, valueKey, n }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(rollupDistinct).values(rows.slice(i, i + 1000));
  await db.insert(rollupValues).values({ definitionId, period, value: String(counts.size) });
}

export async function valuesOf(db: Executor, definitionIds: readonly string[]) {
  if (definitionIds.length === 0) return [];
  return db
    .select({ definitionId: rollupValues.definitionId, period: rollupValues.period, value: rollupValues.value })
    .from(rollupValues)
    .where(inArray(rollupValues.definitionId, [...definitionIds]));
}

export async function rollupValueOf(db: Executor, definitionId: string, period: string): Promise<string> {
  const [row] = await db
    .select({ value: rollupValues.value })
    .from(rollupValues)
    .where(and(eq(rollupValues.definitionId, definitionId), eq(rollupValues.period, period)));
  return row?.value ?? '0';
}

export async function clearValues(db: Executor, definitionId: string): Promise<void> {
  await db.delete(rollupValues).where(eq(rollupValues.definitionId, definitionId));
  await db.delete(rollupDistinct).where(eq(rollupDistinct.definitionId, definitionId));
}

/** Records of a type after `afterId` in id order: the rebuild reads them in slices. */
export async function recordSlice(db: Executor, pairId: string, type: string, afterId: string | null, limit: number) {
  return db
    .select({ id: registryRecords.id, type: registryRecords.type, data: registryRecords.data })
    .from(registryRecords)
    .where(and(eq(registryRecords.pairId, pairId), eq(registryRecords.type, type), afterId ? gt(registryRecords.id, afterId) : undefined))
    .orderBy(asc(registryRecords.id))
    .limit(limit);
}

/** The task indicators that take their actual value from these indicators, with their tasks. */
export async function linkedIndicators(db: Executor, definitionIds: readonly string[]) {
  if (definitionIds.length === 0) return [];
  return db
    .select({ id: taskIndicators.id, taskId: taskIndicators.taskId, rollupId: taskIndicators.rollupId, actual: taskIndicators.actual })
    .from(taskIndicators)
    .where(inArray(taskIndicators.rollupId, [...definitionIds]));
}

export async function setIndicatorActual(db: Executor, indicatorId: string, actual: string): Promise<void> {
  await db.update(taskIndicators).set({ actual }).where(eq(taskIndicators.id, indicatorId));
}
