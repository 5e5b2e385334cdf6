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
import { AppError, fieldError } from '../../http/errors.js';
import type { Actor, Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './auth.repository.js';
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

/**
 * Checks a username and password. Five wrong passwords in a row lock the account for 15 minutes;
 * unknown users cost the same time as known ones and get the same answer.
 */
export async function login(ctx: ServiceContext, username: string, password: string, from: Omit<Actor, 'userId' | 'name'>): Promise<LoginResult> {
  const now = ctx.clock();
  const user = await repo.findUserByUsername(ctx.db, username);
  if (!user) {
    await burnPasswordCheck(password);
    await ctx.db.transaction((tx) =>
      recordAudit(
        tx,
        ctx.clock,
        { userId: null, name: username, ...from },
        { action: 'auth.login_failed', entityType: 'user', entityId: null, after: { username, reason: 'unknown_user' } },
      ),
    );
    throw new AppError('INVALID_CREDENTIALS');
  }
  const actor: Actor = { userId: user.id, name: user.username, ...from };
  const where = await repo.unitLocation(ctx.db, user.unitId);
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', [{ field: 'username', reason: `账号锁定至 ${user.lockedUntil.toISOString()}` }]);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const lockedUntil = await ctx.db.transaction(async (tx) => {
      const attempts = await repo.countFailedAttempt(tx, user.id);
      const lock = attempts >= LOGIN_MAX_FAILED_ATTEMPTS ? new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000) : null;
      if (lock) await repo.lockUser(tx, user.id, lock);
      await recordAudit(tx, ctx.clock, actor, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        ...where,
        after: { attempts, lockedUntil: lock },
      });
      return lock;
    });
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', [{ field: 'username', reason: `账号锁定至 ${lockedUntil.toISOString()}` }]);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');

  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const csrfToken = randomBytes(32).toString('base64url');
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

function toGrants(rows: readonly repo.GrantRow[]): ScopeGrant[] {
  return rows.map((r) => ({ ...r, role: r.role as Role, scope: r.scope as Scope }));
}

async function loadGrants(ctx: ServiceContext, userId: string): Promise<ScopeGrant[]> {
  return toGrants(await repo.findGrants(ctx.db, userId));
}

// Writing last_seen_at on every request would turn each read into a write; a minute of slack in
// a 30-minute idle timeout is harmless.
const TOUCH_INTERVAL_MS = 60_000;

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
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
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

export async function logout(ctx: ServiceContext, principal: Principal, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await repo.deleteSession(tx, principal.sessionId);
    const where = await repo.unitLocation(tx, principal.unitId);
    await recordAudit(tx, ctx.clock, actor, { action: 'auth.logout', entityType: 'user', entityId: principal.userId, ...where });
  });
}

/** Changes the caller's own password; other sessions of the user end, this one stays. */
export async function changePassword(ctx: ServiceContext, principal: Principal, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const user = await repo.findUserByUsername(ctx.db, principal.username);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw fieldError('WRONG_PASSWORD', 'currentPassword', '当前密码错误');
  }
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
    await repo.updatePassword(tx, user.id, passwordHash, ctx.clock(), false);
    await repo.deleteUserSessions(tx, user.id, principal.sessionId);
    const where = await repo.unitLocation(tx, user.unitId);
    await recordAudit(tx, ctx.clock, actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id, ...where });
  });
}
