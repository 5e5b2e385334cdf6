import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../../server/src/test-support/test-database.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../../server/bin/duikou.js', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface RunningPlatform {
  baseUrl: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartOptions {
  /**
   * `false` starts with DUIKOU_DEFAULT_PLAN=off: no plan, for the tests that import and publish
   * one themselves. By default the first start is a plain one and loads the built-in plan.
   */
  defaultPlan?: boolean;
}

/**
 * Starts the real platform (`duikou start`) as a child process on a fresh database: a new embedded
 * data folder, or, when the suite runs with DATABASE_URL, a new database on that server.
 */
export async function startPlatform(adminPassword: string, options: StartOptions = {}): Promise<RunningPlatform> {
  if (!fs.existsSync(`${WEB_DIST}index.html`)) {
    throw new Error(`the web app is not built (${WEB_DIST}index.html is missing): run \`npm run build\` first (\`npm test\` does)`);
  }
  const database: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DUIKOU_DATA_DIR: database.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DUIKOU_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    DUIKOU_JOB_INTERVAL_MINUTES: '0',
    DUIKOU_WEB_DIST: WEB_DIST,
    // Every response the screens get is checked by Zod and by the production projection, which must agree.
    DUIKOU_RESPONSE_CHECKS: 'compare',
    // Every page and API call of the suite comes from 127.0.0.1: the per-address limits of public
    // routes would refuse a busy suite (the server tests check the limits themselves).
    DUIKOU_RATE_PUBLIC_PER_MINUTE: '1000000',
    DUIKOU_RATE_HEAVY_PER_MINUTE: '1000000',
    DUIKOU_RATE_HEAVY_BURST: '1000000',
  };
  if (options.defaultPlan === false) env.DUIKOU_DEFAULT_PLAN = 'off';
  else delete env.DUIKOU_DEFAULT_PLAN;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;

  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the platform did not start within 90 s:\n${output}`)), 90_000);
      const check = setInterval(() => {
        if (output.includes('listening on')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`the platform exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await database.drop().catch(() => undefined);
    throw error;
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await database.drop();
    },
  };
}
