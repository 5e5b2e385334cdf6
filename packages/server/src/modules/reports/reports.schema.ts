import { z } from 'zod';
import { DateOnly, listOf, PageQuery, Timestamp } from '../../http/schemas.js';

const isoDate = DateOnly;
const decimal = z.string().regex(/^-?\d{1,16}(\.\d{1,4})?$/, '应为数字，最多4位小数');
export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;

export const PeriodsBody = z
  .object({ kind: z.enum(['monthly', 'quarterly']), from: isoDate, to: isoDate, dueDays: z.number().int().min(0).max(60).default(10) })
  .refine((b) => b.from <= b.to, { message: '结束日期不能早于开始日期', path: ['to'] });

export const PeriodOut = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    kind: z.enum(['monthly', 'quarterly']),
    label: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    dueOn: z.string(),
    closedAt: Timestamp.nullable().meta({ description: 'Set while the period is closed: it takes no new drafts or submissions' }),
    closedByName: z.string().nullable(),
    submitted: z.number().int().meta({ description: 'Reports submitted or accepted for the period, in the caller’s scope' }),
    accepted: z.number().int(),
  })
  .meta({ id: 'ReportPeriod' });

export const PeriodListQuery = z.object({ planId: z.uuid() });

export const PeriodsCreatedOut = listOf(PeriodOut)
  .extend({ created: z.number().int().meta({ description: 'How many of the periods asked for were new (the others existed already)' }) })
  .meta({ id: 'ReportPeriodsCreated' });

export const PeriodPreviewOut = z
  .object({
    items: z.array(z.object({ label: z.string(), startsOn: z.string(), endsOn: z.string(), dueOn: z.string(), exists: z.boolean() })),
    total: z.number().int(),
    created: z.number().int().meta({ description: 'How many would be new' }),
  })
  .meta({ id: 'ReportPeriodPreview' });

export const PeriodUpdateBody = z.object({ dueOn: isoDate.meta({ description: '报送截止 YYYY-MM-DD, not before the period ends' }) });

export const ReportSaveBody = z
  .object({
    taskId: z.uuid(),
    unitId: z.uuid(),
    periodId: z.uuid(),
    narrative: z.string().trim().max(10_000),
    progress: z.number().int().min(0).max(100).nullable().default(null),
    values: z
      .array(z.object({ indicatorId: z.uuid(), value: decimal }))
      .max(50)
      .default([]),
    submit: z.boolean().default(false),
  })
  // A draft may be saved half-written; what goes to the office must say what was done.
  .refine((b) => !b.submit || b.narrative.length > 0, { message: '提交时请填写进展情况', path: ['narrative'] });

export const ReviewBody = z
  .object({ decision: z.enum(['accept', 'return']), comment: z.string().trim().max(2000).optional() })
  .refine((b) => b.decision === 'accept' || (b.comment ?? '').length > 0, { message: '退回时请填写意见', path: ['comment'] });

export const ReportOut = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    taskTitle: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    periodId: z.uuid(),
    periodLabel: z.string(),
    dueOn: z.string(),
    status: z.enum(REPORT_STATUSES),
    narrative: z.string(),
    progress: z.number().int().nullable(),
    values: z.array(z.object({ indicatorId: z.uuid(), value: z.string() })),
    revision: z.number().int(),
    submittedAt: Timestamp.nullable(),
    reviewedAt: Timestamp.nullable(),
    reviewComment: z.string().nullable(),
    history: z.array(
      z.object({
        action: z.string(),
        revision: z.number().int(),
        comment: z.string().nullable(),
        actorId: z.uuid().nullable(),
        actorName: z.string().nullable(),
        at: Timestamp,
        snapshot: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'ProgressReport' });

export const ReportListQuery = PageQuery.extend({
  taskId: z.uuid().optional(),
  periodId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
});

export const TodoOut = z
  .object({
    taskId: z.uuid(),
    taskTitle: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    periodId: z.uuid(),
    periodLabel: z.string(),
    dueOn: z.string(),
    reportId: z.uuid().nullable(),
    status: z.enum(['draft', 'returned']).nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'ReportTodo' });
