// The naive baseline: Fastify and PGlite on the SAME thread, no worker. Started by bench/run.ts as
// `node --import tsx bench/naive-server.ts` with PORT and NAIVE_DATA_DIR; prints "ready" once the
// tables are filled and it listens.
//   GET  /api/v1/health                 select 1
//   GET  /units?pageSize=20&page=2      list like the units list: one page ordered by name + a count
//   GET  /nodb                          a static JSON document about the size of openapi.json, no database
//   POST /bench/aggregation/start?maxSeconds=N   run the 1M-row aggregation in a loop, in this process
//   POST /bench/aggregation/stop        stop it and return its statistics
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import { AggregationLoop, CREATE_BENCH_ROWS, FILL_BENCH_ROWS, singleStatement } from './lib/aggregation.js';

const port = Number(process.env.PORT);
const dataDir = process.env.NAIVE_DATA_DIR;
if (!Number.isInteger(port) || port <= 0 || !dataDir) {
  console.error('naive-server: PORT and NAIVE_DATA_DIR are required');
  process.exit(2);
}

const db = await PGlite.create(dataDir);
await db.exec(`
  create table units_copy (
    id uuid primary key default gen_random_uuid(),
    pair_id uuid not null default gen_random_uuid(),
    city_id uuid not null default gen_random_uuid(),
    parent_id uuid,
    path text not null,
    type text not null,
    name text not null,
    short_name text,
    admin_code text,
    credit_code text,
    sort_order integer not null default 0,
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  insert into units_copy (path, type, name, short_name, sort_order)
    select lpad(g::text, 4, '0') || '/', (array['department','district','county','institution','enterprise'])[1 + g % 5],
           '对口合作单位 ' || lpad(((g * 37) % 100)::text, 3, '0'), '单位' || g, g
    from generate_series(1, 100) g;
`);
await db.exec(CREATE_BENCH_ROWS);
await db.exec(FILL_BENCH_ROWS);

const noDbDocument = {
  openapi: '3.1.0',
  info: { title: 'naive baseline', version: '0' },
  paths: Object.fromEntries(
    Array.from({ length: 330 }, (_, i) => [
      `/api/v1/resource-${i}`,
      { get: { tags: ['bench'], summary: `资源 ${i} Resource number ${i}`, responses: { 200: { description: 'OK' }, 404: { description: 'Not found' } } } },
    ]),
  ),
};

const app = Fastify({ logger: false });

app.get('/api/v1/health', async () => {
  await db.query('select 1');
  return { status: 'ok' };
});

app.get<{ Querystring: { page?: string; pageSize?: string } }>('/units', async (request) => {
  const pageSize = Math.min(Math.max(Number(request.query.pageSize ?? 20) || 20, 1), 100);
  const page = Math.max(Number(request.query.page ?? 1) || 1, 1);
  const [rows, count] = await Promise.all([
    db.query('select * from units_copy where disabled = false order by name, sort_order limit $1 offset $2', [pageSize, (page - 1) * pageSize]),
    db.query<{ n: number }>('select count(*)::int as n from units_copy where disabled = false'),
  ]);
  return { items: rows.rows, total: count.rows[0]?.n ?? 0 };
});

app.get('/nodb', async () => noDbDocument);

let loop: AggregationLoop | null = null;
app.post<{ Querystring: { maxSeconds?: string } }>('/bench/aggregation/start', async (request, reply) => {
  if (loop) return reply.status(409).send({ error: 'already running' });
  const maxSeconds = Math.min(Number(request.query.maxSeconds ?? 60) || 60, 600);
  // yieldBetween: the query never yields to the event loop; between two runs it does, as it would
  // if each run were started by a request or a timer.
  loop = new AggregationLoop(singleStatement(db), maxSeconds, true);
  return { started: true, maxSeconds };
});
app.post('/bench/aggregation/stop', async (_request, reply) => {
  if (!loop) return reply.status(409).send({ error: 'not running' });
  const stats = await loop.stop();
  loop = null;
  return stats;
});

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  const timer = setTimeout(() => process.exit(1), 15_000);
  try {
    await loop?.stop(10_000);
    await app.close();
    await db.close();
  } finally {
    clearTimeout(timer);
    process.exit(0);
  }
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ port, host: '127.0.0.1' });
console.log(`ready on http://127.0.0.1:${port}`);
