// Section "registries": the registries at reference scale on PostgreSQL — 100,000 projects and
// 1,000,000 activity rows — through the real `duikou start`: a roll-up indicator (GET
// /api/v1/rollups) and filtered registry lists, for the office and for a county reporter, under
// 50 clients with think time and 50 closed-loop connections. The baseline is the aggregation the
// roll-up replaces (summing the headcount of the year's study tours straight from the records),
// timed in the same run.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { type LoadFigures, measure, percentile } from './load.js';
import { freePort, makeTempDir, onCleanup, startChild, waitForExit, waitForHttp } from './processes.js';
import { runThinkTimeClients } from './think-time.js';

export const PROJECTS = 100_000;
export const ACTIVITIES = 1_000_000;
export const REGISTRY_P95_TARGET_MS = 100;
const CLIENTS = 50;
const THINK_MS = 100;
const PASSWORD = 'Bench#Pass2026x';

export interface RegistryLoad {
  name: string;
  as: 'office' | 'county';
  clients: 'think time' | 'closed loop';
  load: LoadFigures;
  target: { maxMs: number; met: boolean | null };
}

export interface RegistriesResult {
  setup: Record<string, number | string>;
  counts?: Record<string, number>;
  baseline?: { medianMs: number; p95Ms: number; runs: number; value: string };
  rollupValue?: string;
  loads: RegistryLoad[];
  /** Roll-up p50 under load / the baseline's median. */
  rollupToBaseline?: number | null;
  error?: string;
}

async function session(origin: string, username: string) {
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
  return { cookie, csrf: body.csrfToken };
}

export async function benchRegistries(
  settings: { root: string; pgAdminUrl: string; seconds: number; warmupSeconds: number; log: (message: string) => void },
  result: RegistriesResult,
): Promise<RegistriesResult> {
  const { root, log } = settings;
  const dbName = `duikou_bench_reg_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: settings.pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  onCleanup(`drop database ${dbName}`, async () => {
    const dropper = new pg.Client({ connectionString: settings.pgAdminUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${dbName} with (force)`).finally(() => dropper.end());
  });
  const url = new URL(settings.pgAdminUrl);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: url.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DUIKOU_ADMIN_PASSWORD: PASSWORD,
    DUIKOU_DATA_DIR: makeTempDir('duikou-bench-registries-'),
    LOG_LEVEL: 'warn',
    DUIKOU_JOB_INTERVAL_MINUTES: '0',
  };
  const server = startChild('duikou (registries)', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
  await session(origin, 'admin');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  onCleanup('close the registries bench client', () => client.end().catch(() => undefined));
  const [pair] = (await client.query(`select id from pairs limit 1`)).rows as { id: string }[];
  const pairId = pair!.id;

  // Bulk seed in SQL, as an import of years of records would leave them. Random choices follow
  // setseed, so each run has the same distribution.
  log(`registries: seeding ${PROJECTS.toLocaleString()} projects and ${ACTIVITIES.toLocaleString()} activities`);
  let t = Date.now();
  await client.query('set synchronous_commit = off');
  await client.query('select setseed(0.2026)');
  await client.query('begin');
  await client.query(
    `create temp table seed_counties on commit drop as
     select (row_number() over (order by u.admin_code))::int - 1 as i, u.id, u.city_id, u.admin_code from units u
     where u.pair_id = $1 and u.type = 'county' and u.admin_code is not null`,
    [pairId],
  );
  const counties = Number((await client.query('select count(*)::int as n from seed_counties')).rows[0].n);
  const [partner] = (await client.query(`select id from cities where pair_id = $1 order by position limit 1`, [pairId])).rows as { id: string }[];
  await client.query(
    `insert into registry_records (id, pair_id, type, unit_id, city_id, title, occurred_on, location_code, stage, data, article_nos, created_at, updated_at)
     select gen_random_uuid(), $1, 'project', c.id, c.city_id, '项目 ' || g, case when s.stage <> '洽谈' then s.signed end, c.admin_code, s.stage,
       jsonb_strip_nulls(jsonb_build_object('name', '项目 ' || g, 'investor', '投资方 ' || g, 'originCityId', $3::text, 'locationCode', c.admin_code,
         'industry', (array['稀土新材料','低空经济','新能源','新能源汽车','电子信息','农业','文旅','基础设施'])[1 + (g % 8)],
         'plannedInvestment', round((random() * 100000)::numeric, 4)::text, 'stage', s.stage,
         'signedOn', case when s.stage <> '洽谈' then s.signed::text end, 'startedOn', case when s.stage in ('开工','投产') then s.signed::text end,
         'producedOn', case when s.stage = '投产' then s.signed::text end, 'ownerUnitId', c.id::text)),
       '{八}', now(), now()
     from (select g, (array['洽谈','签约','开工','投产'])[1 + floor(random() * 4)::int] as stage, '2023-01-01'::date + floor(random() * 1400)::int as signed
           from generate_series(1, $2) g) s
     join seed_counties c on c.i = s.g % ${counties}`,
    [pairId, PROJECTS, partner!.id],
  );
  await client.query(
    `insert into registry_records (id, pair_id, type, unit_id, city_id, title, occurred_on, location_code, data, article_nos, created_at, updated_at)
     select gen_random_uuid(), $1, 'activity', c.id, c.city_id, '活动 ' || g, s.start_on, c.admin_code,
       jsonb_build_object('name', '活动 ' || g, 'activityType', s.kind, 'startOn', s.start_on::text, 'locationCode', c.admin_code,
         'headcount', s.headcount, 'ownerUnitId', c.id::text),
       '{四}', now(), now()
     from (select g, (array['研学','培训班','考察','推介会','干部交流','论坛'])[1 + floor(random() * 6)::int] as kind,
             '2024-01-01'::date + floor(random() * 1095)::int as start_on, 10 + floor(random() * 490)::int as headcount
           from generate_series(1, $2) g) s
     join seed_counties c on c.i = s.g % ${counties}`,
    [pairId, ACTIVITIES],
  );
  await client.query(
    `insert into registry_record_units (record_id, unit_id) select id, unit_id from registry_records where pair_id = $1 and type in ('project','activity')`,
    [pairId],
  );
  await client.query('commit');
  result.setup.seedMs = Date.now() - t;
  log(`registries: seeded in ${result.setup.seedMs} ms`);
  await server.stop();

  t = Date.now();
  const rebuild = startChild('duikou stats rebuild', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'stats', 'rebuild'], env, root);
  await waitForExit(rebuild, 1_200_000);
  result.setup.rollupRebuildMs = Date.now() - t;
  t = Date.now();
  await client.query('vacuum (analyze)');
  result.setup.vacuumMs = Date.now() - t;
  log(`registries: indicators computed afresh in ${result.setup.rollupRebuildMs} ms, vacuum ${result.setup.vacuumMs} ms`);
  const count = async (sql: string) => Number((await client.query(sql, [pairId])).rows[0].n);
  result.counts = {
    projects: await count(`select count(*)::int as n from registry_records where pair_id = $1 and type = 'project'`),
    activities: await count(`select count(*)::int as n from registry_records where pair_id = $1 and type = 'activity'`),
  };

  const restarted = startChild('duikou (registries)', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  await waitForHttp(`${origin}/api/v1/health`, restarted, 120_000);
  const officeSession = await session(origin, 'admin');
  const [xingguo] = (await client.query(`select id from units where pair_id = $1 and admin_code = '360732'`, [pairId])).rows as { id: string }[];
  const username = `bench-reg-${randomBytes(3).toString('hex')}`;
  const created = await fetch(`${origin}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: officeSession.cookie, 'x-csrf-token': officeSession.csrf },
    body: JSON.stringify({
      username,
      displayName: '兴国县填报员',
      unitId: xingguo!.id,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [{ role: 'unit_reporter', scope: 'unit', pairId, unitId: xingguo!.id }],
    }),
  });
  if (!created.ok) throw new Error(`creating the county reporter: ${created.status} ${await created.text()}`);
  const countySession = await session(origin, username);

  // The baseline: what the roll-up replaces, straight from a million records.
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
  const baselineSql = `select coalesce(sum((data->>'headcount')::int), 0)::text as v from registry_records
    where pair_id = $1 and type = 'activity' and data @> '{"activityType":"研学"}' and occurred_on between $2::date and $3::date`;
  const runs: number[] = [];
  let value = '';
  for (let i = 0; i < 12; i++) {
    const started = performance.now();
    value = (await client.query(baselineSql, [pairId, `${year}-01-01`, `${year}-12-31`])).rows[0].v as string;
    if (i > 1) runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  result.baseline = { medianMs: percentile(runs, 50)!, p95Ms: percentile(runs, 95)!, runs: runs.length, value };
  const rollups = (await (await fetch(`${origin}/api/v1/rollups?pairId=${pairId}`, { headers: { cookie: officeSession.cookie } })).json()) as {
    items: { key: string; value: string }[];
  };
  result.rollupValue = rollups.items.find((r) => r.key === 'study-tour-headcount')?.value;
  log(`registries: baseline aggregation ${result.baseline.medianMs.toFixed(1)} ms (${value}); the roll-up says ${result.rollupValue}`);
  // A seed without this year's study tours, or a roll-up that disagrees with the records, measures nothing.
  if (Number(value) === 0) throw new Error(`the seed has no study tours in ${year}`);
  if (Number(result.rollupValue) !== Number(value)) throw new Error(`the roll-up says ${result.rollupValue}, the records ${value}`);

  const sessions = { office: officeSession, county: countySession };
  const cycle = (last: number, route: (page: number) => string) => {
    let i = 0;
    return () => route(1 + Math.floor(((++i * 0.6180339887498949) % 1) * last));
  };
  const targets: { name: string; as: 'office' | 'county'; next: () => string }[] = [
    { name: 'GET /api/v1/rollups', as: 'office', next: () => `/api/v1/rollups?pairId=${pairId}` },
    {
      name: `GET activities, 研学 in ${year}`,
      as: 'office',
      next: cycle(
        50,
        (p) =>
          `/api/v1/registries/activity/records?pairId=${pairId}&field.activityType=${encodeURIComponent('研学')}&from=${year}-01-01&to=${year}-12-31&page=${p}`,
      ),
    },
    { name: 'GET activities, the county’s own', as: 'county', next: cycle(50, (p) => `/api/v1/registries/activity/records?pairId=${pairId}&page=${p}`) },
    {
      name: 'GET projects, signed, 新能源',
      as: 'office',
      next: cycle(
        20,
        (p) =>
          `/api/v1/registries/project/records?pairId=${pairId}&stage=${encodeURIComponent('签约')}&field.industry=${encodeURIComponent('新能源')}&page=${p}`,
      ),
    },
  ];
  for (const target of targets) {
    for (const clients of ['think time', 'closed loop'] as const) {
      const headers = { cookie: sessions[target.as].cookie };
      const load =
        clients === 'think time'
          ? await runThinkTimeClients({
              origin,
              headers,
              clients: CLIENTS,
              meanThinkMs: THINK_MS,
              seconds: settings.seconds,
              warmupSeconds: settings.warmupSeconds,
              nextPath: target.next,
            })
          : await measure(origin + target.next(), headers, settings.seconds, settings.warmupSeconds, { connections: CLIENTS, nextPath: target.next });
      const p95 = load.p95Ms ?? null;
      result.loads.push({
        name: target.name,
        as: target.as,
        clients,
        load,
        target: { maxMs: REGISTRY_P95_TARGET_MS, met: p95 === null ? null : p95 < REGISTRY_P95_TARGET_MS },
      });
      log(
        `  ${target.name} as ${target.as}, ${clients}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50Ms?.toFixed(1)} ms, p95 ${p95?.toFixed(1)} ms, p99 ${load.p99Ms?.toFixed(1)} ms`,
      );
    }
  }
  const rollupLoad = result.loads.find((l) => l.name === 'GET /api/v1/rollups' && l.clients === 'closed loop');
  result.rollupToBaseline = rollupLoad?.load.p50Ms ? rollupLoad.load.p50Ms / result.baseline.medianMs : null;
  await restarted.stop();
  return result;
}
