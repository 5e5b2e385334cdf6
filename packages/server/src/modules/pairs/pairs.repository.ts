import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { cities, pairs } from '../../db/schema.js';

export type PairRow = typeof pairs.$inferSelect;
export type CityRow = typeof cities.$inferSelect;

export async function listPairs(db: Executor, scope: SQL): Promise<PairRow[]> {
  return db.select().from(pairs).where(scope).orderBy(asc(pairs.createdAt), asc(pairs.code));
}

export async function citiesOf(db: Executor, pairIds: string[]): Promise<CityRow[]> {
  if (pairIds.length === 0) return [];
  return db.select().from(cities).where(inArray(cities.pairId, pairIds)).orderBy(asc(cities.position));
}

export async function findPairByCode(db: Executor, code: string): Promise<PairRow | undefined> {
  const [row] = await db.select().from(pairs).where(eq(pairs.code, code)).limit(1);
  return row;
}

export async function insertPair(db: Executor, row: typeof pairs.$inferInsert): Promise<PairRow> {
  const [inserted] = await db.insert(pairs).values(row).returning();
  return inserted!;
}

export async function insertCity(db: Executor, row: typeof cities.$inferInsert): Promise<CityRow> {
  const [inserted] = await db.insert(cities).values(row).returning();
  return inserted!;
}
