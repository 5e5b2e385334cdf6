import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { rebuildReportStats } from './report-stats.js';
import { rebuildTaskStats } from './task-stats.js';

let t: TestApp;
let office: Agent;
let szOffice: Agent;
let xingguo: Agent;
let viewer: Agent;
let planId: string;
const unit: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian', 'sz-luohu']) unit[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  viewer = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  ({ planId } = await publishDefaultPlan(office, gz.pairId));
  const task = (title: string, articleNo: string, lead: string, support: string[] = [], over: Record<string, unknown> = {}) =>
    office.post('/api/v1/tasks', {
      planId,
      articleNo,
      title,
      startOn: '2026-01-01',
      dueOn: '2026-12-31',
      leadUnitIds: [unit[lead]],
      supportUnitIds: support.map((s) => unit[s]),
      ...over,
    });
  // Four tasks: two in chapter 二 (articles 三, 四), one in chapter 三 (六), one led by Shenzhen.
  await task('红色教育培训', '三', 'gz-xingguo', ['sz-futian']);
  const done = await task('红色研学线路', '四', 'gz-xingguo');
  await office.patch(`/api/v1/tasks/${done.body.id}`, { status: 'done', progress: 100 });
  await task('稀土产业合作', '六', 'gz-ningdu', [], { milestones: [{ title: '签约', dueOn: '2026-03-10' }] });
  await task('罗湖—宁都结对交流', '三', 'sz-luohu', ['gz-ningdu']);
});
afterAll(async () => t?.close());

describe('GET /api/v1/dashboard', () => {
  it('401 without a session; 400 naming planId; 404 for an unknown plan', async () => {
    expect((await t.agent().get(`/api/v1/dashboard?planId=${planId}`)).status).toBe(401);
    expect((await office.get('/api/v1/dashboard')).body.error.details[0].field).toBe('planId');
    expect((await office.get('/api/v1/dashboard?planId=6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
  });

  it('the office sees the whole pair from the summaries: totals, chapters, articles, cities, units, summary text', async () => {
    const response = await office.get(`/api/v1/dashboard?planId=${planId}`);
    expect(response.status).toBe(200);
    const d = response.body;
    expect(d.scope).toBe('all');
    expect(d.totals).toMatchObject({ tasks: 4, completionRate: 0.25, byStatus: { done: 1, not_started: 3 } });
    // The milestone of 2026-03-10 is within 14 days of today (2026-03-02) and not met: amber.
    expect(d.totals.byLight).toMatchObject({ amber: 1, green: 3, red: 0 });
    expect(d.byChapter.map((c: { chapterNo: string; tasks: number }) => `${c.chapterNo}:${c.tasks}`)).toEqual([
      '一:0',
      '二:3',
      '三:1',
      '四:0',
      '五:0',
      '六:0',
      '七:0',
    ]);
    expect(d.byArticle.find((a: { articleNo: string }) => a.articleNo === '三')).toMatchObject({ title: '广泛开展红色教育培训', tasks: 2 });
    expect(d.byCity.map((c: { name: string; tasks: number }) => `${c.name}:${c.tasks}`)).toEqual(['深圳市:2', '赣州市:4']);
    expect(d.byUnit.find((u: { name: string }) => u.name === '兴国县')).toMatchObject({ tasks: 2, completionRate: 0.5 });
    expect(d.summary[0]).toBe('共有任务 4 项，已完成 1 项，完成率 25%。');
  });

  it('the summaries agree with counting the tasks directly', async () => {
    const direct = (
      await t.ctx.db.execute(sql`select status, light, count(*)::int as n from tasks where plan_id = ${planId} group by status, light order by status, light`)
    ).rows;
    const stats = (
      await t.ctx.db.execute(
        sql`select status, light, sum(n)::int as n from task_stats where plan_id = ${planId} and scope_key = 'all' and n > 0 group by status, light order by status, light`,
      )
    ).rows;
    expect(stats).toEqual(direct);
  });

  it('a rebuild from the tasks gives exactly the incrementally kept summaries', async () => {
    const snapshot = async () =>
      (
        await t.ctx.db.execute(
          sql`select scope_key, chapter_no, article_no, status, light, n from task_stats where plan_id = ${planId} and n <> 0 order by 1, 2, 3, 4, 5`,
        )
      ).rows;
    const marks = async () => (await t.ctx.db.execute(sql`select task_id, scope_keys from task_stat_marks where plan_id = ${planId} order by task_id`)).rows;
    const [incremental, incrementalMarks] = [await snapshot(), await marks()];
    await rebuildTaskStats(t.ctx.db, planId);
    expect(await snapshot()).toEqual(incremental);
    expect(await marks()).toEqual(incrementalMarks);
  });

  it('counts reports per period, overdue reports and indicator attainment, and rebuilds them identically', async () => {
    await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-06-30', dueDays: 10 });
    const periods = (await office.get(`/api/v1/report-periods?planId=${planId}`)).body.items;
    const tasks = (await office.get(`/api/v1/tasks?unitId=${unit['gz-xingguo']}&status=not_started`)).body.items;
    const target = tasks[0];
    await office.patch(`/api/v1/tasks/${target.id}`, { indicators: [{ name: '培训人次', unitOfMeasure: '人次', target: '100' }] });
    const indicatorId = (await office.get(`/api/v1/tasks/${target.id}`)).body.indicators[0].id;
    const report = await xingguo.put('/api/v1/reports', {
      taskId: target.id,
      unitId: unit['gz-xingguo'],
      periodId: periods[0].id,
      narrative: '完成培训',
      progress: 40,
      values: [{ indicatorId, value: '120' }],
      submit: true,
    });
    await office.post(`/api/v1/reports/${report.body.id}/review`, { decision: 'accept' });
    const d = (await office.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect(d.trend.map((p: { label: string; submitted: number; accepted: number }) => `${p.label}:${p.submitted}/${p.accepted}`)).toEqual([
      '2026年第一季度:1/1',
      '2026年第二季度:0/0',
    ]);
    expect(d.indicators).toEqual({ withTarget: 1, attained: 1, attainmentRate: 1 });
    expect(d.overdueReports).toBe(0);
    const county = (await xingguo.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect(county.trend[0]).toMatchObject({ submitted: 1, accepted: 1 });
    const snapshot = async () =>
      (await t.ctx.db.execute(sql`select * from report_stats where plan_id = ${planId} and n <> 0 order by scope_key, period_id, status`)).rows;
    const before = await snapshot();
    await rebuildReportStats(t.ctx.db, planId);
    expect(await snapshot()).toEqual(before);
  });

  it('a county reporter sees its county only; the Shenzhen office its city; a leader the pair, read-only', async () => {
    const county = (await xingguo.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect(county.scope).toBe(`unit:${unit['gz-xingguo']}`);
    expect(county.totals.tasks).toBe(2);
    expect(county.byCity).toEqual([]);
    expect(county.byUnit.map((u: { name: string }) => u.name)).toEqual(['兴国县']);
    const city = (await szOffice.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect(city.totals.tasks).toBe(2);
    expect(city.byCity.map((c: { name: string }) => c.name)).toEqual(['深圳市']);
    expect(city.byUnit.every((u: { cityId: string }) => u.cityId === city.byCity[0].cityId)).toBe(true);
    expect((await viewer.get(`/api/v1/dashboard?planId=${planId}`)).body.totals.tasks).toBe(4);
  });

  it('moves when a task changes: reassigning a task moves its counts between units and cities', async () => {
    const list = await office.get(`/api/v1/tasks?q=${encodeURIComponent('稀土')}`);
    await office.patch(`/api/v1/tasks/${list.body.items[0].id}`, { leadUnitIds: [unit['gz-xingguo']], status: 'in_progress' });
    const county = (await xingguo.get(`/api/v1/dashboard?planId=${planId}`)).body;
    // One task was already under way from its accepted first-quarter report.
    expect(county.totals).toMatchObject({ tasks: 3, byStatus: { in_progress: 2 } });
    const all = (await office.get(`/api/v1/dashboard?planId=${planId}`)).body;
    expect(all.totals.tasks).toBe(4);
    expect(all.byUnit.find((u: { name: string }) => u.name === '宁都县').tasks).toBe(1);
  });
});

describe('an external user of the pair', () => {
  it('404 for the dashboard of its pair’s plan, as for a plan that does not exist', async () => {
    const outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
    for (const id of [planId, '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11']) {
      const response = await outsider.get(`/api/v1/dashboard?planId=${id}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });
});
