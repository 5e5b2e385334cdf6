// Section "uploads": what a burst of hostile and heavy uploads does to the real `duikou start` on the
// embedded database (the issue: six 1 MB workbooks inflating to 1 GiB, sent at once by a county
// reporter, ran the heap to 4.4 GB and killed the process with its database). Idle RSS is measured
// first, and the health route's latency alone; then 6 zip bombs (to POST /registries/studyRoute/import
// as a county reporter, dryRun) and 6 legitimate 20,000-row registers (to POST
// /inspections/entities/import, dryRun) are sent at once, while the health route is polled. Reported:
// the process's peak RSS over idle (target ≤ 300 MB) and the health p99 during the burst (target
// < 100 ms), against the same route's p99 alone, measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { creditCodeCheckCharacter } from '../../packages/domain/src/index.js';
import { bombOf, sheetBomb } from '../../packages/server/src/test-support/zip-bombs.js';
import { percentile } from './load.js';
import { freePort, makeTempDir, startChild, waitForHttp } from './processes.js';

export const RSS_OVER_IDLE_TARGET_MB = 300;
export const HEALTH_P99_TARGET_MS = 100;
const BOMBS = 6;
const LEGIT = 6;
const LEGIT_ROWS = 20_000;
const PASSWORD = 'Bench#Pass2026x';
const MiB = 1024 * 1024;

export interface HealthFigures {
  samples: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface UploadOutcome {
  kind: 'bomb' | 'legitimate';
  status: number;
  ms: number;
  code?: string;
  reason?: string;
}

export interface UploadsResult {
  setup: Record<string, number | string>;
  /** RSS of the server process after start and login, before any upload, MB. */
  idleRssMb?: number;
  /** After one small import (a work thread started, code warmed), MB. */
  warmRssMb?: number;
  peakRssMb?: number;
  rssOverIdleMb?: number;
  rssTarget?: { maxMb: number; met: boolean };
  healthAlone?: HealthFigures;
  healthDuring?: HealthFigures;
  /** Health p99 during the burst / alone. */
  healthP99Ratio?: number | null;
  healthTarget?: { maxMs: number; met: boolean };
  outcomes?: UploadOutcome[];
  burstMs?: number;
  error?: string;
}

/** The process's resident set (threads included), from /proc. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

async function login(origin: string, username: string) {
  const response = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('duikou_session='));
  if (!response.ok || !cookie) throw new Error(`login ${username}: ${response.status}`);
  return { cookie, 'x-csrf-token': body.csrfToken };
}

/** Polls the health route one request after the other until `stop` resolves; the latency of each. */
async function pollHealth(origin: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${origin}/api/v1/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

function figures(latencies: number[]): HealthFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { samples: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? null };
}

/** A register of `rows` entities as people fill the template: valid credit codes, every required column. */
async function register(rows: number, seed: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检查对象');
  sheet.addRow(['统一社会信用代码*', '主体名称*', '信用等级*', '行业*', '所在地*', '关联单位']);
  for (let i = 0; i < rows; i++) {
    const first17 = `9136070${seed}MA${String(i).padStart(7, '0')}`;
    sheet.addRow([`${first17}${creditCodeCheckCharacter(first17)}`, `赣州市示例科技有限公司${seed}-${i}`, 'ABCD'[i % 4], '电子信息', '赣州深赣合作园', null]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Half the bombs as in the issue (1 MB of spaces inflating to 1 GiB), half costlier to read (empty formatted rows) with headers claiming 1,000 bytes. */
async function bombs(): Promise<Buffer[]> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('研学线路').addRow(['线路名称']);
  const base = Buffer.from(await book.xlsx.writeBuffer());
  const spaces = await bombOf(
    base,
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ' ',
    '</sheetData></worksheet>',
    { inflatedBytes: 1024 * MiB },
  );
  const rows = await sheetBomb(base, { inflatedBytes: 1024 * MiB, declaredSize: 1000 });
  return Array.from({ length: BOMBS }, (_, i) => (i % 2 === 0 ? spaces : rows));
}

export async function benchUploads(settings: { root: string; log: (message: string) => void }, result: UploadsResult): Promise<UploadsResult> {
  const { root, log } = settings;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: '',
    DUIKOU_DATA_DIR: makeTempDir('duikou-bench-uploads-'),
    DUIKOU_EMBEDDED_SOCKET_DIR: makeTempDir('duikou-bench-uploads-sock-'),
    DUIKOU_ADMIN_PASSWORD: PASSWORD,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The pool as deployed on this machine (DUIKOU_WORKERS etc. unset: the defaults).
  };
  log('uploads: building 6 zip bombs (1 GiB each inflated) and 6 registers of 20,000 rows');
  const bombFiles = await bombs();
  const registers = await Promise.all(Array.from({ length: LEGIT }, (_, i) => register(LEGIT_ROWS, i)));
  result.setup.bombBytes = bombFiles.map((b) => b.length).join('/');
  result.setup.registerBytes = registers[0]!.length;

  log(`uploads: starting duikou (embedded) on ${origin}`);
  const server = startChild('duikou (uploads)', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
  const pid = server.proc.pid!;
  const admin = await login(origin, 'admin');
  const units = (await (await fetch(`${origin}/api/v1/units?q=${encodeURIComponent('兴国县')}`, { headers: { cookie: admin.cookie } })).json()) as {
    items: { id: string; pairId: string; cityId: string; name: string }[];
  };
  const xingguo = units.items.find((u) => u.name === '兴国县');
  if (!xingguo) throw new Error('no 兴国县 in the default data');
  const created = await fetch(`${origin}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin },
    body: JSON.stringify({
      username: 'bench-county',
      displayName: '兴国县填报员',
      unitId: xingguo.id,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [{ role: 'unit_reporter', scope: 'unit', pairId: xingguo.pairId, unitId: xingguo.id }],
    }),
  });
  if (!created.ok) throw new Error(`creating the county reporter: ${created.status} ${await created.text()}`);
  const county = await login(origin, 'bench-county');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  result.idleRssMb = rssMb(pid);

  const post = async (kind: UploadOutcome['kind'], url: string, headers: Record<string, string>, body: unknown): Promise<UploadOutcome> => {
    const started = performance.now();
    const response = await fetch(`${origin}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { error?: { code: string; details?: { reason: string }[]; message: string } };
    return {
      kind,
      status: response.status,
      ms: Math.round(performance.now() - started),
      code: json.error?.code,
      reason: json.error?.details?.[0]?.reason ?? json.error?.message,
    };
  };
  const legit = (file: Buffer) =>
    post('legitimate', '/api/v1/inspections/entities/import', admin, {
      pairId: xingguo.pairId,
      cityId: xingguo.cityId,
      fileBase64: file.toString('base64'),
      dryRun: true,
    });
  const bomb = (file: Buffer) =>
    post('bomb', '/api/v1/registries/studyRoute/import', county, {
      pairId: xingguo.pairId,
      fileName: '研学线路.xlsx',
      fileBase64: file.toString('base64'),
      dryRun: true,
    });

  // Warm: one small import starts a work thread and compiles the paths the burst takes.
  const warm = await legit(await register(100, 9));
  if (warm.status !== 200) throw new Error(`a small register was refused: ${warm.status} ${warm.reason}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  result.warmRssMb = rssMb(pid);

  log(`uploads: idle RSS ${result.idleRssMb} MB (warm ${result.warmRssMb} MB); health alone for 5 s`);
  result.healthAlone = figures(await pollHealth(origin, new Promise((resolve) => setTimeout(resolve, 5000))));

  log(`uploads: ${BOMBS} bombs and ${LEGIT} registers of ${LEGIT_ROWS} rows at once, the health route polled`);
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process is gone: the outcomes say so
    }
  }, 25);
  const started = performance.now();
  const burst = Promise.all([...bombFiles.map((b) => bomb(b)), ...registers.map((r) => legit(r))]);
  const [outcomes, during] = await Promise.all([burst, pollHealth(origin, burst)]);
  result.burstMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  if (server.exited()) throw new Error(`the server died during the burst:\n${server.tail()}`);
  peak = Math.max(peak, rssMb(pid));
  result.outcomes = outcomes;
  result.peakRssMb = peak;
  result.rssOverIdleMb = peak - result.idleRssMb;
  result.rssTarget = { maxMb: RSS_OVER_IDLE_TARGET_MB, met: result.rssOverIdleMb <= RSS_OVER_IDLE_TARGET_MB };
  result.healthDuring = figures(during);
  const alone = result.healthAlone.p99Ms;
  result.healthP99Ratio = alone && result.healthDuring.p99Ms !== null ? result.healthDuring.p99Ms / alone : null;
  result.healthTarget = { maxMs: HEALTH_P99_TARGET_MS, met: (result.healthDuring.p99Ms ?? Number.POSITIVE_INFINITY) < HEALTH_P99_TARGET_MS };
  log(
    `uploads: peak RSS ${peak} MB (+${result.rssOverIdleMb} MB over idle); health p99 ${result.healthDuring.p99Ms?.toFixed(1)} ms during, ${alone?.toFixed(1)} ms alone; burst ${result.burstMs} ms`,
  );
  return result;
}
