import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';

export const UnitAliasQuery = z.object({ pairId: z.uuid() });

/** A name as plans write it (市发展改革委), mapped to the units it means in the pair: one, or several. */
export const UnitAliasBody = z.object({
  pairId: z.uuid(),
  alias: z.string().trim().min(1).max(200),
  unitIds: z
    .array(z.uuid())
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, { message: '单位重复' }),
});

export const UnitAliasOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    alias: z.string(),
    units: z.array(z.object({ id: z.uuid(), name: z.string() })),
    updatedAt: Timestamp,
  })
  .meta({ id: 'UnitAlias' });
