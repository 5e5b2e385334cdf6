import { z } from 'zod';
import { DateOnly, PageQuery, Timestamp } from '../../http/schemas.js';

export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/** The longest period a bulletin covers (a year and a bit: a year's bulletin from any first day). */
export const BULLETIN_MAX_DAYS = 400;

const count = z.number().int().min(0);

const counts = {
  raised: count.meta({ description: '交办: distinct items with an assigned event in the period' }),
  closedOnTime: count.meta({ description: '按期办结: distinct items closed in the period, not late' }),
  closedLate: count.meta({ description: '逾期办结: distinct items closed late in the period' }),
  extended: count.meta({ description: '延期: distinct items with an approved extension in the period' }),
  overdue: count.meta({ description: '逾期未办结: distinct items that fell overdue in the period' }),
  chased: count.meta({ description: '催办: distinct items chased in the period' }),
  chaseTimes: count.meta({ description: '催办次数: chase events in the period' }),
  rate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'On-time close rate: closedOnTime / (closedOnTime + closedLate + overdue); null without a denominator' }),
};

export const BulletinRowOut = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  ...counts,
  rank: z.number().int().min(1).nullable().meta({ description: '1-based, shared by ties; null when unranked (nothing closed or overdue)' }),
});

export const BulletinFiguresOut = z
  .object({
    cityId: z.uuid(),
    cityName: z.string(),
    officeName: z.string().meta({ description: 'The issuing office (the city’s coordination office)' }),
    periodFrom: z.string(),
    periodTo: z.string(),
    rows: z.array(BulletinRowOut),
    totals: z.object(counts),
    sections: z.array(z.object({ heading: z.string(), paragraphs: z.array(z.string()) })),
  })
  .meta({ id: 'BulletinFigures' });

const period = {
  from: DateOnly.meta({ description: 'First day of the period (YYYY-MM-DD, China date, inclusive)' }),
  to: DateOnly.meta({ description: 'Last day of the period (inclusive)' }),
};

export const BulletinPreviewQuery = z.object({ cityId: z.uuid(), ...period });

export const BulletinCreateBody = z.object({ cityId: z.uuid(), ...period });

export const BulletinListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  status: z.enum(BULLETIN_STATUSES).optional(),
});

const bulletinFields = {
  id: z.uuid(),
  pairId: z.uuid(),
  cityId: z.uuid(),
  cityName: z.string(),
  title: z.string(),
  issueNumber: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(BULLETIN_STATUSES),
  publishedAt: Timestamp.nullable(),
  publishedByName: z.string().nullable(),
  createdAt: Timestamp,
  createdByName: z.string().nullable(),
  canWrite: z.boolean().meta({ description: 'Whether the caller may publish or delete it' }),
};

export const BulletinListItemOut = z.object(bulletinFields);

export const BulletinOut = z.object({ ...bulletinFields, figures: BulletinFiguresOut }).meta({ id: 'Bulletin' });
