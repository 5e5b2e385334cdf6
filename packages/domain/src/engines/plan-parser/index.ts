export { DEFAULT_COMMITMENT_VERBS } from './measures.js';
export { parseChineseNumeral, toChineseNumeral } from './numbering.js';
export { parsePlan, planOutline } from './parse-plan.js';
export type { ParsedPlan, ParsePlanOptions, PlanArticle, PlanChapter, PlanMeasure, PlanOrganisation, PlanOutline } from './types.js';
