import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { loginThrottle, roleAssignments, sessions, units, users } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return row;
}

/**
 * Reserves one login attempt on an account that is not locked, before its password is checked:
 * counts it as a failure and, when that makes `maxFailures` in a row, locks the account until
 * `lockUntil`, in one statement on the row. Parallel attempts queue on the row, so no more than
 * `maxFailures` of them are ever checked against the hash; a correct password then takes its
 * failure back (`recordSuccessfulLogin`, `clearFailedAttempts`). The first attempt after a lock
 * has expired starts a new count. Returns nothing for an unknown or locked account.
 */
export async function reserveLoginAttempt(db: Executor, username: string, now: Date, maxFailures: number, lockUntil: Date): Promise<UserRow | undefined> {
  const attempts = sql`(case when ${users.lockedUntil} is not null then 1 else ${users.failedAttempts} + 1 end)`;
  const [row] = await db
    .update(users)
    .set({
      failedAttempts: attempts,
      lockedUntil: sql`(case when ${attempts} >= ${maxFailures}::int then ${lockUntil.toISOString()}::timestamptz else null end)`,
    })
    .where(
      and(
        sql`lower(${users.username}) = lower(${username})`,
        or(sql`${users.lockedUntil} is null`, sql`${users.lockedUntil} <= ${now.toISOString()}::timestamptz`),
      ),
    )
    .returning();
  return row;
}

/** A correct password of an account that may not log in (disabled) still ends the run of failures. */
export async function clearFailedAttempts(db: Executor, userId: string): Promise<void> {
  await db.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, userId));
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

/**
 * Replaces a password only if it is still `currentHash`, the one the caller checked (a guarded
 * update: of two changes started from the same password, one wins). False when it was not.
 */
export async function replacePassword(db: Executor, userId: string, currentHash: string, passwordHash: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: at, mustChangePassword: false, updatedAt: at, failedAttempts: 0, lockedUntil: null })
    .where(and(eq(users.id, userId), eq(users.passwordHash, currentHash)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** The pair and city of a user's unit, so that its login events show in that office's audit log. */
export async function unitLocation(db: Executor, unitId: string | null): Promise<{ pairId: string | null; cityId: string | null }> {
  if (unitId === null) return { pairId: null, cityId: null };
  const [row] = await db.select({ pairId: units.pairId, cityId: units.cityId }).from(units).where(eq(units.id, unitId)).limit(1);
  return row ?? { pairId: null, cityId: null };
}

export interface ThrottleCount {
  key: string;
  failures: number;
  windowStart: Date;
  windowEnd: Date;
}

/**
 * Counts one failure for each key in one statement and returns the counts: a key whose window has
 * ended starts a new one. Keys are written in sorted order, so two statements lock their rows in
 * the same order and cannot deadlock.
 */
export async function countThrottleFailures(db: Executor, entries: { key: string; windowEnd: Date }[], now: Date): Promise<ThrottleCount[]> {
  const rows = [...entries]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => ({ key: e.key, failures: 1, windowStart: now, windowEnd: e.windowEnd, updatedAt: now }));
  const ended = sql`${loginThrottle.windowEnd} <= excluded.window_start`;
  return db
    .insert(loginThrottle)
    .values(rows)
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${ended} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${ended} then excluded.window_start else ${loginThrottle.windowStart} end`,
        windowEnd: sql`case when ${ended} then excluded.window_end else ${loginThrottle.windowEnd} end`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({ key: loginThrottle.key, failures: loginThrottle.failures, windowStart: loginThrottle.windowStart, windowEnd: loginThrottle.windowEnd });
}

/** Takes back one counted failure per key, unless its window has been restarted since it was counted. */
export async function refundThrottleFailures(db: Executor, counts: readonly ThrottleCount[]): Promise<void> {
  if (counts.length === 0) return;
  await db
    .update(loginThrottle)
    .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
    .where(or(...counts.map((c) => and(eq(loginThrottle.key, c.key), eq(loginThrottle.windowStart, c.windowStart)))));
}

/** Drops the counters whose window has ended (they would restart at 1 anyway). */
export async function pruneThrottle(db: Executor, now: Date): Promise<void> {
  await db.delete(loginThrottle).where(lt(loginThrottle.windowEnd, now));
}
