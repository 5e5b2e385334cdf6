import type { TaskLight, TaskStatus } from '@duikou/domain';
import type { z } from 'zod';
import type { UnitDirectory } from '../units/units.service.js';
import type { detailsOf, TaskDetails, TaskListRow, TaskRow } from './tasks.repository.js';
import type { TaskListItem, TaskOut } from './tasks.schema.js';

type Details = Awaited<ReturnType<typeof detailsOf>>;

/** What a task and a row of the task list show alike. */
function commonFields(row: TaskListRow | TaskRow) {
  return {
    id: row.id,
    pairId: row.pairId,
    planId: row.planId,
    chapterNo: row.chapterNo,
    articleNo: row.articleNo,
    measureId: row.measureId,
    title: row.title,
    startOn: row.startOn,
    dueOn: row.dueOn,
    status: row.status as TaskStatus,
    progress: row.progress,
    light: row.light as TaskLight,
    lightReasons: row.lightReasons as string[],
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A task with its own units, milestones and indicators. */
export function presentTask(row: TaskRow & TaskDetails): z.infer<typeof TaskOut> {
  return {
    ...commonFields(row),
    description: row.description,
    weight: Number(row.weight),
    createdAt: row.createdAt.toISOString(),
    units: row.units.map((u) => ({ unitId: u.unitId, name: u.name, cityId: u.cityId, role: u.role as 'lead' | 'support' })),
    milestones: row.milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
    indicators: row.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      unitOfMeasure: i.unitOfMeasure,
      target: i.target,
      actual: i.actual,
      computation: i.computation as 'entered' | 'rollup',
      rollupId: i.rollupId ?? null,
    })),
  };
}

/** Many tasks with the details of all of them (`detailsOf`): grouped by task first, so the cost stays linear. */
export function presentTasks(rows: readonly TaskRow[], details: Details): z.infer<typeof TaskOut>[] {
  const byTask = new Map<string, TaskDetails>();
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
  return rows.map((row) => presentTask({ ...row, ...(byTask.get(row.id) ?? { units: [], milestones: [], indicators: [] }) }));
}

const ROLE_ORDER = { lead: 0, support: 1 } as const;

/** A row of the task list, its units named from the pair's unit directory (lead first, then in the units' order). */
export function presentTaskListItem(row: TaskListRow, directory: UnitDirectory): z.infer<typeof TaskListItem> {
  const taskUnits = row.unitRoles
    .map((entry) => {
      const [unitId, role] = entry.split(':') as [string, 'lead' | 'support'];
      const unit = directory.get(unitId);
      return { unitId, role, name: unit?.name ?? '', cityId: unit?.cityId ?? '', sortOrder: unit?.sortOrder ?? 0 };
    })
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ unitId, role, name, cityId }) => ({ unitId, role, name, cityId }));
  return { ...commonFields(row), units: taskUnits };
}
