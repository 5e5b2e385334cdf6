// Duikou benchmark — `npm run bench` (or `node --import tsx bench/run.ts` after a build).
//
// In one run, one target after the other (never two at once):
//   1. embedded  `duikou start` on the embedded database (PGlite on a worker thread, served on a Unix socket)
//   2. postgres  `duikou start` with DATABASE_URL on a fresh database of the local PostgreSQL server
//   3. naive     bench/naive-server.ts: Fastify + PGlite on the same thread (the baseline)
// For each: the list endpoint and a route that never touches the database, alone and then while the
// 1M-row aggregation runs back to back on the same database; autocannon, 10 connections,
// BENCH_SECONDS (default 10) measured after a 2 s warm-up that is not counted.
// Then more sections:
//   4. parser    parsePlan (packages/domain, in a child process) on the default plan and on a ~200-page plan
//   5. scale     `duikou start` on PostgreSQL with 100,000 tasks and 1,000,000 progress reports: the dashboard
//                and the task list at 50 connections, against the raw aggregation the dashboard replaces
//                (bench/lib/scale.ts)
//   6. registries  100,000 projects and 1,000,000 activities on PostgreSQL: a roll-up indicator and
//                filtered registry lists under 50 clients (bench/lib/registries-scale.ts)
//   8. draw      the double-random draw (runDraw) on 1,000,000 entities and 10,000 inspectors, in a child
//                process, against a plain sort + shuffle of the same arrays and the 2 s target (bench/lib/draw.ts)
//   7. web       the web app's first-load JavaScript and the dashboard's time to usable in chromium
//                against the login page (bench/lib/web.ts)
//   9. uploads   `duikou start` (embedded): 6 zip bombs and 6 legitimate 20,000-row registers at once; the
//                process's RSS over idle and the health route's p99 against the same route alone (bench/lib/uploads.ts)
//  11. bulletins `duikou start` on PostgreSQL with 20,000 supervision items and 200,000 events of one city: a
//                year's 情况通报 previewed, drafted and downloaded as Word, against counting the year's events
//                in SQL (bench/lib/bulletins.ts); target: under 2 s
//  12. scoring   考评 at reference scale (20,000 supervision items, 200,000 events of one city over a year, seeded
//                with SQL on PostgreSQL, in a child process through the HTTP app): the year's scores against the 2 s
//                target, and a reply-like write with the scoring hook against the same write without it (bench/scoring-child.ts)
//  10. startup   `npm start` to the first healthy answer: the first start after `npm ci` (build outputs removed,
//                empty data folder) and a second start with nothing changed, against `duikou start` already
//                built on the same data folder; the second start within 2× of it (bench/lib/startup.ts)
// Figures are compared with baselines measured in the same run; targets are printed, never enforced.
// Writes bench/results/latest.json. Environment: BENCH_SECONDS, BENCH_PG_URL (maintenance
// connection to the PostgreSQL server, default postgres://postgres@127.0.0.1:5432/test),
// BENCH_ONLY (comma list of sections to run: embedded, postgres, naive, parser, scale, registries, web, draw, uploads, bulletins, scoring, startup; default all;
// a partial run writes bench/results/partial-<sections>.json, git-ignored, and leaves latest.json alone).
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
import { BULLETIN_EVENTS, BULLETIN_ITEMS, BULLETIN_TARGET_MS, type BulletinsResult, benchBulletins } from './lib/bulletins.js';
import { DRAW_TARGET_MS, type DrawBenchResult } from './lib/draw.js';
import { CONNECTIONS, type LoadFigures, measure, percentile } from './lib/load.js';
import { DEFAULT_PLAN_TARGET_MS, LARGE_PLAN_TARGET_MS, type ParserResult, type ParserTiming } from './lib/parser.js';
import { cleanupMark, freePort, makeTempDir, onCleanup, runCleanups, startChild, waitForExit, waitForHttp } from './lib/processes.js';
import { benchRegistries, type RegistriesResult } from './lib/registries-scale.js';
import { benchScale, DASHBOARD_P95_TARGET_MS, newScaleResult, SCALE_CONNECTIONS, type ScaleLoad, type ScaleResult, TASKS_P99_TARGET_MS } from './lib/scale.js';
import { benchStartup, SECOND_START_MAX_RATIO, type StartupResult } from './lib/startup.js';
import { benchUploads, HEALTH_P99_TARGET_MS, RSS_OVER_IDLE_TARGET_MB, type UploadsResult } from './lib/uploads.js';
import { benchWeb, type WebResult } from './lib/web.js';

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

const SECTIONS = ['embedded', 'postgres', 'naive', 'parser', 'scale', 'registries', 'web', 'draw', 'uploads', 'bulletins', 'scoring', 'startup'] as const;
type SectionName = (typeof SECTIONS)[number];

/** BENCH_ONLY=parser,scale runs only those sections; unset or empty runs them all. */
function sectionsFromEnv(): SectionName[] {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw.trim() === '') return [...SECTIONS];
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return SECTIONS.filter((n) => names.includes(n));
}

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
  const env: Record<string, string> = {
    DUIKOU_DATA_DIR: dataDir,
    DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // The load comes from one address at thousands of requests a second: with the public limit the
    // no-database baseline (openapi.json, a public route) would measure 429 answers.
    DUIKOU_RATE_PUBLIC_PER_MINUTE: '1000000000',
  };
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

/** Runs one section; whatever it registered for clean-up is undone when it ends, failed or not. */
async function guarded<T extends { error?: string }>(name: string, run: () => Promise<T>, failed: (message: string) => T): Promise<T> {
  const mark = cleanupMark();
  let result: T;
  try {
    result = await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name}: FAILED: ${message}`);
    result = failed(message);
  }
  const problems = await runCleanups(mark);
  if (problems.length > 0) {
    log(`${name}: clean-up problems: ${problems.join('; ')}`);
    result.error = [result.error, ...problems.map((p) => `clean-up: ${p}`)].filter(Boolean).join('; ');
  }
  return result;
}

function section(name: TargetName, run: () => Promise<TargetResult>): Promise<TargetResult> {
  return guarded(name, run, (message) => ({ target: name, description: '', setup: {}, error: message }));
}

/** parsePlan in a child process (bounded in time; the parser is synchronous and cannot be interrupted in-process). */
async function benchParserSection(): Promise<ParserResult> {
  const dir = makeTempDir('duikou-bench-parser-');
  const out = path.join(dir, 'parser.json');
  log('parser: parsePlan on the default plan and on a ~200-page plan (child process, tsx, packages/domain/src)');
  const child = startChild('parser', process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/parser-child.ts')], { BENCH_PARSER_OUT: out }, ROOT);
  await waitForExit(child, 300_000);
  for (const line of child.tail().split('\n')) if (line.trim()) log(`  ${line}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ParserResult;
}

/** Section 8: the double-random draw at reference size, in a child process. */
async function benchDrawSection(): Promise<DrawBenchResult> {
  const dir = makeTempDir('duikou-bench-draw-');
  const out = path.join(dir, 'draw.json');
  log('draw: runDraw on 1,000,000 entities and 10,000 inspectors (child process, tsx, packages/domain/src)');
  const child = startChild(
    'draw',
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', path.join(ROOT, 'bench/draw-child.ts')],
    { BENCH_DRAW_OUT: out },
    ROOT,
  );
  await waitForExit(child, 1_200_000);
  for (const line of child.tail().split('\n')) if (line.trim()) log(`  ${line}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as DrawBenchResult;
}

interface ScoringTiming {
  medianMs: number;
  maxMs: number;
  runs: number;
}
interface ScoringWrite {
  withHook: { medianMs: number; p95Ms: number };
  withoutHook: { medianMs: number; p95Ms: number };
  medianRatio: number;
}
interface ScoringBenchResult {
  database?: string;
  setup?: { items: number; events: number; units: number; entries: number; seedMs: number };
  rulesPutMs?: number;
  yearScores?: ScoringTiming;
  quarterScores?: ScoringTiming;
  breakdown?: ScoringTiming;
  exportXlsx?: ScoringTiming;
  yearScoresTarget?: { maxMs: number; met: boolean };
  replyWrite?: ScoringWrite;
  chaseWrite?: ScoringWrite;
  writeTarget?: { maxRatio: number; met: boolean };
  error?: string;
}

/** Section 11: 考评 at reference scale, in a child process on a fresh PostgreSQL database. */
async function benchScoringSection(): Promise<ScoringBenchResult> {
  const dir = makeTempDir('duikou-bench-scoring-');
  const out = path.join(dir, 'scoring.json');
  log('scoring: 20,000 items and 200,000 events of one city (child process, tsx, packages/server/src, PostgreSQL)');
  const child = startChild(
    'scoring',
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/scoring-child.ts')],
    { BENCH_SCORING_OUT: out, DATABASE_URL: PG_ADMIN_URL },
    ROOT,
  );
  await waitForExit(child, 1_200_000);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ScoringBenchResult;
}

function reportScoring(r: ScoringBenchResult, out: string[]) {
  out.push(`11. Scoring (考评): one city, a year, on ${r.database ?? '—'}; through the HTTP app in a child process`);
  if (r.setup) {
    out.push(
      `   setup: ${r.setup.items} items, ${r.setup.events} events over ${r.setup.units} units (seeded in ${f0(r.setup.seedMs)} ms); ${r.setup.entries} score entries`,
    );
  }
  if (r.rulesPutMs !== undefined) out.push(`   PUT the rules (every entry of the year rebuilt from the events, one transaction): ${f0(r.rulesPutMs)} ms`);
  const timing = (name: string, v?: ScoringTiming) => v && out.push(`   ${name}: median ${f1(v.medianMs)} ms, max ${f1(v.maxMs)} ms (${v.runs} runs)`);
  timing("GET …/scores?period=year (the year's ranking)", r.yearScores);
  if (r.yearScoresTarget) out.push(`     target < ${r.yearScoresTarget.maxMs} ms: ${met(r.yearScoresTarget.met)}`);
  timing('GET …/scores?period=quarter', r.quarterScores);
  timing("GET …/breakdown (one unit's year)", r.breakdown);
  timing('GET …/scores.xlsx', r.exportXlsx);
  const write = (name: string, w?: ScoringWrite) =>
    w &&
    out.push(
      `   ${name}: with the hook median ${f1(w.withHook.medianMs)} ms (p95 ${f1(w.withHook.p95Ms)}), without ${f1(w.withoutHook.medianMs)} ms (p95 ${f1(w.withoutHook.p95Ms)}): ${x(w.medianRatio)}`,
    );
  write('a reply (progress step, scores nothing)', r.replyWrite);
  write('a 催办 (chased step, writes an entry)', r.chaseWrite);
  if (r.writeTarget)
    out.push(
      `     target: the hook adds < ${Math.round((r.writeTarget.maxRatio - 1) * 100)} % to a reply (ratio < ${r.writeTarget.maxRatio}): ${met(r.writeTarget.met)}`,
    );
  if (r.error) out.push(`   scoring: ERROR ${r.error}`);
  out.push('');
}

function reportDraw(draw: DrawBenchResult, out: string[]) {
  out.push('8. Double-random draw: runDraw (packages/domain/src via tsx, in a child process), warm runs; ms');
  out.push(
    table(
      [
        'entities',
        'inspectors',
        'drawn',
        'teams',
        'runs',
        'median',
        'p95',
        'baseline',
        'draw/baseline',
        'target',
        'p95/target',
        'met (p95)',
        'verify',
        'identical',
      ],
      draw.timings.map((t) => [
        String(t.entities),
        String(t.inspectors),
        String(t.drawn),
        String(t.teams),
        String(t.runs),
        f0(t.medianMs),
        f0(t.p95Ms),
        f0(t.baselineMedianMs),
        x(t.toBaseline),
        `< ${draw.targetMs}`,
        x(t.p95ToTarget),
        met(t.met),
        f0(t.verifyMs),
        t.verifyIdentical ? 'yes' : 'NO',
      ]),
      0,
    ),
  );
  out.push(`   baseline: copy + comparator sort by id + Fisher–Yates shuffle of the same two arrays (no digests, no avoidance); target < ${DRAW_TARGET_MS} ms`);
  if (draw.error) out.push(`   draw: ERROR ${draw.error}`);
  out.push('');
}

async function scaleSection(): Promise<ScaleResult> {
  const result = newScaleResult();
  return guarded(
    'scale',
    () => benchScale({ root: ROOT, pgAdminUrl: PG_ADMIN_URL, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, log }, result),
    (message) => ({ ...result, error: message }),
  );
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

/** Sections 1–3: the list endpoint alone and next to the 1M-row aggregation. */
function reportInterference(results: TargetResult[], out: string[]) {
  const by = (name: TargetName) => results.find((r) => r.target === name);
  const embedded = by('embedded');
  const postgres = by('postgres');
  const naive = by('naive');
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
}

const met = (value: boolean | null | undefined) => (value === true ? 'MET' : value === false ? 'NOT MET' : '—');
const f2 = (n: number | null | undefined) => (n === undefined || n === null || !Number.isFinite(n) ? '—' : n.toFixed(2));

/** Section 4: the plan parser. */
function reportParser(parser: ParserResult, out: string[]) {
  out.push('4. Plan parser: parsePlan (packages/domain/src via tsx, in a child process), warm runs; ms');
  const rows = [parser.defaultPlan, parser.largePlan, parser.largePlanWithTable]
    .filter((t): t is ParserTiming => t !== undefined)
    .map((t) => [
      t.plan,
      String(t.characters),
      `${t.chapters}/${t.articles}`,
      String(t.warnings),
      String(t.runs),
      f2(t.medianMs),
      f2(t.p95Ms),
      f2(t.maxMs),
      `< ${t.targetMs}`,
      x(t.medianToTarget),
      x(t.p95ToTarget),
      met(t.met),
    ]);
  out.push(
    table(['plan', 'chars', 'chapters/articles', 'warnings', 'runs', 'median', 'p95', 'max', 'target', 'median/target', 'p95/target', 'met (p95)'], rows),
  );
  for (const t of [parser.defaultPlan, parser.largePlan, parser.largePlanWithTable]) if (t?.note) out.push(`   ${t.plan}: ${t.note}`);
  out.push(
    `   targets: default plan < ${DEFAULT_PLAN_TARGET_MS} ms, ~200-page plan (≈300,000 characters) < ${LARGE_PLAN_TARGET_MS} ms, the same with a 500-row task table < ${LARGE_PLAN_TARGET_MS} ms; ratio < 1 meets the target`,
  );
  if (parser.error) out.push(`   parser: ERROR ${parser.error}`);
  out.push('');
}

/** Section 5: dashboard and task list at reference scale. */
function reportScale(scale: ScaleResult, out: string[]) {
  const c = scale.counts;
  out.push(
    `5. Reference scale on PostgreSQL: ${c ? `${c.tasks} tasks (${c.taskUnits} task units, ${c.milestones} milestones, ${c.indicators} indicators), ${c.progressReports} progress reports, ${c.taskStats} summary rows` : 'not seeded'}`,
  );
  out.push(`   autocannon ${SCALE_CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up; latencies in ms`);
  const sec = (v: number | string | undefined) => (typeof v === 'number' ? `${(v / 1000).toFixed(1)} s` : '—');
  const step = (label: string) => scale.seedSteps?.find((st) => st.label === label)?.ms;
  out.push(
    `   setup: server start ${sec(scale.setup.startMs)}, plan import + publish + periods via API ${sec(scale.setup.apiSetupMs)}, bulk seed ${sec(scale.setup.seedMs)} (tasks ${sec(step('tasks'))}, progress_reports ${sec(step('progress_reports'))}), duikou stats rebuild ${sec(scale.setup.statsRebuildMs)}, VACUUM (ANALYZE) ${sec(scale.setup.analyzeMs)}`,
  );
  if (scale.county) {
    out.push(
      `   county reporter: ${scale.county.name} (role unit_reporter, scope unit): leads ${scale.county.leadTasks} tasks, ${scale.county.tasksInScope} tasks in scope (lead or support)`,
    );
  }
  const rows = scale.loads.map((l: ScaleLoad) => {
    const value = l.target?.metric === 'p95' ? l.load.p95Ms : l.load.p99Ms;
    return [
      `GET /api/v1/${l.endpoint}`,
      l.as,
      l.filter || (l.endpoint === 'tasks' ? 'none' : l.endpoint === 'units' ? 'page 2' : ''),
      l.pages ? `1…${l.pages.to} (${l.pages.total})` : '',
      f1(l.sequential.medianMs),
      f1(l.load.rps),
      f1(l.load.p50Ms),
      f1(l.load.p95Ms),
      f1(l.load.p99Ms),
      f1(l.load.maxMs),
      doneOfSent(l.load),
      `${failures(l.load)}${l.writes !== undefined ? ` (${l.writes} changes)` : ''}`,
      l.target ? `${l.target.metric} < ${l.target.maxMs}` : 'reference',
      !l.target ? '' : value === null || value === undefined ? (l.load.totalRequests === 0 ? `> ${SECONDS} s` : '—') : x(value / l.target.maxMs),
      l.target ? met(l.target.met) : '',
    ];
  });
  out.push(
    table(
      [
        'endpoint',
        'as',
        'filter',
        'pages (rows)',
        '1-at-a-time p50',
        'req/s',
        'p50',
        'p95',
        'p99',
        'max',
        'done/sent',
        'non2xx/err/to',
        'target',
        'value/target',
        'met',
      ],
      rows,
      4,
    ),
  );
  const b = scale.baseline;
  if (b) {
    out.push(
      `   baseline, raw aggregation timed directly with pg (median of ${b.runs}, quiet database): admin ${f1(b.adminMedianMs)} ms (p95 ${f1(b.adminP95Ms)}), county ${f1(b.countyMedianMs)} ms (p95 ${f1(b.countyP95Ms)})`,
    );
    out.push(
      `   dashboard p50 under load / baseline median: admin ${x(scale.dashboardToBaseline?.admin ?? undefined)}, county ${x(scale.dashboardToBaseline?.county ?? undefined)} (< 1: the dashboard answers faster than the one aggregation it replaces)`,
    );
    const alone = (as: 'admin' | 'county') => scale.loads.find((l) => l.endpoint === 'dashboard' && l.as === as)?.sequential.medianMs ?? undefined;
    const adminAlone = alone('admin');
    const countyAlone = alone('county');
    out.push(
      `   dashboard one request at a time / baseline median: admin ${x(adminAlone === undefined ? undefined : adminAlone / b.adminMedianMs)}, county ${x(countyAlone === undefined ? undefined : countyAlone / b.countyMedianMs)}`,
    );
  }
  const lb = scale.listBaseline;
  if (lb) {
    out.push(
      `   list baseline, OFFSET page (offset ${lb.offset} for the office) and count timed directly with pg (median of ${lb.runs}): admin ${f1(lb.adminMedianMs)} ms, county ${f1(lb.countyMedianMs)} ms`,
    );
    out.push(
      `   task list p50 under load / list baseline median: admin ${x(scale.tasksToBaseline?.admin ?? undefined)}, county ${x(scale.tasksToBaseline?.county ?? undefined)} (< 1: a page under load answers faster than the page query it replaces takes alone)`,
    );
  }
  for (const change of scale.afterChange ?? []) {
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      ) ?? undefined;
    out.push(
      `   first request after a task change, ${change.endpoint} as ${change.as}: median ${f1(median(change.firstMs))} ms (max ${f1(Math.max(...change.firstMs))}), the request after it ${f1(median(change.nextMs))} ms (${change.firstMs.length} changes)`,
    );
  }
  const missed = scale.loads.some((l) => l.target?.met === false);
  const timed = scale.explain.filter((e) => Number.isFinite(e.executionMs)).sort((a, b) => (b.plainMs ?? b.executionMs) - (a.plainMs ?? a.executionMs));
  if (timed.length > 0) {
    out.push(
      `   SQL shapes behind the endpoints (bench/lib/scale-queries.ts), run one at a time on a quiet database, slowest first${missed ? ' (a target was missed: where the time goes)' : ''}:`,
    );
    out.push(
      '   plain: median of 3 runs, round trip and row decoding in a node-postgres client included; EXPLAIN: execution time in PostgreSQL under EXPLAIN (ANALYZE, BUFFERS)',
    );
    const shown = missed ? 10 : 5;
    out.push(
      table(
        ['   shape', 'rows', 'plain ms', 'EXPLAIN ms', 'heaviest node (self time)'],
        timed.slice(0, shown).map((e) => [`   ${e.name}`, String(e.rows ?? '—'), f1(e.plainMs), f1(e.executionMs), e.heaviest[0] ?? '']),
        1,
      ),
    );
    const total = (prefix: string) => timed.filter((e) => e.name.startsWith(prefix)).reduce((n, e) => n + (e.plainMs ?? 0), 0);
    for (const as of ['admin', 'county'] as const) {
      const sqlMs = total(`dashboard/${as}`);
      const alone = scale.loads.find((l) => l.endpoint === 'dashboard' && l.as === as)?.sequential.medianMs;
      if (alone === null || alone === undefined) continue;
      out.push(
        `   dashboard as ${as}: ${f1(alone)} ms per request one at a time; its statements with row decoding (sum of the plain times, some run concurrently) ${f1(sqlMs)} ms;` +
          ` the other ${f1(Math.max(0, alone - sqlMs))} ms: ORM mapping, grouping, serializing, HTTP`,
      );
    }
    if (missed) {
      for (const e of timed.slice(0, 3)) {
        out.push(`   ${e.name}: ${f1(e.plainMs)} ms plain, ${f1(e.executionMs)} ms under EXPLAIN; plan:`);
        for (const line of e.plan.slice(0, 24)) out.push(`     ${line}`);
        if (e.plan.length > 24) out.push(`     … ${e.plan.length - 24} more nodes in bench/results/latest.json`);
      }
    }
  }
  const failedExplains = scale.explain.filter((e) => e.error);
  for (const e of failedExplains) out.push(`   EXPLAIN ${e.name}: ${e.error}`);
  if (scale.pgStatStatements.top) {
    out.push('   pg_stat_statements during the dashboard runs (top by total time):');
    for (const st of scale.pgStatStatements.top) out.push(`     ${f0(st.totalMs)} ms total, ${st.calls} calls, mean ${f1(st.meanMs)} ms: ${st.query}`);
  } else {
    out.push(`   pg_stat_statements: not used (${scale.pgStatStatements.reason ?? 'not tried'})`);
  }
  out.push('   done/sent: responses received / requests sent in the measured run; latencies cover received responses only.');
  out.push(
    `   1-at-a-time p50: the same requests one after the other (≤ 10). With ${SCALE_CONNECTIONS} closed-loop connections the mean latency is about ${SCALE_CONNECTIONS} / (req/s),`,
  );
  out.push(
    `   so p95 < ${DASHBOARD_P95_TARGET_MS} ms needs ≳ ${Math.round(SCALE_CONNECTIONS / (DASHBOARD_P95_TARGET_MS / 1000))} req/s and p99 < ${TASKS_P99_TARGET_MS} ms ≳ ${Math.round(SCALE_CONNECTIONS / (TASKS_P99_TARGET_MS / 1000))} req/s from one server process.`,
  );
  if (scale.error) out.push(`   scale: ERROR ${scale.error}`);
  out.push('');
}

interface Report {
  only: SectionName[];
  results: TargetResult[];
  parser?: ParserResult;
  web?: WebResult;
  registries?: RegistriesResult;
  scale?: ScaleResult;
  draw?: DrawBenchResult;
  uploads?: UploadsResult;
  bulletins?: BulletinsResult;
  scoring?: ScoringBenchResult;
  startup?: StartupResult;
}

/** Section 10: `npm start` to a healthy platform, first and second time, against the built server's own start. */
function reportStartup(s: StartupResult, out: string[]) {
  out.push('10. Start-up: time from the command to the first 200 of GET /api/v1/health (embedded database)');
  if (s.first) out.push(`   first \`npm start\` after npm ci (no build outputs, empty data folder): ${f0(s.first.ms)} ms`);
  if (s.second && s.plain) {
    out.push(`   second \`npm start\`, nothing changed: ${s.second.map((r) => f0(r.ms)).join(', ')} ms (median ${f0(s.secondMedianMs ?? Number.NaN)} ms)`);
    out.push(
      `   \`node packages/server/bin/duikou.js start\` (built, same data folder): ${s.plain.map(f0).join(', ')} ms (median ${f0(s.plainMedianMs ?? Number.NaN)} ms)`,
    );
    out.push(
      `   first / plain ${x(s.firstToPlain)}; second / plain ${x(s.secondToPlain)} (target ≤ ${SECOND_START_MAX_RATIO}×: ${s.target?.met ? 'PASS' : 'FAIL'})`,
    );
    const skipped = s.second.at(-1)?.skipped ?? [];
    out.push(`   the second start's build said: ${skipped.length > 0 ? skipped.join(' / ') : 'nothing skipped'}`);
  }
  if (s.error) out.push(`   startup: ERROR ${s.error}`);
  out.push('');
}

/** Section 9: zip bombs and heavy registers at once. */
function reportUploads(u: UploadsResult, out: string[]) {
  out.push('9. Uploads: 6 zip bombs (1 GiB inflated each) and 6 legitimate 20,000-row registers at once, `duikou start` on the embedded database');
  out.push(`   files: bombs ${u.setup.bombBytes ?? '—'} bytes, registers ${u.setup.registerBytes ?? '—'} bytes each`);
  if (u.idleRssMb !== undefined) {
    out.push(
      `   RSS: idle ${u.idleRssMb} MB (after one small import ${u.warmRssMb ?? '—'} MB), peak during the burst ${u.peakRssMb ?? '—'} MB: +${u.rssOverIdleMb ?? '—'} MB over idle (target ≤ ${RSS_OVER_IDLE_TARGET_MB} MB: ${met(u.rssTarget?.met)})`,
    );
  }
  const h = (f: UploadsResult['healthAlone']) => (f ? `p50 ${f1(f.p50Ms)} ms, p99 ${f1(f.p99Ms)} ms, max ${f1(f.maxMs)} ms (${f.samples} requests)` : '—');
  out.push(`   GET /api/v1/health alone: ${h(u.healthAlone)}`);
  out.push(
    `   GET /api/v1/health during the burst: ${h(u.healthDuring)}; p99 during / alone ${x(u.healthP99Ratio ?? undefined)} (target p99 < ${HEALTH_P99_TARGET_MS} ms: ${met(u.healthTarget?.met)})`,
  );
  if (u.outcomes) {
    for (const kind of ['bomb', 'legitimate'] as const) {
      const mine = u.outcomes.filter((o) => o.kind === kind);
      const statuses = [...new Set(mine.map((o) => `${o.status}${o.code ? ` ${o.code}` : ''}`))]
        .map((s) => `${mine.filter((o) => `${o.status}${o.code ? ` ${o.code}` : ''}` === s).length} × ${s}`)
        .join(', ');
      const times = mine.map((o) => o.ms).sort((a, b) => a - b);
      out.push(`   ${kind}: ${statuses}; answered in ${times[0]}–${times.at(-1)} ms${mine[0]?.reason ? ` (e.g. “${mine[0].reason}”)` : ''}`);
    }
    out.push(`   the burst took ${u.burstMs} ms from the first request to the last answer`);
  }
  if (u.error) out.push(`   uploads: ERROR ${u.error}`);
  out.push('');
}

/** Section 7: the web app's first load and the dashboard's time to usable. */
function reportWeb(web: WebResult, out: string[]) {
  out.push('7. Web app');
  if (web.bundle) {
    out.push(
      `   first-load JavaScript (gzipped): login ${web.bundle.firstLoadKb.login} KB, dashboard ${web.bundle.firstLoadKb.dashboard} KB (budget ${web.bundle.budgetKb} KB: ${x(Math.max(web.bundle.firstLoadKb.login, web.bundle.firstLoadKb.dashboard) / web.bundle.budgetKb)}); every chunk ${web.bundle.totalJsKb} KB`,
    );
    const heavy = Object.entries(web.bundle.pagesAddKb)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([page, kb]) => `${page} +${kb} KB`)
      .join(', ');
    out.push(`   heaviest lazy chunks: ${heavy}`);
  }
  if (web.dashboard && web.login) {
    out.push(
      `   dashboard usable (figures on screen) in chromium, cold, ${web.dashboard.runs} runs: median ${f0(web.dashboard.medianMs)} ms, p95 ${f0(web.dashboard.p95Ms)} ms (target ${web.dashboard.targetMs} ms: ${met(web.dashboard.met)}); login page median ${f0(web.login.medianMs)} ms; dashboard / login ${x(web.dashboardToLogin)}`,
    );
    if (web.dashboardWarm) {
      out.push(
        `   dashboard usable, warm (opened again in a new tab, assets cached): median ${f0(web.dashboardWarm.medianMs)} ms, p95 ${f0(web.dashboardWarm.p95Ms)} ms (target ${web.dashboard.targetMs} ms: ${met(web.dashboardWarm.met)}); a blank one-button page in a new context: ${f0(web.blankPageMs ?? Number.NaN)} ms`,
      );
    }
  }
  if (web.skipped) out.push(`   ${web.skipped}`);
  if (web.error) out.push(`   web: ERROR ${web.error}`);
  out.push('');
}

/** Section 11: a year's 情况通报 at reference scale. */
function reportBulletins(b: BulletinsResult, out: string[]) {
  out.push(
    `11. Supervision bulletin (情况通报) of a year on PostgreSQL: ${BULLETIN_ITEMS.toLocaleString()} items, ${BULLETIN_EVENTS.toLocaleString()} events; seed ${f0(Number(b.setup.seedMs))} ms, VACUUM ${f0(Number(b.setup.vacuumMs))} ms`,
  );
  if (b.baseline)
    out.push(
      `   baseline: count(*) of the city's ${b.baseline.events.toLocaleString()} events of the year in SQL, median ${f1(b.baseline.medianMs)} ms (p95 ${f1(b.baseline.p95Ms)})`,
    );
  out.push(
    table(
      ['request', 'runs', 'median', 'p95', '× baseline', 'target', 'met'],
      b.timings.map((x) => [
        x.name,
        String(x.runs),
        f1(x.medianMs),
        f1(x.p95Ms),
        x.ratio === null ? '—' : x.ratio.toFixed(1),
        `p95 < ${x.target.maxMs}`,
        met(x.target.met),
      ]),
    ),
  );
  if (b.totals)
    out.push(
      `   the year's totals: ${Object.entries(b.totals)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (b.error) out.push(`   bulletins: ERROR ${b.error}`);
  out.push('');
}

/** Section 6: registries at reference scale. */
function reportRegistries(r: RegistriesResult, out: string[]) {
  const c = r.counts;
  out.push(`6. Registries at reference scale on PostgreSQL: ${c ? `${c.projects} projects, ${c.activities} activities` : 'not seeded'}`);
  out.push(
    `   setup: bulk seed ${f0(Number(r.setup.seedMs))} ms, indicators computed afresh (duikou stats rebuild) ${f0(Number(r.setup.rollupRebuildMs))} ms, VACUUM ${f0(Number(r.setup.vacuumMs))} ms`,
  );
  out.push(
    table(
      ['request', 'as', 'clients', 'req/s', 'p50', 'p95', 'p99', 'target', 'met'],
      r.loads.map((l) => [
        l.name,
        l.as,
        l.clients,
        f0(l.load.rps),
        f1(l.load.p50Ms),
        f1(l.load.p95Ms),
        f1(l.load.p99Ms),
        `p95 < ${l.target.maxMs}`,
        met(l.target.met),
      ]),
      3,
    ),
  );
  if (r.baseline) {
    out.push(
      `   baseline: the year's study-tour headcount summed from the records in SQL, median ${f1(r.baseline.medianMs)} ms (p95 ${f1(r.baseline.p95Ms)}) = ${r.baseline.value}; the roll-up says ${r.rollupValue}; roll-up p50 under closed-loop load / baseline ${x(r.rollupToBaseline ?? undefined)}`,
    );
  }
  if (r.error) out.push(`   registries: ERROR ${r.error}`);
  out.push('');
}

function report({ only, results, parser, scale, web, registries, draw, uploads, bulletins, scoring, startup }: Report) {
  const out: string[] = [];
  out.push('');
  out.push(`Duikou benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} CPU(s) — sections: ${only.join(', ')}`);
  if (results.length > 0) reportInterference(results, out);
  else out.push('');
  if (parser) reportParser(parser, out);
  if (registries) reportRegistries(registries, out);
  if (web) reportWeb(web, out);
  if (scale) reportScale(scale, out);
  if (draw) reportDraw(draw, out);
  if (uploads) reportUploads(uploads, out);
  if (bulletins) reportBulletins(bulletins, out);
  if (scoring) reportScoring(scoring, out);
  if (startup) reportStartup(startup, out);
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  out.push(
    `machine load average (1/5/15 min): ${load(loadAtStart)} before the bench, ${load(os.loadavg())} at the end (includes the bench itself); other work on the machine skews these figures`,
  );
  if (results.length > 0) {
    out.push(
      `setup: ${results
        .map(
          (r) =>
            `${r.target} ${Object.entries(r.setup)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
        )
        .join('; ')}`,
    );
  }
  out.push(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
  let only: SectionName[];
  try {
    only = sectionsFromEnv();
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const needsServer = only.some((name) => name === 'embedded' || name === 'postgres' || name === 'scale' || name === 'uploads');
  if (needsServer && !fs.existsSync(path.join(ROOT, 'packages/server/dist/cli.js'))) {
    console.error('bench: packages/server is not built; run `npm run build` (or `npx tsc -b packages/server`) first.');
    return 2;
  }
  log(`sections: ${only.join(', ')}; BENCH_SECONDS=${SECONDS}, warm-up ${WARMUP_SECONDS} s, ${CONNECTIONS} connections (scale: ${SCALE_CONNECTIONS})`);
  const results: TargetResult[] = [];
  if (only.includes('embedded')) results.push(await section('embedded', () => benchDuikou('embedded')));
  if (only.includes('postgres')) results.push(await section('postgres', () => benchDuikou('postgres')));
  if (only.includes('naive')) results.push(await section('naive', benchNaive));
  const parser = only.includes('parser') ? await guarded<ParserResult>('parser', benchParserSection, (message) => ({ error: message })) : undefined;
  const registries = only.includes('registries')
    ? await guarded<RegistriesResult>(
        'registries',
        () => benchRegistries({ root: ROOT, pgAdminUrl: PG_ADMIN_URL, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, log }, { setup: {}, loads: [] }),
        (message) => ({ setup: {}, loads: [], error: message }),
      )
    : undefined;
  const web = only.includes('web')
    ? await guarded<WebResult>(
        'web',
        () => benchWeb(ROOT, log),
        (message) => ({ error: message }),
      )
    : undefined;
  const scale = only.includes('scale') ? await scaleSection() : undefined;
  const draw = only.includes('draw')
    ? await guarded<DrawBenchResult>('draw', benchDrawSection, (message) => ({ targetMs: DRAW_TARGET_MS, timings: [], error: message }))
    : undefined;
  const uploads = only.includes('uploads')
    ? await guarded<UploadsResult>(
        'uploads',
        () => benchUploads({ root: ROOT, log }, { setup: {} }),
        (message) => ({ setup: {}, error: message }),
      )
    : undefined;
  const bulletins = only.includes('bulletins')
    ? await guarded<BulletinsResult>(
        'bulletins',
        () => benchBulletins({ root: ROOT, pgAdminUrl: PG_ADMIN_URL, log }, { setup: {}, timings: [] }),
        (message) => ({ setup: {}, timings: [], error: message }),
      )
    : undefined;
  const scoring = only.includes('scoring') ? await guarded<ScoringBenchResult>('scoring', benchScoringSection, (message) => ({ error: message })) : undefined;
  // Last: it removes the build outputs, which `npm start` then builds again.
  const startup = only.includes('startup')
    ? await guarded<StartupResult>(
        'startup',
        () => benchStartup({ root: ROOT, log }, {}),
        (message) => ({ error: message }),
      )
    : undefined;

  console.log(report({ only, results, parser, scale, web, registries, draw, uploads, bulletins, scoring, startup }));
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  // A full run replaces latest.json (kept in git); a BENCH_ONLY run writes beside it and leaves it alone.
  const partial = only.length < SECTIONS.length;
  const outFile = path.join(outDir, partial ? `partial-${only.join('-')}.json` : 'latest.json');
  const embeddedList = results.find((r) => r.target === 'embedded')?.listSliced;
  const dashboardLoads = scale?.loads.filter((l) => l.endpoint === 'dashboard') ?? [];
  const taskLoads = scale?.loads.filter((l) => l.endpoint === 'tasks') ?? [];
  const worst = (loads: ScaleLoad[], metric: 'p95Ms' | 'p99Ms') =>
    loads.length === 0 ? null : Math.max(...loads.map((l) => l.load[metric] ?? Number.POSITIVE_INFINITY));
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
      sections: only,
      scaleConnections: SCALE_CONNECTIONS,
    },
    target: {
      embeddedListP99RatioSliced: {
        max: TARGET_RATIO,
        value: embeddedList?.p99Ratio ?? null,
        met: embeddedList ? embeddedList.p99Ratio <= TARGET_RATIO : null,
      },
      parserDefaultPlanP95Ms: { max: DEFAULT_PLAN_TARGET_MS, value: parser?.defaultPlan?.p95Ms ?? null, met: parser?.defaultPlan?.met ?? null },
      parserLargePlanP95Ms: { max: LARGE_PLAN_TARGET_MS, value: parser?.largePlan?.p95Ms ?? null, met: parser?.largePlan?.met ?? null },
      parserLargePlanWithTableP95Ms: {
        max: LARGE_PLAN_TARGET_MS,
        value: parser?.largePlanWithTable?.p95Ms ?? null,
        met: parser?.largePlanWithTable?.met ?? null,
      },
      uploadsRssOverIdleMb: { max: RSS_OVER_IDLE_TARGET_MB, value: uploads?.rssOverIdleMb ?? null, met: uploads?.rssTarget?.met ?? null },
      uploadsHealthP99Ms: { max: HEALTH_P99_TARGET_MS, value: uploads?.healthDuring?.p99Ms ?? null, met: uploads?.healthTarget?.met ?? null },
      bulletinYearP95Ms: {
        max: BULLETIN_TARGET_MS,
        value: bulletins?.timings[0]?.p95Ms ?? null,
        met: bulletins?.timings.length ? bulletins.timings.every((x) => x.target.met) : null,
      },
      scoringYearScoresMs: { max: 2000, value: scoring?.yearScores?.medianMs ?? null, met: scoring?.yearScoresTarget?.met ?? null },
      scoringReplyWriteRatio: { max: 1.2, value: scoring?.replyWrite?.medianRatio ?? null, met: scoring?.writeTarget?.met ?? null },
      secondStartToPlainStart: { max: SECOND_START_MAX_RATIO, value: startup?.secondToPlain ?? null, met: startup?.target?.met ?? null },
      ...Object.fromEntries(
        (['closedLoop', 'thinkTime'] as const).flatMap((clients) => {
          const paced = (l: ScaleLoad) => (clients === 'thinkTime') === Boolean(l.meanThinkMs);
          const dashboards = dashboardLoads.filter(paced);
          const lists = taskLoads.filter(paced);
          return [
            [
              `dashboardP95MsWorst_${clients}`,
              {
                max: DASHBOARD_P95_TARGET_MS,
                value: worst(dashboards, 'p95Ms'),
                met: dashboards.length ? dashboards.every((l) => l.target?.met === true) : null,
              },
            ],
            [
              `tasksP99MsWorst_${clients}`,
              { max: TASKS_P99_TARGET_MS, value: worst(lists, 'p99Ms'), met: lists.length ? lists.every((l) => l.target?.met === true) : null },
            ],
          ];
        }),
      ),
    },
    results,
    parser: parser ?? null,
    web: web ?? null,
    registries: registries ?? null,
    scale: scale ?? null,
    draw: draw ?? null,
    uploads: uploads ?? null,
    bulletins: bulletins ?? null,
    scoring: scoring ?? null,
    startup: startup ?? null,
  };
  fs.writeFileSync(
    outFile,
    `${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : 'infinite: no response completed') : v), 2)}\n`,
  );
  log(`wrote ${path.relative(ROOT, outFile)}`);
  return results.some((r) => r.error) || parser?.error || scale?.error || draw?.error || uploads?.error || bulletins?.error || scoring?.error || startup?.error
    ? 1
    : 0;
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
