import { and, asc, eq, exists, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { cities, pairs, roleAssignments, units, users } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type RoleAssignmentRow = typeof roleAssignments.$inferSelect;
export type UserWithUnit = { user: UserRow; unitName: string | null; unitPairId: string | null; unitCityId: string | null; unitPath: string | null };

/** Users are located by their unit; `self` reaches the user's own account. */
export const userScopeColumns = { pairId: units.pairId, cityId: units.cityId, unitId: users.unitId, unitPath: units.path, ownerId: users.id };

const withUnit = {
  user: users,
  unitName: units.name,
  unitPairId: units.pairId,
  unitCityId: units.cityId,
  unitPath: units.path,
};

export interface UserFilter {
  scope: SQL;
  q?: string;
  pairId?: string;
  cityId?: string;
  unitId?: string;
  status?: string;
  role?: string;
}

export async function listUsers(db: Executor, filter: UserFilter, limit: number, offset: number) {
  const like = containing(filter.q);
  const where = and(
    filter.scope,
    like ? or(ilike(users.username, like), ilike(users.displayName, like)) : undefined,
    filter.pairId ? eq(units.pairId, filter.pairId) : undefined,
    filter.cityId ? eq(units.cityId, filter.cityId) : undefined,
    filter.unitId ? eq(users.unitId, filter.unitId) : undefined,
    filter.status ? eq(users.status, filter.status) : undefined,
    filter.role
      ? exists(
          db
            .select({ one: sql`1` })
            .from(roleAssignments)
            .where(and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, filter.role))),
        )
      : undefined,
  );
  const rows = await db
    .select({ ...withUnit, total: totalOver })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(where)
    .orderBy(asc(users.username))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(
    rows,
    offset,
    async () => (await db.select({ n: sql<number>`count(*)::int` }).from(users).leftJoin(units, eq(units.id, users.unitId)).where(where))[0]?.n ?? 0,
  );
  return { rows: rows as UserWithUnit[], total };
}

/** One user if `scope` reaches it; internal callers that already authorized pass no scope. */
export async function findUser(db: Executor, id: string, scope?: SQL): Promise<UserWithUnit | undefined> {
  const [row] = await db
    .select(withUnit)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.id, id), scope))
    .limit(1);
  return row as UserWithUnit | undefined;
}

/**
 * One user if `scope` reaches it, its row locked until the transaction ends: every decision about
 * an account (who may manage it, the last system administrator) is taken on the locked row.
 */
export async function lockUser(tx: Executor, id: string, scope: SQL): Promise<UserWithUnit | undefined> {
  const [row] = await tx
    .select(withUnit)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.id, id), scope))
    .for('update', { of: users });
  return row as UserWithUnit | undefined;
}

// Any constant works; it only has to be the same for every Duikou process on one database.
const SYSTEM_ADMINS_LOCK_KEY = 7_020_263_1;

/**
 * Serializes, until the transaction ends, every change that can leave fewer active deployment-wide
 * system administrators (disabling or demoting one): counted after this lock, the others cannot be
 * disabled meanwhile, so two administrators disabling each other at once leave one, not none.
 */
export async function lockSystemAdmins(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SYSTEM_ADMINS_LOCK_KEY})`);
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return row !== undefined;
}

export async function rolesOf(db: Executor, userIds: string[]): Promise<RoleAssignmentRow[]> {
  if (userIds.length === 0) return [];
  return db.select().from(roleAssignments).where(inArray(roleAssignments.userId, userIds)).orderBy(asc(roleAssignments.createdAt), asc(roleAssignments.id));
}

export async function insertUser(db: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
  const [inserted] = await db.insert(users).values(row).returning();
  return inserted!;
}

export async function updateUser(db: Executor, id: string, patch: Partial<typeof users.$inferInsert>): Promise<void> {
  await db.update(users).set(patch).where(eq(users.id, id));
}

export async function replaceRoles(db: Executor, userId: string, rows: (typeof roleAssignments.$inferInsert)[]): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  if (rows.length > 0) await db.insert(roleAssignments).values(rows);
}

/** Active deployment-wide system administrators other than `exceptUserId`. */
export async function countOtherActiveSystemAdmins(db: Executor, exceptUserId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${users.id})::int` })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(eq(roleAssignments.role, 'system_admin'), sql`${roleAssignments.pairId} is null`, eq(users.status, 'active'), ne(users.id, exceptUserId)));
  return row?.n ?? 0;
}

export async function findUnitAnchor(db: Executor, unitId: string) {
  const [row] = await db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, disabled: units.disabled })
    .from(units)
    .where(eq(units.id, unitId))
    .limit(1);
  return row;
}

export async function findCityAnchor(db: Executor, cityId: string) {
  const [row] = await db.select({ id: cities.id, pairId: cities.pairId }).from(cities).where(eq(cities.id, cityId)).limit(1);
  return row;
}

export async function pairExists(db: Executor, pairId: string): Promise<boolean> {
  const [row] = await db.select({ id: pairs.id }).from(pairs).where(eq(pairs.id, pairId)).limit(1);
  return row !== undefined;
}
