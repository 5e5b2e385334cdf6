export * from './light.js';
