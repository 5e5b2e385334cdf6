import { TASK_LIGHTS, TASK_STATUSES } from '@duikou/domain';
import { z } from 'zod';

const counts = z.object({
  tasks: z.number().int(),
  byStatus: z.record(z.enum(TASK_STATUSES), z.number().int()),
  byLight: z.record(z.enum(TASK_LIGHTS), z.number().int()),
  completionRate: z.number().meta({ description: 'Done tasks / all tasks, 0–1' }),
});

export const DashboardQuery = z.object({ planId: z.uuid() });

export const DashboardOut = z
  .object({
    planId: z.uuid(),
    scope: z.string().meta({ description: 'Which summary answered: all, city:<id>, tree:<id>, unit:<id>, or direct for a mixed scope' }),
    totals: counts,
    byChapter: z.array(counts.extend({ chapterNo: z.string(), title: z.string() })),
    byArticle: z.array(counts.extend({ articleNo: z.string(), chapterNo: z.string(), title: z.string() })),
    byCity: z.array(counts.extend({ cityId: z.uuid(), name: z.string() })),
    byUnit: z.array(counts.extend({ unitId: z.uuid(), name: z.string(), cityId: z.uuid() })),
    overdueReports: z.number().int(),
    overdueSupervision: z.number().int(),
    indicators: z.object({ withTarget: z.number().int(), attained: z.number().int(), attainmentRate: z.number() }),
    trend: z.array(z.object({ periodId: z.uuid(), label: z.string(), dueOn: z.string(), submitted: z.number().int(), accepted: z.number().int() })),
    summary: z.array(z.string()).meta({ description: "The leader's summary, one sentence per line, in Chinese" }),
  })
  .meta({ id: 'Dashboard' });
