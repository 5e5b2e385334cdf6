export * from './rules.js';
export * from './score.js';
