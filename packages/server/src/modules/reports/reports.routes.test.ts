import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let xingguo: Agent;
let ningdu: Agent;
let planId: string;
let taskId: string;
let indicatorId: string;
let q1: string;
let q3: string;
const unit: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu']) unit[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  ({ planId } = await publishDefaultPlan(office, gz.pairId));
  const task = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '四',
    title: '兴国县红色研学接待',
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
    leadUnitIds: [unit['gz-xingguo']],
    indicators: [{ name: '接待研学人次', unitOfMeasure: '人次', target: '2000' }],
  });
  taskId = task.body.id;
  indicatorId = task.body.indicators[0].id;
});
afterAll(async () => t?.close());

describe('report periods', () => {
  it('POST /api/v1/plans/:id/report-periods: 401; 403 for a reporter; 400 naming to; 200 creates quarters idempotently', async () => {
    const body = { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 };
    expect((await t.agent().post(`/api/v1/plans/${planId}/report-periods`, body)).status).toBe(401);
    expect((await xingguo.post(`/api/v1/plans/${planId}/report-periods`, body)).status).toBe(403);
    expect((await office.post(`/api/v1/plans/${planId}/report-periods`, { ...body, to: '2025-01-01' })).body.error.details[0].field).toBe('to');
    const created = await office.post(`/api/v1/plans/${planId}/report-periods`, body);
    expect(created.status).toBe(200);
    expect(created.body.items.map((p: { label: string; dueOn: string }) => `${p.label}/${p.dueOn}`)).toEqual([
      '2026年第一季度/2026-04-10',
      '2026年第二季度/2026-07-10',
      '2026年第三季度/2026-10-10',
      '2026年第四季度/2027-01-10',
    ]);
    expect((await office.post(`/api/v1/plans/${planId}/report-periods`, body)).body.total).toBe(4);
    q1 = created.body.items[0].id;
    q3 = created.body.items[2].id;
  });

  it('GET /api/v1/report-periods: 401; 400 naming planId; 200 for a reporter of the pair', async () => {
    expect((await t.agent().get(`/api/v1/report-periods?planId=${planId}`)).status).toBe(401);
    expect((await xingguo.get('/api/v1/report-periods')).body.error.details[0].field).toBe('planId');
    expect((await xingguo.get(`/api/v1/report-periods?planId=${planId}`)).body.total).toBe(4);
  });
});

describe('reporting and review', () => {
  let reportId: string;
  const report = (over: Record<string, unknown> = {}) => ({
    taskId,
    unitId: unit['gz-xingguo'],
    periodId: q1,
    narrative: '已接待研学团队12批。',
    progress: 20,
    values: [{ indicatorId, value: '600' }],
    ...over,
  });

  it('GET /api/v1/reports/todo lists what the county still owes', async () => {
    expect((await t.agent().get('/api/v1/reports/todo')).status).toBe(401);
    const todo = await xingguo.get('/api/v1/reports/todo');
    expect(todo.status).toBe(200);
    expect(todo.body.items).toEqual([expect.objectContaining({ taskId, periodLabel: '2026年第一季度', reportId: null, status: null, overdue: false })]);
    expect((await ningdu.get('/api/v1/reports/todo')).body.total).toBe(0);
  });

  it('PUT /api/v1/reports: 401; 403 for another county writing for Xingguo; 400 naming periodId, values.0.indicatorId, progress', async () => {
    expect((await t.agent().put('/api/v1/reports', report())).status).toBe(401);
    const foreign = await ningdu.put('/api/v1/reports', report());
    expect([403, 400]).toContain(foreign.status);
    expect(foreign.status).toBe(400); // Ningdu cannot even see the task: it is named as not found.
    expect(foreign.body.error.details[0].field).toBe('taskId');
    expect((await xingguo.put('/api/v1/reports', report({ periodId: q3 }))).body.error.details[0].field).toBe('periodId');
    expect((await xingguo.put('/api/v1/reports', report({ values: [{ indicatorId: taskId, value: '1' }] }))).body.error.details[0].field).toBe(
      'values.0.indicatorId',
    );
    expect((await xingguo.put('/api/v1/reports', report({ progress: 101 }))).body.error.details[0].field).toBe('progress');
    const blank = await xingguo.put('/api/v1/reports', report({ narrative: '  ', submit: true }));
    expect(blank.status).toBe(400);
    expect(blank.body.error.details).toEqual([expect.objectContaining({ field: 'narrative', reason: '提交时请填写进展情况' })]);
  });

  it('saves a draft, submits it; a submitted report is locked', async () => {
    const draft = await xingguo.put('/api/v1/reports', report({ submit: false }));
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', revision: 1, values: [{ indicatorId, value: '600.0000' }] });
    reportId = draft.body.id;
    const submitted = await xingguo.put('/api/v1/reports', report({ submit: true }));
    expect(submitted.body).toMatchObject({ id: reportId, status: 'submitted' });
    const locked = await xingguo.put('/api/v1/reports', report({ narrative: '改', submit: true }));
    expect(locked.status).toBe(409);
    expect((await xingguo.get('/api/v1/reports/todo')).body.total).toBe(0);
  });

  it('GET /api/v1/reports/:id: 404 for another county; the office sees the review queue', async () => {
    expect((await ningdu.get(`/api/v1/reports/${reportId}`)).status).toBe(404);
    expect((await xingguo.get(`/api/v1/reports/${reportId}`)).status).toBe(200);
    const queue = await office.get('/api/v1/reports?status=submitted');
    expect(queue.body.items.map((r: { id: string }) => r.id)).toEqual([reportId]);
  });

  it('POST review: 401; 403 for a reporter; 400 naming comment when returning without one; return, edit, resubmit, accept with the history kept', async () => {
    expect((await t.agent().post(`/api/v1/reports/${reportId}/review`, { decision: 'accept' })).status).toBe(401);
    expect((await xingguo.post(`/api/v1/reports/${reportId}/review`, { decision: 'accept' })).status).toBe(403);
    expect((await office.post(`/api/v1/reports/${reportId}/review`, { decision: 'return' })).body.error.details[0].field).toBe('comment');
    const returned = await office.post(`/api/v1/reports/${reportId}/review`, { decision: 'return', comment: '请补充接待人次的佐证材料' });
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充接待人次的佐证材料' });
    expect((await xingguo.get('/api/v1/notifications')).body.items).toEqual([
      expect.objectContaining({
        kind: 'report_returned',
        title: '进展报告被退回：兴国县红色研学接待',
        body: '2026年第一季度进展报告退回意见：请补充接待人次的佐证材料',
        link: `/reports/${reportId}`,
      }),
    ]);
    expect((await xingguo.get('/api/v1/reports/todo')).body.items[0]).toMatchObject({ reportId, status: 'returned' });
    const resubmitted = await xingguo.put(
      '/api/v1/reports',
      report({ narrative: '已接待研学团队12批，附名单。', values: [{ indicatorId, value: '640' }], submit: true }),
    );
    expect(resubmitted.body).toMatchObject({ status: 'submitted', revision: 2 });
    expect((await office.post(`/api/v1/reports/${reportId}/review`, { decision: 'accept' })).body.status).toBe('accepted');
    const detail = await xingguo.get(`/api/v1/reports/${reportId}`);
    expect(detail.body.history.map((h: { action: string; revision: number }) => `${h.action}@${h.revision}`)).toEqual([
      'save@1',
      'submit@1',
      'return@1',
      'resubmit@2',
      'accept@2',
    ]);
    expect(detail.body.history[1].snapshot.narrative).toBe('已接待研学团队12批。');
    expect(detail.body.history.map((h: { actorName: string | null }) => h.actorName)).toEqual(['xingguo', 'xingguo', 'gz-office', 'xingguo', 'gz-office']);
    const notices = (await xingguo.get('/api/v1/notifications')).body.items;
    // Both notices carry the same (frozen) test time, so their order is not defined.
    expect(notices.map((n: { kind: string; link: string }) => `${n.kind} ${n.link}`).sort()).toEqual([
      `report_accepted /reports/${reportId}`,
      `report_returned /reports/${reportId}`,
    ]);
    const task = await office.get(`/api/v1/tasks/${taskId}`);
    expect(task.body).toMatchObject({ status: 'in_progress', progress: 20, indicators: [expect.objectContaining({ actual: '640.0000' })] });
    expect((await office.post(`/api/v1/reports/${reportId}/review`, { decision: 'accept' })).status).toBe(409);
  });

  it('a missing report turns the task red once its deadline has passed', async () => {
    const other = await office.post('/api/v1/tasks', {
      planId,
      articleNo: '四',
      title: '宁都县红色研学接待',
      startOn: '2026-01-01',
      dueOn: '2026-12-31',
      leadUnitIds: [unit['gz-ningdu']],
    });
    expect(other.body.light).toBe('green');
    t.clock.advance(41 * 86_400_000); // 2026-03-02 → 2026-04-12
    expect((await office.login('gz-office', USER_PASSWORD)).status).toBe(200);
    const later = await office.patch(`/api/v1/tasks/${other.body.id}`, { progress: 30 });
    expect(later.body.light).toBe('red');
    expect(later.body.lightReasons).toContain('2026年第一季度 进展报告逾期未报（截止 2026年4月10日）');
    // Xingguo reported for the first quarter: its task is not red for it.
    const reported = await office.patch(`/api/v1/tasks/${taskId}`, { progress: 30 });
    expect(reported.body.light).not.toBe('red');
  });
});

describe('an external user of the pair', () => {
  it('404 for the report periods of a plan, reading or creating them, as for a plan that does not exist', async () => {
    const outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
    for (const id of [planId, '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11']) {
      expect((await outsider.get(`/api/v1/report-periods?planId=${id}`)).status).toBe(404);
      const created = await outsider.post(`/api/v1/plans/${id}/report-periods`, { kind: 'quarterly', from: '2027-01-01', to: '2027-12-31', dueDays: 10 });
      expect(created.status).toBe(404);
      expect(created.body.error.code).toBe('NOT_FOUND');
    }
  });
});

// Runs after the clock moved to 2026-04-12: the first quarter is past its deadline, the second under way.
describe('the office manages the report periods', () => {
  const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
  let outsider: Agent;
  let q2: string;
  const span = { kind: 'quarterly', from: '2026-07-01', to: '2027-06-30', dueDays: 15 };

  beforeAll(async () => {
    outsider = await t.userAgent({ username: 'outsider-periods', role: 'external', scope: 'self', unitKey: 'gz-office' });
    // The clock moved on: every session has ended.
    for (const [agent, name] of [
      [office, 'gz-office'],
      [xingguo, 'xingguo'],
      [ningdu, 'ningdu'],
    ] as const)
      expect((await agent.login(name, USER_PASSWORD)).status).toBe(200);
  });

  it('POST …/report-periods/preview: the periods a span gives, those that exist marked; nothing is written', async () => {
    expect((await t.agent().post(`/api/v1/plans/${planId}/report-periods/preview`, span)).status).toBe(401);
    expect((await xingguo.post(`/api/v1/plans/${planId}/report-periods/preview`, span)).status).toBe(403);
    expect((await outsider.post(`/api/v1/plans/${planId}/report-periods/preview`, span)).status).toBe(404);
    expect((await office.post(`/api/v1/plans/${MISSING}/report-periods/preview`, span)).status).toBe(404);
    const bad = await office.post(`/api/v1/plans/${planId}/report-periods/preview`, { ...span, kind: 'weekly' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('kind');
    const tooMany = await office.post(`/api/v1/plans/${planId}/report-periods/preview`, { kind: 'monthly', from: '2026-01-01', to: '2036-12-31' });
    expect(tooMany.body.error.details[0]).toMatchObject({ field: 'to', reason: '一次最多生成120个报送周期' });
    const preview = await office.post(`/api/v1/plans/${planId}/report-periods/preview`, span);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 4, created: 2 });
    expect(preview.body.items.map((p: { label: string; dueOn: string; exists: boolean }) => `${p.label}/${p.dueOn}/${p.exists}`)).toEqual([
      '2026年第三季度/2026-10-15/true',
      '2026年第四季度/2027-01-15/true',
      '2027年第一季度/2027-04-15/false',
      '2027年第二季度/2027-07-15/false',
    ]);
    expect((await office.get(`/api/v1/plans/${planId}/report-periods`)).body.total).toBe(4);
  });

  it('POST …/report-periods says how many were new; existing periods keep their deadline', async () => {
    const created = await office.post(`/api/v1/plans/${planId}/report-periods`, span);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ total: 6, created: 2 });
    expect(created.body.items.find((p: { label: string }) => p.label === '2026年第三季度').dueOn).toBe('2026-10-10');
    expect((await office.post(`/api/v1/plans/${planId}/report-periods`, span)).body).toMatchObject({ total: 6, created: 0 });
  });

  it('GET /api/v1/plans/:id/report-periods: 401, 404 outside the pair; counts the reports submitted and accepted', async () => {
    expect((await t.agent().get(`/api/v1/plans/${planId}/report-periods`)).status).toBe(401);
    expect((await outsider.get(`/api/v1/plans/${planId}/report-periods`)).status).toBe(404);
    expect((await office.get(`/api/v1/plans/${MISSING}/report-periods`)).status).toBe(404);
    const list = await office.get(`/api/v1/plans/${planId}/report-periods`);
    expect(list.status).toBe(200);
    const first = list.body.items[0];
    expect(first).toMatchObject({ id: q1, label: '2026年第一季度', kind: 'quarterly', closedAt: null, closedByName: null, submitted: 1, accepted: 1 });
    expect(list.body.items[1]).toMatchObject({ label: '2026年第二季度', submitted: 0, accepted: 0 });
    q2 = list.body.items[1].id;
    // A reporter reads the periods too, counted over its own unit's reports.
    expect((await ningdu.get(`/api/v1/plans/${planId}/report-periods`)).body.items[0]).toMatchObject({ submitted: 0 });
  });

  it('PATCH /api/v1/report-periods/:id moves the deadline: 400 naming dueOn, 403 for a reporter, 404 outside; audited; lights follow', async () => {
    expect((await t.agent().patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-07-20' })).status).toBe(401);
    expect((await xingguo.patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-07-20' })).status).toBe(403);
    expect((await outsider.patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-07-20' })).status).toBe(404);
    expect((await office.patch(`/api/v1/report-periods/${MISSING}`, { dueOn: '2026-07-20' })).status).toBe(404);
    for (const dueOn of ['2026-13-01', undefined]) {
      const bad = await office.patch(`/api/v1/report-periods/${q2}`, { dueOn });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('dueOn');
    }
    const early = await office.patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-06-29' });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0]).toMatchObject({ field: 'dueOn', reason: '报送截止日期不能早于报送期结束日期（2026-06-30）' });
    const moved = await office.patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-07-20' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: q2, dueOn: '2026-07-20' });
    const audit = (await (await t.admin()).get(`/api/v1/audit?entityType=report_period&entityId=${q2}`)).body;
    expect(audit.items[0]).toMatchObject({ action: 'report_period.update', before: { dueOn: '2026-07-10' }, after: { dueOn: '2026-07-20' } });
    // Ningdu owes the first quarter (due 2026-04-10): its task is red; a later deadline turns it back at once.
    const ningduTask = (await office.get(`/api/v1/tasks?q=${encodeURIComponent('宁都县红色研学接待')}`)).body.items[0];
    expect(ningduTask.light).toBe('red');
    expect((await office.patch(`/api/v1/report-periods/${q1}`, { dueOn: '2026-04-30' })).status).toBe(200);
    expect((await office.get(`/api/v1/tasks/${ningduTask.id}`)).body.light).not.toBe('red');
  });

  it('POST …/close: a closed period takes no drafts or submissions (409 PERIOD_CLOSED naming it) and leaves 待填报; reopen', async () => {
    const report = { taskId, unitId: unit['gz-xingguo'], periodId: q2, narrative: '第二季度接待研学团队8批。', progress: 40 };
    expect((await xingguo.put('/api/v1/reports', report)).status).toBe(200);
    expect((await xingguo.get('/api/v1/reports/todo')).body.items.map((i: { periodLabel: string }) => i.periodLabel)).toEqual(['2026年第二季度']);
    expect((await t.agent().post(`/api/v1/report-periods/${q2}/close`)).status).toBe(401);
    expect((await xingguo.post(`/api/v1/report-periods/${q2}/close`)).status).toBe(403);
    expect((await outsider.post(`/api/v1/report-periods/${q2}/close`)).status).toBe(404);
    expect((await office.post(`/api/v1/report-periods/${MISSING}/close`)).status).toBe(404);
    const closed = await office.post(`/api/v1/report-periods/${q2}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: q2, closedAt: t.clock.now().toISOString(), closedByName: 'gz-office' });
    const again = await office.post(`/api/v1/report-periods/${q2}/close`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    for (const submit of [false, true]) {
      const refused = await xingguo.put('/api/v1/reports', { ...report, submit });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PERIOD_CLOSED');
      expect(refused.body.error.details[0]).toEqual({ field: 'periodId', reason: '报送期“2026年第二季度”已关闭，不再接收报告' });
    }
    expect((await xingguo.get('/api/v1/reports/todo')).body.total).toBe(0);
    const locked = await office.patch(`/api/v1/report-periods/${q2}`, { dueOn: '2026-07-25' });
    expect(locked.status).toBe(409);
    expect(locked.body.error.details[0].field).toBe('dueOn');
    expect((await xingguo.post(`/api/v1/report-periods/${q2}/reopen`)).status).toBe(403);
    const reopened = await office.post(`/api/v1/report-periods/${q2}/reopen`);
    expect(reopened.body).toMatchObject({ closedAt: null, closedByName: null });
    expect((await office.post(`/api/v1/report-periods/${q2}/reopen`)).status).toBe(409);
    expect((await xingguo.put('/api/v1/reports', { ...report, submit: true })).body.status).toBe('submitted');
    const actions = (await (await t.admin()).get(`/api/v1/audit?entityType=report_period&entityId=${q2}`)).body.items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['report_period.close', 'report_period.reopen']));
  });

  it('of two closes at once one wins, the other answers 409', async () => {
    const [a, b] = await Promise.all([office.post(`/api/v1/report-periods/${q2}/close`), office.post(`/api/v1/report-periods/${q2}/close`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toMatch(/^(STALE_STATE|INVALID_STATE)$/);
  });
});
