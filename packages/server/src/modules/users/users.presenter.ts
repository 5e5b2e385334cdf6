import type { Role, Scope } from '@duikou/domain';
import type { z } from 'zod';
import type { RoleAssignmentRow, UserWithUnit } from './users.repository.js';
import type { UserOut } from './users.schema.js';

/** Never the row itself: the password hash and lockout counters stay on the server. */
export function presentUser(row: UserWithUnit, roles: RoleAssignmentRow[]): z.infer<typeof UserOut> {
  const { user } = row;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    unitName: row.unitName,
    status: user.status as 'active' | 'disabled',
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    roles: roles.map((r) => ({ id: r.id, role: r.role as Role, scope: r.scope as Scope, pairId: r.pairId, cityId: r.cityId, unitId: r.unitId })),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
