import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

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
