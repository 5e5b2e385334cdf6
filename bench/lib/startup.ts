// Section 10 of `npm run bench`: how long `npm start` takes to a healthy platform.
//   first   `npm start` as after `npm ci`: no build outputs (dist folders, tsbuildinfo, the web
//           build's stamp) and an empty data folder, so it builds everything and seeds the database;
//   second  `npm start` again with nothing changed (same data folder): the build must be skipped;
//   plain   `node packages/server/bin/duikou.js start` on the same data folder: the baseline.
// Each is timed from the spawn to the first 200 of GET /api/v1/health. The second start and the
// baseline alternate STARTUP_RUNS times (medians), so a burst of load on a shared machine hits both.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, makeTempDir, onCleanup } from './processes.js';

export const SECOND_START_MAX_RATIO = 2;
const STARTUP_RUNS = 3;
const READY_TIMEOUT_MS = 15 * 60_000;
const ADMIN_PASSWORD = 'Bench#Pass2026x';

export interface StartTiming {
  ms: number;
  /** The lines the build printed about skipping (empty when it built). */
  skipped: string[];
}

export interface StartupResult {
  dataDir?: string;
  first?: StartTiming;
  second?: StartTiming[];
  plain?: number[];
  secondMedianMs?: number;
  plainMedianMs?: number;
  /** first start / plain start (medians of the plain runs). */
  firstToPlain?: number;
  /** second start / plain start (medians). */
  secondToPlain?: number;
  target?: { maxRatio: number; met: boolean };
  error?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** What `npm ci` leaves: sources and node_modules, no build outputs. */
export function removeBuildOutputs(root: string): string[] {
  const removed: string[] = [];
  for (const rel of [
    'packages/domain/dist',
    'packages/server/dist',
    'packages/web/dist',
    'packages/domain/tsconfig.tsbuildinfo',
    'packages/server/tsconfig.tsbuildinfo',
  ]) {
    const abs = path.join(root, rel);
    if (fs.existsSync(abs)) {
      fs.rmSync(abs, { recursive: true, force: true });
      removed.push(rel);
    }
  }
  return removed;
}

/**
 * Spawns a command in a process group of its own (npm → sh → node), times it to the first healthy
 * answer, then stops the whole group.
 */
async function timeToHealthy(label: string, root: string, command: string, args: string[], env: Record<string, string>): Promise<StartTiming> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stopGroup = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 20_000);
    await exit;
    clearTimeout(timer);
    // The platform (a grandchild) exits on the same SIGTERM; give it its moment to release the data folder.
    for (let i = 0; i < 100 && groupAlive(child.pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  onCleanup(`stop ${label} (group ${child.pid})`, stopGroup);
  try {
    const deadline = started + READY_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`${label} exited before it was healthy:\n${lines.slice(-30).join('\n')}`);
      if (performance.now() > deadline) throw new Error(`${label} not healthy within ${READY_TIMEOUT_MS} ms:\n${lines.slice(-30).join('\n')}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ms = Math.round(performance.now() - started);
    return { ms, skipped: lines.filter((line) => /skipped/.test(line)) };
  } finally {
    await stopGroup();
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function benchStartup({ root, log }: { root: string; log: (message: string) => void }, result: StartupResult): Promise<StartupResult> {
  const dataDir = makeTempDir('duikou-bench-startup-');
  result.dataDir = dataDir;
  const env = { DUIKOU_DATA_DIR: dataDir, DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: '', DUIKOU_JOB_INTERVAL_MINUTES: '0' };
  const npmStart = () => timeToHealthy('npm start', root, 'npm', ['start'], env);
  const plainStart = () => timeToHealthy('duikou start', root, process.execPath, ['packages/server/bin/duikou.js', 'start'], env);

  const removed = removeBuildOutputs(root);
  log(`  removed ${removed.join(', ')}; first npm start (builds everything, empty data folder)`);
  result.first = await npmStart();
  log(`  first start healthy after ${result.first.ms} ms`);
  result.second = [];
  result.plain = [];
  for (let run = 1; run <= STARTUP_RUNS; run++) {
    const second = await npmStart();
    result.second.push(second);
    const plain = await plainStart();
    result.plain.push(plain.ms);
    log(`  run ${run}: second npm start ${second.ms} ms (${second.skipped.length} build steps skipped), plain duikou start ${plain.ms} ms`);
  }
  result.secondMedianMs = median(result.second.map((s) => s.ms));
  result.plainMedianMs = median(result.plain);
  result.firstToPlain = result.first.ms / result.plainMedianMs;
  result.secondToPlain = result.secondMedianMs / result.plainMedianMs;
  result.target = { maxRatio: SECOND_START_MAX_RATIO, met: result.secondToPlain <= SECOND_START_MAX_RATIO };
  return result;
}
