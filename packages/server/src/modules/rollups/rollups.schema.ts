import { REGISTRY_TYPES } from '@duikou/domain';
import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';

// Registry decimals carry at most 16 integer digits (domain registries/validate.ts), so no filter needs more.
const filterNumber = z.number().min(-1e16).max(1e16);
const filterValue = z.union([z.string().max(200), filterNumber, z.array(z.union([z.string().max(200), filterNumber])).max(50)]);

export const RollupFilterIn = z.object({
  field: z.string().trim().min(1).max(60),
  op: z.enum(['eq', 'ne', 'in', 'gte', 'lte']),
  value: filterValue,
});

export const RollupBody = z.object({
  pairId: z.uuid(),
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { message: '应为小写字母、数字和连字符' }),
  name: z.string().trim().min(1).max(100),
  unitOfMeasure: z.string().trim().min(1).max(20),
  articleNo: z.string().trim().min(1).max(10).nullable().optional(),
  registryType: z.enum(REGISTRY_TYPES as [string, ...string[]]),
  aggregate: z.enum(['count', 'sum', 'countDistinct']),
  field: z.string().trim().min(1).max(60).nullable().optional(),
  filters: z.array(RollupFilterIn).max(10).default([]),
  period: z.enum(['year', 'all']),
  periodField: z.string().trim().min(1).max(60).nullable().optional(),
});

export const RollupPatchBody = RollupBody.omit({ pairId: true, key: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项', path: [] });

export const RollupQuery = z.object({ pairId: z.uuid() });

export const RollupOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    key: z.string(),
    name: z.string(),
    unitOfMeasure: z.string(),
    articleNo: z.string().nullable(),
    registryType: z.string(),
    aggregate: z.enum(['count', 'sum', 'countDistinct']),
    field: z.string().nullable(),
    filters: z.array(RollupFilterIn),
    period: z.enum(['year', 'all']),
    periodField: z.string().nullable(),
    /** This year's value (yearly) or the all-time value, exact decimal text. */
    value: z.string(),
    /** For yearly indicators: the year `value` is for, and last year's value. */
    year: z.number().int().nullable(),
    previousValue: z.string().nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'Rollup' });
