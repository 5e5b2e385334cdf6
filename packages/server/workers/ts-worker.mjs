// Starts a work-pool thread from the TypeScript sources (vitest, `tsx`): worker threads cannot load
// .ts files by themselves, so this loads src/work/worker.ts through tsx (a development dependency).
// Built, the pool starts dist/work/worker.js directly and this file is not used.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
