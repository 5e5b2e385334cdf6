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
