import { z } from 'zod';
import { PageQuery, QueryBoolean, Timestamp } from '../../http/schemas.js';

export const NotificationOut = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    readAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Notification' });

export const NotificationListQuery = PageQuery.extend({ unread: QueryBoolean.optional() });

export const NotificationListOut = z.object({ items: z.array(NotificationOut), total: z.number().int(), unread: z.number().int() });
