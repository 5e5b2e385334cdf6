import {
  canAccess,
  grantsCoverAccount,
  isGlobalSystemAdmin,
  mayGrant,
  type RecordLocation,
  ROLE_ALLOWED_SCOPES,
  type Role,
  type Scope,
  type ScopeGrant,
} from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { isUniqueViolation } from '../../http/error-handler.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { deleteUserSessions, findGrants } from '../auth/auth.repository.js';
import { assertPasswordPolicy } from '../auth/auth.service.js';
import { generatePassword, hashPassword } from '../auth/password-hash.js';
import { presentUser } from './users.presenter.js';
import * as repo from './users.repository.js';
import type { ResetPasswordBody, RoleAssignmentIn, UserCreateBody, UserListQuery, UserUpdateBody } from './users.schema.js';

type RoleInput = z.infer<typeof RoleAssignmentIn>;
type UnitAnchor = NonNullable<Awaited<ReturnType<typeof repo.findUnitAnchor>>>;

function readScope(principal: Principal) {
  return scopeFilter(grantsWith(principal, 'users.read'), principal.userId, repo.userScopeColumns);
}

/**
 * A unit named in a body, if it is one of a pair the caller is in: the units of a pair are known to
 * all its members (task lists and meetings name them), those of another pair are as unknown as a
 * missing one. Whether the caller may place an account there is the caller's scope (403).
 */
async function findUnitInReach(db: Executor, principal: Principal, unitId: string) {
  const unit = await repo.findUnitAnchor(db, unitId);
  return unit && readsPair(principal, 'units.read', unit.pairId) ? unit : undefined;
}

// A user without a unit (a deployment-wide administrator) sits in no pair: only global grants reach it.
function locationOf(userId: string, unit: Pick<UnitAnchor, 'id' | 'pairId' | 'cityId' | 'path'> | null): RecordLocation {
  return { pairId: unit?.pairId ?? '', cityId: unit?.cityId ?? null, unitId: unit?.id ?? null, unitPath: unit?.path ?? null, ownerId: userId };
}

function assertCanManage(principal: Principal, location: RecordLocation): void {
  if (!canAccess(principal.grants, 'users.write', principal.userId, location)) throw new AppError('FORBIDDEN');
}

async function unitAnchor(db: Executor, principal: Principal, unitId: string | null, field: string): Promise<UnitAnchor | null> {
  if (unitId === null) return null;
  const unit = await findUnitInReach(db, principal, unitId);
  if (!unit) throw fieldError('VALIDATION_FAILED', field, '单位不存在');
  if (unit.disabled) throw fieldError('VALIDATION_FAILED', field, '单位已停用');
  return unit;
}

/**
 * Turns requested role assignments into scope grants anchored to real pairs, cities and units,
 * checking that each scope fits its role and that the caller may hand it out.
 */
async function resolveRoles(db: Executor, principal: Principal, inputs: RoleInput[], userUnit: Omit<UnitAnchor, 'disabled'> | null) {
  const grants: ScopeGrant[] = [];
  const refuse = (i: number, field: string, reason: string): never => {
    throw new AppError('INVALID_ROLE_SCOPE', [{ field: `roles.${i}.${field}`, reason }], `roles.${i}.${field}: ${reason}`);
  };
  for (const [i, input] of inputs.entries()) {
    if (!ROLE_ALLOWED_SCOPES[input.role].includes(input.scope)) {
      refuse(i, 'scope', `角色 ${input.role} 可用的数据范围：${ROLE_ALLOWED_SCOPES[input.role].join('、')}`);
    }
    let grant: ScopeGrant;
    switch (input.scope) {
      case 'all': {
        const pairId = input.pairId ?? null;
        if (pairId === null && input.role !== 'system_admin') refuse(i, 'pairId', '请选择结对城市');
        if (pairId !== null && !((await repo.pairExists(db, pairId)) && readsPair(principal, 'units.read', pairId))) refuse(i, 'pairId', '结对城市不存在');
        grant = { role: input.role, scope: 'all', pairId, cityId: null, unitId: null, unitPath: null };
        break;
      }
      case 'city': {
        const city = input.cityId ? await repo.findCityAnchor(db, input.cityId) : undefined;
        if (!city || !readsPair(principal, 'units.read', city.pairId)) refuse(i, 'cityId', '请选择存在的城市');
        grant = { role: input.role, scope: 'city', pairId: city!.pairId, cityId: city!.id, unitId: null, unitPath: null };
        break;
      }
      case 'unit_tree':
      case 'unit': {
        const unit = input.unitId ? await findUnitInReach(db, principal, input.unitId) : undefined;
        if (!unit) refuse(i, 'unitId', '请选择存在的单位');
        grant = { role: input.role, scope: input.scope, pairId: unit!.pairId, cityId: unit!.cityId, unitId: unit!.id, unitPath: unit!.path };
        break;
      }
      case 'self': {
        if (!userUnit) refuse(i, 'scope', '“仅本人”范围需要用户所属单位');
        grant = { role: input.role, scope: 'self', pairId: userUnit!.pairId, cityId: userUnit!.cityId, unitId: userUnit!.id, unitPath: userUnit!.path };
        break;
      }
    }
    if (!mayGrant(principal.grants, grant))
      throw new AppError('FORBIDDEN', [{ field: `roles.${i}`, reason: '不能授予超出本人数据范围的角色' }], `roles.${i}: 不能授予超出本人数据范围的角色`);
    grants.push(grant);
  }
  return grants;
}

function rowsOf(userId: string, grants: ScopeGrant[], by: string, at: Date) {
  return grants.map((g) => ({
    userId,
    role: g.role,
    scope: g.scope,
    pairId: g.pairId,
    cityId: g.cityId,
    unitId: g.unitId,
    createdBy: by,
    createdAt: at,
    updatedAt: at,
  }));
}

async function present(db: Executor, row: repo.UserWithUnit) {
  return presentUser(row, await repo.rolesOf(db, [row.user.id]));
}

export async function listUsers(ctx: ServiceContext, principal: Principal, query: z.infer<typeof UserListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'users.read');
  const { rows, total } = await repo.listUsers(ctx.db, { ...filter, scope: readScope(principal) }, pageSize, (page - 1) * pageSize);
  const roles = await repo.rolesOf(
    ctx.db,
    rows.map((r) => r.user.id),
  );
  return {
    items: rows.map((r) =>
      presentUser(
        r,
        roles.filter((role) => role.userId === r.user.id),
      ),
    ),
    total,
  };
}

export async function getUser(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findUser(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return present(ctx.db, row);
}

/** Creates an account with its roles in one transaction; a generated password is returned once and never stored in clear. */
export async function createUser(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof UserCreateBody>) {
  grantsFor(principal, 'users.write');
  const unit = await unitAnchor(ctx.db, principal, body.unitId, 'unitId');
  const id = crypto.randomUUID();
  assertCanManage(principal, locationOf(id, unit));
  if (await repo.usernameTaken(ctx.db, body.username)) throw fieldError('CONFLICT', 'username', '用户名已被使用');
  if (body.password !== undefined) assertPasswordPolicy(body.password, body.username, 'password');
  const grants = await resolveRoles(ctx.db, principal, body.roles, unit);
  const initialPassword = body.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(body.password ?? initialPassword!);
  const now = ctx.clock();
  const user = await ctx.db
    .transaction(async (tx) => {
      await repo.insertUser(tx, {
        id,
        username: body.username,
        displayName: body.displayName,
        unitId: body.unitId,
        passwordHash,
        mustChangePassword: initialPassword !== null || body.mustChangePassword,
        passwordChangedAt: now,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      });
      await repo.replaceRoles(tx, id, rowsOf(id, grants, principal.userId, now));
      const created = presentUser((await repo.findUser(tx, id))!, await repo.rolesOf(tx, [id]));
      await recordAudit(tx, ctx.clock, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        pairId: unit?.pairId ?? null,
        cityId: unit?.cityId ?? null,
        after: created,
      });
      return created;
    })
    .catch((error: unknown) => {
      // The check above is a courtesy; the unique index decides between parallel requests.
      if (isUniqueViolation(error, 'users_username_uq')) throw fieldError('CONFLICT', 'username', '用户名已被使用');
      throw error;
    });
  return { user, initialPassword };
}

/**
 * The one decision of every user-management route (edit, disable, reset the password, set the
 * roles): the account must be one the caller could have made, its unit in the caller's write
 * reach and every grant of it one the caller could hand out (domain `grantsCoverAccount`).
 * Otherwise 404, exactly as for a missing id: the caller learns nothing about accounts above it.
 * A caller without `users.write` at all gets 403 for an account it can see. With `lock`, inside the transaction that
 * writes, the users row stays locked until it ends, so the roles decided on cannot change before
 * the write (setRoles takes the same lock first).
 *
 * An administrator may manage its own account here too (its grants cover themselves): renaming,
 * moving, and narrowing its own roles are harmless, since `mayGrant` bounds any new role by the
 * caller's own. Disabling oneself and resetting one's own password are refused by the routes
 * (the latter would change a password without the current one: see `resetPassword`).
 */
async function manageableAccount(db: Executor, principal: Principal, id: string, lock: boolean) {
  const row = lock ? await repo.lockUser(db, id, readScope(principal)) : await repo.findUser(db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  grantsFor(principal, 'users.write');
  const unit = row.unitPath ? { id: row.user.unitId!, pairId: row.unitPairId!, cityId: row.unitCityId!, path: row.unitPath } : null;
  const grants: ScopeGrant[] = (await findGrants(db, id)).map((g) => ({ ...g, role: g.role as Role, scope: g.scope as Scope }));
  if (!grantsCoverAccount(principal, { location: locationOf(id, unit), grants })) throw new AppError('NOT_FOUND');
  return { row, unit, grants };
}

/**
 * Refuses to disable or demote the last active deployment-wide system administrator. Runs inside
 * the writing transaction, after the target's row is locked, and counts the others only once it
 * holds the system-administrators lock: two administrators disabling each other at once would
 * otherwise each see the other still active and leave none.
 */
async function assertNotLastSystemAdmin(tx: Executor, userId: string, grants: readonly ScopeGrant[]): Promise<void> {
  if (!grants.some(isGlobalSystemAdmin)) return;
  await repo.lockSystemAdmins(tx);
  if ((await repo.countOtherActiveSystemAdmins(tx, userId)) === 0) {
    throw new AppError('INVALID_STATE', [{ field: 'status', reason: '不能停用或降级最后一个系统管理员' }], '不能停用或降级最后一个系统管理员');
  }
}

/** Edits or disables an account (see `manageableAccount` for who may); disabling ends its sessions. */
export async function updateUser(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof UserUpdateBody>) {
  return ctx.db.transaction(async (tx) => {
    const { row, grants } = await manageableAccount(tx, principal, id, true);
    const before = await present(tx, row);
    if (body.unitId !== undefined && body.unitId !== row.user.unitId) {
      const newUnit = await unitAnchor(tx, principal, body.unitId, 'unitId');
      assertCanManage(principal, locationOf(id, newUnit));
    }
    const disabling = body.status === 'disabled' && row.user.status !== 'disabled';
    if (disabling) {
      if (id === principal.userId) throw fieldError('INVALID_STATE', 'status', '不能停用自己的账号');
      await assertNotLastSystemAdmin(tx, id, grants);
    }
    await repo.updateUser(tx, id, { ...body, updatedAt: ctx.clock() });
    if (disabling) await deleteUserSessions(tx, id);
    const updated = presentUser((await repo.findUser(tx, id))!, await repo.rolesOf(tx, [id]));
    await recordAudit(tx, ctx.clock, actor, {
      action: disabling ? 'user.disable' : 'user.update',
      entityType: 'user',
      entityId: id,
      pairId: row.unitPairId,
      cityId: row.unitCityId,
      before,
      after: updated,
    });
    return updated;
  });
}

/**
 * Sets a new password (given, or generated and returned once), forces a change at next login and
 * ends the user's sessions. Not for one's own account: that would change a password without the
 * current one, so a borrowed or stolen session could take the account over for good; one's own
 * password is changed through POST /auth/password.
 */
export async function resetPassword(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ResetPasswordBody>) {
  // Refused early, before the slow hash; decided again below on the locked row.
  const { row } = await manageableAccount(ctx.db, principal, id, false);
  if (id === principal.userId) {
    throw new AppError('FORBIDDEN', [{ field: 'id', reason: '请通过“修改密码”修改本人密码' }], 'id: 请通过“修改密码”修改本人密码');
  }
  if (body.password !== undefined) assertPasswordPolicy(body.password, row.user.username, 'password');
  const temporaryPassword = body.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(body.password ?? temporaryPassword!);
  await ctx.db.transaction(async (tx) => {
    const { row: locked } = await manageableAccount(tx, principal, id, true);
    await repo.updateUser(tx, id, {
      passwordHash,
      mustChangePassword: true,
      failedAttempts: 0,
      lockedUntil: null,
      passwordChangedAt: ctx.clock(),
      updatedAt: ctx.clock(),
    });
    await deleteUserSessions(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      pairId: locked.unitPairId,
      cityId: locked.unitCityId,
    });
  });
  return { temporaryPassword };
}

/** Replaces all role assignments of a user in one transaction, decided on the locked users row. */
export async function setRoles(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, inputs: RoleInput[]) {
  return ctx.db.transaction(async (tx) => {
    // Roles the caller could not have granted cannot be taken away by it either: such an account is not manageable.
    const { row, unit, grants: current } = await manageableAccount(tx, principal, id, true);
    const grants = await resolveRoles(tx, principal, inputs, unit);
    if (!grants.some(isGlobalSystemAdmin)) await assertNotLastSystemAdmin(tx, id, current);
    const before = await present(tx, row);
    const now = ctx.clock();
    await repo.replaceRoles(tx, id, rowsOf(id, grants, principal.userId, now));
    await repo.updateUser(tx, id, { updatedAt: now });
    // Grants are read per request, so the change applies to the user's open sessions at once.
    const after = presentUser((await repo.findUser(tx, id))!, await repo.rolesOf(tx, [id]));
    await recordAudit(tx, ctx.clock, actor, {
      action: 'user.set_roles',
      entityType: 'user',
      entityId: id,
      pairId: row.unitPairId,
      cityId: row.unitCityId,
      before,
      after,
    });
    return after;
  });
}
