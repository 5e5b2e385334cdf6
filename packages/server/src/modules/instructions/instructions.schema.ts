import { z } from 'zod';
import { DateOnly, PageQuery, Timestamp } from '../../http/schemas.js';

/** Limits shared by the request schemas and the web form. */
export const INSTRUCTION_LIMITS = { leaderName: 50, content: 5000, documentTitle: 200, q: 100 } as const;

/** The statuses of the supervision items an instruction's counts are kept by (the items' own lifecycle). */
export const ITEM_STATUSES = ['assigned', 'in_progress', 'completion_requested', 'closed'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

const instructedOn = DateOnly.meta({ description: 'YYYY-MM-DD, the China date of the instruction; not after today' });

export const InstructionCreateBody = z.object({
  cityId: z.uuid().meta({ description: 'The city whose leader gave the instruction (its office records it)' }),
  leaderName: text(INSTRUCTION_LIMITS.leaderName).meta({ description: 'The leader, as the office writes them (e.g. 张市长)' }),
  content: text(INSTRUCTION_LIMITS.content).meta({ description: 'The text of the instruction (批示内容)' }),
  instructedOn,
  documentTitle: text(INSTRUCTION_LIMITS.documentTitle)
    .nullable()
    .optional()
    .meta({ description: 'The document the instruction was written on (文件标题或文号); its file is an attachment of owner type instruction' }),
});

export const InstructionUpdateBody = z
  .object({
    leaderName: text(INSTRUCTION_LIMITS.leaderName),
    content: text(INSTRUCTION_LIMITS.content),
    instructedOn,
    documentTitle: text(INSTRUCTION_LIMITS.documentTitle).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] });

export const InstructionListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  q: z.string().trim().min(1).max(INSTRUCTION_LIMITS.q).optional().meta({ description: 'Matches the leader, the content or the document title' }),
});

const instructionFields = {
  id: z.uuid(),
  pairId: z.uuid(),
  cityId: z.uuid(),
  cityName: z.string(),
  leaderName: z.string(),
  content: z.string(),
  instructedOn: z.string(),
  documentTitle: z.string().nullable(),
  itemCount: z.number().int().meta({ description: 'Supervision items raised from it, of those the caller can see' }),
  openItemCount: z.number().int().meta({ description: 'Of those, the ones not closed' }),
  canEdit: z.boolean().meta({ description: 'Whether the caller may edit it, raise items from it and remove it' }),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const InstructionListItemOut = z.object(instructionFields).meta({ id: 'LeaderInstructionListItem' });

export const InstructionOut = z
  .object({
    ...instructionFields,
    itemsByStatus: z
      .object(Object.fromEntries(ITEM_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof ITEM_STATUSES)[number], z.ZodNumber>)
      .meta({ description: 'The items raised from it that the caller can see, by status' }),
  })
  .meta({ id: 'LeaderInstruction' });
