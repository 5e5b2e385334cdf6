// Runs the embedded PostgreSQL (PGlite) on its own thread and serves it over a Unix socket with the
// PostgreSQL wire protocol, so the HTTP thread talks to it through node-postgres like to a server.
// PGlite executes queries on the thread that calls it: in-process, a heavy query froze every
// request. Plain JavaScript because worker threads cannot load TypeScript sources under tsx/vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { pgDataDir, socketPath, maxConnections } = workerData;

try {
  const db = await PGlite.create(pgDataDir);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  parentPort.on('message', async (message) => {
    if (message?.type !== 'stop') return;
    try {
      await server.stop();
      await db.close();
    } finally {
      parentPort.postMessage({ type: 'stopped' });
    }
  });
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
