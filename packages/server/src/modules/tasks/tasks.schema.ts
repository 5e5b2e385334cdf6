import { TASK_LIGHTS, TASK_STATUSES, UNIT_ROLES_ON_TASK } from '@duikou/domain';
import { z } from 'zod';
import { DateOnly, PageQuery, Timestamp } from '../../http/schemas.js';
import { base64File } from '../../uploads/limits.js';

const isoDate = DateOnly;
// Exact decimals travel as strings so that 万元 figures never pass through a float.
const decimal = z.string().regex(/^-?\d{1,16}(\.\d{1,4})?$/, '应为数字，最多4位小数');

export const MilestoneIn = z.object({ title: z.string().trim().min(1).max(200), dueOn: isoDate, doneOn: isoDate.nullable().optional() });
export const IndicatorIn = z
  .object({
    name: z.string().trim().min(1).max(200),
    unitOfMeasure: z.string().trim().min(1).max(20),
    target: decimal.nullable().optional(),
    actual: decimal.nullable().optional(),
    computation: z.enum(['entered', 'rollup']).default('entered'),
    /** For computation 'rollup': the indicator of the registries it takes its actual value from (GET /api/v1/rollups). */
    rollupId: z.uuid().nullable().optional(),
  })
  .refine((i) => (i.computation === 'rollup') === Boolean(i.rollupId), { message: '自动汇总的指标须选择汇总指标，手工填报的指标不能选择', path: ['rollupId'] });

const taskFields = {
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000),
  startOn: isoDate.nullable(),
  dueOn: isoDate.nullable(),
  leadUnitIds: z.array(z.uuid()).min(1).max(50),
  supportUnitIds: z.array(z.uuid()).max(100),
  weight: z
    .number()
    .min(0.01)
    .max(100)
    .meta({ description: '考评: what completing the task is worth relative to others (rule points × weight); 2 decimals kept' }),
  milestones: z.array(MilestoneIn).max(50),
  indicators: z.array(IndicatorIn).max(50),
};

function datesInOrder(body: { startOn?: string | null; dueOn?: string | null }) {
  return !body.startOn || !body.dueOn || body.startOn <= body.dueOn;
}

export const TaskCreateBody = z
  .object({
    planId: z.uuid(),
    articleNo: z.string().trim().min(1).max(10),
    measureId: z.uuid().nullable().optional(),
    ...taskFields,
    description: taskFields.description.default(''),
    startOn: taskFields.startOn.default(null),
    dueOn: taskFields.dueOn.default(null),
    supportUnitIds: taskFields.supportUnitIds.default([]),
    weight: taskFields.weight.default(1),
    milestones: taskFields.milestones.default([]),
    indicators: taskFields.indicators.default([]),
  })
  .refine(datesInOrder, { message: '完成时限不能早于开始日期', path: ['dueOn'] });

export const TaskUpdateBody = z
  .object({ ...taskFields, status: z.enum(TASK_STATUSES), progress: z.number().int().min(0).max(100).nullable() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一个字段', path: [] })
  .refine(datesInOrder, { message: '完成时限不能早于开始日期', path: ['dueOn'] });

export const TaskUnitOut = z.object({ unitId: z.uuid(), name: z.string(), cityId: z.uuid(), role: z.enum(UNIT_ROLES_ON_TASK) });

export const TaskOut = z
  .object({
    id: z.uuid(),
    pairId: z.uuid(),
    planId: z.uuid(),
    chapterNo: z.string(),
    articleNo: z.string(),
    measureId: z.uuid().nullable(),
    title: z.string(),
    description: z.string(),
    startOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().int().nullable(),
    light: z.enum(TASK_LIGHTS),
    lightReasons: z.array(z.string()),
    weight: z.number(),
    units: z.array(TaskUnitOut),
    milestones: z.array(z.object({ id: z.uuid(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable() })),
    indicators: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        unitOfMeasure: z.string(),
        target: z.string().nullable(),
        actual: z.string().nullable(),
        computation: z.enum(['entered', 'rollup']),
        rollupId: z.uuid().nullable(),
      }),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Task' });

/** A row of the task list: what the list shows (milestones, indicators and the description are in the task itself). */
export const TaskListItem = TaskOut.pick({
  id: true,
  pairId: true,
  planId: true,
  chapterNo: true,
  articleNo: true,
  measureId: true,
  title: true,
  startOn: true,
  dueOn: true,
  status: true,
  progress: true,
  light: true,
  lightReasons: true,
  units: true,
  updatedAt: true,
}).meta({ id: 'TaskListItem' });

export const TaskListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  planId: z.uuid().optional(),
  chapterNo: z.string().trim().min(1).max(10).optional(),
  articleNo: z.string().trim().min(1).max(10).optional(),
  unitId: z.uuid().optional(),
  cityId: z.uuid().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  light: z.enum(TASK_LIGHTS).optional(),
  dueBefore: isoDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

/** Bulk assignment: an .xlsx made from the import template, base64-encoded (at most 15 MB). */
export const TaskImportBody = z.object({
  planId: z.uuid(),
  fileBase64: base64File(),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => /\.xlsx$/i.test(name), { message: '只支持 .xlsx 文件' }),
  dryRun: z.boolean().default(false),
});

const PreviewUnit = z.object({ unitId: z.uuid(), name: z.string() });

export const TaskImportPreview = z.object({
  row: z.number().int().meta({ description: 'Excel row number' }),
  chapterNo: z.string(),
  articleNo: z.string(),
  title: z.string(),
  description: z.string(),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  leadUnits: z.array(PreviewUnit),
  supportUnits: z.array(PreviewUnit),
  milestones: z.array(z.object({ title: z.string(), dueOn: z.string() })),
  indicators: z.array(z.object({ name: z.string(), unitOfMeasure: z.string(), target: z.string().nullable() })),
});

export const TaskImportChecked = z.object({
  valid: z.literal(true),
  rows: z.number().int(),
  preview: z.array(TaskImportPreview).meta({ description: 'The first 20 tasks as they would be created' }),
});

export const TaskImportCreated = z.object({ created: z.number().int(), taskIds: z.array(z.uuid()) });

/** The ledger export takes the list's filters, without paging. */
export const TaskExportQuery = TaskListQuery.omit({ page: true, pageSize: true });
