import { z } from 'zod';
import { Timestamp } from '../../http/schemas.js';
import { SUPERVISION_STATUSES } from '../supervision/supervision.schema.js';

export const HomeQuery = z.object({ pairId: z.uuid() });

/** How many rows each section lists; its total counts them all. */
export const HOME_ROWS = 5;

/**
 * Whose figures a section holds: the whole pair, the named cities, the named units (and below),
 * or only the caller's own records. The screen labels each card with it.
 */
export const HomeReach = z.object({ level: z.enum(['pair', 'city', 'units', 'self']), names: z.array(z.string()) }).meta({ id: 'HomeReach' });

const section = <T extends z.ZodType>(row: T) => z.object({ total: z.number().int(), items: z.array(row) });

export const HomeDueRow = z.object({
  taskId: z.uuid(),
  taskTitle: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  periodId: z.uuid(),
  periodLabel: z.string(),
  dueOn: z.string(),
  reportId: z.uuid().nullable().meta({ description: 'The draft already started, if any' }),
  overdue: z.boolean(),
});

const ReportRow = z.object({
  reportId: z.uuid(),
  taskId: z.uuid(),
  taskTitle: z.string(),
  unitName: z.string(),
  periodLabel: z.string(),
  dueOn: z.string(),
});

const SupervisionRow = z.object({
  id: z.uuid(),
  requirement: z.string(),
  unitName: z.string(),
  deadline: z.string(),
  status: z.enum(SUPERVISION_STATUSES),
  overdue: z.boolean(),
});

const TaskRow = z.object({ id: z.uuid(), title: z.string(), leadUnitName: z.string().nullable(), dueOn: z.string().nullable(), reason: z.string().nullable() });

const NoticeRow = z.object({ id: z.uuid(), kind: z.string(), title: z.string(), link: z.string().nullable(), createdAt: Timestamp });

export const HomeOut = z
  .object({
    pairId: z.uuid(),
    today: z.string().meta({ description: 'The China date the overdue flags are computed against' }),
    reporting: z
      .object({
        reach: HomeReach,
        due: section(HomeDueRow).extend({ overdue: z.number().int().meta({ description: 'How many of the total are past their deadline' }) }),
        returned: section(ReportRow.extend({ reviewComment: z.string().nullable(), reviewedAt: Timestamp.nullable() })),
        supervision: section(SupervisionRow),
      })
      .nullable()
      .meta({ description: "A unit reporter's work: null without a unit-level reporting grant in the pair" }),
    office: z
      .object({
        reach: HomeReach,
        review: section(ReportRow.extend({ submittedAt: Timestamp.nullable() })).meta({ description: 'Submitted reports, oldest submission first' }),
        redTasks: section(TaskRow),
        overdueSupervision: section(SupervisionRow),
        repliedSupervision: section(SupervisionRow).meta({
          description: 'Items waiting for the office: completion applications to review, extension requests to decide',
        }),
        nextMeeting: z.object({ id: z.uuid(), title: z.string(), startsAt: Timestamp, place: z.string() }).nullable(),
      })
      .nullable()
      .meta({ description: "The coordination office's work: null without the right to review reports in the pair" }),
    notices: z.object({
      unread: z.number().int(),
      items: z.array(NoticeRow).meta({ description: 'The latest unread notices' }),
    }),
    summaryReach: HomeReach.nullable().meta({ description: "Whose figures the plan's summary covers; null without the right to read tasks" }),
  })
  .meta({ id: 'Home' });
