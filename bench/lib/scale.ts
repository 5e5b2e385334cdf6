// Section "scale": the dashboard and the task list at reference scale on PostgreSQL.
//
// A fresh database on the local PostgreSQL server; `duikou start` on it; the default plan
// imported and published and quarterly periods 2025–2027 created through the API; then 100,000
// tasks and 1,000,000 progress reports seeded in bulk with SQL (scale-seed.ts), the summaries
// rebuilt with `duikou stats rebuild`, ANALYZE. Measured with autocannon (SCALE_CONNECTIONS):
// the dashboard and the task list, as the system administrator and as a county reporter; the
// baseline is the raw aggregation the dashboard replaces, timed directly in the same run; the SQL
// shapes behind both endpoints are timed with EXPLAIN (ANALYZE, BUFFERS) to show where time goes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type LoadFigures, measure, percentile } from './load.js';
import { freePort, makeTempDir, onCleanup, startChild, waitForExit, waitForHttp } from './processes.js';
import {
  BASELINE_ADMIN,
  BASELINE_COUNTY,
  dashboardShapes,
  type ExplainResult,
  explain,
  type ScopeParams,
  type Shape,
  taskOffsetPageShape,
  taskOrderShape,
  taskPageRowsShape,
} from './scale-queries.js';
import { type SeedCounts, seedScale } from './scale-seed.js';
import { runThinkTimeClients } from './think-time.js';

export const SCALE_CONNECTIONS = 50;
/** Mean pause of a client with think time between an answer and its next request. */
export const THINK_MS = 100;
export const DASHBOARD_P95_TARGET_MS = 100;
export const TASKS_P99_TARGET_MS = 50;
const BASELINE_RUNS = 20;
const PASSWORD = 'Bench#Pass2026x';
/** How long to wait for the server's statements left over from a load run before the next one. */
const DRAIN_MAX_MS = 120_000;

export interface ScaleSettings {
  root: string;
  pgAdminUrl: string;
  seconds: number;
  warmupSeconds: number;
  log: (message: string) => void;
}

export interface ScaleLoad {
  /** 'units': the cheapest list of the platform at the same concurrency, a reference without a target. */
  endpoint: 'dashboard' | 'tasks' | 'units';
  as: 'admin' | 'county';
  /** The filter of the task list ('' for none). */
  filter: string;
  /** Pages requested, for the task list: the first and last page of the filtered list. */
  pages?: { from: number; to: number; total: number };
  load: LoadFigures;
  /** The same route requested one at a time (no concurrency): what one request costs without queueing. */
  sequential: { runs: number; medianMs: number | null; maxMs: number | null };
  target: { metric: 'p95' | 'p99'; maxMs: number; met: boolean | null } | null;
  /** Seconds the server needed after the run to finish requests autocannon had given up on. */
  drainMs: number;
  /** Set for clients with think time (bench/lib/think-time.ts): the mean pause before each next request. */
  meanThinkMs?: number;
  /** Task changes made through the API during the run (each one invalidates the pair's cached reads). */
  writesPerSecond?: number;
  writes?: number;
}

/** The price of a change: the first request after it recomputes what the cache held. */
export interface AfterChange {
  endpoint: 'dashboard' | 'tasks';
  as: 'admin' | 'county';
  /** Latency of the first request after a task change (ms), one per change. */
  firstMs: number[];
  /** Latency of the request right after that one (ms). */
  nextMs: number[];
}

export interface ScaleResult {
  description: string;
  setup: Record<string, number | string>;
  counts?: SeedCounts & { taskStats: number; taskStatMarks: number };
  seedSteps?: { label: string; ms: number; rows: number | null }[];
  county?: { unitId: string; name: string; leadTasks: number; tasksInScope: number };
  baseline?: { adminMedianMs: number; adminP95Ms: number; countyMedianMs: number; countyP95Ms: number; runs: number };
  loads: ScaleLoad[];
  /** Dashboard p50 under load (and one request at a time) / the baseline's median, per caller. */
  dashboardToBaseline?: { admin: number | null; county: number | null; adminOneAtATime: number | null; countyOneAtATime: number | null };
  /** What a deep page cost before the list order was cached: OFFSET page and count, timed directly. */
  listBaseline?: { adminMedianMs: number; countyMedianMs: number; offset: number; runs: number };
  /** Task list p50 under load / the list baseline's median, per caller (no filter). */
  tasksToBaseline?: { admin: number | null; county: number | null };
  afterChange?: AfterChange[];
  explain: ExplainResult[];
  pgStatStatements: { available: boolean; reason?: string; top?: { query: string; calls: number; meanMs: number; totalMs: number }[] };
  error?: string;
}

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

async function api<T>(origin: string, session: Session | null, method: 'GET' | 'POST' | 'PATCH', route: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(origin + route, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function login(origin: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`login ${username}: HTTP ${response.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { csrfToken: string; user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('duikou_session='));
  if (!cookie) throw new Error(`login ${username} set no duikou_session cookie`);
  return { cookie, csrf: body.csrfToken, userId: body.user.id };
}

/** Waits until no statement of the server is running on the database (bounded). */
async function drain(client: pg.Client, database: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < DRAIN_MAX_MS) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'`,
      [database],
    );
    if ((rows[0]?.n ?? 0) === 0) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server still had statements running ${DRAIN_MAX_MS / 1000} s after the load stopped`);
}

async function timeSql(client: pg.Client, text: string, values: unknown[], runs: number): Promise<number[]> {
  await client.query(text, values); // warm the cache and the plan
  const durations: number[] = [];
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < runs && Date.now() < deadline; i++) {
    const started = performance.now();
    await client.query(text, values);
    durations.push(performance.now() - started);
  }
  return durations.sort((a, b) => a - b);
}

/** Requests one after the other (at most 10, at most 15 s): the latency of one request without queueing. */
async function oneAtATime(origin: string, cookie: string, nextPath: () => string): Promise<ScaleLoad['sequential']> {
  const durations: number[] = [];
  const deadline = Date.now() + 15_000;
  while (durations.length < 10 && Date.now() < deadline) {
    const started = performance.now();
    const response = await fetch(origin + nextPath(), { headers: { cookie }, signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${response.url}: HTTP ${response.status}`);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { runs: durations.length, medianMs: percentile(durations, 50), maxMs: durations[durations.length - 1] ?? null };
}

/** Pages 1…last in a fixed order that spreads over the whole range (golden-ratio steps). */
function pageCycle(lastPage: number): () => number {
  let i = 0;
  return () => {
    i++;
    return 1 + Math.floor(((i * 0.6180339887498949) % 1) * lastPage);
  };
}

export function newScaleResult(): ScaleResult {
  return {
    description: 'duikou start, DATABASE_URL → PostgreSQL server; 100,000 tasks, 1,000,000 progress reports',
    setup: {},
    loads: [],
    explain: [],
    pgStatStatements: { available: false },
  };
}

/** Fills `result` as it goes, so a failure part-way still reports what was measured. */
export async function benchScale(settings: ScaleSettings, result: ScaleResult): Promise<ScaleResult> {
  const { root, log } = settings;
  const sectionStarted = Date.now();
  const dbName = `duikou_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: settings.pgAdminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  onCleanup(`drop database ${dbName}`, async () => {
    const dropper = new pg.Client({ connectionString: settings.pgAdminUrl });
    await dropper.connect();
    try {
      await dropper.query(`drop database if exists ${dbName} with (force)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(settings.pgAdminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  result.setup.database = dbName;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DUIKOU_ADMIN_PASSWORD: PASSWORD,
    DUIKOU_DATA_DIR: makeTempDir('duikou-bench-scale-'),
    LOG_LEVEL: 'warn',
    DUIKOU_JOB_INTERVAL_MINUTES: '0',
  };
  log(`scale: starting duikou on ${origin} (database ${dbName})`);
  let t = Date.now();
  // BENCH_SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (to see where a request's time goes).
  const profile = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  const server = startChild('duikou (scale)', process.execPath, [...profile, path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
  result.setup.startMs = Date.now() - t;

  // Through the API: plan, publication, report periods.
  t = Date.now();
  const adminSession = await login(origin, 'admin', PASSWORD);
  const pairs = await api<{ items: { id: string; code: string }[] }>(origin, adminSession, 'GET', '/api/v1/pairs');
  const pairId = pairs.items[0]?.id;
  if (!pairId) throw new Error('no pair seeded');
  const planText = fs.readFileSync(path.join(root, 'packages/domain/data/plans/shenzhen-ganzhou.txt'), 'utf8');
  const imported = await api<{ version: { id: string; planId: string } }>(origin, adminSession, 'POST', '/api/v1/plans/import', {
    pairId,
    source: { text: planText },
  });
  const planId = imported.version.planId;
  await api(origin, adminSession, 'POST', `/api/v1/plan-versions/${imported.version.id}/publish`, {});
  const periods = await api<{ items: { id: string; startsOn: string }[] }>(origin, adminSession, 'POST', `/api/v1/plans/${planId}/report-periods`, {
    kind: 'quarterly',
    from: '2025-01-01',
    to: '2027-12-31',
    dueDays: 10,
  });
  result.setup.apiSetupMs = Date.now() - t;
  result.setup.planId = planId;
  result.setup.periods = periods.items.length;
  log(`scale: plan ${planId} published, ${periods.items.length} quarterly periods (${result.setup.apiSetupMs} ms)`);

  const client = new pg.Client({ connectionString: databaseUrl, statement_timeout: 300_000 });
  client.on('error', () => undefined);
  await client.connect();
  let clientEnded = false;
  const endClient = async () => {
    if (clientEnded) return;
    clientEnded = true;
    await client.end().catch(() => undefined);
  };
  onCleanup('close the scale bench client', endClient);

  log('scale: seeding 100,000 tasks and 1,000,000 progress reports');
  t = Date.now();
  const seeded = await seedScale(client, { pairId, planId, adminUserId: adminSession.userId }, log);
  result.setup.seedMs = Date.now() - t;
  result.seedSteps = seeded.steps;
  log(`scale: seeded in ${result.setup.seedMs} ms`);

  t = Date.now();
  const rebuild = startChild('duikou stats rebuild', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'stats', 'rebuild'], env, root);
  await waitForExit(rebuild, 600_000);
  result.setup.statsRebuildMs = Date.now() - t;
  log(`scale: stats rebuild in ${result.setup.statsRebuildMs} ms: ${rebuild.tail().split('\n').join(' | ')}`);
  t = Date.now();
  // What autovacuum does after a bulk load: statistics, and the visibility map that lets the list
  // order be read from the index alone.
  await client.query('vacuum (analyze)');
  result.setup.analyzeMs = Date.now() - t;
  const count = async (sql: string) => Number((await client.query(sql)).rows[0]?.n ?? 0);
  result.counts = {
    ...seeded.counts,
    taskStats: await count('select count(*)::int as n from task_stats'),
    taskStatMarks: await count('select count(*)::int as n from task_stat_marks'),
  };
  log(`scale: ${JSON.stringify(result.counts)}`);

  // The county reporter: the county leading the most tasks.
  const [county] = (
    await client.query(
      `select u.id, u.name, count(*) filter (where tu.role = 'lead')::int as lead, count(*)::int as all_tasks
       from task_units tu join units u on u.id = tu.unit_id where u.pair_id = $1 and u.type = 'county'
       group by u.id, u.name order by 3 desc, 2 limit 1`,
      [pairId],
    )
  ).rows as { id: string; name: string; lead: number; all_tasks: number }[];
  if (!county) throw new Error('no county leads any task');
  result.county = { unitId: county.id, name: county.name, leadTasks: county.lead, tasksInScope: county.all_tasks };
  const username = `bench-county-${randomBytes(3).toString('hex')}`;
  await api(origin, adminSession, 'POST', '/api/v1/users', {
    username,
    displayName: `${county.name}填报员（基准测试）`,
    unitId: county.id,
    password: PASSWORD,
    mustChangePassword: false,
    roles: [{ role: 'unit_reporter', scope: 'unit', unitId: county.id }],
  });
  const countySession = await login(origin, username, PASSWORD);
  log(`scale: county reporter ${username} for ${county.name} (${county.lead} tasks led, ${county.all_tasks} in scope)`);

  // pg_stat_statements, when the server preloads it (it cannot be used otherwise).
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select pg_stat_statements_reset()');
    result.pgStatStatements = { available: true };
  } catch (error) {
    result.pgStatStatements = { available: false, reason: error instanceof Error ? error.message : String(error) };
    log(`scale: pg_stat_statements not usable (${result.pgStatStatements.reason}); using EXPLAIN of the same SQL shapes instead`);
  }

  // Baseline: the raw aggregation the dashboard replaces, on a quiet database.
  const adminBase = await timeSql(client, BASELINE_ADMIN, [planId], BASELINE_RUNS);
  const countyBase = await timeSql(client, BASELINE_COUNTY, [planId, county.id], BASELINE_RUNS);
  result.baseline = {
    adminMedianMs: percentile(adminBase, 50)!,
    adminP95Ms: percentile(adminBase, 95)!,
    countyMedianMs: percentile(countyBase, 50)!,
    countyP95Ms: percentile(countyBase, 95)!,
    runs: adminBase.length,
  };
  log(`scale: baseline aggregation median admin ${result.baseline.adminMedianMs.toFixed(1)} ms, county ${result.baseline.countyMedianMs.toFixed(1)} ms`);

  const sessions = { admin: adminSession, county: countySession };
  // Tasks to change during the "after a change" and "under writes" runs: in the county's scope,
  // so that both the office's and the county's cached reads are invalidated by each change.
  const changeable = (
    await client.query(`select task_id from task_units where unit_id = $1 and role = 'lead' order by task_id limit 50`, [county.id])
  ).rows.map((r: { task_id: string }) => r.task_id);
  let changes = 0;
  /**
   * One task change through the API, as the office makes it (audited, summaries kept, caches told):
   * four in five change the progress (the task keeps its place in every list), one in five the
   * due date (the task moves, and the list orders are rebuilt).
   */
  const changeATask = async () => {
    changes++;
    const id = changeable[changes % changeable.length]!;
    const body =
      changes % 5 === 0
        ? { dueOn: `2027-${String((changes % 6) + 7).padStart(2, '0')}-${String((changes % 27) + 1).padStart(2, '0')}` }
        : { progress: changes % 100 };
    await api(origin, adminSession, 'PATCH', `/api/v1/tasks/${id}`, body);
  };
  const startWriter = (perSecond: number) => {
    let stopped = false;
    let writes = 0;
    const done = (async () => {
      while (!stopped) {
        const started = Date.now();
        await changeATask();
        writes++;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / perSecond - (Date.now() - started))));
      }
      return writes;
    })();
    return {
      stop: () => {
        stopped = true;
      },
      done,
    };
  };
  const loadRun = async (
    endpoint: ScaleLoad['endpoint'],
    as: ScaleLoad['as'],
    filter: string,
    target: { metric: 'p95' | 'p99'; maxMs: number } | null,
    route: string,
    nextPath?: () => string,
    pages?: ScaleLoad['pages'],
    { writesPerSecond = 0, meanThinkMs }: { writesPerSecond?: number; meanThinkMs?: number } = {},
  ) => {
    await drain(client, dbName);
    const sequential = await oneAtATime(origin, sessions[as].cookie, nextPath ?? (() => route));
    await drain(client, dbName);
    const writer = writesPerSecond > 0 ? startWriter(writesPerSecond) : null;
    const headers = { cookie: sessions[as].cookie };
    const load = await (meanThinkMs
      ? runThinkTimeClients({
          origin,
          headers,
          clients: SCALE_CONNECTIONS,
          meanThinkMs,
          seconds: settings.seconds,
          warmupSeconds: settings.warmupSeconds,
          nextPath: nextPath ?? (() => route),
        })
      : measure(origin + route, headers, settings.seconds, settings.warmupSeconds, { connections: SCALE_CONNECTIONS, nextPath })
    ).finally(() => writer?.stop());
    const writes = writer ? await writer.done : undefined;
    const drainMs = await drain(client, dbName);
    const value = target?.metric === 'p95' ? load.p95Ms : load.p99Ms;
    // No response at all within the run means every latency exceeded it: the target is missed.
    const noneCompleted = load.totalRequests === 0 && load.sent > 0;
    const item: ScaleLoad = {
      endpoint,
      as,
      filter,
      ...(pages ? { pages } : {}),
      load,
      sequential,
      target: target && { ...target, met: noneCompleted ? false : value === null || value === undefined ? null : value < target.maxMs },
      drainMs,
      ...(writer ? { writesPerSecond, writes } : {}),
      ...(meanThinkMs ? { meanThinkMs } : {}),
    };
    result.loads.push(item);
    log(
      `  ${endpoint} as ${as}${filter ? ` (${filter})` : ''}: one at a time median ${sequential.medianMs?.toFixed(0)} ms; ${SCALE_CONNECTIONS} ${meanThinkMs ? `clients thinking ${meanThinkMs} ms on average` : 'connections'} ${load.rps.toFixed(1)} req/s, p50 ${load.p50Ms} ms, p95 ${load.p95Ms} ms, p99 ${load.p99Ms} ms, ${load.totalRequests}/${load.sent} done/sent${drainMs > 1000 ? `, drained ${drainMs} ms` : ''}`,
    );
    return item;
  };

  // Reference: the platform's cheapest database route at the same concurrency (what 50 closed-loop
  // connections cost on this machine whatever the endpoint does).
  log(`scale: reference, GET /api/v1/units at ${SCALE_CONNECTIONS} connections`);
  await loadRun('units', 'admin', '', null, '/api/v1/units?pageSize=20&page=2');

  log(`scale: dashboard, ${SCALE_CONNECTIONS} connections`);
  const dashboardRoute = `/api/v1/dashboard?planId=${planId}`;
  for (const as of ['admin', 'county'] as const) {
    await loadRun('dashboard', as, '', { metric: 'p95', maxMs: DASHBOARD_P95_TARGET_MS }, dashboardRoute);
  }
  const dashboardOf = (as: 'admin' | 'county') => result.loads.find((l) => l.endpoint === 'dashboard' && l.as === as);
  const over = (value: number | null | undefined, base: number) => (value === null || value === undefined ? null : value / base);
  result.dashboardToBaseline = {
    admin: over(dashboardOf('admin')?.load.p50Ms, result.baseline.adminMedianMs),
    county: over(dashboardOf('county')?.load.p50Ms, result.baseline.countyMedianMs),
    adminOneAtATime: over(dashboardOf('admin')?.sequential.medianMs, result.baseline.adminMedianMs),
    countyOneAtATime: over(dashboardOf('county')?.sequential.medianMs, result.baseline.countyMedianMs),
  };
  let statementsTop: ScaleResult['pgStatStatements']['top'];
  if (result.pgStatStatements.available) {
    statementsTop = (
      await client.query(
        `select left(regexp_replace(query, '\\s+', ' ', 'g'), 200) as query, calls::int, mean_exec_time as mean, total_exec_time as total
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
         order by total_exec_time desc limit 8`,
      )
    ).rows.map((r: { query: string; calls: number; mean: number; total: number }) => ({ query: r.query, calls: r.calls, meanMs: r.mean, totalMs: r.total }));
    result.pgStatStatements.top = statementsTop;
  }

  log(`scale: task list, ${SCALE_CONNECTIONS} connections`);
  const filters: { label: string; query: string; light?: string; articleNo?: string }[] = [
    { label: '', query: '' },
    { label: 'light=red', query: '&light=red', light: 'red' },
    { label: 'articleNo=六', query: `&articleNo=${encodeURIComponent('六')}`, articleNo: '六' },
  ];
  const listTotals: Record<string, number> = {};
  for (const as of ['admin', 'county'] as const) {
    for (const filter of filters) {
      const first = await api<{ total: number }>(origin, sessions[as], 'GET', `/api/v1/tasks?pageSize=20&page=1${filter.query}`);
      const lastPage = Math.max(1, Math.ceil(first.total / 20));
      listTotals[`${as}${filter.query}`] = first.total;
      const next = pageCycle(lastPage);
      await loadRun(
        'tasks',
        as,
        filter.label,
        { metric: 'p99', maxMs: TASKS_P99_TARGET_MS },
        `/api/v1/tasks?pageSize=20&page=1${filter.query}`,
        () => `/api/v1/tasks?pageSize=20&page=${next()}${filter.query}`,
        { from: 1, to: lastPage, total: first.total },
      );
    }
  }

  // The same deep pages while the office changes a task every second: each change invalidates the
  // pair's cached list orders and dashboards, in this process and (NOTIFY) in any other.
  {
    const total = listTotals.admin ?? 0;
    const next = pageCycle(Math.max(1, Math.ceil(total / 20)));
    log('scale: task list while a task changes every second');
    await loadRun(
      'tasks',
      'admin',
      'none, 1 change/s',
      { metric: 'p99', maxMs: TASKS_P99_TARGET_MS },
      '/api/v1/tasks?pageSize=20&page=1',
      () => `/api/v1/tasks?pageSize=20&page=${next()}`,
      { from: 1, to: Math.ceil(total / 20), total },
      { writesPerSecond: 1 },
    );
  }

  // Clients with think time: 50 clients that each pause THINK_MS on average (exponentially, each
  // on its own) between an answer and their next request: a busy page of a busy user, far more
  // than a person clicks. The closed-loop runs above show where one process saturates; these,
  // the latency such clients see.
  log(`scale: ${SCALE_CONNECTIONS} clients thinking ${THINK_MS} ms on average`);
  for (const as of ['admin', 'county'] as const) {
    await loadRun('dashboard', as, `think ${THINK_MS} ms`, { metric: 'p95', maxMs: DASHBOARD_P95_TARGET_MS }, dashboardRoute, undefined, undefined, {
      meanThinkMs: THINK_MS,
    });
  }
  for (const as of ['admin', 'county'] as const) {
    for (const writesPerSecond of as === 'admin' ? [0, 1] : [0]) {
      const total = listTotals[as] ?? 0;
      const next = pageCycle(Math.max(1, Math.ceil(total / 20)));
      await loadRun(
        'tasks',
        as,
        `none, think ${THINK_MS} ms${writesPerSecond ? ', 1 change/s' : ''}`,
        { metric: 'p99', maxMs: TASKS_P99_TARGET_MS },
        '/api/v1/tasks?pageSize=20&page=1',
        () => `/api/v1/tasks?pageSize=20&page=${next()}`,
        { from: 1, to: Math.ceil(total / 20), total },
        { meanThinkMs: THINK_MS, writesPerSecond },
      );
    }
  }

  // The price of a change: the first request after one recomputes what was cached (every change
  // here moves the task: a new due date).
  log('scale: the first request after a change');
  await drain(client, dbName);
  result.afterChange = [];
  const afterChangeRoutes: { endpoint: AfterChange['endpoint']; as: AfterChange['as']; route: string }[] = [
    { endpoint: 'dashboard', as: 'admin', route: dashboardRoute },
    { endpoint: 'dashboard', as: 'county', route: dashboardRoute },
    { endpoint: 'tasks', as: 'admin', route: `/api/v1/tasks?pageSize=20&page=${Math.max(1, Math.floor((listTotals.admin ?? 0) / 40))}` },
    { endpoint: 'tasks', as: 'county', route: `/api/v1/tasks?pageSize=20&page=${Math.max(1, Math.floor((listTotals.county ?? 0) / 40))}` },
  ];
  for (const target of afterChangeRoutes) {
    const item: AfterChange = { endpoint: target.endpoint, as: target.as, firstMs: [], nextMs: [] };
    for (let i = 0; i < 5; i++) {
      changes = Math.ceil((changes + 1) / 5) * 5 - 1;
      await changeATask();
      for (const into of [item.firstMs, item.nextMs]) {
        const started = performance.now();
        const response = await fetch(origin + target.route, { headers: { cookie: sessions[target.as].cookie }, signal: AbortSignal.timeout(60_000) });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET ${target.route}: HTTP ${response.status}`);
        into.push(performance.now() - started);
      }
    }
    result.afterChange.push(item);
    log(
      `  ${target.endpoint} as ${target.as}: first request after a change median ${percentile(
        [...item.firstMs].sort((a, b) => a - b),
        50,
      )?.toFixed(0)} ms, the next ${percentile(
        [...item.nextMs].sort((a, b) => a - b),
        50,
      )?.toFixed(1)} ms`,
    );
  }

  // What a deep page cost before the order was cached: the OFFSET page and the count, timed directly.
  {
    const adminOffset = Math.floor((listTotals.admin ?? 0) / 2 / 20) * 20;
    const countyOffset = Math.floor((listTotals.county ?? 0) / 2 / 20) * 20;
    const adminShape = taskOffsetPageShape('admin', adminOffset, { pairId });
    const countyShape = taskOffsetPageShape('county', countyOffset, { pairId, unitId: county.id });
    const adminRuns = await timeSql(client, adminShape.text, adminShape.values, BASELINE_RUNS);
    const countyRuns = await timeSql(client, countyShape.text, countyShape.values, BASELINE_RUNS);
    result.listBaseline = {
      adminMedianMs: percentile(adminRuns, 50)!,
      countyMedianMs: percentile(countyRuns, 50)!,
      offset: adminOffset,
      runs: adminRuns.length,
    };
    const listOf = (as: 'admin' | 'county') => result.loads.find((l) => l.endpoint === 'tasks' && l.as === as && l.filter === '');
    result.tasksToBaseline = {
      admin: over(listOf('admin')?.load.p50Ms, result.listBaseline.adminMedianMs),
      county: over(listOf('county')?.load.p50Ms, result.listBaseline.countyMedianMs),
    };
    log(
      `scale: list baseline (OFFSET page + count in SQL): admin ${result.listBaseline.adminMedianMs.toFixed(1)} ms, county ${result.listBaseline.countyMedianMs.toFixed(1)} ms`,
    );
  }

  // Where the time goes: the same SQL shapes, EXPLAIN (ANALYZE, BUFFERS), on a quiet database.
  await drain(client, dbName);
  log('scale: EXPLAIN (ANALYZE, BUFFERS) of the SQL shapes behind both endpoints');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const scopeParams: ScopeParams = { planId, pairId, today, periodIds: periods.items.map((p) => p.id) };
  const shapes: Shape[] = [...dashboardShapes(scopeParams), ...dashboardShapes({ ...scopeParams, unitId: county.id })];
  for (const as of ['admin', 'county'] as const) {
    const scope = as === 'admin' ? { pairId } : { pairId, unitId: county.id };
    for (const filter of filters) shapes.push(taskOrderShape(as, { light: filter.light, articleNo: filter.articleNo }, scope));
    const order = taskOrderShape(as, {}, scope);
    const ids = (await client.query(order.text, order.values)).rows.map((r: { id: string }) => r.id);
    const middle = Math.floor(ids.length / 2);
    shapes.push(taskPageRowsShape(as, ids.slice(middle, middle + 20), scope));
  }
  const explainDeadline = Date.now() + 240_000;
  for (const shape of shapes) {
    if (Date.now() > explainDeadline) {
      result.explain.push({ name: shape.name, executionMs: Number.NaN, planningMs: Number.NaN, heaviest: [], plan: [], error: 'skipped: time bound' });
      continue;
    }
    const explained = await explain(client, shape);
    if (!explained.error) explained.plainMs = percentile(await timeSql(client, shape.text, shape.values, 3), 50) ?? undefined;
    result.explain.push(explained);
  }
  const slowest = [...result.explain].sort((a, b) => (b.plainMs ?? 0) - (a.plainMs ?? 0)).slice(0, 3);
  log(`scale: slowest shapes: ${slowest.map((e) => `${e.name} ${e.plainMs?.toFixed(1)} ms (EXPLAIN ANALYZE ${e.executionMs.toFixed(1)} ms)`).join('; ')}`);
  result.setup.sectionMs = Date.now() - sectionStarted;
  await endClient();
  return result;
}
