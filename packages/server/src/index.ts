export { buildApp } from './app.js';
export { type Config, loadConfig } from './config.js';
export { openPlatform, startServer } from './platform.js';
