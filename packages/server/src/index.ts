export { buildApp } from './app.js';
export { loadConfig, type Config } from './config.js';
export { openPlatform, startServer } from './platform.js';
