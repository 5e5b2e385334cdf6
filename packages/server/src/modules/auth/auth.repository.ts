import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { roleAssignments, sessions, units, users } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return row;
}

/** Counts one wrong password atomically (two parallel guesses both count) and returns the new total. */
export async function countFailedAttempt(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
    .where(eq(users.id, userId))
    .returning({ failedAttempts: users.failedAttempts });
  return row?.failedAttempts ?? 0;
}

export async function lockUser(db: Executor, userId: string, until: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: until, failedAttempts: 0 }).where(eq(users.id, userId));
}

export async function recordSuccessfulLogin(db: Executor, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: at }).where(eq(users.id, userId));
}

export async function insertSession(db: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user but, optionally, the one making the request. */
export async function deleteUserSessions(db: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined));
}

export async function deleteIdleSessions(db: Executor, idleSince: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, idleSince));
}

export interface GrantRow {
  role: string;
  scope: string;
  pairId: string | null;
  cityId: string | null;
  unitId: string | null;
  unitPath: string | null;
}

/**
 * The session, its user and the user's role assignments in one statement: this runs on every
 * request, and on the embedded database each statement waits its turn.
 */
export async function findSessionWithUser(db: Executor, sessionId: string) {
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      grants: sql<GrantRow[]>`coalesce((
        select json_agg(json_build_object(
          'role', ${roleAssignments.role}, 'scope', ${roleAssignments.scope}, 'pairId', ${roleAssignments.pairId},
          'cityId', ${roleAssignments.cityId}, 'unitId', ${roleAssignments.unitId}, 'unitPath', ${units.path}))
        from ${roleAssignments} left join ${units} on ${units.id} = ${roleAssignments.unitId}
        where ${roleAssignments.userId} = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row;
}

export async function touchSession(db: Executor, sessionId: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId));
}

/** A user's role assignments with the anchor unit's path, ready to become scope grants. */
export async function findGrants(db: Executor, userId: string) {
  return db
    .select({
      role: roleAssignments.role,
      scope: roleAssignments.scope,
      pairId: roleAssignments.pairId,
      cityId: roleAssignments.cityId,
      unitId: roleAssignments.unitId,
      unitPath: units.path,
    })
    .from(roleAssignments)
    .leftJoin(units, eq(units.id, roleAssignments.unitId))
    .where(eq(roleAssignments.userId, userId));
}

export async function updatePassword(db: Executor, userId: string, passwordHash: string, at: Date, mustChange: boolean) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: at, mustChangePassword: mustChange, updatedAt: at, failedAttempts: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}

/** The pair and city of a user's unit, so that its login events show in that office's audit log. */
export async function unitLocation(db: Executor, unitId: string | null): Promise<{ pairId: string | null; cityId: string | null }> {
  if (unitId === null) return { pairId: null, cityId: null };
  const [row] = await db.select({ pairId: units.pairId, cityId: units.cityId }).from(units).where(eq(units.id, unitId)).limit(1);
  return row ?? { pairId: null, cityId: null };
}
