import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';

const WORKER_URL = new URL('../../workers/pglite-worker.mjs', import.meta.url);
const SOCKET_PORT = 5432;

export interface EmbeddedServer {
  /** node-postgres connection settings for the socket the worker serves. */
  connection: { host: string; port: number; user: string; database: string };
  socketDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on a worker thread over `dataDir/pgdata`, after locking the folder.
 * The socket lives in a private temporary folder (Unix socket paths are limited to ~100 bytes,
 * so it cannot sit in an arbitrarily deep data folder); `DUIKOU_EMBEDDED_SOCKET_DIR` pins it so
 * that `psql -h <dir>` or the benchmark can reach the embedded database.
 */
export async function startEmbeddedServer(dataDir: string, maxConnections: number, socketDir?: string): Promise<EmbeddedServer> {
  const release = lockDataDir(dataDir);
  const pgDataDir = path.join(dataDir, 'pgdata');
  const dir = socketDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socketPath = path.join(dir, `.s.PGSQL.${SOCKET_PORT}`);
  fs.rmSync(socketPath, { force: true });

  const worker = new Worker(WORKER_URL, { workerData: { pgDataDir, socketPath, maxConnections } });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`embedded database worker exited with code ${code}`)));
      worker.once('message', (message: { type: string; message?: string }) => {
        if (message.type === 'ready') resolve();
        else reject(new Error(`embedded database failed to start: ${message.message ?? message.type}`));
      });
    });
  } catch (error) {
    await worker.terminate();
    release();
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');

  let stopped = false;
  return {
    connection: { host: dir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
    socketDir: dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        worker.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ type: 'stop' });
      });
      await worker.terminate();
      if (!socketDir) fs.rmSync(dir, { recursive: true, force: true });
      release();
    },
  };
}
