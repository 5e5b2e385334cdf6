// Duikou benchmark — `npm run bench` (or `node --import tsx bench/run.ts` after a build).
//
// In one run, one target after the other (never two at once):
//   1. embedded  `duikou start` on the embedded database (PGlite on a worker thread, served on a Unix socket)
//   2. postgres  `duikou start` with DATABASE_URL on a fresh database of the local PostgreSQL server
//   3. naive     bench/naive-server.ts: Fastify + PGlite on the same thread (the baseline)
// For each: the list endpoint and a route that never touches the database, alone and then while the
// 1M-row aggregation runs back to back on the same database; autocannon, 10 connections,
// BENCH_SECONDS (default 10) measured after a 2 s warm-up that is not counted.
// Figures are compared with baselines measured in the same run; targets are printed, never enforced.
// Writes bench/results/latest.json. Environment: BENCH_SECONDS, BENCH_PG_URL (maintenance
// connection to the PostgreSQL server, default postgres://postgres@127.0.0.1:5432/test).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  AggregationLoop,
  type AggregationRun,
  type AggregationStats,
  CREATE_BENCH_ROWS,
  FILL_BENCH_ROWS,
  SLICE_ROWS,
  singleStatement,
  sliced,
} from './lib/aggregation.js';
import { CONNECTIONS, type LoadFigures, measure } from './lib/load.js';
import { cleanupMark, freePort, makeTempDir, onCleanup, runCleanups, startChild, waitForHttp } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = secondsFromEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = 2;
const ADMIN_PASSWORD = 'Bench#Pass2026x';
const LIST_PATH = '/api/v1/units?pageSize=20&page=2';
const NODB_PATH = '/api/v1/openapi.json';
const NAIVE_LIST_PATH = '/units?pageSize=20&page=2';
const NAIVE_NODB_PATH = '/nodb';
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_RATIO = 3;
/** Upper bound for one aggregation loop: warm-up + measurement + slack. */
const LOOP_MAX_SECONDS = WARMUP_SECONDS + SECONDS + 30;

function secondsFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > 600) throw new Error(`${name} must be a number of seconds between 1 and 600, got "${raw}"`);
  return value;
}

type TargetName = 'embedded' | 'postgres' | 'naive';

interface Interference {
  route: string;
  alone: LoadFigures;
  during: LoadFigures;
  aggregation: AggregationStats;
  /** p99 during the aggregation / p99 alone. */
  p99Ratio: number;
}

interface TargetResult {
  target: TargetName;
  description: string;
  setup: Record<string, number | string>;
  /** The list endpoint while the aggregation runs as one statement. */
  list?: Interference;
  /** The list endpoint while the aggregation runs in key-range slices, as the platform runs heavy reads. */
  listSliced?: Interference;
  noDb?: Interference;
  error?: string;
}

const started = Date.now();
const loadAtStart = os.loadavg();
const log = (message: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** during / alone; infinite when nothing completed during the run (or the baseline rounds to 0 ms). */
function ratio(during: number | null, alone: number | null): number {
  if (during === null) return Number.POSITIVE_INFINITY;
  if (alone === null) return Number.NaN;
  return alone > 0 ? during / alone : Number.POSITIVE_INFINITY;
}

async function interference(
  route: string,
  url: string,
  headers: Record<string, string>,
  startLoad: () => Promise<void>,
  stopLoad: () => Promise<AggregationStats>,
): Promise<Interference> {
  const base = await measure(url, headers, SECONDS, WARMUP_SECONDS);
  log(`  ${route} alone: ${base.rps.toFixed(0)} req/s, p99 ${base.p99Ms} ms; starting the aggregation loop`);
  await startLoad();
  let during: LoadFigures;
  let aggregation: AggregationStats;
  try {
    during = await measure(url, headers, SECONDS, WARMUP_SECONDS);
  } finally {
    aggregation = await stopLoad();
  }
  if (aggregation.error) throw new Error(`aggregation loop failed: ${aggregation.error}`);
  log(
    `  ${route} during aggregation: ${during.rps.toFixed(0)} req/s, p99 ${during.p99Ms} ms (${aggregation.iterations} aggregations, mean ${aggregation.meanMs.toFixed(0)} ms)`,
  );
  return { route, alone: base, during, aggregation, p99Ratio: ratio(during.p99Ms, base.p99Ms) };
}

function endOnce(client: pg.Client): () => Promise<void> {
  let ended: Promise<void> | null = null;
  return () => (ended ??= client.end().catch(() => undefined));
}

/** `duikou start` on the embedded database or on a fresh PostgreSQL database. */
async function benchDuikou(kind: 'embedded' | 'postgres'): Promise<TargetResult> {
  const result: TargetResult = {
    target: kind,
    description: kind === 'embedded' ? 'duikou start, embedded PGlite on a worker thread' : 'duikou start, DATABASE_URL → PostgreSQL server',
    setup: {},
  };
  const dataDir = makeTempDir('duikou-bench-data-');
  const env: Record<string, string> = { DUIKOU_DATA_DIR: dataDir, DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  let benchClient: pg.Client;
  if (kind === 'embedded') {
    const socketDir = makeTempDir('duikou-bench-sock-');
    env.DUIKOU_EMBEDDED_SOCKET_DIR = socketDir;
    env.DATABASE_URL = '';
    benchClient = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
  } else {
    const dbName = `duikou_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`create database ${dbName}`);
    } finally {
      await admin.end();
    }
    onCleanup(`drop database ${dbName}`, async () => {
      const dropper = new pg.Client({ connectionString: PG_ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${dbName} with (force)`);
      } finally {
        await dropper.end();
      }
    });
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    result.setup.database = dbName;
    benchClient = new pg.Client({ connectionString: env.DATABASE_URL });
  }

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  env.PORT = String(port);
  log(`${kind}: starting duikou on ${origin}`);
  let t = Date.now();
  const server = startChild(`duikou (${kind})`, process.execPath, [path.join(ROOT, 'packages/server/bin/duikou.js'), 'start'], env, ROOT);
  await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
  result.setup.startMs = Date.now() - t;
  const health = (await (await fetch(`${origin}/api/v1/health`)).json()) as { database?: string };
  if (health.database !== kind) throw new Error(`health says database=${health.database}, expected ${kind}`);

  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: HTTP ${login.status} ${await login.text()}`);
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('duikou_session='));
  if (!session) throw new Error('login set no duikou_session cookie');
  const headers = { cookie: session };

  benchClient.on('error', () => undefined);
  await benchClient.connect();
  onCleanup(`close the ${kind} bench client`, endOnce(benchClient));
  log(`${kind}: filling bench_rows (1,000,000 rows)`);
  t = Date.now();
  await benchClient.query(CREATE_BENCH_ROWS);
  await benchClient.query(FILL_BENCH_ROWS);
  result.setup.fillMs = Date.now() - t;
  log(`${kind}: filled in ${result.setup.fillMs} ms`);

  let loop: AggregationLoop | null = null;
  const load = (run: AggregationRun) => ({
    start: async () => {
      loop = new AggregationLoop(run, LOOP_MAX_SECONDS);
    },
    stop: async () => {
      const stats = await loop!.stop();
      loop = null;
      return stats;
    },
  });
  const statement = load(singleStatement(benchClient));
  const slices = load(sliced(benchClient));
  result.list = await interference('list', origin + LIST_PATH, headers, statement.start, statement.stop);
  result.listSliced = await interference('list', origin + LIST_PATH, headers, slices.start, slices.stop);
  result.noDb = await interference('openapi.json', origin + NODB_PATH, {}, statement.start, statement.stop);
  return result;
}

/** The baseline: bench/naive-server.ts, PGlite on the HTTP thread; the aggregation runs inside it. */
async function benchNaive(): Promise<TargetResult> {
  const result: TargetResult = { target: 'naive', description: 'bench/naive-server.ts, Fastify + PGlite on the same thread', setup: {} };
  const dir = makeTempDir('duikou-bench-naive-');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  log(`naive: starting bench/naive-server.ts on ${origin} (fills bench_rows before listening)`);
  const t = Date.now();
  const server = startChild(
    'naive-server',
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/naive-server.ts')],
    { PORT: String(port), NAIVE_DATA_DIR: path.join(dir, 'pgdata') },
    ROOT,
  );
  await waitForHttp(`${origin}/api/v1/health`, server, 180_000);
  result.setup.startAndFillMs = Date.now() - t;

  const control = async (action: 'start' | 'stop') => {
    const query = action === 'start' ? `?maxSeconds=${LOOP_MAX_SECONDS}` : '';
    const response = await fetch(`${origin}/bench/aggregation/${action}${query}`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
    const body = await response.json();
    if (!response.ok) throw new Error(`naive aggregation ${action}: HTTP ${response.status} ${JSON.stringify(body)}`);
    return body as AggregationStats;
  };
  const startLoad = async () => {
    await control('start');
  };
  const stopLoad = () => control('stop');
  result.list = await interference('list', origin + NAIVE_LIST_PATH, {}, startLoad, stopLoad);
  result.noDb = await interference('no-db route', origin + NAIVE_NODB_PATH, {}, startLoad, stopLoad);
  return result;
}

async function section(name: TargetName, run: () => Promise<TargetResult>): Promise<TargetResult> {
  const mark = cleanupMark();
  let result: TargetResult;
  try {
    result = await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name}: FAILED: ${message}`);
    result = { target: name, description: '', setup: {}, error: message };
  }
  const problems = await runCleanups(mark);
  if (problems.length > 0) {
    log(`${name}: clean-up problems: ${problems.join('; ')}`);
    result.error = [result.error, ...problems.map((p) => `clean-up: ${p}`)].filter(Boolean).join('; ');
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const f0 = (n: number | null | undefined) => (n === undefined || n === null || !Number.isFinite(n) ? '—' : n.toFixed(0));
const f1 = (n: number | null | undefined) => (n === undefined || n === null || !Number.isFinite(n) ? '—' : n.toFixed(1));
const x = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : Number.isFinite(n) ? `${n.toFixed(2)}×` : '∞');

function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const failures = (l: LoadFigures | undefined) => (l ? `${l.non2xx}/${l.errors}/${l.timeouts}` : '—');
const doneOfSent = (l: LoadFigures | undefined) => (l ? `${l.totalRequests}/${l.sent}` : '—');

function report(results: TargetResult[]) {
  const by = (name: TargetName) => results.find((r) => r.target === name);
  const embedded = by('embedded');
  const postgres = by('postgres');
  const naive = by('naive');
  const out: string[] = [];
  out.push('');
  out.push(`Duikou benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} CPU(s)`);
  out.push(`autocannon ${CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up (not counted); latencies in ms`);
  out.push('');
  out.push(`1. List endpoint GET ${LIST_PATH}, no other load (naive: its own equivalent list query)`);
  const throughputRows = [embedded, postgres, naive].map((r) => {
    const l = r?.list?.alone;
    return [r?.target ?? '?', f0(l?.rps), f1(l?.p50Ms), f1(l?.p99Ms), f1(l?.maxMs), doneOfSent(l), failures(l), r?.error ? 'ERROR' : ''];
  });
  out.push(table(['server', 'req/s', 'p50', 'p99', 'max', 'done/sent', 'non2xx/err/timeout', ''], throughputRows));
  const embRps = embedded?.list?.alone.rps;
  const pgRps = postgres?.list?.alone.rps;
  if (embRps !== undefined && pgRps !== undefined) {
    out.push(
      `   embedded / postgres throughput: ${x(embRps / pgRps)}   p99 embedded / postgres: ${x(ratio(embedded!.list!.alone.p99Ms, postgres!.list!.alone.p99Ms))}`,
    );
  }
  out.push('');
  out.push('2–3. Alone vs while `select k, count(*), sum(v) from bench_rows group by k` (1,000,000 rows) runs back to back on the same database,');
  out.push(
    `     either as one statement or in key-range slices of ${SLICE_ROWS} rows (packages/server/src/db/key-slices.ts, how the platform runs heavy reads)`,
  );
  const rows: string[][] = [];
  for (const r of [embedded, postgres, naive]) {
    if (!r) continue;
    for (const [label, item] of [
      ['list, one statement', r.list],
      ['list, sliced', r.listSliced],
      [r.target === 'naive' ? 'no-db route' : 'openapi.json (no db)', r.noDb],
    ] as const) {
      if (!item && label === 'list, sliced') continue;
      const target = r.target === 'embedded' && label === 'list, sliced' ? `≤ ${TARGET_RATIO}×` : 'ref';
      const met = target === 'ref' || !item ? '' : item.p99Ratio <= TARGET_RATIO ? 'MET' : 'NOT MET';
      rows.push([
        r.target,
        label,
        f0(item?.alone.rps),
        f0(item?.during.rps),
        f1(item?.alone.p50Ms),
        f1(item?.during.p50Ms),
        f1(item?.alone.p99Ms),
        f1(item?.during.p99Ms),
        x(item?.p99Ratio),
        target,
        met,
        item ? `${item.aggregation.iterations} × ${f0(item.aggregation.meanMs)} ms` : r.error ? 'ERROR' : '—',
        doneOfSent(item?.during),
        failures(item?.during),
      ]);
    }
  }
  out.push(
    table(
      [
        'server',
        'route',
        'rps alone',
        'rps agg',
        'p50 alone',
        'p50 agg',
        'p99 alone',
        'p99 agg',
        'p99 ratio',
        'target',
        'met',
        'aggregations (mean)',
        'done/sent agg',
        'non2xx/err/to agg',
      ],
      rows,
      2,
    ),
  );
  const embList = embedded?.list?.p99Ratio;
  const naiveList = naive?.list?.p99Ratio;
  const embNoDb = embedded?.noDb?.p99Ratio;
  const naiveNoDb = naive?.noDb?.p99Ratio;
  out.push('');
  out.push('   Against the naive baseline of this run (ratio of p99 ratios; > 1 means the naive server degrades more):');
  out.push(`   list: naive ${x(naiveList)} vs embedded ${x(embList)} → ${embList !== undefined && naiveList !== undefined ? x(naiveList / embList) : '—'}`);
  const embSliced = embedded?.listSliced?.p99Ratio;
  out.push(
    `   list, embedded with the aggregation sliced: ${x(embSliced)} → ${embSliced !== undefined && naiveList !== undefined ? x(naiveList / embSliced) : '—'} better than naive`,
  );
  out.push(
    `   route without database: naive ${x(naiveNoDb)} vs embedded ${x(embNoDb)} → ${embNoDb !== undefined && naiveNoDb !== undefined ? x(naiveNoDb / embNoDb) : '—'}`,
  );
  out.push('   done/sent: responses received / requests sent in the measured run. Latencies cover received responses only;');
  out.push('   requests still waiting when a run ends are not in them, so few "done" means the p50/p99 shown understate the wait.');
  out.push(`   ∞: no response at all in ${SECONDS} s.`);
  for (const r of results) if (r.error) out.push(`   ${r.target}: ERROR ${r.error}`);
  out.push('');
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  out.push(
    `machine load average (1/5/15 min): ${load(loadAtStart)} before the bench, ${load(os.loadavg())} at the end (includes the bench itself); other work on the machine skews these figures`,
  );
  out.push(
    `setup: ${results
      .map(
        (r) =>
          `${r.target} ${Object.entries(r.setup)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
      )
      .join('; ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return out.join('\n');
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, packagesDirty: dirty };
  } catch {
    return { commit: null, packagesDirty: null };
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(ROOT, 'packages/server/dist/cli.js'))) {
    console.error('bench: packages/server is not built; run `npm run build` (or `npx tsc -b packages/server`) first.');
    return 2;
  }
  log(`BENCH_SECONDS=${SECONDS}, warm-up ${WARMUP_SECONDS} s, ${CONNECTIONS} connections`);
  const results: TargetResult[] = [];
  results.push(await section('embedded', () => benchDuikou('embedded')));
  results.push(await section('postgres', () => benchDuikou('postgres')));
  results.push(await section('naive', benchNaive));

  console.log(report(results));
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const embeddedList = results.find((r) => r.target === 'embedded')?.listSliced;
  const json = {
    at: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    environment: {
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      ...gitInfo(),
    },
    settings: {
      benchSeconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      listPath: LIST_PATH,
      noDbPath: NODB_PATH,
      naiveListPath: NAIVE_LIST_PATH,
      naiveNoDbPath: NAIVE_NODB_PATH,
    },
    target: {
      embeddedListP99RatioSliced: {
        max: TARGET_RATIO,
        value: embeddedList?.p99Ratio ?? null,
        met: embeddedList ? embeddedList.p99Ratio <= TARGET_RATIO : null,
      },
    },
    results,
  };
  fs.writeFileSync(
    path.join(outDir, 'latest.json'),
    `${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : 'infinite: no response completed') : v), 2)}\n`,
  );
  log(`wrote ${path.relative(ROOT, path.join(outDir, 'latest.json'))}`);
  return results.some((r) => r.error) ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping children and cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  const problems = await runCleanups();
  if (problems.length > 0) {
    console.error(`clean-up problems: ${problems.join('; ')}`);
    code = 1;
  }
}
process.exit(code);
