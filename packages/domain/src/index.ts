// Public API of @duikou/domain. One line per module; add new modules below.

export * from './admin-division.js';
export * from './auth-policy.js';
export * from './calendar.js';
export * from './credit-code.js';
export * from './default-data/index.js';
export * from './engines/double-random/index.js';
export * from './engines/plan-diff.js';
export * from './engines/plan-parser/index.js';
export * from './engines/report-periods.js';
export * from './engines/supervision/index.js';
export * from './engines/task-light.js';
export * from './engines/unit-scoring/index.js';
export * from './engines/water-quality/index.js';
export * from './password-policy.js';
export * from './registries/index.js';
export * from './roles.js';
export * from './scope.js';
export * from './tasks.js';
export * from './unit-names.js';
export * from './units.js';
