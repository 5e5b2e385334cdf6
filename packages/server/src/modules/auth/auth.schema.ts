import { ROLES, SCOPES } from '@duikou/domain';
import { z } from 'zod';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const GrantOut = z.object({
  role: z.enum(ROLES),
  scope: z.enum(SCOPES),
  pairId: z.uuid().nullable(),
  cityId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
});

export const SessionOut = z
  .object({
    user: z.object({
      id: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      unitId: z.uuid().nullable(),
      mustChangePassword: z.boolean(),
    }),
    grants: z.array(GrantOut),
    permissions: z.array(z.string()),
    csrfToken: z.string().meta({ description: 'Send it back in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE' }),
  })
  .meta({ id: 'Session' });

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
