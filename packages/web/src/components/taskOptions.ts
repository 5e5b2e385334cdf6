import type { Schemas } from '../api/client.js';

export type TaskStatus = Schemas['Task']['status'];
export type TaskLight = Schemas['Task']['light'];

/** The statuses and lights in the order the filters and forms offer them. */
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'done', 'delayed', 'paused'];
export const TASK_LIGHTS: readonly TaskLight[] = ['red', 'amber', 'green', 'grey'];
