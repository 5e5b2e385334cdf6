/** The detail page of each kind of record, so every row that names a record can open it. */
export const recordPath = {
  task: (id: string) => `/tasks/${id}`,
  report: (id: string) => `/reports/${id}`,
  supervision: (id: string) => `/supervision/${id}`,
  instruction: (id: string) => `/supervision/instructions/${id}`,
  meeting: (id: string) => `/meetings/${id}`,
  registry: (type: string, id: string) => `/registries/${type}/${id}`,
  project: (id: string) => `/registries/project/${id}`,
  planVersion: (id: string) => `/plans/versions/${id}`,
  inspectionPlan: (id: string) => `/inspections/plans/${id}`,
  waterSection: (id: string) => `/water/sections/${id}`,
} as const;

/** Where a meeting's agenda link opens: the task, supervision item or project it names. */
export function meetingLinkPath(link: { kind: 'task' | 'supervision' | 'project'; id: string }): string {
  return link.kind === 'task' ? recordPath.task(link.id) : link.kind === 'supervision' ? recordPath.supervision(link.id) : recordPath.project(link.id);
}

/** Where a new supervision item comes from: a leader instruction, a returned report (with its unit and task) or an inspection. */
export interface SupervisionSource {
  instructionId?: string;
  reportId?: string;
  unitId?: string;
  taskId?: string;
  inspectionId?: string;
}

/** The supervision create form (`/supervision/new`), opened with its source filled in. */
export function supervisionCreatePath(source: SupervisionSource): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(source)) if (value) query.set(key, value);
  return `/supervision/new?${query}`;
}
