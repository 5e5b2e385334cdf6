import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('POST /api/v1/auth/login', () => {
  it('400 naming the field when the password is missing', async () => {
    const response = await t.agent().post('/api/v1/auth/login', { username: 'admin' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'password' })]);
    expect(response.body.error.message).toMatch(/^password: /);
  });

  it('400 MALFORMED_JSON when the body is not JSON', async () => {
    const response = await t.agent().request('POST', '/api/v1/auth/login', '{"username":', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
  });

  it('401 with the same answer for a wrong password and for an unknown user', async () => {
    const wrong = await t.agent().login('admin', 'Wrong#Pass2026');
    const unknown = await t.agent().login('nobody-here', 'Wrong#Pass2026');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: wrong.body.error.message });
  });

  it('200 with the session, an HttpOnly SameSite=Strict cookie and a CSRF token', async () => {
    const agent = t.agent();
    const response = await agent.login('admin', ADMIN_PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body.user.username).toBe('admin');
    expect(response.body.grants).toEqual([{ role: 'system_admin', scope: 'all', pairId: null, cityId: null, unitId: null }]);
    expect(response.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^duikou_session=[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const session = await agent.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.username).toBe('admin');
    expect(session.body.permissions).toContain('users.write');
  });

  it('locks the account after 5 wrong passwords for 15 minutes, then lets it in again', async () => {
    await t.userAgent({ username: 'lock-me', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
    const agent = t.agent();
    for (let i = 1; i <= 4; i++) expect((await agent.login('lock-me', `Wrong#Pass202${i}`)).status).toBe(401);
    const fifth = await agent.login('lock-me', 'Wrong#Pass2025');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused while locked.
    expect((await agent.login('lock-me', USER_PASSWORD)).status).toBe(423);
    t.clock.advance(14 * 60_000);
    expect((await agent.login('lock-me', USER_PASSWORD)).status).toBe(423);
    t.clock.advance(2 * 60_000);
    expect((await agent.login('lock-me', USER_PASSWORD)).status).toBe(200);
  });

  it('403 ACCOUNT_DISABLED for a disabled account with the right password', async () => {
    const user = await t.userAgent({ username: 'to-disable', role: 'viewer', scope: 'unit_tree', unitKey: 'gz-office' });
    const admin = await t.admin();
    expect((await admin.patch(`/api/v1/users/${user.userId}`, { status: 'disabled' })).status).toBe(200);
    // Disabling ends the open session too.
    expect((await user.get('/api/v1/auth/session')).status).toBe(401);
    const response = await t.agent().login('to-disable', USER_PASSWORD);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('sessions', () => {
  it('401 on a protected route without a session', async () => {
    const response = await t.agent().get('/api/v1/auth/session');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('expires after 30 idle minutes; activity keeps it alive', async () => {
    const agent = t.agent();
    await agent.login('admin', ADMIN_PASSWORD);
    t.clock.advance(25 * 60_000);
    expect((await agent.get('/api/v1/auth/session')).status).toBe(200);
    t.clock.advance(25 * 60_000);
    expect((await agent.get('/api/v1/auth/session')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await agent.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('403 CSRF_FAILED on a write without the X-CSRF-Token header, or with a wrong one', async () => {
    const agent = t.agent();
    await agent.login('admin', ADMIN_PASSWORD);
    const token = agent.csrfToken;
    agent.csrfToken = null;
    const missing = await agent.post('/api/v1/auth/logout');
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CSRF_FAILED');
    const wrong = await agent.request('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    agent.csrfToken = token;
    expect((await agent.get('/api/v1/auth/session')).status).toBe(200);
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const agent = t.agent();
    await agent.login('admin', ADMIN_PASSWORD);
    const cookie = agent.cookie;
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(200);
    agent.cookie = cookie;
    expect((await agent.get('/api/v1/auth/session')).status).toBe(401);
  });
});

describe('POST /api/v1/auth/password', () => {
  it('401 without a session', async () => {
    expect((await t.agent().post('/api/v1/auth/password', { currentPassword: 'a', newPassword: 'b' })).status).toBe(401);
  });

  it('400 naming currentPassword when it is wrong, newPassword when it breaks the policy; 200 and other sessions end', async () => {
    const user = await t.userAgent({ username: 'changer', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ruijin' });
    const otherDevice = t.agent();
    await otherDevice.login('changer', USER_PASSWORD);

    const wrong = await user.post('/api/v1/auth/password', { currentPassword: 'Nope#Pass2026', newPassword: 'Better#Pass2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('currentPassword');

    const short = await user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Ab1#' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'PASSWORD_POLICY', details: [expect.objectContaining({ field: 'newPassword', code: 'too_short' })] });

    const twoClasses = await user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'abcdefghij1234' });
    expect(twoClasses.body.error.details[0].code).toBe('too_few_classes');

    const ok = await user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Better#Pass2026' });
    expect(ok.status).toBe(200);
    expect((await user.get('/api/v1/auth/session')).status).toBe(200);
    expect((await otherDevice.get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.agent().login('changer', 'Better#Pass2026')).status).toBe(200);
  });

  it('a generated password must be changed before anything else', async () => {
    const admin = await t.admin();
    const office = await t.unit('gz-office');
    const created = await admin.post('/api/v1/users', {
      username: 'fresh-user',
      displayName: '新用户',
      unitId: office.id,
      roles: [{ role: 'viewer', scope: 'unit_tree', unitId: office.id }],
    });
    expect(created.status).toBe(201);
    const initial = created.body.initialPassword as string;
    expect(initial).toHaveLength(16);
    const agent = t.agent();
    const login = await agent.login('fresh-user', initial);
    expect(login.body.user.mustChangePassword).toBe(true);
    const blocked = await agent.get('/api/v1/units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await agent.post('/api/v1/auth/password', { currentPassword: initial, newPassword: 'Chosen#Pass2026' })).status).toBe(200);
    expect((await agent.get('/api/v1/units')).status).toBe(200);
  });
});
