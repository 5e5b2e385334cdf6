import { LOGIN_MAX_FAILED_ATTEMPTS } from '@duikou/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadRateLimits } from '../../config.js';
import { auditLog, sessions } from '../../db/schema.js';
import { ADMIN_PASSWORD, Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

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

  it('locks the account after 5 wrong passwords for 15 minutes (told only to the right password: 423), then lets it in again', async () => {
    await t.userAgent({ username: 'lock-me', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
    const agent = t.agent();
    for (let i = 1; i <= 5; i++) expect((await agent.login('lock-me', `Wrong#Pass202${i}`)).status).toBe(401);
    // Locked now, but a wrong password is not told so.
    const sixth = await agent.login('lock-me', 'Wrong#Pass2026');
    expect(sixth.status).toBe(401);
    expect(sixth.body.error.code).toBe('INVALID_CREDENTIALS');
    // The right password is refused while locked, and only it learns why.
    const right = await agent.login('lock-me', USER_PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(right.body.error.details[0].reason).toMatch(/\d{4}-\d{2}-\d{2}T/);
    t.clock.advance(14 * 60_000);
    expect((await agent.login('lock-me', USER_PASSWORD)).status).toBe(423);
    t.clock.advance(2 * 60_000);
    expect((await agent.login('lock-me', USER_PASSWORD)).status).toBe(200);
  });

  it('401 INVALID_CREDENTIALS for a disabled account, even with the right password (no session)', async () => {
    const user = await t.userAgent({ username: 'to-disable', role: 'viewer', scope: 'unit_tree', unitKey: 'gz-office' });
    const admin = await t.admin();
    expect((await admin.patch(`/api/v1/users/${user.userId}`, { status: 'disabled' })).status).toBe(200);
    // Disabling ends the open session too.
    expect((await user.get('/api/v1/auth/session')).status).toBe(401);
    const response = await t.agent().login('to-disable', USER_PASSWORD);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('401 with one and the same answer for an unknown name, a wrong password, a locked and a disabled account', async () => {
    const admin = await t.admin();
    await t.userAgent({ username: 'same-locked', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
    const disabled = await t.userAgent({ username: 'same-disabled', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
    await t.userAgent({ username: 'same-wrong', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
    expect((await admin.patch(`/api/v1/users/${disabled.userId}`, { status: 'disabled' })).status).toBe(200);
    for (let i = 0; i < LOGIN_MAX_FAILED_ATTEMPTS; i++) await t.agent().login('same-locked', `Wrong#Pass${i}xyz`);
    const answers = {
      unknown: await t.agent().login('same-nobody', USER_PASSWORD),
      wrong: await t.agent().login('same-wrong', 'Wrong#Pass2026'),
      lockedWrong: await t.agent().login('same-locked', 'Wrong#Pass2026'),
      disabledWrong: await t.agent().login('same-disabled', 'Wrong#Pass2026'),
      disabledRight: await t.agent().login('same-disabled', USER_PASSWORD),
    };
    const shape = (r: { status: number; body: { error: Record<string, unknown> } }) => {
      const { requestId: _requestId, ...rest } = r.body.error;
      return { status: r.status, error: rest };
    };
    const expected = { status: 401, error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', messageEn: 'Wrong username or password', details: [] } };
    for (const [name, answer] of Object.entries(answers)) expect({ name, ...shape(answer) }).toEqual({ name, ...expected });
    // The office still sees why in the audit log.
    const reasons = await t.ctx.db
      .select({ reason: sql<string>`${auditLog.after}->>'reason'` })
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.action, ['auth.login_failed', 'auth.locked']),
          inArray(auditLog.actorName, ['same-nobody', 'same-wrong', 'same-locked', 'same-disabled']),
        ),
      );
    expect(new Set(reasons.map((r) => r.reason))).toEqual(new Set(['unknown_user', 'wrong_password', 'locked', 'disabled']));
  });

  it('40 parallel logins with the right password at position 35: at most 5 passwords are checked, then the lock holds and no session is made', async () => {
    const target = await t.userAgent({ username: 'parallel-target', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-yudu' });
    const passwords = Array.from({ length: 40 }, (_, i) => (i === 34 ? USER_PASSWORD : `Wrong#Guess${i}x`));
    const answers = await Promise.all(passwords.map((password) => t.agent().login('parallel-target', password)));
    const checked = await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, target.userId), sql`${auditLog.after}->>'reason' = 'wrong_password'`));
    expect(checked[0]!.n).toBeLessThanOrEqual(LOGIN_MAX_FAILED_ATTEMPTS);
    expect(answers[34]!.status).toBe(423);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(0);
    expect(answers.filter((a, i) => i !== 34 && a.status !== 401)).toEqual([]);
    const open = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, target.userId));
    // Only the session the factory opened before the attack.
    expect(open[0]!.n).toBe(1);
  });
});

/** Runs with the production limits (the suite's own are out of reach: it logs in from one address all the time). */
const withLimits = async (run: () => Promise<void>) => {
  const saved: Config['rateLimits'] = t.ctx.config.rateLimits;
  t.ctx.config.rateLimits = loadRateLimits();
  try {
    await run();
  } finally {
    t.ctx.config.rateLimits = saved;
  }
};

describe('login throttling (the production limits)', () => {
  it('429 RATE_LIMITED with Retry-After once one address has failed 30 times in 15 minutes, even with the right password; other addresses go on', async () => {
    await t.userAgent({ username: 'throttle-victim', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ruijin' });
    await withLimits(async () => {
      const from = '198.51.100.23';
      const failures = await Promise.all(Array.from({ length: 30 }, (_, i) => t.agent(from).login(`guess-${i}`, 'Wrong#Pass2026')));
      expect(failures.map((f) => f.status)).toEqual(Array(30).fill(401));
      const refused = await t.agent(from).login('throttle-victim', USER_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', details: [] });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect((await t.agent('198.51.100.24').login('throttle-victim', USER_PASSWORD)).status).toBe(200);
      t.clock.advance(15 * 60_000);
      expect((await t.agent(from).login('throttle-victim', USER_PASSWORD)).status).toBe(200);
    });
  });

  it('the counts hold across processes sharing the database (PostgreSQL): 5 failures in each of two processes, then 429 in both', async (context) => {
    const sibling = await t.sibling();
    if (!sibling) return context.skip();
    await withLimits(async () => {
      const failures = await Promise.all(
        Array.from({ length: 10 }, (_, i) => new Agent(i % 2 === 0 ? t.app : sibling.app, `192.0.2.${50 + i}`).login('two-process-ghost', `Wrong#Two${i}x`)),
      );
      expect(failures.map((f) => f.status)).toEqual(Array(10).fill(401));
      expect((await new Agent(t.app, '192.0.2.70').login('two-process-ghost', 'Wrong#Pass2026')).status).toBe(429);
      expect((await new Agent(sibling.app, '192.0.2.71').login('two-process-ghost', 'Wrong#Pass2026')).status).toBe(429);
    });
  });

  it('429 alike for a real and an unknown username after 10 failures from many addresses; right passwords do not count', async () => {
    await t.userAgent({ username: 'spray-target', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ruijin' });
    await withLimits(async () => {
      // The owner logging in between guesses neither counts nor resets the username's count.
      expect((await t.agent('192.0.2.200').login('spray-target', USER_PASSWORD)).status).toBe(200);
      for (const name of ['spray-target', 'spray-ghost']) {
        const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => t.agent(`192.0.2.${i + 1}`).login(name, `Wrong#Spray${i}x`)));
        expect(guesses.map((g) => g.status)).toEqual(Array(10).fill(401));
      }
      const real = await t.agent('192.0.2.99').login('spray-target', 'Wrong#Pass2026');
      const ghost = await t.agent('192.0.2.99').login('spray-ghost', 'Wrong#Pass2026');
      expect([real.status, ghost.status]).toEqual([429, 429]);
      expect(real.headers['retry-after']).toBe(ghost.headers['retry-after']);
      expect({ ...real.body.error, requestId: null }).toEqual({ ...ghost.body.error, requestId: null });
    });
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

  it('with a 1-minute idle timeout a session used every 50 seconds lives on; left alone for a minute it ends', async () => {
    const saved = t.ctx.config.sessionIdleMinutes;
    t.ctx.config.sessionIdleMinutes = 1;
    try {
      const agent = t.agent();
      expect((await agent.login('admin', ADMIN_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 12; i++) {
        t.clock.advance(50_000);
        expect({ step: i, status: (await agent.get('/api/v1/auth/session')).status }).toEqual({ step: i, status: 200 });
      }
      t.clock.advance(61_000);
      expect((await agent.get('/api/v1/auth/session')).status).toBe(401);
    } finally {
      t.ctx.config.sessionIdleMinutes = saved;
    }
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

  it('429 after 10 wrong current passwords in 15 minutes: they count like failed logins', async () => {
    const user = await t.userAgent({ username: 'pw-guesser', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-huichang' });
    await withLimits(async () => {
      const guesses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => user.post('/api/v1/auth/password', { currentPassword: `Guess#Pass${i}x`, newPassword: 'Better#Pass2026' })),
      );
      expect(guesses.map((g) => g.status)).toEqual(Array(10).fill(400));
      const refused = await user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Better#Pass2026' });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('two changes from the same current password at once: one wins, the other is refused', async () => {
    const user = await t.userAgent({ username: 'pw-racer', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-huichang' });
    const [a, b] = await Promise.all([
      user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'First#Pass2026x' }),
      user.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Second#Pass2026x' }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.details[0].field).toBe('currentPassword');
    const winner = a.status === 200 ? 'First#Pass2026x' : 'Second#Pass2026x';
    expect((await t.agent().login('pw-racer', winner)).status).toBe(200);
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
