import { z } from 'zod';
import { DateOnly, PageQuery, QueryBoolean, Timestamp } from '../../http/schemas.js';

export const SUPERVISION_STATUSES = ['open', 'replied', 'closed'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

const requirement = z.string().trim().min(1).max(2000);
const deadline = DateOnly.meta({ description: 'YYYY-MM-DD, China date; not before today' });

export const SupervisionCreateBody = z.object({
  taskId: z.uuid().nullable().optional(),
  unitId: z.uuid(),
  ownerUserId: z.uuid().nullable().optional().meta({ description: 'A user of the unit or of a unit below it' }),
  requirement,
  deadline,
});

export const SupervisionUpdateBody = z
  .object({ requirement, deadline, ownerUserId: z.uuid().nullable() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });

export const SupervisionReplyBody = z.object({ body: z.string().trim().min(1).max(5000) });

export const SupervisionCloseBody = z.object({
  comment: z.string().trim().min(1).max(2000).optional().meta({ description: '办结意见, kept with the item' }),
});

export const SupervisionReplyOut = z
  .object({ id: z.uuid(), body: z.string(), authorId: z.uuid(), authorName: z.string().nullable(), at: Timestamp })
  .meta({ id: 'SupervisionReply' });

export const SupervisionItemOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    taskId: z.uuid().nullable(),
    taskTitle: z.string().nullable(),
    unitId: z.uuid(),
    unitName: z.string(),
    ownerUserId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    requirement: z.string(),
    deadline: z.string(),
    status: z.enum(SUPERVISION_STATUSES),
    overdue: z.boolean().meta({ description: 'Not closed and the deadline has passed (China date)' }),
    source: z.string().meta({ description: "'office' (raised by the office) or 'meeting' (a joint meeting's decision)" }),
    meetingId: z.uuid().nullable().meta({ description: 'The joint meeting whose decision this item tracks' }),
    createdBy: z.uuid().nullable(),
    closedAt: Timestamp.nullable(),
    closedByName: z.string().nullable().meta({ description: 'Who closed the item' }),
    closeComment: z.string().nullable().meta({ description: '办结意见 given when the item was closed' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SupervisionItem' });

export const SupervisionItemDetailOut = SupervisionItemOut.extend({ replies: z.array(SupervisionReplyOut) }).meta({ id: 'SupervisionItemDetail' });

export const SupervisionListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  taskId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z.enum(SUPERVISION_STATUSES).optional(),
  overdue: QueryBoolean.optional(),
});
