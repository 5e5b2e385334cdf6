export { unheldParagraphs } from './coverage.js';
export { type Deadline, type DeadlineContext, parseDeadline } from './deadline.js';
export { DEFAULT_COMMITMENT_VERBS } from './measures.js';
export { parseChineseNumeral, toChineseNumeral } from './numbering.js';
export { parsePlan, planAnalysis, planOutline } from './parse-plan.js';
export { findTaskTables, recogniseHeader, splitTableCells, type TaskColumn, type TaskTable, type TaskTableRow } from './task-table.js';
export type {
  ParsedPlan,
  ParsePlanOptions,
  PlanAnalysis,
  PlanArticle,
  PlanChapter,
  PlanIndicatorSuggestion,
  PlanMeasure,
  PlanOrganisation,
  PlanOutline,
  PlanResponsibility,
  PlanSection,
  PlanTaskRow,
  PlanTaskTable,
  SectionResponsibility,
  TaskRowLink,
} from './types.js';
export { looksLikeUnitName, splitUnitNames } from './unit-list.js';
