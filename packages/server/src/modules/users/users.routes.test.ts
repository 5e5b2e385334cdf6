import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

let t: TestApp;
let ganzhouOffice: Agent;
let xingguoReporter: Agent & { userId: string };
let ningduReporter: Agent & { userId: string };
let gz: { officeId: string; cityId: string; pairId: string };
let szCityId: string;

beforeAll(async () => {
  t = await createTestApp();
  const office = await t.unit('gz-office');
  gz = { officeId: office.id, cityId: office.cityId, pairId: office.pairId };
  szCityId = (await t.unit('sz-office')).cityId;
  ganzhouOffice = await t.userAgent({ username: 'gz-office-admin', role: 'office_admin', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  xingguoReporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit_tree', unitKey: 'gz-xingguo' });
  ningduReporter = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit_tree', unitKey: 'gz-ningdu' });
});
afterAll(async () => t?.close());

const newUser = async (over: Record<string, unknown> = {}) => {
  const unit = await t.unit('gz-yudu');
  return {
    username: `yudu-${Math.random().toString(36).slice(2, 8)}`,
    displayName: '于都县填报员',
    unitId: unit.id,
    password: 'Yudu#Pass2026x',
    mustChangePassword: false,
    roles: [{ role: 'unit_reporter', scope: 'unit', unitId: unit.id }],
    ...over,
  };
};

describe('GET /api/v1/users', () => {
  it('401 without a session', async () => {
    expect((await t.agent().get('/api/v1/users')).status).toBe(401);
  });

  it('403 for a role without the right (a viewer)', async () => {
    const viewer = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
    expect((await viewer.get('/api/v1/users')).status).toBe(403);
  });

  it('400 naming role for an unknown role filter', async () => {
    const response = await ganzhouOffice.get('/api/v1/users?role=king');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('role');
  });

  it('200: the city office sees its city only (not admin, not Shenzhen); a reporter sees its own unit only', async () => {
    await t.userAgent({ username: 'futian', role: 'unit_reporter', scope: 'unit', unitKey: 'sz-futian' });
    const office = await ganzhouOffice.get('/api/v1/users?pageSize=200');
    expect(office.status).toBe(200);
    const names = office.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['gz-office-admin', 'xingguo', 'ningdu']));
    expect(names).not.toContain('admin');
    expect(names).not.toContain('futian');
    expect(office.body.items[0]).not.toHaveProperty('passwordHash');
    const own = await xingguoReporter.get('/api/v1/users');
    expect(own.body.items.map((u: { username: string }) => u.username)).toEqual(['xingguo']);
  });

  it('filters by role and by name', async () => {
    const admin = await t.admin();
    const reporters = await admin.get('/api/v1/users?role=unit_reporter&q=ningdu');
    expect(reporters.body.items.map((u: { username: string }) => u.username)).toEqual(['ningdu']);
    expect(reporters.body.items[0].roles[0]).toMatchObject({ role: 'unit_reporter', scope: 'unit_tree' });
  });
});

describe('GET /api/v1/users/:id', () => {
  it('401 without a session', async () => {
    expect((await t.agent().get(`/api/v1/users/${xingguoReporter.userId}`)).status).toBe(401);
  });
  it("404 for another county's user and for the deployment administrator", async () => {
    expect((await xingguoReporter.get(`/api/v1/users/${ningduReporter.userId}`)).status).toBe(404);
    const admin = await t.admin();
    const adminId = (await admin.get('/api/v1/auth/session')).body.user.id;
    expect((await ganzhouOffice.get(`/api/v1/users/${adminId}`)).status).toBe(404);
  });
  it('400 naming id when it is not a uuid', async () => {
    expect((await ganzhouOffice.get('/api/v1/users/abc')).body.error.details[0].field).toBe('id');
  });
  it('200 within scope, with unit name and roles', async () => {
    const response = await ganzhouOffice.get(`/api/v1/users/${ningduReporter.userId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ username: 'ningdu', unitName: '宁都县', status: 'active' });
  });
});

describe('POST /api/v1/users', () => {
  it('401 without a session', async () => {
    expect((await t.agent().post('/api/v1/users', await newUser())).status).toBe(401);
  });

  it('403 for a reporter; 403 for the Ganzhou office granting in Shenzhen or granting system_admin', async () => {
    expect((await xingguoReporter.post('/api/v1/users', await newUser())).status).toBe(403);
    const futian = await t.unit('sz-futian');
    const inShenzhen = await ganzhouOffice.post(
      '/api/v1/users',
      await newUser({ unitId: futian.id, roles: [{ role: 'unit_reporter', scope: 'unit', unitId: futian.id }] }),
    );
    expect(inShenzhen.status).toBe(403);
    const escalate = await ganzhouOffice.post('/api/v1/users', await newUser({ roles: [{ role: 'system_admin', scope: 'all' }] }));
    expect(escalate.status).toBe(403);
    const wider = await ganzhouOffice.post('/api/v1/users', await newUser({ roles: [{ role: 'viewer', scope: 'city', cityId: szCityId }] }));
    expect(wider.status).toBe(403);
    expect(wider.body.error.details[0].field).toBe('roles.0');
  });

  it('400 naming the field: bad username, no roles, a scope that does not fit the role, a weak password', async () => {
    const badName = await ganzhouOffice.post('/api/v1/users', await newUser({ username: 'has space' }));
    expect(badName.status).toBe(400);
    expect(badName.body.error.details[0].field).toBe('username');
    const noRoles = await ganzhouOffice.post('/api/v1/users', await newUser({ roles: [] }));
    expect(noRoles.body.error.details[0].field).toBe('roles');
    const misfit = await ganzhouOffice.post('/api/v1/users', await newUser({ roles: [{ role: 'unit_reporter', scope: 'city', cityId: gz.cityId }] }));
    expect(misfit.body.error).toMatchObject({ code: 'INVALID_ROLE_SCOPE', details: [expect.objectContaining({ field: 'roles.0.scope' })] });
    const weak = await ganzhouOffice.post('/api/v1/users', await newUser({ password: 'short' }));
    expect(weak.body.error).toMatchObject({ code: 'PASSWORD_POLICY', details: [expect.objectContaining({ field: 'password' })] });
  });

  it('201 creates the user and its roles in one go, audited without secrets; 409 for the same username in other case', async () => {
    const body = await newUser({ username: 'Yudu-Reporter' });
    const response = await ganzhouOffice.post('/api/v1/users', body);
    expect(response.status).toBe(201);
    expect(response.body.initialPassword).toBeNull();
    expect(response.body.user.roles).toHaveLength(1);
    expect((await t.agent().login('yudu-reporter', body.password as string)).status).toBe(200);
    const admin = await t.admin();
    const audit = await admin.get(`/api/v1/audit?entityId=${response.body.user.id}&action=user.create`);
    expect(audit.body.items[0].action).toBe('user.create');
    expect(JSON.stringify(audit.body.items[0])).not.toMatch(/scrypt|Yudu#Pass/);
    const again = await ganzhouOffice.post('/api/v1/users', await newUser({ username: 'YUDU-REPORTER' }));
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].field).toBe('username');
  });

  it('writes nothing when a later role is refused (all or nothing)', async () => {
    const body = await newUser({
      username: 'half-written',
      roles: [
        { role: 'viewer', scope: 'unit_tree', unitId: gz.officeId },
        { role: 'viewer', scope: 'city', cityId: szCityId },
      ],
    });
    expect((await ganzhouOffice.post('/api/v1/users', body)).status).toBe(403);
    const admin = await t.admin();
    expect((await admin.get('/api/v1/users?q=half-written')).body.total).toBe(0);
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('401 without a session', async () => {
    expect((await t.agent().patch(`/api/v1/users/${ningduReporter.userId}`, { displayName: 'x' })).status).toBe(401);
  });
  it('404 for a reporter editing another county; 403 editing itself without users.write', async () => {
    expect((await xingguoReporter.patch(`/api/v1/users/${ningduReporter.userId}`, { displayName: 'x' })).status).toBe(404);
    expect((await xingguoReporter.patch(`/api/v1/users/${xingguoReporter.userId}`, { displayName: 'x' })).status).toBe(403);
  });
  it('400 naming status for an unknown status', async () => {
    const response = await ganzhouOffice.patch(`/api/v1/users/${ningduReporter.userId}`, { status: 'sleeping' });
    expect(response.body.error.details[0].field).toBe('status');
  });
  it('200 edits; 409 when disabling oneself', async () => {
    const response = await ganzhouOffice.patch(`/api/v1/users/${ningduReporter.userId}`, { displayName: '宁都县发改局填报员' });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('宁都县发改局填报员');
    const selfId = (await ganzhouOffice.get('/api/v1/auth/session')).body.user.id;
    const self = await ganzhouOffice.patch(`/api/v1/users/${selfId}`, { status: 'disabled' });
    expect(self.status).toBe(409);
    expect(self.body.error.details[0].field).toBe('status');
  });
});

describe('POST /api/v1/users/:id/reset-password', () => {
  it('401 without a session; 404 outside the scope', async () => {
    expect((await t.agent().post(`/api/v1/users/${ningduReporter.userId}/reset-password`)).status).toBe(401);
    expect((await xingguoReporter.post(`/api/v1/users/${ningduReporter.userId}/reset-password`)).status).toBe(404);
  });
  it('400 naming password when the given one is weak', async () => {
    const response = await ganzhouOffice.post(`/api/v1/users/${ningduReporter.userId}/reset-password`, { password: 'weak' });
    expect(response.body.error.details[0].field).toBe('password');
  });
  it('200 with a temporary password; the user is logged out and must change it', async () => {
    const user = await t.userAgent({ username: 'forgetful', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-huichang' });
    const response = await ganzhouOffice.post(`/api/v1/users/${user.userId}/reset-password`);
    expect(response.status).toBe(200);
    expect(response.body.temporaryPassword).toMatch(/^.{16}$/);
    expect((await user.get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.agent().login('forgetful', USER_PASSWORD)).status).toBe(401);
    const login = await t.agent().login('forgetful', response.body.temporaryPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
  });
});

describe('PUT /api/v1/users/:id/roles', () => {
  it('401 without a session; 404 outside the scope; 400 for a malformed role', async () => {
    expect((await t.agent().put(`/api/v1/users/${ningduReporter.userId}/roles`, { roles: [] })).status).toBe(401);
    expect((await xingguoReporter.put(`/api/v1/users/${ningduReporter.userId}/roles`, { roles: [] })).status).toBe(404);
    const bad = await ganzhouOffice.put(`/api/v1/users/${ningduReporter.userId}/roles`, { roles: [{ role: 'unit_reporter' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('roles.0.scope');
  });

  it('200 replaces the roles and the new scope applies to the open session at once', async () => {
    const user = await t.userAgent({ username: 'promoted', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-shicheng' });
    expect((await user.get('/api/v1/units?pageSize=100')).body.total).toBe(1);
    const response = await ganzhouOffice.put(`/api/v1/users/${user.userId}/roles`, { roles: [{ role: 'viewer', scope: 'city', cityId: gz.cityId }] });
    expect(response.status).toBe(200);
    expect(response.body.roles).toEqual([expect.objectContaining({ role: 'viewer', scope: 'city', cityId: gz.cityId })]);
    expect((await user.get('/api/v1/units?pageSize=100')).body.total).toBeGreaterThan(18);
    const admin = await t.admin();
    const audit = await admin.get(`/api/v1/audit?entityId=${user.userId}&action=user.set_roles`);
    expect(audit.body.items[0].before.roles[0].role).toBe('unit_reporter');
    expect(audit.body.items[0].after.roles[0].role).toBe('viewer');
  });

  it('409 when the last system administrator would lose the role', async () => {
    const admin = await t.admin();
    const adminId = (await admin.get('/api/v1/auth/session')).body.user.id;
    const response = await admin.put(`/api/v1/users/${adminId}/roles`, { roles: [{ role: 'viewer', scope: 'all', pairId: gz.pairId }] });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INVALID_STATE');
  });
});

describe('managing an account needs grants that cover all of its grants (else 404, as if it did not exist)', () => {
  const TAKEN_OVER = 'Taken#Over2026x';
  /** Every user-management route, tried on `targetId`: each must answer 404 and change nothing. */
  const tryEverything = async (actor: Agent, targetId: string, targetName: string) => {
    const answers = {
      rename: (await actor.patch(`/api/v1/users/${targetId}`, { displayName: '已被接管' })).status,
      disable: (await actor.patch(`/api/v1/users/${targetId}`, { status: 'disabled' })).status,
      resetGenerated: (await actor.post(`/api/v1/users/${targetId}/reset-password`)).status,
      resetChosen: (await actor.post(`/api/v1/users/${targetId}/reset-password`, { password: TAKEN_OVER })).status,
      roles: (await actor.put(`/api/v1/users/${targetId}/roles`, { roles: [{ role: 'viewer', scope: 'city', cityId: gz.cityId }] })).status,
    };
    expect(answers).toEqual({ rename: 404, disable: 404, resetGenerated: 404, resetChosen: 404, roles: 404 });
    const admin = await t.admin();
    const target = await admin.get(`/api/v1/users/${targetId}`);
    expect(target.body).toMatchObject({ displayName: targetName, status: 'active', mustChangePassword: false });
    expect((await t.agent().login(targetName, TAKEN_OVER)).status).toBe(401);
    return target.body;
  };

  it('404 for a Ganzhou city office on the pair-wide office administrator whose unit lies in Ganzhou; its password still works', async () => {
    const pairOffice = await t.userAgent({ username: 'pair-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office' });
    // The city office sees the account (its unit is in Ganzhou) but may not touch it.
    expect((await ganzhouOffice.get(`/api/v1/users/${pairOffice.userId}`)).status).toBe(200);
    const target = await tryEverything(ganzhouOffice, pairOffice.userId, 'pair-office');
    expect(target.roles).toEqual([expect.objectContaining({ role: 'office_admin', scope: 'all' })]);
    expect((await t.agent().login('pair-office', USER_PASSWORD)).status).toBe(200);
    expect((await pairOffice.get('/api/v1/auth/session')).status).toBe(200);
  });

  it('404 for a pair-wide office administrator on a system administrator whose unit is in the pair', async () => {
    const admin = await t.admin();
    const office = await t.unit('gz-office');
    const created = await admin.post('/api/v1/users', {
      username: 'sys-in-pair',
      displayName: 'sys-in-pair',
      unitId: office.id,
      password: USER_PASSWORD,
      mustChangePassword: false,
      roles: [{ role: 'system_admin', scope: 'all', pairId: null }],
    });
    expect(created.status).toBe(201);
    const pairOffice = await t.userAgent({ username: 'pair-office-2', role: 'office_admin', scope: 'all', unitKey: 'sz-office' });
    expect((await pairOffice.get(`/api/v1/users/${created.body.user.id}`)).status).toBe(200);
    await tryEverything(pairOffice, created.body.user.id, 'sys-in-pair');
    expect((await t.agent().login('sys-in-pair', USER_PASSWORD)).status).toBe(200);
  });

  it('200 for a pair-wide office administrator on the Ganzhou city office administrator (covered)', async () => {
    const pairOffice = t.agent();
    expect((await pairOffice.login('pair-office-2', USER_PASSWORD)).status).toBe(200);
    const cityOfficeId = (await ganzhouOffice.get('/api/v1/auth/session')).body.user.id;
    const response = await pairOffice.patch(`/api/v1/users/${cityOfficeId}`, { displayName: '赣州市对口办管理员' });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('赣州市对口办管理员');
  });

  it('an administrator may rename itself but not reset its own password here (403: that needs the current password)', async () => {
    const selfId = (await ganzhouOffice.get('/api/v1/auth/session')).body.user.id;
    expect((await ganzhouOffice.patch(`/api/v1/users/${selfId}`, { displayName: '赣州办' })).status).toBe(200);
    const reset = await ganzhouOffice.post(`/api/v1/users/${selfId}/reset-password`, { password: 'Chosen#Pass2026' });
    expect(reset.status).toBe(403);
    expect(reset.body.error).toMatchObject({ code: 'FORBIDDEN', details: [expect.objectContaining({ field: 'id' })] });
    expect((await t.agent().login('gz-office-admin', USER_PASSWORD)).status).toBe(200);
  });
});

describe('races', () => {
  it('8 parallel creates of one username: one 201, seven 409 CONFLICT naming username', async () => {
    const admin = await t.admin();
    const body = await newUser({ username: 'race-twin' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => admin.post('/api/v1/users', body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(answer.body.error).toMatchObject({ code: 'CONFLICT', details: [expect.objectContaining({ field: 'username' })] });
    }
    expect((await admin.get('/api/v1/users?q=race-twin')).body.total).toBe(1);
  });

  it('two system administrators disabling each other at once leave one of them active', async () => {
    const admin = await t.admin();
    const adminId = (await admin.get('/api/v1/auth/session')).body.user.id;
    const created = await admin.post('/api/v1/users', {
      username: 'second-admin',
      displayName: 'second-admin',
      unitId: null,
      password: USER_PASSWORD,
      mustChangePassword: false,
      roles: [{ role: 'system_admin', scope: 'all', pairId: null }],
    });
    expect(created.status).toBe(201);
    // Exactly two active global system administrators (the earlier tests made one more).
    const others = await t.ctx.db.execute(
      sql`select distinct u.id from users u join role_assignments r on r.user_id = u.id where r.role = 'system_admin' and r.pair_id is null and u.status = 'active' and u.id not in (${adminId}, ${created.body.user.id})`,
    );
    for (const other of others.rows as { id: string }[]) expect((await admin.patch(`/api/v1/users/${other.id}`, { status: 'disabled' })).status).toBe(200);
    const second = t.agent();
    expect((await second.login('second-admin', USER_PASSWORD)).status).toBe(200);
    const [first, other] = await Promise.all([
      admin.patch(`/api/v1/users/${created.body.user.id}`, { status: 'disabled' }),
      second.patch(`/api/v1/users/${adminId}`, { status: 'disabled' }),
    ]);
    // The loser is refused (409), or finds its own session already ended (401).
    expect([first.status, other.status].filter((s) => s === 200)).toHaveLength(1);
    expect([first.status, other.status].filter((s) => s !== 200)).toEqual([expect.toBeOneOf([401, 409])]);
    const active = await t.ctx.db.execute(
      sql`select count(distinct u.id)::int as n from users u join role_assignments r on r.user_id = u.id where r.role = 'system_admin' and r.pair_id is null and u.status = 'active'`,
    );
    expect((active.rows[0] as { n: number }).n).toBe(1);
    // Someone can still log in and run the deployment.
    const survivor = first.status === 200 ? 'admin' : 'second-admin';
    expect((await t.agent().login(survivor, survivor === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD)).status).toBe(200);
  });
});
