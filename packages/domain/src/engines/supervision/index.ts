export * from './bulletin.js';
export * from './light.js';
