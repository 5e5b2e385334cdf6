import { z } from 'zod';
import { DateTimeWithOffset, PageQuery, Timestamp } from '../../http/schemas.js';

export const AuditEntryOut = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actorId: z.uuid().nullable(),
    actorName: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    pairId: z.uuid().nullable(),
    cityId: z.uuid().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    hash: z.string(),
    prevHash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditListQuery = PageQuery.extend({
  entityType: z.string().trim().min(1).max(50).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  actorId: z.uuid().optional(),
  action: z.string().trim().min(1).max(50).optional(),
  from: DateTimeWithOffset.optional(),
  to: DateTimeWithOffset.optional(),
});

export const ChainCheckOut = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBrokenId: z.number().int().nullable(),
    reason: z.enum(['hash_mismatch', 'chain_broken']).nullable(),
  })
  .meta({ id: 'AuditChainCheck' });
