// Runs the embedded PostgreSQL (PGlite) on its own thread and serves it over a Unix socket with the
// PostgreSQL wire protocol, so the HTTP thread talks to it through node-postgres like to a server.
// PGlite executes queries on the thread that calls it: in-process, a heavy query froze every
// request. Plain JavaScript because worker threads cannot load TypeScript sources under tsx/vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { pgDataDir, socketPath, maxConnections } = workerData;

// Extended-protocol messages that belong to a batch closed by Sync: Parse, Bind, Describe, Execute, Close, Flush.
const BATCH_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * Every connection shares PGlite's one backend session. The socket server's queue keeps to one
 * connection while a transaction is open, but outside one it took messages in arrival order, so
 * the Parse/Bind/Execute/Sync of two connections interleaved: one connection's Bind met the
 * other's unnamed statement ("unnamed prepared statement does not exist", or the other's query
 * run with this one's parameters). The queue asks `isInTransaction()` whether to stay with the
 * last connection: answering yes from a batch's first message to its Sync keeps each batch whole.
 */
function servedOneBatchAtATime(db) {
  let batchOpen = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => batchOpen || target.isInTransaction();
      if (property === 'execProtocolRawStream') {
        return async (message, options) => {
          try {
            return await target.execProtocolRawStream(message, options);
          } finally {
            batchOpen = BATCH_MESSAGES.has(message[0]);
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

try {
  const db = await PGlite.create(pgDataDir);
  const server = new PGLiteSocketServer({ db: servedOneBatchAtATime(db), path: socketPath, maxConnections });
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
