// Section "bulletins": 情况通报 for a year at reference scale on PostgreSQL — 20,000 supervision
// items and 200,000 events in one city — through the real `duikou start`: the preview (GET
// /api/v1/bulletins/preview, one aggregation over supervision_events), a draft (POST
// /api/v1/bulletins: the same aggregation, frozen in a transaction) and the Word download. The
// baseline, timed in the same run, is the least any bulletin must do: counting the city's events of
// the year in SQL (`select count(*)` on the same index).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { percentile } from './load.js';
import { freePort, makeTempDir, onCleanup, startChild, waitForHttp } from './processes.js';

export const BULLETIN_ITEMS = 20_000;
export const BULLETIN_EVENTS = 200_000;
export const BULLETIN_TARGET_MS = 2000;
const RUNS = 15;
const PASSWORD = 'Bench#Pass2026x';

export interface BulletinTiming {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** median / the baseline's median */
  ratio: number | null;
  target: { maxMs: number; met: boolean };
}

export interface BulletinsResult {
  setup: Record<string, number | string>;
  baseline?: { medianMs: number; p95Ms: number; events: number };
  timings: BulletinTiming[];
  totals?: Record<string, number>;
  error?: string;
}

async function session(origin: string) {
  const response = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('duikou_session='));
  if (!response.ok || !cookie) throw new Error(`login admin: ${response.status}`);
  return { cookie, csrf: body.csrfToken };
}

async function timed(runs: number, run: () => Promise<void>): Promise<number[]> {
  await run(); // warm-up: plans cached, pages in memory
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export async function benchBulletins(
  settings: { root: string; pgAdminUrl: string; log: (message: string) => void },
  result: BulletinsResult,
): Promise<BulletinsResult> {
  const { root, log } = settings;
  const dbName = `duikou_bench_bulletin_${randomBytes(4).toString('hex')}`;
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
    DUIKOU_DATA_DIR: makeTempDir('duikou-bench-bulletins-'),
    LOG_LEVEL: 'warn',
    DUIKOU_JOB_INTERVAL_MINUTES: '0',
  };
  const server = startChild('duikou (bulletins)', process.execPath, [path.join(root, 'packages/server/bin/duikou.js'), 'start'], env, root);
  onCleanup('stop duikou (bulletins)', () => server.stop());
  await waitForHttp(`${origin}/api/v1/health`, server, 120_000);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  onCleanup('close the bulletins bench client', () => client.end().catch(() => undefined));
  const [city] = (await client.query(`select c.id, c.pair_id from cities c join units u on u.city_id = c.id and u.seed_key = 'gz-office' limit 1`)).rows as {
    id: string;
    pair_id: string;
  }[];
  if (!city) throw new Error('no seeded Ganzhou');

  // Items spread over the city's units; ten events each over 2026: the first is the assignment,
  // the others a mix of every kind the figures count and a few they do not.
  log(`bulletins: seeding ${BULLETIN_ITEMS.toLocaleString()} items and ${BULLETIN_EVENTS.toLocaleString()} events`);
  let t = Date.now();
  await client.query('set synchronous_commit = off');
  await client.query('select setseed(0.2026)');
  await client.query('begin');
  await client.query(
    `create temp table seed_units on commit drop as
     select (row_number() over (order by id))::int - 1 as i, id from units where city_id = $1 and not disabled`,
    [city.id],
  );
  const units = Number((await client.query('select count(*)::int as n from seed_units')).rows[0].n);
  const perItem = BULLETIN_EVENTS / BULLETIN_ITEMS;
  await client.query(
    `with items as (
       insert into supervision_items (pair_id, unit_id, requirement, deadline, original_deadline, status)
       select $1, u.id, '督办事项 ' || g, '2026-06-30', '2026-06-30', 'in_progress'
       from generate_series(1, $3) g join seed_units u on u.i = g % ${units}
       returning id, unit_id),
     ev as (
       select i.id as item_id, i.unit_id, k,
         case when k = 1 then 'assigned'
              else (array['signed','progress','chased','overdue','extension_requested','extension_approved','closed','due_reminded','chased'])[1 + floor(random() * 9)::int] end as kind,
         '2026-01-01'::date + floor(random() * 365)::int as on_date
       from items i cross join generate_series(1, ${perItem}) k)
     insert into supervision_events (item_id, pair_id, city_id, unit_id, kind, at, on_date, data)
     select item_id, $1, $2, unit_id, kind, (on_date::timestamp + interval '10 hours') at time zone 'Asia/Shanghai', on_date,
       case when kind = 'closed' then jsonb_build_object('late', random() < 0.3) else '{}'::jsonb end
     from ev`,
    [city.pair_id, city.id, BULLETIN_ITEMS],
  );
  await client.query('commit');
  result.setup.seedMs = Date.now() - t;
  t = Date.now();
  await client.query('vacuum analyze supervision_items');
  await client.query('vacuum analyze supervision_events');
  result.setup.vacuumMs = Date.now() - t;
  log(`bulletins: seeded in ${result.setup.seedMs} ms, vacuumed in ${result.setup.vacuumMs} ms`);

  const year = { from: '2026-01-01', to: '2026-12-31' };
  const baseline = await timed(RUNS, async () => {
    await client.query('select count(*) from supervision_events where city_id = $1 and on_date between $2 and $3', [city.id, year.from, year.to]);
  });
  const events = Number(
    (await client.query('select count(*)::int as n from supervision_events where city_id = $1 and on_date between $2 and $3', [city.id, year.from, year.to]))
      .rows[0].n,
  );
  result.baseline = { medianMs: percentile(baseline, 50) ?? 0, p95Ms: percentile(baseline, 95) ?? 0, events };

  const { cookie, csrf } = await session(origin);
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const add = (name: string, times: number[]) => {
    const medianMs = percentile(times, 50) ?? 0;
    const p95Ms = percentile(times, 95) ?? Number.POSITIVE_INFINITY;
    result.timings.push({
      name,
      runs: times.length,
      medianMs,
      p95Ms,
      ratio: result.baseline!.medianMs > 0 ? medianMs / result.baseline!.medianMs : null,
      target: { maxMs: BULLETIN_TARGET_MS, met: p95Ms < BULLETIN_TARGET_MS },
    });
  };
  const previewUrl = `${origin}/api/v1/bulletins/preview?cityId=${city.id}&from=${year.from}&to=${year.to}`;
  let totals: Record<string, number> = {};
  add(
    'GET /bulletins/preview (a year)',
    await timed(RUNS, async () => {
      const r = await fetch(previewUrl, { headers });
      if (!r.ok) throw new Error(`preview: ${r.status} ${await r.text()}`);
      totals = ((await r.json()) as { totals: Record<string, number> }).totals;
    }),
  );
  result.totals = totals;
  let lastId = '';
  add(
    'POST /bulletins (draft of a year)',
    await timed(RUNS, async () => {
      const r = await fetch(`${origin}/api/v1/bulletins`, { method: 'POST', headers, body: JSON.stringify({ cityId: city.id, ...year }) });
      if (r.status !== 201) throw new Error(`draft: ${r.status} ${await r.text()}`);
      lastId = ((await r.json()) as { id: string }).id;
    }),
  );
  add(
    'GET /bulletins/{id}/bulletin.docx',
    await timed(RUNS, async () => {
      const r = await fetch(`${origin}/api/v1/bulletins/${lastId}/bulletin.docx`, { headers: { cookie } });
      if (!r.ok) throw new Error(`docx: ${r.status}`);
      await r.arrayBuffer();
    }),
  );
  await server.stop();
  return result;
}
