import { ROLES, SCOPES } from '@duikou/domain';
import { z } from 'zod';
import { PageQuery, Timestamp } from '../../http/schemas.js';

export const RoleAssignmentIn = z.object({
  role: z.enum(ROLES),
  scope: z.enum(SCOPES),
  pairId: z.uuid().nullable().optional().meta({ description: "Scope 'all': the pair (omit for a deployment-wide system administrator)" }),
  cityId: z.uuid().nullable().optional().meta({ description: "Scope 'city': the city" }),
  unitId: z.uuid().nullable().optional().meta({ description: "Scopes 'unit_tree' and 'unit': the unit" }),
});

export const RoleAssignmentOut = z.object({
  id: z.uuid(),
  role: z.enum(ROLES),
  scope: z.enum(SCOPES),
  pairId: z.uuid().nullable(),
  cityId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
});

export const UserOut = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    mustChangePassword: z.boolean(),
    lockedUntil: Timestamp.nullable(),
    lastLoginAt: Timestamp.nullable(),
    roles: z.array(RoleAssignmentOut),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'User' });

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Matches username or display name' }),
  pairId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  role: z.enum(ROLES).optional(),
});

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/, '用户名为3–64位字母、数字或 _ . -，以字母或数字开头');

export const UserCreateBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(100),
  unitId: z.uuid().nullable(),
  password: z.string().min(1).max(256).optional().meta({ description: 'Omit to have one generated and returned once' }),
  mustChangePassword: z.boolean().default(true),
  roles: z.array(RoleAssignmentIn).min(1).max(20),
});

export const UserCreatedOut = z.object({ user: UserOut, initialPassword: z.string().nullable() });

export const UserUpdateBody = z
  .object({
    displayName: z.string().trim().min(1).max(100),
    unitId: z.uuid().nullable(),
    status: z.enum(['active', 'disabled']),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: '至少修改一个字段', path: [] });

export const ResetPasswordBody = z.object({
  password: z.string().min(1).max(256).optional().meta({ description: 'Omit to have a temporary password generated' }),
});
export const ResetPasswordOut = z.object({ temporaryPassword: z.string().nullable() });

export const RolesBody = z.object({ roles: z.array(RoleAssignmentIn).max(20) });
