import { UNIT_TYPES } from '@duikou/domain';
import { z } from 'zod';
import { PageQuery, QueryBoolean, Timestamp } from '../../http/schemas.js';

export const UnitOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    cityId: z.uuid(),
    parentId: z.uuid().nullable(),
    type: z.enum(UNIT_TYPES),
    name: z.string(),
    shortName: z.string().nullable(),
    adminCode: z.string().nullable().meta({ description: 'GB/T 2260 code (districts and counties)' }),
    creditCode: z.string().nullable().meta({ description: '统一社会信用代码 (GB 32100-2015)' }),
    sortOrder: z.number().int(),
    disabled: z.boolean(),
    headUserId: z.uuid().nullable().meta({ description: 'The responsible person: overdue reports escalate to them' }),
    depth: z.number().int().meta({ description: '0 for a root unit of its city' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Unit' });

export const UnitListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  parentId: z.uuid().optional(),
  type: z.enum(UNIT_TYPES).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Matches name or short name' }),
  includeDisabled: QueryBoolean.optional(),
});

const name = z.string().trim().min(1).max(100);
const shortName = z.string().trim().min(1).max(50).nullable();
const adminCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '行政区划代码应为6位数字')
  .nullable();
const creditCode = z.string().trim().toUpperCase().length(18, '统一社会信用代码应为18位').nullable();

export const UnitCreateBody = z.object({
  cityId: z.uuid(),
  parentId: z.uuid().nullable().optional(),
  type: z.enum(UNIT_TYPES),
  name,
  shortName: shortName.optional(),
  adminCode: adminCode.optional(),
  creditCode: creditCode.optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const UnitUpdateBody = z
  .object({
    parentId: z.uuid().nullable(),
    type: z.enum(UNIT_TYPES),
    name,
    shortName,
    adminCode,
    creditCode,
    sortOrder: z.number().int().min(0).max(1_000_000),
    disabled: z.boolean(),
    headUserId: z.uuid().nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: '至少修改一个字段', path: [] });
