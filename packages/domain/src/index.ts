// Public API of @duikou/domain. One line per module; add new modules below.

export * from './admin-division.js';
export * from './auth-policy.js';
export * from './credit-code.js';
export * from './default-data/index.js';
export * from './password-policy.js';
export * from './roles.js';
export * from './scope.js';
export * from './units.js';
