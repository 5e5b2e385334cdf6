import { canAccess, type Permission, type RecordLocation, roleHasPermission, type ScopeGrant } from '@duikou/domain';
import { AppError } from './errors.js';

/** The logged-in caller of a request, resolved from the session cookie by the auth plugin. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  unitId: string | null;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  grants: ScopeGrant[];
}

/** Who did something and from where, for the audit log. */
export interface Actor {
  userId: string | null;
  name: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The caller's grants that carry a permission; throws 403 when there is none, so a route can
 * neither run nor leak anything for a role without the right. For lists and creates only: a
 * route reading a record by id takes `grantsWith`, so that no right answers 404 like no record.
 */
export function grantsFor(principal: Principal, permission: Permission): ScopeGrant[] {
  const grants = principal.grants.filter((g) => roleHasPermission(g.role, permission));
  if (grants.length === 0) throw new AppError('FORBIDDEN');
  return grants;
}

export function isSystemAdmin(principal: Principal): boolean {
  return principal.grants.some((g) => g.role === 'system_admin' && g.pairId === null);
}

/**
 * The caller's grants that carry a permission, possibly none. For reading a record by id: a
 * caller without the right finds nothing (the scope filter of no grants is `false`), so the
 * answer is 404 as for a missing id, never a 403 that would confirm the id exists.
 */
export function grantsWith(principal: Principal, permission: Permission): ScopeGrant[] {
  return principal.grants.filter((g) => roleHasPermission(g.role, permission));
}

/**
 * The permission that makes a module's records visible: `<module>.read`; a report is seen by
 * whoever reads its task. An action on a record the caller cannot read is answered 404.
 */
export function readPermissionOf(permission: Permission): Permission {
  const module = permission.slice(0, permission.indexOf('.'));
  return (module === 'reports' ? 'tasks.read' : `${module}.read`) as Permission;
}

/*
 * 404 or 403, decided in one place (the rule is written down at NOT_FOUND in errors.ts): no grant
 * that reads the record → 404, the same as a missing id; it can read the record but no grant
 * carries the permission for it → 403.
 */

/**
 * For records that belong to a whole pair (a plan, a pair's option lists, sections to manage):
 * 404 unless the caller holds a grant in the pair that reads the module, 403 unless one in the
 * pair carries `permission`.
 */
export function assertPairPermission(principal: Principal, permission: Permission, pairId: string): void {
  const inPair = principal.grants.filter((g) => g.pairId === null || g.pairId === pairId);
  const read = readPermissionOf(permission);
  if (!inPair.some((g) => roleHasPermission(g.role, read))) throw new AppError('NOT_FOUND');
  if (!inPair.some((g) => roleHasPermission(g.role, permission))) throw new AppError('FORBIDDEN');
}

/**
 * For a record located in memory (domain `canAccess`, the twin of the SQL scope filter): 404
 * unless a grant that reads the module reaches it, 403 unless one carrying `permission` does.
 */
export function assertRecordAccess(principal: Principal, permission: Permission, location: RecordLocation): void {
  if (!canAccess(principal.grants, readPermissionOf(permission), principal.userId, location)) throw new AppError('NOT_FOUND');
  if (!canAccess(principal.grants, permission, principal.userId, location)) throw new AppError('FORBIDDEN');
}

/** Whether the caller holds a grant in the pair (or a deployment-wide one) that reads the module of `permission`. */
export function readsPair(principal: Principal, permission: Permission, pairId: string): boolean {
  const read = readPermissionOf(permission);
  return principal.grants.some((g) => (g.pairId === null || g.pairId === pairId) && roleHasPermission(g.role, read));
}

/** The pairs in which the caller holds a permission; null means every pair (403 without the permission: for lists). */
export function pairsWith(principal: Principal, permission: Permission): string[] | null {
  return pairsOf(grantsFor(principal, permission));
}

/** The pairs the grants are in; null means every pair, none when there are no grants (for reading by id). */
export function pairsOf(grants: readonly ScopeGrant[]): string[] | null {
  if (grants.some((g) => g.pairId === null)) return null;
  return [...new Set(grants.map((g) => g.pairId!))];
}
