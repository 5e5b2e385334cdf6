import { type Permission, roleHasPermission, type ScopeGrant } from '@duikou/domain';
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
 * neither run nor leak anything for a role without the right.
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
 * For records that belong to a whole pair (a plan): the caller must hold a grant in the pair
 * (else 404, the pair is hidden) that carries the permission (else 403).
 */
export function assertPairPermission(principal: Principal, permission: Permission, pairId: string): void {
  const inPair = principal.grants.filter((g) => g.pairId === null || g.pairId === pairId);
  if (inPair.length === 0) throw new AppError('NOT_FOUND');
  if (!inPair.some((g) => roleHasPermission(g.role, permission))) throw new AppError('FORBIDDEN');
}

/** The pairs in which the caller holds a permission; null means every pair. */
export function pairsWith(principal: Principal, permission: Permission): string[] | null {
  const grants = grantsFor(principal, permission);
  if (grants.some((g) => g.pairId === null)) return null;
  return [...new Set(grants.map((g) => g.pairId!))];
}
