import { z } from 'zod';
import { SUPERVISION_EVENT_KINDS, SUPERVISION_ITEM_STATUSES, SUPERVISION_SOURCES } from '../../db/schema.js';
import { DateOnly, PageQuery, QueryBoolean, Timestamp } from '../../http/schemas.js';

export const SUPERVISION_STATUSES = SUPERVISION_ITEM_STATUSES;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];
export const SUPERVISION_LIGHTS = ['green', 'yellow', 'red', 'done'] as const;

/**
 * The figures of a bulletin (情况通报), each a list filter so a figure equals its list's total:
 * items with the step in the period (event date, China time), counted once each.
 */
export const SUPERVISION_FIGURES = ['raised', 'closed_on_time', 'closed_late', 'extended', 'overdue', 'chased'] as const;
export type SupervisionFigure = (typeof SUPERVISION_FIGURES)[number];

const requirement = z.string().trim().min(1).max(2000);
const deadline = DateOnly.meta({ description: 'YYYY-MM-DD, China date; not before today' });
const attachmentIds = z.array(z.uuid()).max(20).meta({ description: "Files already uploaded to the item (attachments with owner 'supervision')" });
const coUnitIds = z.array(z.uuid()).max(30).meta({ description: '协办单位: units working beside the owner unit; they see the item and may reply' });

export const SupervisionCreateBody = z.object({
  taskId: z.uuid().nullable().optional(),
  unitId: z.uuid().meta({ description: '承办单位: the owner unit that signs for the item' }),
  coUnitIds: coUnitIds.optional(),
  ownerUserId: z.uuid().nullable().optional().meta({ description: 'A user of the unit or of a unit below it' }),
  requirement,
  deadline,
  instructionId: z.uuid().nullable().optional().meta({ description: 'The leader instruction (领导批示) the item is raised from' }),
  reportId: z.uuid().nullable().optional().meta({ description: 'The returned progress report the item is raised from' }),
  inspectionId: z.uuid().nullable().optional().meta({ description: 'The inspection whose findings the item is raised from' }),
});

export const SupervisionUpdateBody = z
  .object({ requirement, deadline, ownerUserId: z.uuid().nullable(), coUnitIds })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });

export const SupervisionReplyBody = z.object({ body: z.string().trim().min(1).max(5000), attachmentIds: attachmentIds.optional() });

export const SupervisionExtensionBody = z.object({
  reason: z.string().trim().min(1).max(2000).meta({ description: '延期理由' }),
  newDeadline: deadline.meta({ description: 'The deadline asked for; later than the current one' }),
});

export const SupervisionExtensionDecisionBody = z.object({
  extensionId: z.uuid().meta({ description: 'The pending request decided on (a request decided meanwhile answers 409)' }),
  decision: z.enum(['approve', 'refuse']),
  comment: z.string().trim().min(1).max(2000).optional(),
});

export const SupervisionCompletionBody = z.object({
  result: z.string().trim().min(1).max(5000).meta({ description: '办结报告: what was done' }),
  attachmentIds: attachmentIds.optional(),
});

export const SupervisionCloseBody = z.object({
  comment: z.string().trim().min(1).max(2000).optional().meta({ description: '办结意见, kept with the item' }),
});

export const SupervisionReturnBody = z.object({ reason: z.string().trim().min(1).max(2000).meta({ description: '退回理由' }) });

export const SupervisionChaseBody = z.object({ note: z.string().trim().min(1).max(2000).optional().meta({ description: '催办意见' }) });

export const SupervisionSettingsBody = z.object({
  warnDays: z.number().int().min(0).max(60).meta({ description: 'Days before the deadline an item turns yellow (default 3)' }),
  signDays: z.number().int().min(1).max(60).meta({ description: 'Days to sign before the unit is reminded (default 2)' }),
  escalateDays: z.number().int().min(1).max(60).meta({ description: 'Days after the reminder before the unit head and the office are told (default 2)' }),
});

export const SupervisionSettingsOut = SupervisionSettingsBody.extend({ pairId: z.uuid() }).meta({ id: 'SupervisionSettings' });

export const SupervisionReplyOut = z
  .object({
    id: z.uuid(),
    body: z.string(),
    authorId: z.uuid(),
    authorName: z.string().nullable(),
    attachmentIds: z.array(z.uuid()),
    at: Timestamp,
  })
  .meta({ id: 'SupervisionReply' });

export const SupervisionExtensionOut = z
  .object({
    id: z.uuid(),
    reason: z.string(),
    fromDeadline: z.string(),
    newDeadline: z.string(),
    status: z.enum(['pending', 'approved', 'refused']),
    requestedByName: z.string().nullable(),
    requestedAt: Timestamp,
    decidedByName: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    decisionComment: z.string().nullable(),
  })
  .meta({ id: 'SupervisionExtension' });

export const SupervisionEventOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(SUPERVISION_EVENT_KINDS),
    at: Timestamp,
    actorName: z.string().nullable().meta({ description: 'Null for a step of the reminder job' }),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'SupervisionEvent' });

export const SupervisionItemOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    taskId: z.uuid().nullable(),
    taskTitle: z.string().nullable(),
    unitId: z.uuid(),
    unitName: z.string(),
    cityId: z.uuid(),
    coUnits: z.array(z.object({ id: z.uuid(), name: z.string() })),
    ownerUserId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    requirement: z.string(),
    deadline: z.string(),
    originalDeadline: z.string().meta({ description: 'The deadline the item was raised with' }),
    status: z.enum(SUPERVISION_STATUSES),
    light: z.enum(SUPERVISION_LIGHTS).meta({ description: 'domain supervisionLight: red overdue (until made up), yellow near the deadline' }),
    overdue: z.boolean().meta({ description: 'Not closed and the deadline has passed (China date)' }),
    overdueSince: z.string().nullable(),
    source: z.enum(SUPERVISION_SOURCES),
    sourceTitle: z.string().nullable().meta({ description: 'What the item came from, in words (task, decision, instruction, report, inspection)' }),
    sourceLink: z.string().nullable().meta({ description: 'The web path back to the source' }),
    meetingId: z.uuid().nullable().meta({ description: 'The joint meeting whose decision this item tracks' }),
    instructionId: z.uuid().nullable(),
    reportId: z.uuid().nullable(),
    inspectionId: z.uuid().nullable(),
    signedAt: Timestamp.nullable(),
    signedByName: z.string().nullable(),
    completionRequestedAt: Timestamp.nullable(),
    completionResult: z.string().nullable(),
    completionAttachmentIds: z.array(z.uuid()),
    pendingExtension: SupervisionExtensionOut.nullable(),
    extensionCount: z.number().int(),
    chaseCount: z.number().int(),
    returnCount: z.number().int(),
    createdBy: z.uuid().nullable(),
    closedAt: Timestamp.nullable(),
    closedByName: z.string().nullable().meta({ description: 'Who closed the item' }),
    closedLate: z.boolean().nullable(),
    closeComment: z.string().nullable().meta({ description: '办结意见 given when the item was closed' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SupervisionItem' });

export const SupervisionItemDetailOut = SupervisionItemOut.extend({
  replies: z.array(SupervisionReplyOut),
  extensions: z.array(SupervisionExtensionOut),
  events: z.array(SupervisionEventOut).meta({ description: 'Every step, oldest first' }),
}).meta({ id: 'SupervisionItemDetail' });

export const SupervisionListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  taskId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  instructionId: z.uuid().optional(),
  status: z.enum(SUPERVISION_STATUSES).optional(),
  light: z.enum(SUPERVISION_LIGHTS).optional(),
  overdue: QueryBoolean.optional(),
  extensionPending: QueryBoolean.optional().meta({ description: '延期审批: items with a request waiting for the office' }),
  waitingFor: z
    .enum(['unit', 'office'])
    .optional()
    .meta({ description: "Whose move it is: 'unit' (to sign or being handled), 'office' (a completion to review or an extension to decide)" }),
  mine: QueryBoolean.optional().meta({ description: "Only items the caller's unit owns (the unit's queues)" }),
  event: z.enum(SUPERVISION_FIGURES).optional().meta({ description: 'A bulletin figure: items with that step between from and to' }),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});
