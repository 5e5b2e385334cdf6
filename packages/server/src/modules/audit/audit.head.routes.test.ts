import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { entryHash, GENESIS_HASH } from './audit.hash.js';

// The chain's head (audit_head) against what an operator with table access can do: every
// tamper goes through a raw SQL connection, the way it would be done in psql.
let t: TestApp;
let admin: Agent;
let operator: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const socketDir = t.platform.handle.embeddedSocketDir;
  operator = new pg.Client(
    t.db.databaseUrl ? { connectionString: t.db.databaseUrl } : { host: socketDir!, port: 5432, user: 'postgres', database: 'postgres' },
  );
  await operator.connect();
  // A few audited changes on top of the first start's.
  const unit = await t.unit('gz-dayu');
  for (const sortOrder of [11, 12, 13]) expect((await admin.patch(`/api/v1/units/${unit.id}`, { sortOrder })).status).toBe(200);
});
afterAll(async () => {
  await operator?.end();
  await t?.close();
});

async function tail(): Promise<{ entries: number; lastId: number; lastHash: string }> {
  const { rows } = await operator.query('select id, hash, (select count(*) from audit_log)::int as n from audit_log order by id desc limit 1');
  return { entries: rows[0].n, lastId: Number(rows[0].id), lastHash: rows[0].hash };
}

async function verify() {
  const response = await admin.get('/api/v1/audit/verify');
  expect(response.status).toBe(200);
  return response.body;
}

/** Runs statements with every user trigger of the table switched off, as its owner can. */
async function withoutTriggers(statements: string[]): Promise<void> {
  await operator.query('begin');
  await operator.query('set local session_replication_role = replica');
  for (const statement of statements) await operator.query(statement);
  await operator.query('commit');
}

describe('GET /api/v1/audit/verify holds the chain against its head (audit_head)', () => {
  let intact: { entries: number; lastId: number; lastHash: string };

  it('200 ok: the head counts every entry and names the newest', async () => {
    intact = await tail();
    expect(intact.entries).toBeGreaterThan(5);
    expect(await verify()).toEqual({ ok: true, checked: intact.entries, firstBrokenId: null, reason: null, head: intact });
  });

  it('without switching triggers off, nobody truncates the log or moves, removes or re-creates the head, nor appends an entry that does not extend it', async () => {
    for (const statement of [
      'truncate audit_log',
      'truncate audit_log, audit_head',
      'update audit_head set entries = 0',
      `update audit_head set last_hash = '${GENESIS_HASH}'`,
      'delete from audit_head',
      'truncate audit_head',
      `insert into audit_head (id, entries, last_hash) values (1, 0, '${GENESIS_HASH}')`,
      `insert into audit_log (at, actor_name, action, entity_type, prev_hash, hash) values (now(), 'x', 'x', 'x', '${GENESIS_HASH}', 'x')`,
    ]) {
      await expect(operator.query(statement), statement).rejects.toThrow();
    }
    expect(await verify()).toEqual({ ok: true, checked: intact.entries, firstBrokenId: null, reason: null, head: intact });
  });

  it('an entry slipped in at the end past the triggers, correctly chained, is named (head_mismatch); taken out again, the log verifies', async () => {
    const fields = {
      at: new Date('2026-03-02T01:00:00.000Z'),
      actorId: null,
      actorName: 'intruder',
      action: 'unit.update',
      entityType: 'unit',
      entityId: null,
      pairId: null,
      cityId: null,
      before: null,
      after: { sortOrder: 1 },
      ip: null,
      userAgent: null,
      prevHash: intact.lastHash,
    };
    await withoutTriggers([
      `insert into audit_log (at, actor_name, action, entity_type, after, prev_hash, hash)
       values ('${fields.at.toISOString()}', 'intruder', 'unit.update', 'unit', '{"sortOrder": 1}', '${fields.prevHash}', '${entryHash(fields)}')`,
    ]);
    const forged = await tail();
    expect(await verify()).toEqual({ ok: false, checked: intact.entries + 1, firstBrokenId: forged.lastId, reason: 'head_mismatch', head: intact });
    await withoutTriggers([`delete from audit_log where id = ${forged.lastId}`]);
    expect((await verify()).ok).toBe(true);
  });

  it('the newest entries removed behind the application (which verified ok before the head): tail_missing; the next entry shows the gap instead of closing it', async () => {
    await operator.query('alter table audit_log disable trigger user');
    await operator.query('delete from audit_log where id in (select id from audit_log order by id desc limit 2)');
    await operator.query('alter table audit_log enable trigger user');
    expect(await verify()).toEqual({ ok: false, checked: intact.entries - 2, firstBrokenId: null, reason: 'tail_missing', head: intact });

    const unit = await t.unit('gz-dayu');
    expect((await admin.patch(`/api/v1/units/${unit.id}`, { sortOrder: 14 })).status).toBe(200);
    const next = await tail();
    const check = await verify();
    expect(check).toMatchObject({ ok: false, checked: intact.entries - 1, firstBrokenId: next.lastId, reason: 'chain_broken' });
    expect(check.head).toEqual({ entries: intact.entries + 1, lastId: next.lastId, lastHash: next.lastHash });
  });

  it('TRUNCATE with the triggers switched off (session_replication_role = replica): tail_missing with nothing left (it verified ok with 0 entries)', async () => {
    const head = (await verify()).head;
    await withoutTriggers(['truncate audit_log']);
    expect(await verify()).toEqual({ ok: false, checked: 0, firstBrokenId: null, reason: 'tail_missing', head });
  });

  it('the head removed as well: head_missing, and nothing more is recorded, so nothing more is changed, until it is restored', async () => {
    await withoutTriggers(['delete from audit_head']);
    expect(await verify()).toEqual({ ok: false, checked: 0, firstBrokenId: null, reason: 'head_missing', head: null });
    const unit = await t.unit('gz-dayu');
    expect((await admin.patch(`/api/v1/units/${unit.id}`, { sortOrder: 15 })).status).toBe(500);
    expect((await t.unit('gz-dayu')).sortOrder).toBe(14);
  });
});
