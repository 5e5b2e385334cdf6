// Runs the "scoring" section (考评) in its own process, from the server's sources through tsx, on a
// fresh database (PostgreSQL when DATABASE_URL is set, else embedded), and writes the figures as
// JSON to BENCH_SCORING_OUT. Started by bench/run.ts.
//
// Reference scale: 20,000 supervision items of one city with 200,000 events over a year, seeded
// with SQL. Measured: the rule change that rebuilds every entry from the events, the year's scores
// (GET …/scores, through the HTTP app) against the 2 s target, and the latency of a reply-like
// write (lock the item, add a reply, record the step, audit, in one transaction) with the scoring
// hook against the same write whose step row is inserted without it, in the same run.
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { scoringRuleSets, supervisionEvents, supervisionItems, supervisionReplies, units } from '../packages/server/src/db/schema.js';
import { recordAudit } from '../packages/server/src/modules/audit/audit.service.js';
import { recordSupervisionEvent } from '../packages/server/src/modules/supervision/supervision.events.js';
import { createTestApp } from '../packages/server/src/test-support/test-app.js';

const ITEMS = Number(process.env.BENCH_SCORING_ITEMS ?? 20_000);
const EVENTS = Number(process.env.BENCH_SCORING_EVENTS ?? 200_000);
const WRITES = Number(process.env.BENCH_SCORING_WRITES ?? 300);
export const SCORES_TARGET_MS = 2000;
export const WRITE_MAX_RATIO = 1.2;

const out = process.env.BENCH_SCORING_OUT;
if (!out) {
  console.error('BENCH_SCORING_OUT is not set');
  process.exit(2);
}
const log = (m: string) => console.error(m);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const t = await createTestApp({ responseChecks: 'strip' });
try {
  const gz = await t.unit('gz-office');
  const admin = await t.admin();
  const db = t.ctx.db;
  const year = 2026;
  const cityUnits = (await db.select({ id: units.id }).from(units).where(eq(units.cityId, gz.cityId))).map((u) => u.id);
  log(`scoring: seeding ${ITEMS} items and ${EVENTS} events over ${cityUnits.length} units of one city (SQL)`);
  let seeded = process.hrtime.bigint();
  await db.execute(sql`
    with u as (select id, row_number() over (order by id) - 1 as k from units where city_id = ${gz.cityId}::uuid)
    insert into supervision_items (pair_id, unit_id, requirement, deadline, original_deadline, status)
    select ${gz.pairId}::uuid, u.id, '督办事项 ' || i, date '2026-01-01' + (i % 365), date '2026-01-01' + (i % 365), 'in_progress'
    from generate_series(1, ${ITEMS}) as i join u on u.k = i % ${cityUnits.length}`);
  // Kinds as a year of supervision spreads them: replies most, then chasing, closing, overdue, extensions.
  await db.execute(sql`
    with items as (select id, unit_id, row_number() over (order by id) as n from supervision_items where pair_id = ${gz.pairId}::uuid)
    insert into supervision_events (item_id, pair_id, city_id, unit_id, kind, at, on_date, data)
    select it.id, ${gz.pairId}::uuid, ${gz.cityId}::uuid, it.unit_id,
           (array['progress','progress','progress','chased','closed','closed','overdue','extension_approved','signed','due_reminded'])[1 + (e % 10)],
           timestamptz '2026-01-01 09:00+08' + ((e % 365) || ' days')::interval,
           date '2026-01-01' + (e % 365),
           case when e % 10 = 4 then '{"late": false}'::jsonb when e % 10 = 5 then '{"late": true}'::jsonb else '{}'::jsonb end
    from generate_series(1, ${EVENTS}) as e
    join items it on it.n = 1 + (e % ${ITEMS})`);
  await db.execute(sql`analyze supervision_events`);
  await db.execute(sql`analyze supervision_items`);
  const seedMs = ms(seeded);
  seeded = process.hrtime.bigint();

  const rules = {
    cityId: gz.cityId,
    year,
    base: 100,
    categories: [
      { key: 'supervision', name: '督办落实', gainCap: 30, lossCap: 40 },
      { key: 'report', name: '进展报送', gainCap: 5, lossCap: 10 },
    ],
    rules: [
      { key: 'supervision_closed_on_time', category: 'supervision', points: 1 },
      { key: 'supervision_closed_late', category: 'supervision', points: -0.5 },
      { key: 'supervision_overdue', category: 'supervision', points: -2 },
      { key: 'supervision_extension', category: 'supervision', points: -0.5 },
      { key: 'supervision_chased', category: 'supervision', points: -1 },
      { key: 'report_on_time', category: 'report', points: 0.5 },
    ],
  };
  log('scoring: PUT the rules (rebuilds every entry of the year from the events)');
  let start = process.hrtime.bigint();
  const put = await admin.put('/api/v1/scoring/rule-sets', rules);
  const rulesPutMs = ms(start);
  if (put.status !== 200) throw new Error(`PUT rules: ${put.status} ${JSON.stringify(put.body)}`);
  const setId = put.body.id as string;
  const entries = Number(((await db.execute(sql`select count(*)::int as n from score_entries where rule_set_id = ${setId}::uuid`)).rows[0] as { n: number }).n);

  const timed = async (url: string, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      start = process.hrtime.bigint();
      const r = await admin.get(url);
      times.push(ms(start));
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    }
    return { medianMs: median(times), maxMs: Math.max(...times), runs };
  };
  log('scoring: GET the year’s scores, a quarter’s, one unit’s breakdown');
  const yearScores = await timed(`/api/v1/scoring/rule-sets/${setId}/scores?period=year`, 7);
  const quarterScores = await timed(`/api/v1/scoring/rule-sets/${setId}/scores?period=quarter&index=2`, 7);
  const breakdown = await timed(`/api/v1/scoring/rule-sets/${setId}/breakdown?period=year&unitId=${cityUnits[1]}`, 7);
  const exportXlsx = await timed(`/api/v1/scoring/rule-sets/${setId}/scores.xlsx?period=year`, 3);

  // The reply-like write, with the hook (recordSupervisionEvent) and without it (the same row inserted directly).
  const [item] = await db.select().from(supervisionItems).where(eq(supervisionItems.pairId, gz.pairId)).limit(1);
  const actor = { userId: null, name: 'bench', ip: null, userAgent: null };
  const write = async (kind: 'progress' | 'chased', hook: boolean) => {
    start = process.hrtime.bigint();
    await db.transaction(async (tx) => {
      await tx.select({ id: supervisionItems.id }).from(supervisionItems).where(eq(supervisionItems.id, item!.id)).for('update');
      const now = t.clock.now();
      await tx.insert(supervisionReplies).values({ itemId: item!.id, body: '已按要求推进', authorId: item!.unitId, at: now });
      await tx.update(supervisionItems).set({ updatedAt: now }).where(eq(supervisionItems.id, item!.id));
      const event = { itemId: item!.id, pairId: gz.pairId, cityId: gz.cityId, unitId: item!.unitId, kind, at: now, actorId: null };
      if (hook) await recordSupervisionEvent(tx, event);
      else await tx.insert(supervisionEvents).values({ ...event, onDate: '2026-03-02', data: {} });
      await recordAudit(tx, t.ctx.clock, actor, { action: 'supervision.reply', entityType: 'supervision', entityId: item!.id, pairId: gz.pairId });
    });
    return ms(start);
  };
  log(`scoring: ${WRITES} reply-like writes of each kind, with and without the hook, interleaved`);
  for (let i = 0; i < 30; i++) await write('progress', i % 2 === 0);
  const samples = { progress: { with: [] as number[], without: [] as number[] }, chased: { with: [] as number[], without: [] as number[] } };
  for (let i = 0; i < WRITES; i++) {
    for (const kind of ['progress', 'chased'] as const) {
      const first = i % 2 === 0;
      samples[kind][first ? 'with' : 'without'].push(await write(kind, first));
      samples[kind][first ? 'without' : 'with'].push(await write(kind, !first));
    }
  }
  const figures = (kind: 'progress' | 'chased') => ({
    withHook: { medianMs: median(samples[kind].with), p95Ms: p95(samples[kind].with) },
    withoutHook: { medianMs: median(samples[kind].without), p95Ms: p95(samples[kind].without) },
    medianRatio: median(samples[kind].with) / median(samples[kind].without),
  });
  const reply = figures('progress');
  const chase = figures('chased');
  const sets = await db.select({ id: scoringRuleSets.id }).from(scoringRuleSets);
  const result = {
    database: t.db.databaseUrl ? 'postgres' : 'embedded',
    setup: { items: ITEMS, events: EVENTS, units: cityUnits.length, entries, ruleSets: sets.length, seedMs: Math.round(seedMs) },
    rulesPutMs: Math.round(rulesPutMs),
    yearScores,
    quarterScores,
    breakdown,
    exportXlsx,
    yearScoresTarget: { maxMs: SCORES_TARGET_MS, met: yearScores.medianMs < SCORES_TARGET_MS },
    replyWrite: reply,
    chaseWrite: chase,
    // The target is a reply's latency; a scored step (a 催办) is reported beside it.
    writeTarget: { maxRatio: WRITE_MAX_RATIO, met: reply.medianRatio < WRITE_MAX_RATIO },
  };
  fs.writeFileSync(out, JSON.stringify(result));
  log(JSON.stringify(result, null, 2));
} finally {
  await t.close();
}
