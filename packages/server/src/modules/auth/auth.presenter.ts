import { PERMISSIONS, roleHasPermission } from '@duikou/domain';
import type { z } from 'zod';
import type { Principal } from '../../http/principal.js';
import type { SessionOut } from './auth.schema.js';

export function presentSession(principal: Principal): z.infer<typeof SessionOut> {
  return {
    user: {
      id: principal.userId,
      username: principal.username,
      displayName: principal.displayName,
      unitId: principal.unitId,
      mustChangePassword: principal.mustChangePassword,
    },
    grants: principal.grants.map(({ role, scope, pairId, cityId, unitId }) => ({ role, scope, pairId, cityId, unitId })),
    permissions: PERMISSIONS.filter((p) => principal.grants.some((g) => roleHasPermission(g.role, p))),
    csrfToken: principal.csrfToken,
  };
}
