import type { ScopeGrant } from '@duikou/domain';
import { and, asc, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { attachments, cities, leaderInstructions, supervisionItems, units, users } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type InstructionRow = typeof leaderInstructions.$inferSelect;

/**
 * Which supervision items the grants reach: located by the item's unit (its pair, city, id and
 * path) and, for "self", by the user the item is assigned to. For the queries below, which join
 * `units` on the item's unit inside a subquery.
 */
export function itemScope(grants: readonly ScopeGrant[], userId: string): SQL {
  return scopeFilter(grants, userId, {
    pairId: units.pairId,
    cityId: units.cityId,
    unitId: supervisionItems.unitId,
    unitPath: units.path,
    ownerId: supervisionItems.ownerUserId,
  });
}

/**
 * Which instructions the grants reach as a whole: an instruction belongs to its pair and to the
 * city whose leader gave it, so an office or leader of the whole pair sees them all and one of a
 * city sees its city's. Unit-level grants reach none this way (see `instructionReadScope`).
 */
export function instructionScope(grants: readonly ScopeGrant[], userId: string): SQL {
  return scopeFilter(grants, userId, { pairId: leaderInstructions.pairId, cityId: leaderInstructions.cityId });
}

/** Whether an item raised from the instruction lies in `items` (an `itemScope`). */
export function raisedWithin(items: SQL): SQL {
  return sql`exists (select 1 from ${supervisionItems} join ${units} on ${units.id} = ${supervisionItems.unitId} where ${supervisionItems.instructionId} = ${leaderInstructions.id} and ${items})`;
}

/** Items raised from the instruction in `items`: all of them, and those not closed. */
function itemCounts(items: SQL) {
  const count = (extra: SQL) =>
    sql<number>`(select count(*)::int from ${supervisionItems} join ${units} on ${units.id} = ${supervisionItems.unitId} where ${supervisionItems.instructionId} = ${leaderInstructions.id} and ${items}${extra})`;
  return { itemCount: count(sql``), openItemCount: count(sql` and ${supervisionItems.status} <> 'closed'`) };
}

const withNames = (items: SQL) => ({
  instruction: leaderInstructions,
  cityName: cities.name,
  createdByName: users.displayName,
  ...itemCounts(items),
});

export interface InstructionFilter {
  scope: SQL;
  items: SQL;
  pairId?: string;
  cityId?: string;
  q?: string;
}

/** One page, latest instruction first; the total comes in the same statement. */
export async function listInstructions(db: Executor, filter: InstructionFilter, limit: number, offset: number) {
  const pattern = containing(filter.q);
  const where = and(
    filter.scope,
    filter.pairId ? eq(leaderInstructions.pairId, filter.pairId) : undefined,
    filter.cityId ? eq(leaderInstructions.cityId, filter.cityId) : undefined,
    pattern
      ? or(ilike(leaderInstructions.leaderName, pattern), ilike(leaderInstructions.content, pattern), ilike(leaderInstructions.documentTitle, pattern))
      : undefined,
  );
  const rows = await db
    .select({ ...withNames(filter.items), total: totalOver })
    .from(leaderInstructions)
    .innerJoin(cities, eq(cities.id, leaderInstructions.cityId))
    .leftJoin(users, eq(users.id, leaderInstructions.createdBy))
    .where(where)
    .orderBy(desc(leaderInstructions.instructedOn), desc(leaderInstructions.createdAt), asc(leaderInstructions.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(leaderInstructions).where(where))[0]?.n ?? 0);
  return { rows, total };
}

export type InstructionWithNames = Omit<Awaited<ReturnType<typeof listInstructions>>['rows'][number], 'total'>;

/** One instruction with its names and counts, if `scope` reaches it. */
export async function findInstruction(db: Executor, id: string, scope: SQL, items: SQL) {
  const [row] = await db
    .select(withNames(items))
    .from(leaderInstructions)
    .innerJoin(cities, eq(cities.id, leaderInstructions.cityId))
    .leftJoin(users, eq(users.id, leaderInstructions.createdBy))
    .where(and(eq(leaderInstructions.id, id), scope))
    .limit(1);
  return row;
}

/** The items raised from an instruction in `items`, by status. */
export async function itemsByStatus(db: Executor, id: string, items: SQL): Promise<Map<string, number>> {
  const rows = await db
    .select({ status: supervisionItems.status, n: sql<number>`count(*)::int` })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .where(and(eq(supervisionItems.instructionId, id), items))
    .groupBy(supervisionItems.status);
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** Every item raised from the instruction, whoever can see it (the removal check). */
export async function raisedItemCount(tx: Executor, id: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(supervisionItems).where(eq(supervisionItems.instructionId, id));
  return row?.n ?? 0;
}

export async function cityById(db: Executor, id: string) {
  const [row] = await db.select({ id: cities.id, pairId: cities.pairId, name: cities.name }).from(cities).where(eq(cities.id, id));
  return row;
}

/**
 * Locks the instruction's row until the transaction ends and returns it: an update or removal
 * decides on the row as it is under the lock, and an item raised from it (its foreign key takes
 * a share lock on this row) either committed before, and is counted, or waits.
 */
export async function lockInstruction(tx: Executor, id: string, strength: 'update' | 'share' = 'update'): Promise<InstructionRow | undefined> {
  const [row] = await tx.select().from(leaderInstructions).where(eq(leaderInstructions.id, id)).for(strength);
  return row;
}

export async function insertInstruction(tx: Executor, row: typeof leaderInstructions.$inferInsert): Promise<InstructionRow> {
  const [inserted] = await tx.insert(leaderInstructions).values(row).returning();
  return inserted!;
}

export async function updateInstruction(tx: Executor, id: string, set: Partial<typeof leaderInstructions.$inferInsert>): Promise<void> {
  await tx.update(leaderInstructions).set(set).where(eq(leaderInstructions.id, id));
}

/** Removes the instruction and its files (attachments of owner type instruction). */
export async function deleteInstruction(tx: Executor, id: string): Promise<void> {
  await tx.delete(attachments).where(and(eq(attachments.ownerType, 'instruction'), eq(attachments.ownerId, id)));
  await tx.delete(leaderInstructions).where(eq(leaderInstructions.id, id));
}
