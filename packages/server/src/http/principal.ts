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
