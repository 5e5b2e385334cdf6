import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';

export const CityOut = z.object({ id: z.uuid(), code: z.string(), name: z.string(), position: z.number().int() });

export const PairOut = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    source: z.string(),
    cities: z.array(CityOut),
    createdAt: Timestamp,
  })
  .meta({ id: 'Pair' });

const cityIn = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{4}$/, '城市代码应为 GB/T 2260 地级代码的前4位数字'),
  name: z.string().trim().min(1).max(50),
  officeName: z.string().trim().min(1).max(100).optional().meta({ description: 'Name of the coordination office unit created for the city' }),
});

export const PairCreateBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '代码为小写字母、数字和 -'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(200).default(''),
    cities: z.tuple([cityIn, cityIn]),
  })
  .refine((b) => b.cities[0].code !== b.cities[1].code, { message: '两个城市不能相同', path: ['cities', 1, 'code'] });
