import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../test-support/plans.js';
import { type Agent, createTestApp, type Peer, type TestApp, USER_PASSWORD } from '../test-support/test-app.js';

// The read cache must be invisible: every answer equals what the database gives without it, right
// after a change in this process and, on a PostgreSQL server, shortly after one in another process.

let t: TestApp;
let office: Agent;
let xingguo: Agent;
let szOffice: Agent;
let uncached: Peer;
let planId: string;
let pairId: string;
const ids: Record<string, string> = {};
const ARTICLES = ['三', '四', '五', '六'];
const COUNTIES = ['gz-xingguo', 'gz-ningdu', 'gz-yudu'];

beforeAll(async () => {
  t = await createTestApp();
  for (const key of [...COUNTIES, 'sz-futian']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ({ planId } = await publishDefaultPlan(office, pairId));
  for (let i = 0; i < 36; i++) {
    const created = await office.post('/api/v1/tasks', {
      planId,
      articleNo: ARTICLES[i % ARTICLES.length],
      title: `${i % 2 ? '研学' : '培训'}任务 ${String(i).padStart(2, '0')}`,
      startOn: '2026-01-01',
      dueOn: `2026-${String((i % 12) + 1).padStart(2, '0')}-28`,
      leadUnitIds: [ids[COUNTIES[i % COUNTIES.length]!]],
      supportUnitIds: i % 4 === 0 ? [ids['sz-futian']] : [],
    });
    expect(created.status).toBe(201);
  }
  uncached = await t.uncached();
});
afterAll(async () => t?.close());

const listQueries = [
  'pageSize=10&page=1',
  'pageSize=10&page=3',
  'pageSize=7&page=2&articleNo=四',
  'pageSize=50&light=red',
  'pageSize=50&status=not_started',
  'pageSize=20&q=研学',
  'pageSize=20&unitId=UNIT',
  'pageSize=20&cityId=CITY',
  'pageSize=5&page=99',
];

async function sameAnswers(agent: Agent) {
  const plain = uncached.as(agent);
  const sz = await t.unit('sz-office');
  for (const raw of listQueries) {
    const query = raw.replace('UNIT', ids['gz-ningdu']!).replace('CITY', sz.cityId);
    const [cached, direct] = await Promise.all([agent.get(`/api/v1/tasks?${query}`), plain.get(`/api/v1/tasks?${query}`)]);
    expect(cached.status, query).toBe(200);
    expect(cached.body, query).toEqual(direct.body);
  }
  const [cached, direct] = await Promise.all([agent.get(`/api/v1/dashboard?planId=${planId}`), plain.get(`/api/v1/dashboard?planId=${planId}`)]);
  expect(cached.status).toBe(direct.status);
  expect(cached.body).toEqual(direct.body);
}

describe('the read cache in one process', () => {
  it('lists and dashboards equal the uncached answers for the office, a city office and a county', async () => {
    for (const agent of [office, szOffice, xingguo]) {
      await sameAnswers(agent);
      // Asked twice: the second answer comes from the cache.
      await sameAnswers(agent);
    }
    expect(t.ctx.cache.stats().hits).toBeGreaterThan(0);
  });

  it('a change is seen by the very next request: status, reassignment, a new task', async () => {
    const list = (await office.get('/api/v1/tasks?pageSize=100')).body;
    const first = list.items[0];
    expect((await office.patch(`/api/v1/tasks/${first.id}`, { status: 'done', progress: 100 })).status).toBe(200);
    const done = (await office.get('/api/v1/tasks?pageSize=100&status=done')).body;
    expect(done.items.map((task: { id: string }) => task.id)).toContain(first.id);
    await sameAnswers(office);

    // Reassigning a Xingguo task to Ningdu takes it out of Xingguo's list at once.
    const xingguoTasks = (await xingguo.get('/api/v1/tasks?pageSize=100')).body;
    const moved = xingguoTasks.items.find((task: { units: { unitId: string; role: string }[] }) =>
      task.units.some((u) => u.role === 'lead' && u.unitId === ids['gz-xingguo']),
    );
    expect((await office.patch(`/api/v1/tasks/${moved.id}`, { leadUnitIds: [ids['gz-ningdu']], supportUnitIds: [] })).status).toBe(200);
    const after = (await xingguo.get('/api/v1/tasks?pageSize=100')).body;
    expect(after.total).toBe(xingguoTasks.total - 1);
    expect(after.items.map((task: { id: string }) => task.id)).not.toContain(moved.id);
    expect((await xingguo.get(`/api/v1/tasks/${moved.id}`)).status).toBe(404);
    await sameAnswers(xingguo);

    const dashboardBefore = (await office.get(`/api/v1/dashboard?planId=${planId}`)).body;
    const created = await office.post('/api/v1/tasks', { planId, articleNo: '三', title: '新增任务', leadUnitIds: [ids['gz-xingguo']] });
    expect(created.status).toBe(201);
    expect((await office.get(`/api/v1/dashboard?planId=${planId}`)).body.totals.tasks).toBe(dashboardBefore.totals.tasks + 1);
    await sameAnswers(office);
  });

  it('a change that cannot move a task keeps the list orders; one that can (due date, status) rebuilds them', async () => {
    const listMisses = () => t.ctx.cache.stats().missesByKind.tasks ?? 0;
    const before = (await office.get('/api/v1/tasks?pageSize=100')).body;
    const target = before.items[5];
    const misses = listMisses();
    expect((await office.patch(`/api/v1/tasks/${target.id}`, { progress: 37, description: '只改进度和说明' })).status).toBe(200);
    const afterProgress = (await office.get('/api/v1/tasks?pageSize=100')).body;
    expect(listMisses()).toBe(misses);
    expect(afterProgress.items.map((task: { id: string }) => task.id)).toEqual(before.items.map((task: { id: string }) => task.id));
    expect(afterProgress.items[5].progress).toBe(37);

    expect((await office.patch(`/api/v1/tasks/${target.id}`, { dueOn: '2027-06-30' })).status).toBe(200);
    const afterDue = (await office.get('/api/v1/tasks?pageSize=100')).body;
    expect(listMisses()).toBe(misses + 1);
    // Due last of the dated tasks now: further down the list.
    expect(afterDue.items.findIndex((task: { id: string }) => task.id === target.id)).toBeGreaterThan(30);
    await sameAnswers(office);

    expect((await office.patch(`/api/v1/tasks/${target.id}`, { status: 'paused' })).status).toBe(200);
    const paused = (await office.get('/api/v1/tasks?pageSize=100&status=paused')).body;
    expect(paused.items.map((task: { id: string }) => task.id)).toContain(target.id);
    await sameAnswers(office);
  });

  it('a session ends at once: logout, removed rights, a disabled account', async () => {
    const agentFor = async (username: string) => {
      const agent = t.agent();
      expect((await agent.login(username, USER_PASSWORD)).status).toBe(200);
      expect((await agent.get('/api/v1/auth/session')).status).toBe(200);
      return agent;
    };
    const first = await t.userAgent({ username: 'cached-1', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-yudu' });
    expect((await first.get('/api/v1/tasks?pageSize=5')).status).toBe(200);
    const second = await agentFor('cached-1');
    expect((await first.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await first.get('/api/v1/tasks?pageSize=5')).status).toBe(401);
    expect((await second.get('/api/v1/tasks?pageSize=5')).status).toBe(200);

    const admin = await t.admin();
    expect((await admin.put(`/api/v1/users/${first.userId}/roles`, { roles: [] })).status).toBe(200);
    expect((await second.get('/api/v1/tasks?pageSize=5')).status).toBe(403);
    expect((await admin.patch(`/api/v1/users/${first.userId}`, { status: 'disabled' })).status).toBe(200);
    expect((await second.get('/api/v1/auth/session')).status).toBe(401);
  });
});

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.runIf(Boolean(process.env.DATABASE_URL))('two platform processes on one PostgreSQL server', () => {
  it('a change made through one process reaches the other’s cached lists, dashboards and sessions', async () => {
    const other = (await t.sibling())!;
    const officeThere = other.as(office);
    const xingguoThere = other.as(xingguo);
    // Warm the other process's cache.
    const listThere = (await xingguoThere.get('/api/v1/tasks?pageSize=100')).body;
    const dashboardThere = (await officeThere.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect((await xingguoThere.get('/api/v1/tasks?pageSize=100')).body).toEqual(listThere);

    const created = await office.post('/api/v1/tasks', { planId, articleNo: '五', title: '另一进程可见的任务', leadUnitIds: [ids['gz-xingguo']] });
    expect(created.status).toBe(201);
    await until(async () => (await xingguoThere.get('/api/v1/tasks?pageSize=100')).body.total === listThere.total + 1);
    await until(async () => (await officeThere.get(`/api/v1/dashboard?planId=${planId}`)).body.totals.tasks === dashboardThere.totals.tasks + 1);

    // A logout through this process ends the session in the other one too.
    const roaming = await t.userAgent({ username: 'roaming', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
    const roamingThere = other.as(roaming);
    expect((await roamingThere.get('/api/v1/tasks?pageSize=5')).status).toBe(200);
    expect((await roaming.post('/api/v1/auth/logout')).status).toBe(200);
    await until(async () => (await roamingThere.get('/api/v1/tasks?pageSize=5')).status === 401);
  });
});
