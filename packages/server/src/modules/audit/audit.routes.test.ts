import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { verifyChain } from './audit.service.js';

let t: TestApp;
let szOffice: Agent;
let reporter: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const sz = await t.unit('sz-office');
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  reporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
});
afterAll(async () => t?.close());

describe('GET /api/v1/audit', () => {
  it('401 without a session; 403 for a reporter', async () => {
    expect((await t.agent().get('/api/v1/audit')).status).toBe(401);
    expect((await reporter.get('/api/v1/audit')).status).toBe(403);
  });

  it('400 naming the action or kind of record when it is not one the platform records (audit.actions.ts)', async () => {
    const action = await szOffice.get('/api/v1/audit?action=registry.project.explode');
    expect(action.status).toBe(400);
    expect(action.body.error.details[0].field).toBe('action');
    const entity = await szOffice.get('/api/v1/audit?entityType=spaceship');
    expect(entity.status).toBe(400);
    expect(entity.body.error.details[0].field).toBe('entityType');
    expect((await szOffice.get('/api/v1/audit?action=registry.project.create&entityType=registry_record')).status).toBe(200);
  });

  it('an entry without an account (a failed login of an unknown name) has no display name', async () => {
    await t.agent().post('/api/v1/auth/login', { username: 'nobody-here', password: 'Wrong#Pass2026x' });
    const admin = await t.admin();
    const failed = await admin.get('/api/v1/audit?action=auth.login_failed');
    const entry = failed.body.items.find((e: { actorName: string }) => e.actorName === 'nobody-here');
    expect(entry).toMatchObject({ actorId: null, actorDisplayName: null });
  });

  it('400 naming from when it is not a date-time', async () => {
    const response = await szOffice.get('/api/v1/audit?from=yesterday');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('from');
  });

  it('200: who, what, which record, before/after, when and from where; a city office sees its own city only', async () => {
    const admin = await t.admin();
    const gzUnit = await t.unit('gz-dayu');
    const szUnit = await t.unit('sz-dapeng');
    await admin.patch(`/api/v1/units/${gzUnit.id}`, { sortOrder: 99 });
    await admin.patch(`/api/v1/units/${szUnit.id}`, { sortOrder: 98 });
    const all = await admin.get('/api/v1/audit?entityType=unit&action=unit.update');
    expect(all.body.total).toBe(2);
    expect(all.body.items[0]).toMatchObject({
      actorName: 'admin',
      action: 'unit.update',
      entityType: 'unit',
      entityId: szUnit.id,
      before: { sortOrder: expect.any(Number) },
      after: { sortOrder: 98 },
      ip: '127.0.0.1',
    });
    expect(all.body.items[0].at).toBe(t.clock.now().toISOString());
    // The actor by the name people know them by, joined from the account; the username stays in the entry.
    const [account] = await t.ctx.db.select({ displayName: users.displayName }).from(users).where(eq(users.username, 'admin'));
    expect(account?.displayName).toBeTruthy();
    expect(account?.displayName).not.toBe('admin');
    expect(all.body.items[0].actorDisplayName).toBe(account?.displayName);
    const city = await szOffice.get('/api/v1/audit?entityType=unit&action=unit.update');
    expect(city.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([szUnit.id]);
  });

  it('logins are audited in the city of the user: the Shenzhen office sees its own, not a Ganzhou county reporter', async () => {
    const logins = await szOffice.get('/api/v1/audit?action=auth.login');
    expect(logins.status).toBe(200);
    expect(logins.body.items.map((e: { actorName: string }) => e.actorName)).toEqual(['sz-office']);
  });
});

/** The chain's head as stored (audit.head.routes.test.ts tests it against tampering). */
async function headRow() {
  const { rows } = await t.ctx.db.execute<{ entries: string; last_id: string; last_hash: string }>(sql`select entries, last_id, last_hash from audit_head`);
  return { entries: Number(rows[0]!.entries), lastId: Number(rows[0]!.last_id), lastHash: rows[0]!.last_hash };
}

describe('GET /api/v1/audit/verify and the hash chain', () => {
  it('401 without a session; 403 for a city office', async () => {
    expect((await t.agent().get('/api/v1/audit/verify')).status).toBe(401);
    expect((await szOffice.get('/api/v1/audit/verify')).status).toBe(403);
  });

  it('200 ok while intact; names the first altered entry after a row is changed behind the application', async () => {
    const admin = await t.admin();
    const intact = await admin.get('/api/v1/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(intact.body.checked).toBeGreaterThan(5);

    // The application cannot change the log at all…
    await expect(t.ctx.db.execute(sql`update audit_log set actor_name = 'x' where id = 3`)).rejects.toThrow();
    // …and whoever owns the database and bypasses the trigger is caught by the chain.
    await t.ctx.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await t.ctx.db.execute(sql`update audit_log set after = '{"sortOrder": 1}'::jsonb where id = 3`);
    await t.ctx.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    const broken = await admin.get('/api/v1/audit/verify');
    expect(broken.body).toEqual({ ok: false, checked: 3, firstBrokenId: 3, reason: 'hash_mismatch', head: await headRow() });
  });

  it('reports a removed row as a broken link at the entry after it', async () => {
    await t.ctx.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    // Removing the altered entry does not hide it: the next entry no longer links to its predecessor.
    await t.ctx.db.execute(sql`delete from audit_log where id = 3`);
    await t.ctx.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    expect(await verifyChain(t.ctx.db)).toEqual({ ok: false, checked: 3, firstBrokenId: 4, reason: 'chain_broken', head: await headRow() });
  });
});
