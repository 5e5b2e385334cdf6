import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../db/schema.js';
import { publishDefaultPlan } from '../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../test-support/test-app.js';
import { runReminders } from './reminders.js';

let t: TestApp;
let office: Agent & { userId: string };
let reporter: Agent & { userId: string };
let head: Agent & { userId: string };
let taskId: string;
const DAY = 86_400_000;

async function noticesOf(userId: string) {
  return t.ctx.db.select().from(notifications).where(eq(notifications.userId, userId));
}

beforeAll(async () => {
  t = await createTestApp();
  const gz = await t.unit('gz-office');
  const xingguo = await t.unit('gz-xingguo');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  reporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  head = await t.userAgent({ username: 'xingguo-head', role: 'viewer', scope: 'unit_tree', unitKey: 'gz-xingguo' });
  expect((await office.patch(`/api/v1/units/${xingguo.id}`, { headUserId: head.userId })).body.headUserId).toBe(head.userId);
  const { planId } = await publishDefaultPlan(office, gz.pairId);
  await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 });
  const task = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '四',
    title: '兴国县红色研学接待',
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
    leadUnitIds: [xingguo.id],
    milestones: [{ title: '确定研学线路', dueOn: '2026-03-04' }],
  });
  taskId = task.body.id;
});
afterAll(async () => t?.close());

describe('the reminder job', () => {
  it('reminds the lead unit of a milestone due within the window, once however often it runs, even in parallel', async () => {
    // Today is 2026-03-02: the milestone of 03-04 is within 3 days; the first-quarter report (04-10) is not.
    const first = await runReminders(t.ctx, 3);
    expect(first).toMatchObject({ ran: true, today: '2026-03-02', milestoneDue: 1, reportDue: 0, reportOverdue: 0 });
    const again = await runReminders(t.ctx, 3);
    expect(again).toMatchObject({ milestoneDue: 0, reportDue: 0 });
    await Promise.all([runReminders(t.ctx, 3), runReminders(t.ctx, 3)]);
    const notices = await noticesOf(reporter.userId);
    expect(notices.map((n) => n.title)).toEqual(['推进节点即将到期：确定研学线路']);
  });

  it('reminds of the quarterly report when its deadline comes within the window', async () => {
    t.clock.advance(37 * DAY); // 2026-04-08
    const run = await runReminders(t.ctx, 3);
    expect(run).toMatchObject({ today: '2026-04-08', reportDue: 1 });
    const due = (await noticesOf(reporter.userId)).find((n) => n.kind === 'report_due');
    expect(due?.title).toBe('进展报告即将截止：兴国县红色研学接待');
    // The notice opens the form of exactly that report.
    const [period] = (await t.ctx.db.execute(sql`select id from report_periods where label = '2026年第一季度'`)).rows as { id: string }[];
    const xingguo = await t.unit('gz-xingguo');
    expect(due?.link).toBe(`/reports/fill?taskId=${taskId}&unitId=${xingguo.id}&periodId=${period!.id}`);
  });

  it('escalates an overdue report to the unit head and the office, and turns the light red', async () => {
    t.clock.advance(4 * DAY); // 2026-04-12: the deadline of 04-10 has passed without a report
    const run = await runReminders(t.ctx, 3);
    expect(run.reportOverdue).toBe(2);
    expect(run.lightsRecomputed).toBeGreaterThanOrEqual(1);
    expect((await noticesOf(head.userId)).map((n) => n.kind)).toEqual(['report_overdue']);
    expect((await noticesOf(office.userId)).map((n) => n.body)).toEqual(['兴国县 未在 2026年4月10日 前报送2026年第一季度进展报告']);
    expect((await runReminders(t.ctx, 3)).reportOverdue).toBe(0);
    const [light] = (await t.ctx.db.execute(sql`select light from tasks where id = ${taskId}`)).rows as { light: string }[];
    expect(light!.light).toBe('red');
  });
});

describe('notifications API', () => {
  it('401 without a session; the bell shows the unread count; marking read; 404 for a notice of someone else', async () => {
    expect((await t.agent().get('/api/v1/notifications')).status).toBe(401);
    for (const [agent, name] of [
      [reporter, 'xingguo'],
      [head, 'xingguo-head'],
    ] as const)
      expect((await agent.login(name, USER_PASSWORD)).status).toBe(200);
    const mine = await reporter.get('/api/v1/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 2, unread: 2 });
    const first = mine.body.items[0].id;
    expect((await head.post(`/api/v1/notifications/${first}/read`)).status).toBe(404);
    expect((await reporter.post(`/api/v1/notifications/${first}/read`)).status).toBe(200);
    expect((await reporter.get('/api/v1/notifications?unread=true')).body).toMatchObject({ total: 1, unread: 1 });
    expect((await reporter.post('/api/v1/notifications/read-all')).body).toEqual({ marked: 1 });
    expect((await reporter.get('/api/v1/notifications')).body.unread).toBe(0);
    expect((await reporter.get('/api/v1/notifications?unread=maybe')).body.error.details[0].field).toBe('unread');
  });
});

describe('a closed report period', () => {
  it('reminds of nothing for a closed period; once reopened, the reminder comes', async () => {
    t.clock.advance(87 * DAY); // 2026-07-08: the second quarter is due on 07-10
    expect((await office.login('gz-office', USER_PASSWORD)).status).toBe(200);
    const [q2] = (await t.ctx.db.execute(sql`select id from report_periods where label = '2026年第二季度'`)).rows as { id: string }[];
    expect((await office.post(`/api/v1/report-periods/${q2!.id}/close`)).status).toBe(200);
    expect(await runReminders(t.ctx, 3)).toMatchObject({ today: '2026-07-08', reportDue: 0 });
    expect((await office.post(`/api/v1/report-periods/${q2!.id}/reopen`)).status).toBe(200);
    expect(await runReminders(t.ctx, 3)).toMatchObject({ reportDue: 1 });
  });
});
