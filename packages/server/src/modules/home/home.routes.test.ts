import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervisionItems } from '../../db/schema.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { Agent, createTestApp, type JsonBody, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';
import { insertNotification } from '../supervision/supervision.repository.js';

// The test clock starts on 2026-03-02 09:00 (China time). Monthly periods from January: January's
// reports were due on 2026-02-10 (overdue), February's on 03-10, March's period has started.

let t: TestApp;
type UserAgent = Agent & { userId: string };
let office: UserAgent;
let gzOffice: UserAgent;
let szOffice: UserAgent;
let xingguo: UserAgent;
let ningdu: UserAgent;
let futian: UserAgent;
let viewer: UserAgent;
let p2Office: UserAgent;
let pairId: string;
let pair2Id: string;
let planId: string;
const ids: Record<string, string> = {};
const task: Record<string, string> = {};
const period: Record<string, string> = {};
const item: Record<string, string> = {};
let meetingId: string;
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

async function ok(response: Promise<{ status: number; body: JsonBody }>, status = [200, 201]): Promise<JsonBody> {
  const r = await response;
  if (!status.includes(r.status)) throw new Error(`setup failed (${r.status}): ${JSON.stringify(r.body)}`);
  return r.body;
}

const submit = (agent: Agent, taskId: string, unitKey: string, periodKey: string) =>
  ok(agent.put('/api/v1/reports', { taskId, unitId: ids[unitKey], periodId: period[periodKey], narrative: '已按计划推进', progress: 30, submit: true }));

const homeOf = async (agent: Agent, pair = pairId) => {
  const response = await agent.get(`/api/v1/home?pairId=${pair}`);
  expect(response.status).toBe(200);
  return response.body;
};

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian', 'gz-office', 'sz-office']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  office = await t.userAgent({ username: 'pair-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  gzOffice = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  futian = await t.userAgent({ username: 'futian', role: 'unit_reporter', scope: 'unit', unitKey: 'sz-futian' });
  viewer = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId });

  const admin = await t.admin();
  const pair2 = await ok(
    admin.post('/api/v1/pairs', {
      code: 'shenzhen-baise',
      name: '深圳市—百色市',
      nameEn: 'Shenzhen–Baise',
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '4510', name: '百色市' },
      ],
    }),
  );
  pair2Id = pair2.id;
  p2Office = await t.userAgent({ username: 'p2-office', role: 'office_admin', scope: 'all', pairId: pair2Id });

  ({ planId } = await publishDefaultPlan(office, pairId));
  const periods = await ok(office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'monthly', from: '2026-01-01', to: '2026-06-30', dueDays: 10 }));
  for (const [key, index] of [
    ['jan', 0],
    ['feb', 1],
    ['mar', 2],
  ] as const) {
    period[key] = periods.items[index].id;
  }
  const newTask = async (key: string, title: string, lead: string, over: Record<string, unknown> = {}) => {
    const created = await ok(
      office.post('/api/v1/tasks', { planId, articleNo: '四', title, startOn: '2026-01-01', dueOn: '2026-12-31', leadUnitIds: [ids[lead]], ...over }),
    );
    task[key] = created.id;
  };
  await newTask('xingguo', '兴国县红色研学接待', 'gz-xingguo', { supportUnitIds: [ids['sz-futian']] });
  await newTask('ningdu', '宁都县稀土产业合作', 'gz-ningdu');
  await newTask('ningduLate', '宁都县招商推介会（已逾期）', 'gz-ningdu', { dueOn: '2026-02-28' });
  await newTask('futian', '福田区产业园共建', 'sz-futian');

  // 宁都县 and 福田区 submit January; 兴国县 submits February and the office returns it.
  await submit(ningdu, task.ningdu!, 'gz-ningdu', 'jan');
  t.clock.advance(60_000);
  await submit(futian, task.futian!, 'sz-futian', 'jan');
  const returned = await submit(xingguo, task.xingguo!, 'gz-xingguo', 'feb');
  await ok(office.post(`/api/v1/reports/${returned.id}/review`, { decision: 'return', comment: '请补充接待人次' }));
  // 兴国县 starts March's report as a draft: still due.
  await ok(xingguo.put('/api/v1/reports', { taskId: task.xingguo, unitId: ids['gz-xingguo'], periodId: period.mar, narrative: '草稿', submit: false }));

  // Supervision: two on 兴国县 (one past its deadline), one answered by 宁都县, one on 福田区.
  const supervise = async (key: string, unitKey: string, deadline: string, ownerUserId: string | null) => {
    item[key] = (await ok(office.post('/api/v1/supervision', { unitId: ids[unitKey], requirement: `督办：${key}`, deadline, ownerUserId }))).id;
  };
  await supervise('xingguoLate', 'gz-xingguo', '2026-03-05', xingguo.userId);
  await supervise('xingguo', 'gz-xingguo', '2026-03-31', xingguo.userId);
  await supervise('ningdu', 'gz-ningdu', '2026-03-31', ningdu.userId);
  await supervise('futian', 'sz-futian', '2026-03-31', futian.userId);
  await ok(ningdu.post(`/api/v1/supervision/${item.ningdu}/sign`));
  await ok(ningdu.post(`/api/v1/supervision/${item.ningdu}/completion`, { result: '已完成对接' }));
  // The platform refuses a deadline already past; this item's has passed since it was raised.
  await t.ctx.db.update(supervisionItems).set({ deadline: '2026-02-20' }).where(eq(supervisionItems.id, item.xingguoLate!));

  // More notices for 兴国县's reporter than the home lists, and one already read.
  for (let i = 1; i <= 6; i++) {
    await insertNotification(t.ctx.db, {
      userId: xingguo.userId,
      kind: 'reminder',
      title: `通知 ${i}`,
      link: '/reports/todo',
      dedupeKey: `home-test:${i}`,
      createdAt: new Date(t.clock.now().getTime() + i * 1000),
    });
  }
  const first = (await ok(xingguo.get('/api/v1/notifications?unread=true&pageSize=100'))).items.at(-1);
  await ok(xingguo.post(`/api/v1/notifications/${first.id}/read`));

  const meeting = {
    pairId,
    place: '赣州市人民政府第一会议室',
    hostCityId: gz.cityId,
    chairs: [{ name: '李明', title: '副市长', cityId: gz.cityId }],
    attendees: [{ unitId: ids['gz-xingguo'] }],
    agenda: [{ title: '审议推进情况' }],
    decisions: [],
    minutesHtml: '',
  };
  await ok(office.post('/api/v1/meetings', { ...meeting, title: '第一次联席会议', startsAt: '2026-03-01T09:30:00+08:00' }));
  meetingId = (await ok(office.post('/api/v1/meetings', { ...meeting, title: '第二次联席会议', startsAt: '2026-03-20T09:30:00+08:00' }))).id;
  await ok(office.post('/api/v1/meetings', { ...meeting, title: '第三次联席会议', startsAt: '2026-06-20T09:30:00+08:00' }));
});
afterAll(async () => t?.close());

describe('GET /api/v1/home', () => {
  it('401 without a session; 400 naming pairId; 404 for a missing pair and for a pair the caller holds no grant in', async () => {
    expect((await t.agent().get(`/api/v1/home?pairId=${pairId}`)).status).toBe(401);
    expect((await xingguo.get('/api/v1/home')).body.error.details[0].field).toBe('pairId');
    for (const [agent, pair] of [
      [xingguo, MISSING],
      [xingguo, pair2Id],
      [p2Office, pairId],
      [office, pair2Id],
    ] as const) {
      const response = await agent.get(`/api/v1/home?pairId=${pair}`);
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it("a county reporter sees its county's due reports (nearest first, overdue marked), returned reports, open supervision and unread notices; no office work", async () => {
    const home = await homeOf(xingguo);
    expect(home.today).toBe('2026-03-02');
    expect(home.office).toBeNull();
    expect(home.reporting.reach).toEqual({ level: 'units', names: ['兴国县'] });
    expect(home.summaryReach).toEqual({ level: 'units', names: ['兴国县'] });
    // January (overdue) and March (a draft); February was submitted and returned.
    expect(home.reporting.due).toMatchObject({ total: 2, overdue: 1 });
    expect(home.reporting.due.items.map((r: JsonBody) => [r.taskTitle, r.periodId, r.dueOn, r.overdue, r.reportId !== null])).toEqual([
      ['兴国县红色研学接待', period.jan, '2026-02-10', true, false],
      ['兴国县红色研学接待', period.mar, '2026-04-10', false, true],
    ]);
    expect(home.reporting.due.items.every((r: JsonBody) => r.unitId === ids['gz-xingguo'])).toBe(true);
    expect(home.reporting.returned.total).toBe(1);
    expect(home.reporting.returned.items[0]).toMatchObject({ taskTitle: '兴国县红色研学接待', reviewComment: '请补充接待人次', unitName: '兴国县' });
    expect(home.reporting.supervision.items.map((i: JsonBody) => [i.id, i.overdue])).toEqual([
      [item.xingguoLate, true],
      [item.xingguo, false],
    ]);
    // Two supervision notices, the return, six reminders, one of them read: 8 unread, the latest 5 listed.
    expect(home.notices.unread).toBe(8);
    expect(home.notices.items).toHaveLength(5);
    expect(home.notices.items[0].title).toBe('通知 6');
    const text = JSON.stringify(home);
    for (const other of [task.ningdu, task.futian, item.ningdu, item.futian, ids['gz-ningdu']]) expect(text).not.toContain(other);
  });

  it("another county's reporter sees its own work only", async () => {
    const home = await homeOf(ningdu);
    expect(home.reporting.reach.names).toEqual(['宁都县']);
    expect(home.reporting.due.items.map((r: JsonBody) => r.taskId)).not.toContain(task.xingguo);
    expect(home.reporting.supervision.total).toBe(0);
    expect(home.reporting.returned.total).toBe(0);
    expect(home.notices.unread).toBe(1);
  });

  it('the counts are the totals of the lists they stand for', async () => {
    for (const agent of [xingguo, ningdu, futian]) {
      const home = await homeOf(agent);
      const todo = (await agent.get('/api/v1/reports/todo?pageSize=100')).body.items;
      expect(home.reporting.due.total).toBe(todo.filter((r: JsonBody) => r.status !== 'returned').length);
      expect(home.reporting.due.overdue).toBe(todo.filter((r: JsonBody) => r.status !== 'returned' && r.overdue).length);
      expect(home.reporting.returned.total).toBe(todo.filter((r: JsonBody) => r.status === 'returned').length);
      expect(home.reporting.supervision.total).toBe((await agent.get(`/api/v1/supervision?pairId=${pairId}&waitingFor=unit&mine=true`)).body.total);
      expect(home.notices.unread).toBe((await agent.get('/api/v1/notifications?unread=true')).body.unread);
    }
    for (const agent of [office, gzOffice, szOffice]) {
      const home = await homeOf(agent);
      expect(home.office.review.total).toBe((await agent.get('/api/v1/reports?status=submitted')).body.total);
      expect(home.office.redTasks.total).toBe((await agent.get(`/api/v1/tasks?pairId=${pairId}&light=red`)).body.total);
      expect(home.office.overdueSupervision.total).toBe((await agent.get(`/api/v1/supervision?pairId=${pairId}&overdue=true`)).body.total);
      expect(home.office.repliedSupervision.total).toBe((await agent.get(`/api/v1/supervision?pairId=${pairId}&waitingFor=office`)).body.total);
      for (const section of ['review', 'redTasks', 'overdueSupervision', 'repliedSupervision'] as const) {
        expect(home.office[section].items).toHaveLength(Math.min(5, home.office[section].total));
      }
    }
  });

  it('the office of the pair sees the whole review queue, oldest submission first, red tasks, overdue and answered supervision, the next meeting', async () => {
    const home = await homeOf(office);
    expect(home.reporting).toBeNull();
    expect(home.office.reach).toEqual({ level: 'pair', names: [] });
    expect(home.summaryReach).toEqual({ level: 'pair', names: [] });
    expect(home.office.review.items.map((r: JsonBody) => r.unitName)).toEqual(['宁都县', '福田区']);
    expect(home.office.review.total).toBe(2);
    expect(home.office.redTasks.items.find((r: JsonBody) => r.title === '宁都县招商推介会（已逾期）')).toMatchObject({
      leadUnitName: '宁都县',
      dueOn: '2026-02-28',
    });
    expect(home.office.overdueSupervision.items.map((i: JsonBody) => i.id)).toEqual([item.xingguoLate]);
    expect(home.office.repliedSupervision.items.map((i: JsonBody) => [i.id, i.status])).toEqual([[item.ningdu, 'completion_requested']]);
    expect(home.office.nextMeeting).toMatchObject({ id: meetingId, title: '第二次联席会议' });
  });

  it("a city's office sees its city's review queue only", async () => {
    const gz = await homeOf(gzOffice);
    expect(gz.office.reach).toEqual({ level: 'city', names: ['赣州市'] });
    expect(gz.office.review.items.map((r: JsonBody) => r.unitName)).toEqual(['宁都县']);
    const sz = await homeOf(szOffice);
    expect(sz.office.reach).toEqual({ level: 'city', names: ['深圳市'] });
    expect(sz.office.review.items.map((r: JsonBody) => r.unitName)).toEqual(['福田区']);
    expect(sz.office.overdueSupervision.total).toBe(0);
    expect(JSON.stringify(sz)).not.toContain(task.ningdu);
  });

  it('a leader has neither reporting nor review work: only the summary’s reach and its notices', async () => {
    const home = await homeOf(viewer);
    expect(home).toMatchObject({ reporting: null, office: null, summaryReach: { level: 'pair', names: [] }, notices: { unread: 0, items: [] } });
  });

  it('a user with several roles sees the work of each: a county reporter who also reads the whole pair', async () => {
    const admin = await t.admin();
    const created = await admin.post('/api/v1/users', {
      username: 'ningdu-leader',
      displayName: '宁都县领导',
      unitId: ids['gz-ningdu'],
      password: USER_PASSWORD,
      mustChangePassword: false,
      roles: [
        { role: 'unit_reporter', scope: 'unit', pairId, cityId: null, unitId: ids['gz-ningdu'] },
        { role: 'viewer', scope: 'all', pairId, cityId: null, unitId: null },
      ],
    });
    expect(created.status).toBe(201);
    const both = new Agent(t.app);
    expect((await both.login('ningdu-leader', USER_PASSWORD)).status).toBe(200);
    const home = await homeOf(both);
    expect(home.office).toBeNull();
    expect(home.reporting.reach).toEqual({ level: 'units', names: ['宁都县'] });
    expect(home.reporting.due.total).toBe((await homeOf(ningdu)).reporting.due.total);
    expect(home.summaryReach).toEqual({ level: 'pair', names: [] });
  });

  it('answers as without the cache, and a change to the pair shows at once', async () => {
    const uncached = await t.uncached();
    for (const agent of [xingguo, office, gzOffice, viewer]) {
      expect(await homeOf(agent)).toEqual((await uncached.as(agent).get(`/api/v1/home?pairId=${pairId}`)).body);
    }
    expect((await homeOf(office)).office.review.total).toBe(2);
    await submit(xingguo, task.xingguo!, 'gz-xingguo', 'jan');
    const after = await homeOf(xingguo);
    expect(after.reporting.due).toMatchObject({ total: 1, overdue: 0 });
    expect((await homeOf(office)).office.review.total).toBe(3);
    expect((await homeOf(gzOffice)).office.review.items.map((r: JsonBody) => r.unitName)).toEqual(['宁都县', '兴国县']);
  });

  it('a closed period owes nothing: its rows leave the home and the to-do list together, and come back on reopening', async () => {
    const before = await homeOf(xingguo);
    const owedIn = (home: JsonBody) => home.reporting.due.items.filter((r: JsonBody) => r.periodId === period.mar).length;
    expect(owedIn(before)).toBeGreaterThan(0);
    await ok(office.post(`/api/v1/report-periods/${period.mar}/close`, {}));
    const closed = await homeOf(xingguo);
    expect(owedIn(closed)).toBe(0);
    expect(closed.reporting.due.total).toBe(before.reporting.due.total - owedIn(before));
    const todo = (await xingguo.get('/api/v1/reports/todo?pageSize=100')).body.items;
    expect(todo.filter((r: JsonBody) => r.periodId === period.mar)).toEqual([]);
    await ok(office.post(`/api/v1/report-periods/${period.mar}/reopen`, {}));
    expect(owedIn(await homeOf(xingguo))).toBe(owedIn(before));
  });
});
