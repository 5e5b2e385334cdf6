/** Task statuses as the offices name them (shared by API and UI). */
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'delayed', 'paused'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, { zh: string; en: string }>> = {
  not_started: { zh: '未启动', en: 'Not started' },
  in_progress: { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  delayed: { zh: '滞后', en: 'Delayed' },
  paused: { zh: '暂缓', en: 'Paused' },
};

export const TASK_LIGHTS = ['red', 'amber', 'green', 'grey'] as const;
export type TaskLight = (typeof TASK_LIGHTS)[number];

export const TASK_LIGHT_LABELS: Readonly<Record<TaskLight, { zh: string; en: string }>> = {
  red: { zh: '红灯（逾期）', en: 'Red (overdue)' },
  amber: { zh: '黄灯（临期且进度落后）', en: 'Amber (due soon, behind schedule)' },
  green: { zh: '绿灯（正常）', en: 'Green (on track)' },
  grey: { zh: '灰灯（暂缓）', en: 'Grey (paused)' },
};

export const UNIT_ROLES_ON_TASK = ['lead', 'support'] as const;
export type UnitRoleOnTask = (typeof UNIT_ROLES_ON_TASK)[number];
