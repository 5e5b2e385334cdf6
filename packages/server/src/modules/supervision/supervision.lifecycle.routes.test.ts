import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderInstructions, notifications, progressReports, supervisionEvents, units } from '../../db/schema.js';
import { runSupervisionReminders } from '../../jobs/supervision-reminders.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

/*
 * The 督办 loop step by step through the real HTTP app: 交办 → 签收 → 办理 → 延期申请 → 办结申请 →
 * 办结 / 退回重办, 催办, the lights, co-units, sources, the pair's settings and the reminder job.
 * The test clock starts on 2026-03-02 (China time).
 */

let t: TestApp;
type UserAgent = Agent & { userId: string };
let office: UserAgent;
let szOffice: UserAgent;
let cityOffice: UserAgent;
let xingguo: UserAgent;
let ningdu: UserAgent;
let viewer: UserAgent;
let pairId: string;
let gzCityId: string;
let planId: string;
let taskId: string;
const ids: Record<string, string> = {};
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
const DAY = 86_400_000;

const accounts: [() => UserAgent, string][] = [
  [() => office, 'gz-office'],
  [() => szOffice, 'sz-office'],
  [() => cityOffice, 'gz-city-office'],
  [() => xingguo, 'xingguo'],
  [() => ningdu, 'ningdu'],
  [() => viewer, 'gz-leader'],
];

/** Moves the clock and logs everyone in again (idle sessions end after a few days). */
async function advanceDays(days: number) {
  t.clock.advance(days * DAY);
  for (const [agent, name] of accounts) expect((await agent().login(name, USER_PASSWORD)).status).toBe(200);
}

async function raise(over: Record<string, unknown> = {}): Promise<string> {
  const response = await office.post('/api/v1/supervision', {
    unitId: ids['gz-xingguo'],
    requirement: '请报送研学基地建设进展',
    deadline: '2026-03-31',
    ...over,
  });
  if (response.status !== 201) throw new Error(`raise failed: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

const post = (agent: Agent, id: string, step: string, body?: unknown) => agent.post(`/api/v1/supervision/${id}/${step}`, body);
const detail = async (id: string) => (await office.get(`/api/v1/supervision/${id}`)).body;
const kinds = async (id: string) => (await detail(id)).events.map((e: { kind: string }) => e.kind);
const noticesLike = async (pattern: string) => t.ctx.db.select().from(notifications).where(sql`${notifications.dedupeKey} like ${pattern}`);

function expectError(
  response: { status: number; body: { error?: { code: string; details: { field: string }[] } } },
  status: number,
  code: string,
  field?: string,
) {
  expect({ status: response.status, code: response.body.error?.code, field: field ? response.body.error?.details[0]?.field : undefined }).toEqual({
    status,
    code,
    field,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian', 'gz-office']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  gzCityId = gz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  cityOffice = await t.userAgent({ username: 'gz-city-office', role: 'office_admin', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  viewer = await t.userAgent({ username: 'gz-leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  await t.ctx.db.update(units).set({ headUserId: ningdu.userId }).where(eq(units.id, ids['gz-ningdu']!));
  ({ planId } = await publishDefaultPlan(office, pairId));
  const task = await office.post('/api/v1/tasks', { planId, articleNo: '四', title: '红色研学', dueOn: '2026-12-31', leadUnitIds: [ids['gz-xingguo']] });
  taskId = task.body.id;
});
afterAll(async () => t?.close());

describe('签收', () => {
  it("is the owner unit's act: 403 for the office and the leader, 404 for another county, 200 once; then 409", async () => {
    const id = await raise();
    expectError(await post(office, id, 'sign'), 403, 'FORBIDDEN', 'unitId');
    expectError(await post(viewer, id, 'sign'), 403, 'FORBIDDEN');
    expectError(await post(ningdu, id, 'sign'), 404, 'NOT_FOUND');
    expect((await t.agent().post(`/api/v1/supervision/${id}/sign`)).status).toBe(401);
    // Nothing is handled before it is signed.
    expectError(await post(xingguo, id, 'replies', { body: '已开始办理' }), 409, 'INVALID_STATE', 'status');
    expectError(await post(xingguo, id, 'completion', { result: '已办结' }), 409, 'INVALID_STATE', 'status');
    const signed = await post(xingguo, id, 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'in_progress', signedByName: 'xingguo', signedAt: t.clock.now().toISOString() });
    expectError(await post(xingguo, id, 'sign'), 409, 'INVALID_STATE', 'status');
    expect(await kinds(id)).toEqual(['assigned', 'signed']);
    const audit = (await (await t.admin()).get(`/api/v1/audit?entityId=${id}&action=supervision.sign`)).body;
    expect(audit.items[0]).toMatchObject({ before: { status: 'assigned' }, after: { status: 'in_progress' } });
  });
});

describe('延期申请 and its decision', () => {
  it('asked before the deadline, one at a time, decided by the office; every request kept; the original deadline stays', async () => {
    const id = await raise({ deadline: '2026-03-20' });
    expectError(await post(xingguo, id, 'extensions', { reason: '施工受阻', newDeadline: '2026-04-30' }), 409, 'INVALID_STATE', 'status');
    await post(xingguo, id, 'sign');
    for (const [body, field] of [
      [{ reason: '', newDeadline: '2026-04-30' }, 'reason'],
      [{ reason: '施工受阻', newDeadline: '2026-03-20' }, 'newDeadline'],
      [{ reason: '施工受阻', newDeadline: '2026-03-01' }, 'newDeadline'],
      [{ reason: '施工受阻', newDeadline: '2026/04/30' }, 'newDeadline'],
      [{ reason: '施工受阻' }, 'newDeadline'],
    ] as const) {
      expectError(await post(xingguo, id, 'extensions', body), 400, 'VALIDATION_FAILED', field);
    }
    expectError(await post(office, id, 'extensions', { reason: '施工受阻', newDeadline: '2026-04-30' }), 403, 'FORBIDDEN', 'unitId');
    const asked = await post(xingguo, id, 'extensions', { reason: '汛期施工受阻', newDeadline: '2026-04-30' });
    expect(asked.status).toBe(200);
    const first = asked.body.pendingExtension;
    expect(first).toMatchObject({
      status: 'pending',
      fromDeadline: '2026-03-20',
      newDeadline: '2026-04-30',
      reason: '汛期施工受阻',
      requestedByName: 'xingguo',
    });
    expect(await noticesLike(`supervision:${id}:extension:${first.id}:%`)).toEqual([expect.objectContaining({ userId: office.userId })]);
    expectError(await post(xingguo, id, 'extensions', { reason: '再申请', newDeadline: '2026-05-30' }), 409, 'INVALID_STATE', 'status');
    expect((await office.get('/api/v1/supervision?extensionPending=true')).body.items.map((i: { id: string }) => i.id)).toEqual([id]);

    expectError(await post(xingguo, id, 'extension-decision', { extensionId: first.id, decision: 'approve' }), 403, 'FORBIDDEN');
    expectError(await post(office, id, 'extension-decision', { extensionId: MISSING, decision: 'approve' }), 409, 'STALE_STATE', 'extensionId');
    expectError(await post(office, id, 'extension-decision', { extensionId: first.id, decision: 'maybe' }), 400, 'VALIDATION_FAILED', 'decision');
    const refused = await post(office, id, 'extension-decision', { extensionId: first.id, decision: 'refuse', comment: '理由不充分' });
    expect(refused.body).toMatchObject({ deadline: '2026-03-20', extensionCount: 0, pendingExtension: null });
    expectError(await post(office, id, 'extension-decision', { extensionId: first.id, decision: 'approve' }), 409, 'STALE_STATE', 'extensionId');

    t.clock.advance(60_000);
    const second = (await post(xingguo, id, 'extensions', { reason: '补充说明：设备到货延迟', newDeadline: '2026-04-15' })).body.pendingExtension;
    const approved = await post(office, id, 'extension-decision', { extensionId: second.id, decision: 'approve' });
    expect(approved.body).toMatchObject({ deadline: '2026-04-15', originalDeadline: '2026-03-20', extensionCount: 1, pendingExtension: null });
    expect(approved.body.extensions.map((e: { status: string; decidedByName: string | null }) => [e.status, e.decidedByName])).toEqual([
      ['refused', 'gz-office'],
      ['approved', 'gz-office'],
    ]);
    expect(await noticesLike(`supervision:${id}:extension-decided:${second.id}:%`)).toEqual([
      expect.objectContaining({ userId: xingguo.userId, title: expect.stringContaining('延期申请已同意') }),
    ]);
    expect((await kinds(id)).filter((k: string) => k.startsWith('extension'))).toEqual([
      'extension_requested',
      'extension_refused',
      'extension_requested',
      'extension_approved',
    ]);
  });
});

describe('办结申请, 退回重办 and 审核办结', () => {
  it('the unit applies with a result; the office returns it with a reason or closes it with its opinion; each side is told', async () => {
    const id = await raise({ taskId });
    await post(xingguo, id, 'sign');
    expectError(await post(office, id, 'close', {}), 409, 'INVALID_STATE', 'status');
    expectError(await post(office, id, 'return', { reason: '不全' }), 409, 'INVALID_STATE', 'status');
    expectError(await post(xingguo, id, 'completion', { result: '' }), 400, 'VALIDATION_FAILED', 'result');
    expectError(await post(xingguo, id, 'completion', { result: '已完成', attachmentIds: [MISSING] }), 400, 'VALIDATION_FAILED', 'attachmentIds.0');
    const upload = await xingguo.post('/api/v1/attachments', { ownerType: 'supervision', ownerId: id, fileName: '验收报告.pdf', fileBase64: 'JVBERi0xLjQK' });
    expect(upload.status).toBe(201);
    const applied = await post(xingguo, id, 'completion', { result: '基地已完成验收', attachmentIds: [upload.body.id] });
    expect(applied.body).toMatchObject({ status: 'completion_requested', completionResult: '基地已完成验收', completionAttachmentIds: [upload.body.id] });
    expectError(await post(xingguo, id, 'close', {}), 403, 'FORBIDDEN');
    expectError(await post(office, id, 'return', { reason: '' }), 400, 'VALIDATION_FAILED', 'reason');
    const returned = await post(office, id, 'return', { reason: '请补充验收意见书' });
    expect(returned.body).toMatchObject({ status: 'in_progress', returnCount: 1 });
    expect(await noticesLike(`supervision:${id}:returned:1:%`)).toEqual([expect.objectContaining({ userId: xingguo.userId, body: '请补充验收意见书' })]);
    await post(xingguo, id, 'completion', { result: '已补充验收意见书' });
    const closed = await post(office, id, 'close', { comment: '同意办结' });
    expect(closed.body).toMatchObject({ status: 'closed', light: 'done', closedLate: false, closeComment: '同意办结' });
    expect(await noticesLike(`supervision:${id}:closed:%`)).toHaveLength(1);
    expect(await kinds(id)).toEqual(['assigned', 'signed', 'completion_requested', 'returned', 'completion_requested', 'closed']);
    const closedEvent = closed.body.events.at(-1);
    expect(closedEvent).toMatchObject({ kind: 'closed', actorName: 'gz-office', note: '同意办结', data: { late: false } });
  });
});

describe('催办', () => {
  it('the office chases: a counted record and a notice to the unit each time; not after closing; not by the unit', async () => {
    const id = await raise();
    expectError(await post(xingguo, id, 'chase', {}), 403, 'FORBIDDEN');
    expectError(await post(office, id, 'chase', { note: '' }), 400, 'VALIDATION_FAILED', 'note');
    expect((await post(office, id, 'chase', { note: '请尽快签收' })).body.chaseCount).toBe(1);
    expect((await post(office, id, 'chase')).body.chaseCount).toBe(2);
    expect((await noticesLike(`supervision:${id}:chased:%`)).map((n) => n.title)).toEqual(
      expect.arrayContaining([expect.stringContaining('催办（第1次）'), expect.stringContaining('催办（第2次）')]),
    );
    expect((await office.get(`/api/v1/supervision?event=chased&unitId=${ids['gz-xingguo']}`)).body.items.map((i: { id: string }) => i.id)).toContain(id);
  });
});

describe('co-units (协办单位)', () => {
  it('see the item and reply to it, but do not sign for it; their own queue is the items they own', async () => {
    for (const [coUnitIds, field] of [
      [[ids['gz-xingguo']], 'coUnitIds'],
      [[MISSING], 'coUnitIds.0'],
      [[ids['gz-ningdu'], ids['gz-ningdu']], 'coUnitIds'],
    ] as const) {
      const response = await office.post('/api/v1/supervision', { unitId: ids['gz-xingguo'], requirement: '协办', deadline: '2026-03-31', coUnitIds });
      expectError(response, 400, 'VALIDATION_FAILED', field);
    }
    const id = await raise({ coUnitIds: [ids['gz-ningdu']], requirement: '兴国、宁都共建研学线路' });
    expect((await detail(id)).coUnits).toEqual([{ id: ids['gz-ningdu'], name: '宁都县' }]);
    expect(await noticesLike(`supervision:${id}:co-created:%`)).toEqual([expect.objectContaining({ userId: ningdu.userId })]);
    expect((await ningdu.get(`/api/v1/supervision/${id}`)).status).toBe(200);
    expect((await ningdu.get('/api/v1/supervision?pageSize=200')).body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await ningdu.get('/api/v1/supervision?mine=true&pageSize=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expectError(await post(ningdu, id, 'sign'), 403, 'FORBIDDEN');
    await post(xingguo, id, 'sign');
    expect((await post(ningdu, id, 'replies', { body: '宁都段线路已踏勘' })).status).toBe(201);
    expectError(await post(ningdu, id, 'completion', { result: '完成' }), 403, 'FORBIDDEN');
    // Removing the co-unit takes the item out of its reach.
    expect((await office.patch(`/api/v1/supervision/${id}`, { coUnitIds: [] })).body.coUnits).toEqual([]);
    expect((await ningdu.get(`/api/v1/supervision/${id}`)).status).toBe(404);
  });
});

describe('sources', () => {
  it('an item raised from a leader instruction, a returned report or an inspection shows and links its source; a missing one is 400', async () => {
    for (const [body, field] of [
      [{ instructionId: MISSING }, 'instructionId'],
      [{ reportId: MISSING }, 'reportId'],
      [{ inspectionId: MISSING }, 'inspectionId'],
      [{ instructionId: MISSING, reportId: MISSING }, 'reportId'],
    ] as const) {
      const response = await office.post('/api/v1/supervision', { unitId: ids['gz-xingguo'], requirement: '来源', deadline: '2026-03-31', ...body });
      expectError(response, 400, 'VALIDATION_FAILED', field);
    }
    const [instruction] = await t.ctx.db
      .insert(leaderInstructions)
      .values({ pairId, cityId: gzCityId, leaderName: '李市长', content: '抓紧推进研学基地建设', instructedOn: '2026-03-01' })
      .returning();
    const fromInstruction = await detail(await raise({ instructionId: instruction!.id }));
    expect(fromInstruction).toMatchObject({
      source: 'instruction',
      instructionId: instruction!.id,
      sourceTitle: '李市长批示（2026年3月1日）',
      sourceLink: `/supervision/instructions/${instruction!.id}`,
    });
    expect((await office.get(`/api/v1/supervision?instructionId=${instruction!.id}`)).body.total).toBe(1);
    // Shenzhen's office cannot raise on Ganzhou's instruction (nor see it).
    expectError(
      await szOffice.post('/api/v1/supervision', { unitId: ids['sz-futian'], requirement: '来源', deadline: '2026-03-31', instructionId: instruction!.id }),
      400,
      'VALIDATION_FAILED',
      'instructionId',
    );

    const periods = await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'monthly', from: '2026-02-01', to: '2026-02-28', dueDays: 5 });
    const periodId = periods.body.items[0].id;
    const [report] = await t.ctx.db
      .insert(progressReports)
      .values({ pairId, taskId, unitId: ids['gz-xingguo']!, periodId, status: 'submitted', narrative: '进展' })
      .returning();
    const notReturned = await office.post('/api/v1/supervision', {
      unitId: ids['gz-xingguo'],
      requirement: '报告',
      deadline: '2026-03-31',
      reportId: report!.id,
    });
    expectError(notReturned, 400, 'VALIDATION_FAILED', 'reportId');
    await t.ctx.db.update(progressReports).set({ status: 'returned' }).where(eq(progressReports.id, report!.id));
    const fromReport = await detail(await raise({ reportId: report!.id }));
    expect(fromReport).toMatchObject({ source: 'report', reportId: report!.id, taskId, sourceLink: `/reports/${report!.id}` });
    expect(fromReport.sourceTitle).toContain('进展报告');
    const fromTask = await detail(await raise({ taskId }));
    expect(fromTask).toMatchObject({ source: 'task', sourceTitle: '红色研学', sourceLink: `/tasks/${taskId}` });
  });
});

describe('lights and settings', () => {
  it('yellow within the warning window, red when overdue, and a moved deadline does not turn it back; made up turns it yellow', async () => {
    const id = await raise({ deadline: '2026-03-09', requirement: '红灯测试' });
    expect((await detail(id)).light).toBe('green');
    await advanceDays(4); // 2026-03-06: three days left.
    expect((await detail(id)).light).toBe('yellow');
    expect((await office.get('/api/v1/supervision?light=yellow')).body.items.map((i: { id: string }) => i.id)).toContain(id);
    await advanceDays(4); // 2026-03-10: a day late.
    expect(await detail(id)).toMatchObject({ light: 'red', overdue: true });
    await post(xingguo, id, 'sign');
    // Too late to ask for more time.
    expectError(await post(xingguo, id, 'extensions', { reason: '晚了', newDeadline: '2026-04-30' }), 409, 'INVALID_STATE', 'deadline');
    const moved = await office.patch(`/api/v1/supervision/${id}`, { deadline: '2026-04-30' });
    expect(moved.body).toMatchObject({ deadline: '2026-04-30', overdue: false, light: 'red', overdueSince: '2026-03-10' });
    expect((await office.get('/api/v1/supervision?light=red')).body.items.map((i: { id: string }) => i.id)).toContain(id);
    const applied = await post(xingguo, id, 'completion', { result: '已补办' });
    expect(applied.body.light).toBe('yellow');
    expect((await post(office, id, 'close', {})).body).toMatchObject({ closedLate: true, light: 'done' });
    expect((await office.get(`/api/v1/supervision?event=closed_late&unitId=${ids['gz-xingguo']}`)).body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('the pair office sets the warning window; a city office and a unit cannot; bad values name the field', async () => {
    const path = `/api/v1/pairs/${pairId}/supervision-settings`;
    expect((await office.get(path)).body).toEqual({ pairId, warnDays: 3, signDays: 2, escalateDays: 2 });
    expect((await xingguo.get(path)).status).toBe(200);
    expect((await office.get(`/api/v1/pairs/${MISSING}/supervision-settings`)).status).toBe(404);
    expectError(await cityOffice.put(path, { warnDays: 10, signDays: 2, escalateDays: 2 }), 403, 'FORBIDDEN', 'pairId');
    expectError(await xingguo.put(path, { warnDays: 10, signDays: 2, escalateDays: 2 }), 403, 'FORBIDDEN', 'pairId');
    expectError(await office.put(path, { warnDays: 61, signDays: 2, escalateDays: 2 }), 400, 'VALIDATION_FAILED', 'warnDays');
    expectError(await office.put(path, { warnDays: 10, signDays: 0, escalateDays: 2 }), 400, 'VALIDATION_FAILED', 'signDays');
    const id = await raise({ deadline: addDaysFromNow(10), requirement: '预警窗口' });
    expect((await detail(id)).light).toBe('green');
    expect((await office.put(path, { warnDays: 10, signDays: 2, escalateDays: 2 })).body).toMatchObject({ warnDays: 10 });
    expect((await detail(id)).light).toBe('yellow');
    expect((await (await t.admin()).get(`/api/v1/audit?action=supervision.settings`)).body.total).toBe(1);
    await office.put(path, { warnDays: 3, signDays: 2, escalateDays: 2 });
  });
});

function addDaysFromNow(days: number): string {
  return new Date(t.clock.now().getTime() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
}

describe('the reminder job', () => {
  it('reminds to sign, escalates, warns of the deadline and marks overdue: each step and notice once, run twice or in parallel', async () => {
    const id = await raise({ unitId: ids['gz-ningdu'], deadline: addDaysFromNow(6), requirement: '宁都县未签收测试' });
    const steps = async () =>
      (await t.ctx.db.select({ kind: supervisionEvents.kind }).from(supervisionEvents).where(eq(supervisionEvents.itemId, id))).map((e) => e.kind).sort();
    await runSupervisionReminders(t.ctx);
    expect(await steps()).toEqual(['assigned']);
    await advanceDays(2);
    await Promise.all([runSupervisionReminders(t.ctx), runSupervisionReminders(t.ctx)]);
    await runSupervisionReminders(t.ctx);
    expect(await steps()).toEqual(['assigned', 'sign_reminded']);
    expect(await noticesLike(`supervision:${id}:sign_reminded:%`)).toEqual([expect.objectContaining({ userId: ningdu.userId })]);
    await advanceDays(2); // two days left, not signed for four days
    await Promise.all([runSupervisionReminders(t.ctx), runSupervisionReminders(t.ctx)]);
    expect(await steps()).toEqual(['assigned', 'due_reminded', 'sign_escalated', 'sign_reminded']);
    const escalated = (await noticesLike(`supervision:${id}:sign_escalated:%`)).map((n) => n.userId);
    expect(escalated.sort()).toEqual([office.userId, cityOffice.userId, ningdu.userId].sort());
    await post(ningdu, id, 'sign');
    await advanceDays(3); // a day past the deadline
    const [a, b] = await Promise.all([runSupervisionReminders(t.ctx), runSupervisionReminders(t.ctx)]);
    expect(a.overdue + b.overdue).toBe(1);
    expect((await steps()).filter((k) => k === 'overdue')).toHaveLength(1);
    expect((await detail(id)).overdueSince).not.toBeNull();
    const chased = (await noticesLike(`supervision:${id}:overdue:%`)).map((n) => n.userId).sort();
    expect(chased).toEqual([office.userId, cityOffice.userId, ningdu.userId].sort());
    expect((await office.get(`/api/v1/supervision?event=overdue&unitId=${ids['gz-ningdu']}`)).body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });
});

describe('情况通报 figures equal the lists', () => {
  it('every unit’s figure and the city’s total equal the supervision list filtered by that figure, unit and period', async () => {
    const from = '2026-03-01';
    const to = addDaysFromNow(0);
    const preview = await office.get(`/api/v1/bulletins/preview?cityId=${gzCityId}&from=${from}&to=${to}`);
    expect(preview.status).toBe(200);
    const figures = preview.body as { rows: ({ unitId: string } & Record<string, number>)[]; totals: Record<string, number> };
    const FIGURES = {
      raised: 'raised',
      closedOnTime: 'closed_on_time',
      closedLate: 'closed_late',
      extended: 'extended',
      overdue: 'overdue',
      chased: 'chased',
    } as const;
    // The actions above produced some of every figure in Ganzhou.
    for (const key of Object.keys(FIGURES) as (keyof typeof FIGURES)[]) expect(figures.totals[key], key).toBeGreaterThan(0);
    for (const row of figures.rows) {
      for (const [key, event] of Object.entries(FIGURES)) {
        const list = await office.get(`/api/v1/supervision?unitId=${row.unitId}&event=${event}&from=${from}&to=${to}&pageSize=1`);
        expect({ unit: row.unitId, key, total: list.body.total }).toEqual({ unit: row.unitId, key, total: row[key] });
      }
    }
    for (const [key, event] of Object.entries(FIGURES)) {
      const list = await office.get(`/api/v1/supervision?cityId=${gzCityId}&event=${event}&from=${from}&to=${to}&pageSize=1`);
      expect({ key, total: list.body.total }).toEqual({ key, total: figures.totals[key] });
    }
    // A period before anything happened lists nothing.
    expect((await office.get(`/api/v1/supervision?cityId=${gzCityId}&event=raised&from=2026-01-01&to=2026-01-31`)).body.total).toBe(0);
    expectError(await office.get(`/api/v1/supervision?event=raised&from=2026-03-10&to=2026-03-01`), 400, 'VALIDATION_FAILED', 'to');
  });
});
