import { createHash, randomBytes } from 'node:crypto';
import {
  checkPassword,
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILED_ATTEMPTS,
  PASSWORD_PROBLEM_MESSAGES,
  type Role,
  type Scope,
  type ScopeGrant,
} from '@duikou/domain';
import type { ServiceContext } from '../../context.js';
import { changed, publishChange } from '../../db/change-feed.js';
import { AppError, fieldError, rateLimited } from '../../http/errors.js';
import type { Actor, Principal } from '../../http/principal.js';
import type { AuditAction } from '../audit/audit.actions.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './auth.repository.js';
import { refundLoginFailure, reserveLoginFailure } from './login-throttle.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password-hash.js';

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Throws the policy error for `field` when a new password is too weak. */
export function assertPasswordPolicy(password: string, username: string, field: string): void {
  const verdict = checkPassword(password, username);
  if (!verdict.ok) {
    throw new AppError(
      'PASSWORD_POLICY',
      [{ field, reason: PASSWORD_PROBLEM_MESSAGES[verdict.problem], code: verdict.problem }],
      `${field}: ${PASSWORD_PROBLEM_MESSAGES[verdict.problem]}`,
    );
  }
}

export interface LoginResult {
  token: string;
  principal: Principal;
}

type LoginFailure = 'unknown_user' | 'wrong_password' | 'locked' | 'disabled' | 'throttled';

/**
 * Checks a username and password (等保 2.0, GB/T 22239-2019 8.1.4.1 a: login-failure handling).
 *
 * 1. The attempt is counted as a failure of its client address and of its username in the
 *    database before anything else; beyond either limit it is refused with 429 unchecked.
 * 2. It reserves an attempt on the account in one statement that also locks the account at the
 *    `LOGIN_MAX_FAILED_ATTEMPTS`th failure in a row, so however many attempts run in parallel, no
 *    more than that many passwords are ever checked before the lock holds.
 * 3. The password is checked, taking the same time for unknown and locked accounts.
 *
 * Wrong passwords, unknown names, disabled accounts and locked accounts all get the same 401
 * INVALID_CREDENTIALS: only the right password learns that the account is locked (423), and a
 * disabled account tells nothing (the office sees both in the user list). Every attempt is audited.
 */
export async function login(ctx: ServiceContext, username: string, password: string, from: Omit<Actor, 'userId' | 'name'>): Promise<LoginResult> {
  const now = ctx.clock();
  const anonymous: Actor = { userId: null, name: username, ...from };
  const throttle = await reserveLoginFailure(ctx, from.ip, username, now);
  if (throttle.refused) {
    await auditFailure(ctx, anonymous, null, 'throttled');
    throw rateLimited(throttle.retryAfterMs);
  }
  const lockUntil = new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000);
  const reserved = await repo.reserveLoginAttempt(ctx.db, username, now, LOGIN_MAX_FAILED_ATTEMPTS, lockUntil);
  const user = reserved ?? (await repo.findUserByUsername(ctx.db, username));
  if (!user) {
    await burnPasswordCheck(password);
    await auditFailure(ctx, anonymous, null, 'unknown_user');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const actor: Actor = { userId: user.id, name: user.username, ...from };
  const passwordOk = await verifyPassword(password, user.passwordHash);
  if (passwordOk) await refundLoginFailure(ctx, throttle);
  if (!reserved) {
    // Locked (the reservation found the lock in force): the password was checked only so that this
    // answer takes as long as any other. Only its owner, with the right password, learns of the lock.
    await auditFailure(ctx, actor, user, user.status === 'active' ? 'locked' : 'disabled');
    const lockedUntil = user.lockedUntil;
    if (passwordOk && user.status === 'active' && lockedUntil && lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', [{ field: 'username', reason: `账号锁定至 ${lockedUntil.toISOString()}` }]);
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!passwordOk) {
    // This reservation counted the failure; it locked the account if it was one too many.
    const locked = reserved.lockedUntil !== null;
    await auditFailure(ctx, actor, reserved, 'wrong_password', {
      action: locked ? 'auth.locked' : 'auth.login_failed',
      after: { attempts: reserved.failedAttempts, lockedUntil: reserved.lockedUntil },
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (reserved.status !== 'active') {
    await repo.clearFailedAttempts(ctx.db, reserved.id);
    await auditFailure(ctx, actor, reserved, 'disabled');
    throw new AppError('INVALID_CREDENTIALS');
  }

  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const csrfToken = randomBytes(32).toString('base64url');
  const where = await repo.unitLocation(ctx.db, user.unitId);
  await ctx.db.transaction(async (tx) => {
    await repo.recordSuccessfulLogin(tx, user.id, now);
    await repo.insertSession(tx, { id: sessionId, userId: user.id, csrfToken, createdAt: now, lastSeenAt: now, ip: from.ip, userAgent: from.userAgent });
    await recordAudit(tx, ctx.clock, actor, { action: 'auth.login', entityType: 'user', entityId: user.id, ...where });
  });
  const grants = await loadGrants(ctx, user.id);
  return {
    token,
    principal: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      unitId: user.unitId,
      sessionId,
      csrfToken,
      mustChangePassword: user.mustChangePassword,
      grants,
    },
  };
}

/**
 * One audit entry per refused login, in the office of the account's unit when the account exists.
 * The reason tells the office what happened; the caller was told only INVALID_CREDENTIALS.
 */
async function auditFailure(
  ctx: ServiceContext,
  actor: Actor,
  user: repo.UserRow | null,
  reason: LoginFailure,
  entry: { action?: AuditAction; after?: Record<string, unknown> } = {},
): Promise<void> {
  const where = user ? await repo.unitLocation(ctx.db, user.unitId) : { pairId: null, cityId: null };
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.clock, actor, {
      action: entry.action ?? 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      ...where,
      after: { ...(user ? {} : { username: actor.name }), reason, ...entry.after },
    }),
  );
}

function toGrants(rows: readonly repo.GrantRow[]): ScopeGrant[] {
  return rows.map((r) => ({ ...r, role: r.role as Role, scope: r.scope as Scope }));
}

async function loadGrants(ctx: ServiceContext, userId: string): Promise<ScopeGrant[]> {
  return toGrants(await repo.findGrants(ctx.db, userId));
}

/**
 * How stale last_seen_at may grow before a request writes it again. Writing it on every request
 * would turn each read into a write; but every skipped write is time the session seems idle, so
 * the interval is a twentieth of the idle timeout, and at most a minute: a session in use then
 * ends no more than 5% of the timeout early. A fixed minute ended every session of a 1-minute
 * timeout (DUIKOU_SESSION_IDLE_MINUTES=1) however busy its user was.
 */
function touchIntervalMs(idleMs: number): number {
  return Math.min(60_000, Math.floor(idleMs / 20));
}

const sessionKey = (sessionId: string) => `session:${sessionId}`;

/**
 * The session row with its user and grants, from the read cache: every request needs it, and a
 * round trip per request was the largest cost of a cheap route. Any change to the account (its
 * roles, status, password, sessions) or to unit paths invalidates it, in every process.
 */
function sessionWithUser(ctx: ServiceContext, sessionId: string) {
  return ctx.cache.get(sessionKey(sessionId), () => repo.findSessionWithUser(ctx.db, sessionId), {
    tags: (row) => (row ? [changed.auth, changed.user(row.user.id)] : [changed.auth]),
    bytes: () => 2048,
  });
}

/** Resolves a session cookie to its principal, or null when absent, idle too long or the user is disabled. */
export async function resolveSession(ctx: ServiceContext, token: string): Promise<Principal | null> {
  const sessionId = sessionIdOf(token);
  const now = ctx.clock();
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  const idle = (row: { session: { lastSeenAt: Date } }) => now.getTime() - row.session.lastSeenAt.getTime() > idleMs;
  let row = await sessionWithUser(ctx, sessionId);
  if (row && idle(row)) {
    // Another process may have seen the session since this one cached it: ask the database.
    ctx.cache.forget(sessionKey(sessionId));
    row = await repo.findSessionWithUser(ctx.db, sessionId);
  }
  if (!row) return null;
  if (idle(row) || row.user.status !== 'active') {
    await repo.deleteSession(ctx.db, sessionId);
    await publishChange(ctx.db, changed.user(row.user.id));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > touchIntervalMs(idleMs)) {
    await repo.touchSession(ctx.db, sessionId, now);
    // The cached row is this process's view of the session: it was seen now.
    row.session.lastSeenAt = now;
  }
  return {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    unitId: row.user.unitId,
    sessionId,
    csrfToken: row.session.csrfToken,
    mustChangePassword: row.user.mustChangePassword,
    grants: toGrants(row.grants),
  };
}

/**
 * The session as it stands now, for a connection that outlives its request (the event stream):
 * null once it has ended, gone idle or its user is disabled. Unlike `resolveSession` it neither
 * touches the session (an open stream is not activity: a tab left open must not keep it alive)
 * nor deletes it (the next request does).
 */
export async function peekSession(ctx: ServiceContext, sessionId: string): Promise<Principal | null> {
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  const idle = (row: { session: { lastSeenAt: Date } }) => ctx.clock().getTime() - row.session.lastSeenAt.getTime() > idleMs;
  let row = await sessionWithUser(ctx, sessionId);
  if (row && idle(row)) {
    // Another process may have seen the session since this one cached it: ask the database.
    ctx.cache.forget(sessionKey(sessionId));
    row = await repo.findSessionWithUser(ctx.db, sessionId);
  }
  if (!row || idle(row) || row.user.status !== 'active') return null;
  return {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    unitId: row.user.unitId,
    sessionId,
    csrfToken: row.session.csrfToken,
    mustChangePassword: row.user.mustChangePassword,
    grants: toGrants(row.grants),
  };
}

export async function logout(ctx: ServiceContext, principal: Principal, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await repo.deleteSession(tx, principal.sessionId);
    const where = await repo.unitLocation(tx, principal.unitId);
    await recordAudit(tx, ctx.clock, actor, { action: 'auth.logout', entityType: 'user', entityId: principal.userId, ...where });
  });
}

/**
 * Changes the caller's own password; other sessions of the user end, this one stays. A wrong
 * current password is a failed guess like a failed login and is counted with them (address and
 * username), so a borrowed or stolen session cannot try passwords without end.
 */
export async function changePassword(ctx: ServiceContext, principal: Principal, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const throttle = await reserveLoginFailure(ctx, actor.ip, principal.username, ctx.clock());
  if (throttle.refused) throw rateLimited(throttle.retryAfterMs);
  const user = await repo.findUserByUsername(ctx.db, principal.username);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw fieldError('WRONG_PASSWORD', 'currentPassword', '当前密码错误');
  }
  await refundLoginFailure(ctx, throttle);
  assertPasswordPolicy(newPassword, user.username, 'newPassword');
  if (await verifyPassword(newPassword, user.passwordHash)) {
    throw new AppError(
      'PASSWORD_POLICY',
      [{ field: 'newPassword', reason: '新密码不能与当前密码相同', code: 'same_as_current' }],
      'newPassword: 新密码不能与当前密码相同',
    );
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    // Decided on the password checked above: a change that landed meanwhile wins, this one is stale.
    if (!(await repo.replacePassword(tx, user.id, user.passwordHash, passwordHash, ctx.clock())))
      throw fieldError('STALE_STATE', 'currentPassword', '密码刚被修改，请重新输入当前密码');
    await repo.deleteUserSessions(tx, user.id, principal.sessionId);
    const where = await repo.unitLocation(tx, user.unitId);
    await recordAudit(tx, ctx.clock, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id, ...where });
  });
}
