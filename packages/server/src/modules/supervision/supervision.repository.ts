import type { ScopeGrant } from '@duikou/domain';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { notifications, supervisionItems, supervisionReplies, tasks, taskUnits, units, users } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type SupervisionRow = typeof supervisionItems.$inferSelect;
export type SupervisionReplyRow = Awaited<ReturnType<typeof repliesOf>>[number];
/** An item with the names it is shown with. */
export interface SupervisionWithNames {
  item: SupervisionRow;
  unitName: string;
  unitCityId: string;
  unitPath: string;
  taskTitle: string | null;
  ownerName: string | null;
  closedByName: string | null;
}

/** Who closed an item (a second join on users, beside the owner's). */
const closer = alias(users, 'closer');

/**
 * Which items the grants reach. An item is located by its unit (the unit's pair, city, id and
 * path), so a county reporter sees the items raised on its county and the units below it;
 * "self" reaches the items assigned to the user. The queries below join `units` on the item's unit.
 */
export function supervisionScope(grants: readonly ScopeGrant[], userId: string): SQL {
  return scopeFilter(grants, userId, {
    pairId: units.pairId,
    cityId: units.cityId,
    unitId: supervisionItems.unitId,
    unitPath: units.path,
    ownerId: supervisionItems.ownerUserId,
  });
}

/** Not closed and the deadline (a China date) is before `today`. */
function overdueSql(today: string): SQL<boolean> {
  return sql<boolean>`(${supervisionItems.status} <> 'closed' and ${supervisionItems.deadline} < ${today})`;
}

const withNames = {
  item: supervisionItems,
  unitName: units.name,
  unitCityId: units.cityId,
  unitPath: units.path,
  taskTitle: tasks.title,
  ownerName: users.displayName,
  closedByName: closer.displayName,
};

export interface SupervisionFilter {
  scope: SQL;
  today: string;
  pairId?: string;
  taskId?: string;
  unitId?: string;
  status?: string;
  overdue?: boolean;
}

/** One page, overdue items first, then by deadline; the total comes in the same statement. */
export async function listItems(db: Executor, filter: SupervisionFilter, limit: number, offset: number) {
  const overdue = overdueSql(filter.today);
  const where = and(
    filter.scope,
    filter.pairId ? eq(supervisionItems.pairId, filter.pairId) : undefined,
    filter.taskId ? eq(supervisionItems.taskId, filter.taskId) : undefined,
    filter.unitId ? eq(supervisionItems.unitId, filter.unitId) : undefined,
    filter.status ? eq(supervisionItems.status, filter.status) : undefined,
    filter.overdue === undefined ? undefined : filter.overdue ? overdue : sql`not ${overdue}`,
  );
  const rows = await db
    .select({ ...withNames, total: totalOver })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .leftJoin(tasks, eq(tasks.id, supervisionItems.taskId))
    .leftJoin(users, eq(users.id, supervisionItems.ownerUserId))
    .leftJoin(closer, eq(closer.id, supervisionItems.closedBy))
    .where(where)
    .orderBy(desc(overdue), asc(supervisionItems.deadline), desc(supervisionItems.createdAt), asc(supervisionItems.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(
    rows,
    offset,
    async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(supervisionItems).innerJoin(units, eq(units.id, supervisionItems.unitId)).where(where))[0]?.n ??
      0,
  );
  return { rows: rows as SupervisionWithNames[], total };
}

/** One item if `scope` reaches it; internal callers that already authorized pass no scope. */
export async function findItem(db: Executor, id: string, scope?: SQL): Promise<SupervisionWithNames | undefined> {
  const [row] = await db
    .select(withNames)
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .leftJoin(tasks, eq(tasks.id, supervisionItems.taskId))
    .leftJoin(users, eq(users.id, supervisionItems.ownerUserId))
    .leftJoin(closer, eq(closer.id, supervisionItems.closedBy))
    .where(and(eq(supervisionItems.id, id), scope))
    .limit(1);
  return row as SupervisionWithNames | undefined;
}

/** Locks the item's row until the transaction ends and returns its status, so two writers cannot both pass a state check. */
export async function lockItemStatus(tx: Executor, id: string): Promise<string | undefined> {
  const [row] = await tx.select({ status: supervisionItems.status }).from(supervisionItems).where(eq(supervisionItems.id, id)).for('update');
  return row?.status;
}

export async function repliesOf(db: Executor, itemId: string) {
  return db
    .select({
      id: supervisionReplies.id,
      body: supervisionReplies.body,
      authorId: supervisionReplies.authorId,
      authorName: users.displayName,
      at: supervisionReplies.at,
    })
    .from(supervisionReplies)
    .leftJoin(users, eq(users.id, supervisionReplies.authorId))
    .where(eq(supervisionReplies.itemId, itemId))
    .orderBy(asc(supervisionReplies.at), asc(supervisionReplies.id));
}

export async function findUnit(db: Executor, id: string) {
  const [row] = await db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, disabled: units.disabled, headUserId: units.headUserId })
    .from(units)
    .where(eq(units.id, id))
    .limit(1);
  return row;
}

/** A user's status and the path of the user's unit (null without a unit). */
export async function userWithUnitPath(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id, status: users.status, unitPath: units.path })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, id))
    .limit(1);
  return row;
}

/** The task if `scope` reaches it, and whether `unitId` is one of its units (lead or support). */
export async function findTaskWithUnit(db: Executor, taskId: string, unitId: string, scope: SQL) {
  const [row] = await db
    .select({
      id: tasks.id,
      pairId: tasks.pairId,
      hasUnit: sql<boolean>`exists (select 1 from ${taskUnits} where ${taskUnits.taskId} = ${tasks.id} and ${taskUnits.unitId} = ${unitId})`,
    })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), scope))
    .limit(1);
  return row;
}

export async function insertItem(db: Executor, row: typeof supervisionItems.$inferInsert): Promise<SupervisionRow> {
  const [inserted] = await db.insert(supervisionItems).values(row).returning();
  return inserted!;
}

export async function updateItem(db: Executor, id: string, patch: Partial<typeof supervisionItems.$inferInsert>): Promise<SupervisionRow> {
  const [row] = await db.update(supervisionItems).set(patch).where(eq(supervisionItems.id, id)).returning();
  return row!;
}

export async function insertReply(db: Executor, row: typeof supervisionReplies.$inferInsert) {
  const [inserted] = await db.insert(supervisionReplies).values(row).returning();
  return inserted!;
}

/**
 * An in-app notice. Its dedupe key is its identity: inserting the same notice again (a retried
 * request, two processes) does nothing.
 */
export async function insertNotification(db: Executor, row: typeof notifications.$inferInsert): Promise<void> {
  await db.insert(notifications).values(row).onConflictDoNothing({ target: notifications.dedupeKey });
  // The recipient's open screens (the bell) hear of it once this commits.
  await publishChange(db, changed.user(row.userId));
}
