import { z } from 'zod';
import { DateTimeWithOffset, PageQuery, Timestamp } from '../../http/schemas.js';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './audit.actions.js';

export const AuditEntryOut = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actorId: z.uuid().nullable(),
    actorName: z.string().meta({ description: 'The username the entry was recorded with (part of the hashed entry)' }),
    actorDisplayName: z
      .string()
      .nullable()
      .meta({ description: 'The account’s display name now; null for an entry without an account (a failed login, the system)' }),
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
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  actorId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: DateTimeWithOffset.optional(),
  to: DateTimeWithOffset.optional(),
});

export const ChainCheckOut = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBrokenId: z.number().int().nullable(),
    reason: z.enum(['hash_mismatch', 'chain_broken', 'tail_missing', 'head_mismatch', 'head_missing']).nullable().meta({
      description:
        'hash_mismatch 记录内容被改动；chain_broken 前序哈希不符（中间有记录被删除或插入）；tail_missing 记录少于锚点所记（末尾记录被删除或日志被清空）；head_mismatch 日志末端与锚点不符（绕过触发器写入或改写）；head_missing 锚点被删除',
    }),
    head: z
      .object({
        entries: z.number().int().meta({ description: 'How many entries the chain holds, by the head' }),
        lastId: z.number().int().nullable(),
        lastHash: z.string(),
      })
      .nullable()
      .meta({ description: 'The head (audit_head) the log was held against: keep it elsewhere to prove later that nothing was cut or rewritten since' }),
  })
  .meta({ id: 'AuditChainCheck' });
