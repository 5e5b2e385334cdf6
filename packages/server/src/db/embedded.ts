import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';

const WORKER_URL = new URL('../../workers/pglite-worker.mjs', import.meta.url);
const SOCKET_PORT = 5432;
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 60_000;

export interface EmbeddedServer {
  /** node-postgres connection settings for the socket the worker serves. */
  connection: { host: string; port: number; user: string; database: string };
  socketDir: string;
  /** The worker thread serving the database now (a new one after a restart). */
  readonly worker: Worker;
  /** How many times the worker died and was started again. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/** Starts one worker thread and resolves once PGlite serves on the socket (rejects, with the worker gone, if it cannot). */
async function startWorker(pgDataDir: string, socketPath: string, maxConnections: number): Promise<Worker> {
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
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.removeAllListeners('message');
  return worker;
}

/**
 * Starts PGlite on a worker thread over `dataDir/pgdata`, after locking the folder.
 * The socket lives in a private temporary folder (Unix socket paths are limited to ~100 bytes,
 * so it cannot sit in an arbitrarily deep data folder); `DUIKOU_EMBEDDED_SOCKET_DIR` pins it so
 * that `psql -h <dir>` or the benchmark can reach the embedded database.
 *
 * Should the worker die (PGlite aborting on an uncaught error, the thread terminated), the process
 * stays up and starts a new worker on the same folder and socket, backing off while that fails:
 * meanwhile requests answer 503 DATABASE_UNAVAILABLE and the pool reconnects once the socket is
 * back. Exiting instead would put the lock, the HTTP listener and every session's cache through a
 * full restart, and into a crash loop if the folder needs a moment (or a person) to recover.
 */
export async function startEmbeddedServer(dataDir: string, maxConnections: number, socketDir?: string): Promise<EmbeddedServer> {
  const release = await lockDataDir(dataDir);
  const pgDataDir = path.join(dataDir, 'pgdata');
  const dir = socketDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socketPath = path.join(dir, `.s.PGSQL.${SOCKET_PORT}`);

  let worker: Worker;
  try {
    worker = await startWorker(pgDataDir, socketPath, maxConnections);
  } catch (error) {
    await release();
    throw error;
  }

  let stopped = false;
  let restarts = 0;
  let restartDelay = RESTART_MIN_MS;
  let restartTimer: NodeJS.Timeout | null = null;

  const scheduleRestart = () => {
    restartTimer = setTimeout(async () => {
      restartTimer = null;
      if (stopped) return;
      try {
        const next = await startWorker(pgDataDir, socketPath, maxConnections);
        if (stopped) {
          await next.terminate();
          return;
        }
        worker = next;
        restarts++;
        restartDelay = RESTART_MIN_MS;
        supervise(next);
        process.emitWarning('the embedded database is serving again', { code: 'DUIKOU_EMBEDDED_RESTARTED' });
      } catch (error) {
        process.emitWarning(`the embedded database could not start again; retrying in ${restartDelay} ms: ${(error as Error).message}`, {
          code: 'DUIKOU_EMBEDDED_RESTART_FAILED',
        });
        restartDelay = Math.min(RESTART_MAX_MS, restartDelay * 2);
        scheduleRestart();
      }
    }, restartDelay);
  };

  const supervise = (current: Worker) => {
    // Without a listener, an uncaught error in the worker would be rethrown here and end the process.
    current.on('error', (error) => {
      process.emitWarning(`the embedded database failed: ${error.stack ?? error.message}`, { code: 'DUIKOU_EMBEDDED_FAILED' });
    });
    current.once('exit', (code) => {
      if (stopped || current !== worker) return;
      process.emitWarning(`the embedded database stopped unexpectedly (exit code ${code}); starting it again`, { code: 'DUIKOU_EMBEDDED_STOPPED' });
      scheduleRestart();
    });
  };
  supervise(worker);

  return {
    connection: { host: dir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
    socketDir: dir,
    get worker() {
      return worker;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = worker;
      // A worker that already died (threadId -1) answers nothing.
      if (current.threadId !== -1)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          current.once('message', done);
          current.once('exit', done);
          current.postMessage({ type: 'stop' });
        });
      await current.terminate();
      if (!socketDir) fs.rmSync(dir, { recursive: true, force: true });
      await release();
    },
  };
}
