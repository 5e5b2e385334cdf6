import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test-support/test-app.js';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

// The worker thread exists only on the embedded database (a server's failures are in connection-loss.test.ts).
describe.skipIf(Boolean(process.env.DATABASE_URL))('the embedded database’s worker dies (embedded database)', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.admin();
  });
  afterAll(async () => t?.close());

  it('the process stays up, answers 503 DATABASE_UNAVAILABLE (not 500) meanwhile, keeps the folder locked, and starts the worker again with every committed write', async () => {
    const office = await t.unit('gz-office');
    const before = await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '线程重启之前' });
    expect(before.status).toBe(201);

    const embedded = t.platform.handle.embedded!;
    const dying = embedded.worker;
    // An uncaught error in the worker reaches the main thread as an 'error' event: without a
    // listener it would end the whole process.
    expect(() => dying.emit('error', new Error('PGlite aborted'))).not.toThrow();
    await dying.terminate();

    const health = await t.agent().get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.headers['retry-after']).toMatch(/^\d+$/);
    const read = await admin.get('/api/v1/units?pageSize=5');
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('DATABASE_UNAVAILABLE');
    // No second process may slip in while the worker is down.
    await expect(lockDataDir(t.db.dataDir)).rejects.toBeInstanceOf(DataDirLockedError);

    const deadline = Date.now() + 60_000;
    while ((await t.agent().get('/api/v1/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('the embedded database did not come back');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(embedded.restarts).toBe(1);
    expect(embedded.worker).not.toBe(dying);
    const kept = await admin.get(`/api/v1/units/${before.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.name).toBe('线程重启之前');
    expect((await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '线程重启之后' })).status).toBe(201);
  }, 120_000);
});
