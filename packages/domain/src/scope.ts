import { type Permission, type Role, roleHasPermission, type Scope } from './roles.js';

/**
 * One role assignment of a user, resolved: the ids it is anchored to and, for unit scopes,
 * the materialized path of the anchor unit (`/<root id>/…/<unit id>/`).
 * `pairId` null means every pair of the deployment (system administrators only).
 */
export interface ScopeGrant {
  role: Role;
  scope: Scope;
  pairId: string | null;
  cityId: string | null;
  unitId: string | null;
  unitPath: string | null;
}

/** Where a record sits, for scope checks: every scoped table can produce these five values. */
export interface RecordLocation {
  pairId: string;
  cityId: string | null;
  unitId: string | null;
  unitPath: string | null;
  ownerId: string | null;
}

/**
 * Whether one grant reaches a record. This is the reference definition; the server's SQL
 * scope filter (`scopeFilter`) implements the same rule in the WHERE clause and the API tests
 * check both against each other.
 */
export function grantCovers(grant: ScopeGrant, userId: string, record: RecordLocation): boolean {
  if (grant.pairId !== null && grant.pairId !== record.pairId) return false;
  switch (grant.scope) {
    case 'all':
      return true;
    case 'city':
      return grant.cityId !== null && grant.cityId === record.cityId;
    case 'unit_tree':
      return grant.unitPath !== null && (record.unitPath?.startsWith(grant.unitPath) ?? false);
    case 'unit':
      return grant.unitId !== null && grant.unitId === record.unitId;
    case 'self':
      return record.ownerId === userId;
  }
}

export function canAccess(grants: readonly ScopeGrant[], permission: Permission, userId: string, record: RecordLocation): boolean {
  return grants.some((g) => roleHasPermission(g.role, permission) && grantCovers(g, userId, record));
}

const SCOPE_BREADTH: Readonly<Record<Scope, number>> = { all: 4, city: 3, unit_tree: 2, unit: 1, self: 0 };

/**
 * Whether an administrator holding `outer` may hand out `inner`: the inner grant must reach no
 * record the outer one does not reach. Used so that an office administrator of one city cannot
 * create an account that sees the other city.
 */
export function grantContains(outer: ScopeGrant, inner: ScopeGrant): boolean {
  if (outer.pairId !== null && outer.pairId !== inner.pairId) return false;
  if (SCOPE_BREADTH[inner.scope] > SCOPE_BREADTH[outer.scope]) return false;
  switch (outer.scope) {
    case 'all':
      return true;
    case 'city':
      return inner.cityId === outer.cityId;
    case 'unit_tree':
      return inner.unitPath !== null && outer.unitPath !== null && inner.unitPath.startsWith(outer.unitPath);
    case 'unit':
      return inner.unitId === outer.unitId;
    case 'self':
      return inner.scope === 'self';
  }
}

/** A deployment-wide system administrator: the only grant that may hand out (or manage) a system_admin grant. */
export function isGlobalSystemAdmin(grant: ScopeGrant): boolean {
  return grant.role === 'system_admin' && grant.pairId === null;
}

/**
 * Whether an actor with `actorGrants` may hand out `grant`: one of the actor's administering
 * grants (those carrying `users.write`) must contain it, and a system_admin grant of any reach
 * needs a deployment-wide system administrator (an office may never make a system administrator).
 */
export function mayGrant(actorGrants: readonly ScopeGrant[], grant: ScopeGrant): boolean {
  if (grant.role === 'system_admin' && !actorGrants.some(isGlobalSystemAdmin)) return false;
  return actorGrants.some((outer) => roleHasPermission(outer.role, 'users.write') && grantContains(outer, grant));
}

/** The account an administrator acts on: where it sits (its unit) and what it may do (its grants). */
export interface AccountReach {
  location: RecordLocation;
  grants: readonly ScopeGrant[];
}

/**
 * Whether an actor may reset, rename, disable or re-role an account: the account must sit within
 * the actor's write reach and every grant of it must be one the actor could have handed out
 * (`mayGrant`: same pair, scope no wider, system_admin only by a global system administrator).
 * Without this, an office administrator of one city could reset the password of a pair-wide
 * office administrator whose unit lies in that city, log in as them and hold the whole pair.
 * An account without grants is decided by its location alone.
 */
export function grantsCoverAccount(actor: { userId: string; grants: readonly ScopeGrant[] }, target: AccountReach): boolean {
  return canAccess(actor.grants, 'users.write', actor.userId, target.location) && target.grants.every((g) => mayGrant(actor.grants, g));
}
