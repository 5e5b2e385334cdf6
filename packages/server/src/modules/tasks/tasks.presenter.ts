import type { TaskLight, TaskStatus } from '@duikou/domain';
import type { z } from 'zod';
import type { detailsOf, TaskRow } from './tasks.repository.js';
import type { TaskOut } from './tasks.schema.js';

type Details = Awaited<ReturnType<typeof detailsOf>>;

export function presentTask(row: TaskRow, details: Details): z.infer<typeof TaskOut> {
  return {
    id: row.id,
    pairId: row.pairId,
    planId: row.planId,
    chapterNo: row.chapterNo,
    articleNo: row.articleNo,
    measureId: row.measureId,
    title: row.title,
    description: row.description,
    startOn: row.startOn,
    dueOn: row.dueOn,
    status: row.status as TaskStatus,
    progress: row.progress,
    light: row.light as TaskLight,
    lightReasons: row.lightReasons as string[],
    units: details.units
      .filter((u) => u.taskId === row.id)
      .map((u) => ({ unitId: u.unitId, name: u.name, cityId: u.cityId, role: u.role as 'lead' | 'support' })),
    milestones: details.milestones.filter((m) => m.taskId === row.id).map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
    indicators: details.indicators
      .filter((i) => i.taskId === row.id)
      .map((i) => ({
        id: i.id,
        name: i.name,
        unitOfMeasure: i.unitOfMeasure,
        target: i.target,
        actual: i.actual,
        computation: i.computation as 'entered' | 'rollup',
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Many tasks at once: the details are grouped by task first, so the cost stays linear. */
export function presentTasks(rows: readonly TaskRow[], details: Details): z.infer<typeof TaskOut>[] {
  const byTask = new Map<string, Details>();
  const of = (taskId: string) => {
    let entry = byTask.get(taskId);
    if (!entry) {
      entry = { units: [], milestones: [], indicators: [] };
      byTask.set(taskId, entry);
    }
    return entry;
  };
  for (const u of details.units) of(u.taskId).units.push(u);
  for (const m of details.milestones) of(m.taskId).milestones.push(m);
  for (const i of details.indicators) of(i.taskId).indicators.push(i);
  const none: Details = { units: [], milestones: [], indicators: [] };
  return rows.map((row) => presentTask(row, byTask.get(row.id) ?? none));
}
