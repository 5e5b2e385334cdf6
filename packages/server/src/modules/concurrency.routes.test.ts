import { creditCodeCheckCharacter } from '@duikou/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_TEXT, publishDefaultPlan } from '../test-support/plans.js';
import { Agent, createTestApp, type JsonBody, type Response, type TestApp, USER_PASSWORD } from '../test-support/test-app.js';

/*
 * The same change fired from many clients at once, through the real HTTP app: every
 * read-decide-write must run in one transaction on a locked row (or a guarded UPDATE), so exactly
 * one of competing transitions wins, the others answer 409 STALE_STATE (404 once the row is gone),
 * and every derived figure equals its recomputation from the records.
 *
 * On PostgreSQL the transactions really interleave. The embedded database runs one transaction at
 * a time, but reads made before a transaction still interleave with other requests' transactions,
 * which is what most of these races were; both databases run every test.
 */

let t: TestApp;
let office: Agent;
let xingguo: Agent;
let pairId: string;
let shenzhenId: string;
let planId: string;
let periodId: string;
const unit: Record<string, string> = {};
/** Sessions of the office administrator: the same change from several browsers. */
let offices: Agent[];
let reporters: Agent[];

const N = 6;
const times = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));
const statuses = (responses: readonly Response[]) => responses.map((r) => r.status).sort((a, b) => a - b);
const codes = (responses: readonly Response[]) => responses.filter((r) => r.status >= 400).map((r) => r.body.error.code);
/**
 * The codes of the requests that lost: STALE_STATE when the winner changed the row between their
 * read and their write; INVALID_STATE when the winner had already committed before their read (on a
 * busy machine a request can start that late). Either way a 409 and nothing written.
 */
const lostRace = (responses: readonly Response[]) => codes(responses).map((code) => (code === 'INVALID_STATE' ? 'STALE_STATE' : code));
const query = async <T = Record<string, unknown>>(text: ReturnType<typeof sql>) => (await t.ctx.db.execute(text)).rows as T[];
const creditCode = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;

async function sessions(username: string, n: number): Promise<Agent[]> {
  return times(n, async () => {
    const agent = new Agent(t.app);
    const login = await agent.login(username, USER_PASSWORD);
    if (login.status !== 200) throw new Error(`login of ${username} failed: ${JSON.stringify(login.body)}`);
    return agent;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'gz-office', 'sz-futian', 'gz-yudu']) unit[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  pairId = gz.pairId;
  shenzhenId = (await t.unit('sz-office')).cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  offices = [office, ...(await sessions('gz-office', N - 1))];
  reporters = [xingguo, ...(await sessions('xingguo', N - 1))];
  ({ planId } = await publishDefaultPlan(office, pairId));
  const periods = await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 });
  periodId = periods.body.items[0].id;
});
afterAll(async () => t?.close());

// ---- registries and the indicators that add themselves up ------------------------------------

const studyTour = (over: Record<string, unknown> = {}) => ({
  name: '深圳中学生兴国红色研学营',
  activityType: '研学',
  startOn: '2026-04-10',
  endOn: '2026-04-12',
  locationCode: '360732',
  headcount: 100,
  organiserUnitIds: [unit['sz-futian']],
  ownerUnitId: unit['gz-xingguo'],
  ...over,
});

async function rollupOf(key: string): Promise<JsonBody> {
  const list = await office.get(`/api/v1/rollups?pairId=${pairId}`);
  expect(list.status).toBe(200);
  return list.body.items.find((r: { key: string }) => r.key === key);
}

let twins = 0;
/** What an indicator would be if computed afresh from the records: a new indicator with the same definition. */
async function recomputed(key: string): Promise<string> {
  const { registryType, aggregate, field, filters, period, periodField } = await rollupOf(key);
  const twin = await office.post('/api/v1/rollups', {
    pairId,
    key: `twin-${++twins}`,
    name: '核对',
    unitOfMeasure: '个',
    registryType,
    aggregate,
    field,
    filters,
    period,
    periodField,
  });
  expect(twin.status).toBe(201);
  expect((await office.request('DELETE', `/api/v1/rollups/${twin.body.id}`)).status).toBe(200);
  return twin.body.value;
}

async function expectRollupsConsistent(...keys: string[]) {
  for (const key of keys) expect((await rollupOf(key)).value, key).toBe(await recomputed(key));
}

describe('registry records', () => {
  it('six concurrent PATCHes of one record: each succeeds or loses cleanly, and the indicator equals its recomputation', async () => {
    const tour = await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour() });
    expect(tour.status).toBe(201);
    const headcounts = [150, 20, 300, 45, 7, 1000];
    const responses = await times(N, (i) => reporters[i]!.patch(`/api/v1/registries/activity/records/${tour.body.id}`, { data: { headcount: headcounts[i] } }));
    expect(statuses(responses).every((s) => s === 200 || s === 409)).toBe(true);
    const final = await xingguo.get(`/api/v1/registries/activity/records/${tour.body.id}`);
    expect(headcounts).toContain(final.body.data.headcount);
    expect((await rollupOf('study-tour-headcount')).value).toBe(String(final.body.data.headcount));
    await expectRollupsConsistent('study-tour-headcount');
  });

  it('three concurrent DELETEs of one record: one 200, two 404, and the indicator takes it back once', async () => {
    const before = (await rollupOf('study-tour-headcount')).value;
    const tour = await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: '研学营（第二期）', headcount: 80 }) });
    expect((await rollupOf('study-tour-headcount')).value).toBe(String(Number(before) + 80));
    const responses = await times(3, (i) => reporters[i]!.request('DELETE', `/api/v1/registries/activity/records/${tour.body.id}`));
    expect(statuses(responses)).toEqual([200, 404, 404]);
    expect((await rollupOf('study-tour-headcount')).value).toBe(before);
    await expectRollupsConsistent('study-tour-headcount');
    const audits = await query(sql`select count(*)::int as n from audit_log where entity_id = ${tour.body.id} and action = 'registry.activity.delete'`);
    expect(audits[0]!.n).toBe(1);
  });

  it('concurrent edits moving records in and out of an indicator’s filter keep every indicator equal to its recomputation', async () => {
    const tours = await times(3, (i) =>
      xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: `轮换研学营${i}`, headcount: 10 + i }) }),
    );
    const types = ['培训班', '研学', '推介会', '干部交流'];
    await times(N * 2, (i) =>
      reporters[i % N]!.patch(`/api/v1/registries/activity/records/${tours[i % 3]!.body.id}`, {
        data: { activityType: types[i % types.length], headcount: 5 * i },
      }),
    );
    await expectRollupsConsistent('study-tour-headcount', 'red-training-classes', 'red-training-headcount', 'promotion-events', 'staff-expert-exchanges');
  });

  it('a distinct count stays exact when records with new values are added at once', async () => {
    // Of a kind no other indicator counts: nothing else orders these transactions but the indicators' own lock.
    // Only PostgreSQL can lose this race (the embedded database runs one transaction at a time); it runs on both.
    const distinct = await office.post('/api/v1/rollups', {
      pairId,
      key: 'activity-kinds',
      name: '活动类型（种）',
      unitOfMeasure: '种',
      registryType: 'activity',
      aggregate: 'countDistinct',
      field: 'place',
      filters: [],
      period: 'all',
    });
    expect(distinct.status).toBe(201);
    await times(N * 3, (i) =>
      reporters[i % N]!.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: `地点${i}`, place: `地点${i}`, activityType: '其他' }) }),
    );
    await expectRollupsConsistent('activity-kinds');
  });

  it('concurrent stage moves of one project leave a history without gaps', async () => {
    const project = await xingguo.post('/api/v1/registries/project/records', {
      pairId,
      data: {
        name: '并发推进项目',
        investor: '深圳某科技有限公司',
        investorCreditCode: creditCode('91440300MA5DC0BT1'),
        originCityId: shenzhenId,
        locationCode: '360732',
        industry: '稀土新材料',
        plannedInvestment: '100',
        stage: '洽谈',
        ownerUnitId: unit['gz-xingguo'],
      },
    });
    expect(project.status).toBe(201);
    const stages = ['签约', '开工', '签约', '投产', '开工', '签约'];
    const responses = await times(N, (i) =>
      reporters[i]!.post(`/api/v1/registries/project/records/${project.body.id}/stage`, { stage: stages[i], on: '2026-03-01' }),
    );
    expect(responses.every((r) => [200, 409].includes(r.status))).toBe(true);
    const detail = await xingguo.get(`/api/v1/registries/project/records/${project.body.id}`);
    const events = detail.body.events as { fromStage: string | null; toStage: string }[];
    for (let i = 1; i < events.length; i++) expect(events[i]!.fromStage).toBe(events[i - 1]!.toStage);
    expect(events.at(-1)!.toStage).toBe(detail.body.stage);
    await expectRollupsConsistent('projects-from-shenzhen', 'projects-from-shenzhen-investment');
  });

  it('a park removed while a project is linked to it: never a project naming a missing park', async () => {
    for (let round = 0; round < 3; round++) {
      const park = await office.post('/api/v1/registries/park/records', {
        pairId,
        data: { name: `并发园区${round}`, mode: '轻资产', operator: '深圳某园区运营公司', locationCode: '360732', ownerUnitId: unit['gz-xingguo'] },
      });
      expect(park.status).toBe(201);
      const [project] = (await xingguo.get('/api/v1/registries/project/records')).body.items;
      const [link, removal] = await Promise.all([
        xingguo.patch(`/api/v1/registries/project/records/${project.id}`, { data: { parkId: park.body.id } }),
        office.request('DELETE', `/api/v1/registries/park/records/${park.body.id}`),
      ]);
      const parkExists = (await office.get(`/api/v1/registries/park/records/${park.body.id}`)).status === 200;
      const linked = (await xingguo.get(`/api/v1/registries/project/records/${project.id}`)).body.data.parkId === park.body.id;
      if (linked) expect(parkExists).toBe(true);
      expect([link.status, removal.status].filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      if (linked) {
        expect((await xingguo.patch(`/api/v1/registries/project/records/${project.id}`, { data: { parkId: null } })).status).toBe(200);
      }
    }
    await expectRollupsConsistent('parks');
  });
});

describe('indicator definitions', () => {
  it('three concurrent DELETEs of an indicator: one 200, two 404', async () => {
    const created = await office.post('/api/v1/rollups', {
      pairId,
      key: 'to-remove',
      name: '待删除',
      unitOfMeasure: '个',
      registryType: 'park',
      aggregate: 'count',
      filters: [],
      period: 'all',
    });
    expect(created.status).toBe(201);
    const responses = await times(3, (i) => offices[i]!.request('DELETE', `/api/v1/rollups/${created.body.id}`));
    expect(statuses(responses)).toEqual([200, 404, 404]);
  });

  it('an indicator redefined while records change equals its recomputation', async () => {
    const created = await office.post('/api/v1/rollups', {
      pairId,
      key: 'moving-target',
      name: '研学人次（并发）',
      unitOfMeasure: '人次',
      registryType: 'activity',
      aggregate: 'sum',
      field: 'headcount',
      filters: [{ field: 'activityType', op: 'eq', value: '研学' }],
      period: 'all',
    });
    expect(created.status).toBe(201);
    await Promise.all([
      ...[0, 1, 2].map((i) =>
        reporters[i]!.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: `重定义期间${i}`, headcount: 11 }) }),
      ),
      office.patch(`/api/v1/rollups/${created.body.id}`, { filters: [] }),
      offices[1]!.patch(`/api/v1/rollups/${created.body.id}`, { filters: [{ field: 'activityType', op: 'eq', value: '研学' }] }),
    ]);
    await expectRollupsConsistent('moving-target');
  });
});

// ---- tasks, reports and the dashboard ----------------------------------------------------------

async function newTask(over: Record<string, unknown> = {}) {
  const task = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '四',
    title: '并发测试任务',
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
    leadUnitIds: [unit['gz-xingguo']],
    indicators: [{ name: '接待研学人次', unitOfMeasure: '人次', target: '2000' }],
    ...over,
  });
  expect(task.status).toBe(201);
  return task.body;
}

/** The dashboard summaries must equal a count of the tasks themselves. */
async function expectTaskStatsConsistent() {
  const kept = await query<{ status: string; light: string; n: number }>(
    sql`select status, light, sum(n)::int as n from task_stats where plan_id = ${planId} and scope_key = 'all' group by status, light having sum(n) <> 0 order by status, light`,
  );
  const counted = await query<{ status: string; light: string; n: number }>(
    sql`select status, light, count(*)::int as n from tasks where plan_id = ${planId} group by status, light order by status, light`,
  );
  expect(kept).toEqual(counted);
  const marks = await query(
    sql`select t.id from tasks t left join task_stat_marks m on m.task_id = t.id where t.plan_id = ${planId} and (m.task_id is null or m.status <> t.status or m.light <> t.light)`,
  );
  expect(marks).toEqual([]);
}

describe('reports', () => {
  async function submitted(progress: number) {
    const task = await newTask({ title: `报告并发任务${progress}` });
    const report = await xingguo.put('/api/v1/reports', {
      taskId: task.id,
      unitId: unit['gz-xingguo'],
      periodId,
      narrative: '已推进。',
      progress,
      values: [{ indicatorId: task.indicators[0].id, value: '600' }],
      submit: true,
    });
    expect(report.status).toBe(200);
    return { task, report: report.body };
  }

  it('accept and return of one report at once: exactly one 200, the other 409, and the task agrees with the report', async () => {
    for (let round = 0; round < 3; round++) {
      const { task, report } = await submitted(40 + round);
      const [accept, back] = await Promise.all([
        office.post(`/api/v1/reports/${report.id}/review`, { decision: 'accept' }),
        offices[1]!.post(`/api/v1/reports/${report.id}/review`, { decision: 'return', comment: '请补充材料' }),
      ]);
      expect(statuses([accept, back])).toEqual([200, 409]);
      expect(codes([accept, back])).toEqual(['STALE_STATE']);
      const final = await office.get(`/api/v1/reports/${report.id}`);
      const taskNow = await office.get(`/api/v1/tasks/${task.id}`);
      if (final.body.status === 'accepted') {
        expect(accept.status).toBe(200);
        expect(taskNow.body.progress).toBe(report.progress);
        expect(Number(taskNow.body.indicators[0].actual)).toBe(600);
      } else {
        expect(final.body.status).toBe('returned');
        expect(back.status).toBe(200);
        expect(taskNow.body.progress).toBeNull();
        expect(taskNow.body.indicators[0].actual).toBeNull();
      }
      expect(final.body.history.filter((h: { action: string }) => h.action === 'accept' || h.action === 'return')).toHaveLength(1);
    }
    await expectTaskStatsConsistent();
  });

  it('the same review three times at once: one 200, two 409 STALE_STATE, one notice', async () => {
    const { report } = await submitted(55);
    const responses = await times(3, (i) => offices[i]!.post(`/api/v1/reports/${report.id}/review`, { decision: 'accept' }));
    expect(statuses(responses)).toEqual([200, 409, 409]);
    expect(lostRace(responses)).toEqual(['STALE_STATE', 'STALE_STATE']);
    const audits = await query(sql`select count(*)::int as n from audit_log where entity_id = ${report.id} and action = 'report.accept'`);
    expect(audits[0]!.n).toBe(1);
  });

  it('a report submitted from several sessions at once is submitted once', async () => {
    const task = await newTask({ title: '重复提交任务' });
    const body = { taskId: task.id, unitId: unit['gz-xingguo'], periodId, narrative: '草稿', progress: 10, values: [] };
    expect((await xingguo.put('/api/v1/reports', body)).status).toBe(200);
    const responses = await times(N, (i) => reporters[i]!.put('/api/v1/reports', { ...body, narrative: `第${i}次提交`, submit: true }));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(N - 1);
    const report = (await xingguo.get(`/api/v1/reports?taskId=${task.id}`)).body.items[0];
    const detail = await xingguo.get(`/api/v1/reports/${report.id}`);
    expect(detail.body.history.filter((h: { action: string }) => h.action === 'submit')).toHaveLength(1);
    await expectTaskStatsConsistent();
  });
});

describe('attachments', () => {
  it('a file attached while its report is submitted lands before the submission or is refused (409)', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n').toString('base64');
    for (let round = 0; round < 3; round++) {
      const task = await newTask({ title: `附件并发任务${round}` });
      const body = { taskId: task.id, unitId: unit['gz-xingguo'], periodId, narrative: '草稿', progress: 10, values: [] };
      const draft = await xingguo.put('/api/v1/reports', body);
      expect(draft.status).toBe(200);
      const [submit, ...uploads] = await Promise.all([
        xingguo.put('/api/v1/reports', { ...body, submit: true }),
        // Spread over the submission's own time, so some checks fall before its commit and some writes after.
        ...Array.from({ length: 12 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 4));
          return reporters[i % N]!.post('/api/v1/attachments', { ownerType: 'report', ownerId: draft.body.id, fileName: `证明材料${i}.pdf`, fileBase64: pdf });
        }),
      ]);
      expect(submit.status).toBe(200);
      expect(uploads.every((u) => u.status === 201 || u.status === 409)).toBe(true);
      const entries = await query<{ id: string; action: string }>(
        sql`select id, action from audit_log where entity_id = ${draft.body.id} and action in ('attachment.upload', 'report.submit') order by id`,
      );
      const submitted = entries.findIndex((e) => e.action === 'report.submit');
      expect(entries.slice(submitted + 1)).toEqual([]);
      expect(entries.filter((e) => e.action === 'attachment.upload')).toHaveLength(uploads.filter((u) => u.status === 201).length);
    }
  });
});

describe('tasks', () => {
  it('concurrent edits of start and due dates never leave a task that starts after it is due', async () => {
    for (let round = 0; round < 3; round++) {
      const task = await newTask({ title: `日期并发任务${round}` });
      const [start, due] = await Promise.all([
        office.patch(`/api/v1/tasks/${task.id}`, { startOn: '2026-11-01' }),
        offices[1]!.patch(`/api/v1/tasks/${task.id}`, { dueOn: '2026-02-01' }),
      ]);
      expect(statuses([start, due]).filter((s) => s === 200)).toHaveLength(1);
      expect([400, 409]).toContain(Math.max(start.status, due.status));
      const now = await office.get(`/api/v1/tasks/${task.id}`);
      expect(now.body.startOn <= now.body.dueOn).toBe(true);
    }
  });

  it('concurrent status changes keep the dashboard summaries equal to a count of the tasks', async () => {
    const tasks = await times(3, (i) => newTask({ title: `状态并发任务${i}` }));
    const states = ['in_progress', 'delayed', 'done', 'paused', 'in_progress', 'done'];
    await times(N * 2, (i) => offices[i % N]!.patch(`/api/v1/tasks/${tasks[i % 3]!.id}`, { status: states[i % states.length], progress: (i * 7) % 100 }));
    await expectTaskStatsConsistent();
  });
});

// ---- plans -------------------------------------------------------------------------------------

describe('plan versions', () => {
  async function draft(title: string) {
    const imported = await office.post('/api/v1/plans/import', {
      pairId,
      title,
      source: { text: '第一章 总则\n一、加强组织领导\n（一）建立联席会议制度。\n' },
    });
    expect(imported.status).toBe(201);
    return imported.body.version;
  }

  it('publishing one draft three times at once: one 200, two 409 STALE_STATE, its articles once', async () => {
    const version = await draft('并发发布方案');
    const responses = await times(3, (i) => offices[i]!.post(`/api/v1/plan-versions/${version.id}/publish`));
    expect(statuses(responses)).toEqual([200, 409, 409]);
    expect(lostRace(responses)).toEqual(['STALE_STATE', 'STALE_STATE']);
    const published = await query(sql`select status from plan_versions where plan_id = ${version.planId}`);
    expect(published).toEqual([{ status: 'published' }]);
    const articles = await query(sql`select count(*)::int as n from plan_articles where version_id = ${version.id}`);
    expect(articles[0]!.n).toBe(1);
  });

  it('publishing two drafts of one plan at once leaves exactly one published version', async () => {
    const first = await draft('两稿并发方案');
    const second = await draft('两稿并发方案');
    await Promise.all([office.post(`/api/v1/plan-versions/${first.id}/publish`), offices[1]!.post(`/api/v1/plan-versions/${second.id}/publish`)]);
    const published = await query(sql`select count(*)::int as n from plan_versions where plan_id = ${first.planId} and status = 'published'`);
    expect(published[0]!.n).toBe(1);
  });

  it('the first import of a plan from several sessions at once: every import lands in one plan, numbered in turn', async () => {
    const responses = await times(3, (i) =>
      offices[i]!.post('/api/v1/plans/import', { pairId, title: '同时首次导入方案', source: { text: '第一章 总则\n一、加强组织领导\n' } }),
    );
    expect(statuses(responses)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.version.planId)).size).toBe(1);
    expect(responses.map((r) => r.body.version.versionNo).sort()).toEqual([1, 2, 3]);
  });

  it('editing a draft while it is published: the edit either lands before or gets 409, never on the published text', async () => {
    const version = await draft('边改边发方案');
    const outline = { chapters: [{ number: '一', title: '总则（改）', articles: [{ number: '一', title: '改后的条目', measures: [] }] }] };
    const [publish, edit] = await Promise.all([
      office.post(`/api/v1/plan-versions/${version.id}/publish`),
      offices[1]!.put(`/api/v1/plan-versions/${version.id}/outline`, { outline }),
    ]);
    expect(publish.status).toBe(200);
    const [article] = await query<{ title: string }>(sql`select title from plan_articles where version_id = ${version.id}`);
    const stored = await query<{ outline: { chapters: { articles: { title: string }[] }[] } }>(sql`select outline from plan_versions where id = ${version.id}`);
    // What was published is what the version says, whichever came first.
    expect(stored[0]!.outline.chapters[0]!.articles[0]!.title).toBe(article!.title);
    expect([200, 409]).toContain(edit.status);
  });
});

// ---- supervision and meetings ------------------------------------------------------------------

describe('supervision items', () => {
  /** An item the unit has signed and applied to close, ready for the office's review. */
  async function appliedItem(requirement: string): Promise<string> {
    const item = await office.post('/api/v1/supervision', { unitId: unit['gz-xingguo'], requirement, deadline: '2026-06-30' });
    expect(item.status).toBe(201);
    expect((await xingguo.post(`/api/v1/supervision/${item.body.id}/sign`)).status).toBe(200);
    expect((await xingguo.post(`/api/v1/supervision/${item.body.id}/completion`, { result: '已落实。' })).status).toBe(200);
    return item.body.id;
  }
  const stepsOf = async (id: string, kind: string) =>
    (await query<{ n: number }>(sql`select count(*)::int as n from supervision_events where item_id = ${id} and kind = ${kind}`))[0]!.n;

  it('signing one item from six sessions at once: one 200, five 409, one 签收 step', async () => {
    const item = await office.post('/api/v1/supervision', { unitId: unit['gz-xingguo'], requirement: '并发签收测试', deadline: '2026-06-30' });
    const responses = await times(N, (i) => reporters[i]!.post(`/api/v1/supervision/${item.body.id}/sign`));
    expect(statuses(responses)).toEqual([200, ...Array(N - 1).fill(409)]);
    expect(lostRace(responses)).toEqual(Array(N - 1).fill('STALE_STATE'));
    expect(await stepsOf(item.body.id, 'signed')).toBe(1);
  });

  it('closing one item three times at once: one 200, two 409 STALE_STATE, one audit entry', async () => {
    const id = await appliedItem('并发办结测试');
    const responses = await times(3, (i) => offices[i]!.post(`/api/v1/supervision/${id}/close`, { comment: `第${i}次` }));
    expect(statuses(responses)).toEqual([200, 409, 409]);
    expect(lostRace(responses)).toEqual(['STALE_STATE', 'STALE_STATE']);
    const audits = await query(sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'supervision.close'`);
    expect(audits[0]!.n).toBe(1);
    expect(await stepsOf(id, 'closed')).toBe(1);
  });

  it('办结 racing 退回重办: exactly one wins and the item is in the state of the winner', async () => {
    const id = await appliedItem('办结与退回并发');
    const [close, back] = await Promise.all([
      offices[0]!.post(`/api/v1/supervision/${id}/close`, {}),
      offices[1]!.post(`/api/v1/supervision/${id}/return`, { reason: '材料不全' }),
    ]);
    expect([close.status, back.status].sort()).toEqual([200, 409]);
    const detail = (await office.get(`/api/v1/supervision/${id}`)).body;
    expect(detail.status).toBe(close.status === 200 ? 'closed' : 'in_progress');
    expect((await stepsOf(id, 'closed')) + (await stepsOf(id, 'returned'))).toBe(1);
  });

  it('approving and refusing one extension request at once: one decision, the deadline moved only if approved', async () => {
    const item = await office.post('/api/v1/supervision', { unitId: unit['gz-xingguo'], requirement: '并发延期审批', deadline: '2026-06-30' });
    await xingguo.post(`/api/v1/supervision/${item.body.id}/sign`);
    const asked = await xingguo.post(`/api/v1/supervision/${item.body.id}/extensions`, { reason: '汛期施工受阻', newDeadline: '2026-08-31' });
    const extensionId = asked.body.pendingExtension.id;
    const [approve, refuse] = await Promise.all([
      offices[0]!.post(`/api/v1/supervision/${item.body.id}/extension-decision`, { extensionId, decision: 'approve' }),
      offices[1]!.post(`/api/v1/supervision/${item.body.id}/extension-decision`, { extensionId, decision: 'refuse' }),
    ]);
    expect([approve.status, refuse.status].sort()).toEqual([200, 409]);
    const detail = (await office.get(`/api/v1/supervision/${item.body.id}`)).body;
    expect(detail.deadline).toBe(approve.status === 200 ? '2026-08-31' : '2026-06-30');
    expect(detail.extensionCount).toBe(approve.status === 200 ? 1 : 0);
    expect(detail.extensions).toEqual([expect.objectContaining({ id: extensionId, status: approve.status === 200 ? 'approved' : 'refused' })]);
  });

  it('six chases at once are six chases: the count, the steps and the notices agree', async () => {
    const item = await office.post('/api/v1/supervision', { unitId: unit['gz-xingguo'], requirement: '并发催办', deadline: '2026-06-30' });
    const responses = await times(N, (i) => offices[i]!.post(`/api/v1/supervision/${item.body.id}/chase`, { note: `第${i + 1}次催办` }));
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect((await office.get(`/api/v1/supervision/${item.body.id}`)).body.chaseCount).toBe(N);
    expect(await stepsOf(item.body.id, 'chased')).toBe(N);
    const notices = await query<{ n: number }>(
      sql`select count(*)::int as n from notifications where dedupe_key like ${`supervision:${item.body.id}:chased:%`}`,
    );
    expect(notices[0]!.n).toBe(N);
  });

  it('a reply racing the close: the item ends closed, and a reply lands only before the close', async () => {
    const id = await appliedItem('回复与办结并发');
    const [close, reply] = await Promise.all([
      office.post(`/api/v1/supervision/${id}/close`, {}),
      xingguo.post(`/api/v1/supervision/${id}/replies`, { body: '补充说明。' }),
    ]);
    expect(close.status).toBe(200);
    expect([201, 409]).toContain(reply.status);
    const detail = await office.get(`/api/v1/supervision/${id}`);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.replies).toHaveLength(reply.status === 409 ? 0 : 1);
  });
});

describe('meetings', () => {
  it('marking a meeting held three times at once: one 200, two 409, each decision raised once', async () => {
    const meeting = await office.post('/api/v1/meetings', {
      pairId,
      title: '并发召开测试会议',
      startsAt: '2026-03-01T09:30:00+08:00',
      place: '第一会议室',
      hostCityId: (await t.unit('gz-office')).cityId,
      chairs: [],
      attendees: [{ unitId: unit['gz-xingguo'] }],
      agenda: [{ title: '研究工作' }],
      decisions: [
        { text: '兴国县牵头制定方案', ownerUnitId: unit['gz-xingguo'], deadline: '2026-04-30' },
        { text: '宁都县配合落实', ownerUnitId: unit['gz-ningdu'], deadline: '2026-05-31' },
      ],
      minutesHtml: '<p>纪要</p>',
    });
    expect(meeting.status).toBe(201);
    const responses = await times(3, (i) => offices[i]!.post(`/api/v1/meetings/${meeting.body.id}/hold`));
    expect(statuses(responses)).toEqual([200, 409, 409]);
    expect(lostRace(responses)).toEqual(['STALE_STATE', 'STALE_STATE']);
    const items = await query(sql`select count(*)::int as n from supervision_items where meeting_id = ${meeting.body.id}`);
    expect(items[0]!.n).toBe(2);
  });
});

// ---- inspections -------------------------------------------------------------------------------

describe('double-random inspections', () => {
  let ganzhouId: string;
  const inspectionCode = (n: number) => creditCode(`91360700MA36${String(n).padStart(5, '0')}`);

  beforeAll(async () => {
    ganzhouId = (await t.unit('gz-office')).cityId;
    for (let i = 1; i <= 8; i++) {
      const entity = await office.post('/api/v1/inspections/entities', {
        pairId,
        cityId: ganzhouId,
        creditCode: inspectionCode(i),
        name: `并发抽查企业${i}`,
        creditGrade: i % 2 ? 'A' : 'B',
        industry: '稀土新材料',
        location: '赣州',
      });
      expect(entity.status).toBe(201);
    }
    for (let i = 1; i <= 4; i++) {
      const inspector = await office.post('/api/v1/inspections/inspectors', {
        pairId,
        cityId: ganzhouId,
        badgeNo: `BF-${i}`,
        name: `执法员${i}`,
        unitId: unit['gz-office'],
      });
      expect(inspector.status).toBe(201);
    }
  });

  async function fixedPlan(title: string) {
    const plan = await office.post('/api/v1/inspections/plans', { pairId, cityId: ganzhouId, title, ratiosPercent: { A: 50, B: 50, C: 100, D: 100 } });
    expect(plan.status).toBe(201);
    expect((await office.post(`/api/v1/inspections/plans/${plan.body.id}/fix`, { fixedValue: title })).status).toBe(200);
    return plan.body.id as string;
  }

  it('drawing one plan three times at once: one 200, two 409 STALE_STATE, one set of inspections', async () => {
    const planId = await fixedPlan('并发抽取计划');
    const responses = await times(3, (i) => offices[i]!.post(`/api/v1/inspections/plans/${planId}/draw`));
    expect(statuses(responses)).toEqual([200, 409, 409]);
    expect(lostRace(responses)).toEqual(['STALE_STATE', 'STALE_STATE']);
    const drawn = responses.find((r) => r.status === 200)!.body;
    const stored = await query(sql`select count(*)::int as n from inspections where plan_id = ${planId}`);
    expect(stored[0]!.n).toBe(drawn.inspections.length);
    // A draw asked for after the fact is refused as a state, not a race.
    const late = await office.post(`/api/v1/inspections/plans/${planId}/draw`);
    expect([late.status, late.body.error.code]).toEqual([409, 'INVALID_STATE']);

    const published = await times(3, (i) => offices[i]!.post(`/api/v1/inspections/plans/${planId}/publish`));
    expect(statuses(published)).toEqual([200, 409, 409]);
    expect(lostRace(published)).toEqual(['STALE_STATE', 'STALE_STATE']);
  });

  it('fixing and drawing at once: the draw uses the inputs that were fixed last, or waits for them', async () => {
    const planId = await fixedPlan('边固定边抽取计划');
    const [, draw] = await Promise.all([
      office.post(`/api/v1/inspections/plans/${planId}/fix`, { fixedValue: '新的固定值' }),
      offices[1]!.post(`/api/v1/inspections/plans/${planId}/draw`),
    ]);
    expect([200, 409]).toContain(draw.status);
    const verify = await office.get(`/api/v1/inspections/plans/${planId}`);
    if (verify.body.status === 'drawn') {
      const stored = await query<{ result: { fixedValue: string } }>(sql`select result from inspection_draw_inputs where plan_id = ${planId}`);
      expect(stored[0]!.result.fixedValue).toBe(verify.body.fixedValue);
    }
  });

  it('three concurrent removals of an entity or an inspector: one 200, two 404', async () => {
    const entity = await office.post('/api/v1/inspections/entities', {
      pairId,
      cityId: ganzhouId,
      creditCode: inspectionCode(90),
      name: '待删除企业',
      creditGrade: 'A',
      industry: '稀土新材料',
      location: '赣州',
    });
    expect(statuses(await times(3, (i) => offices[i]!.request('DELETE', `/api/v1/inspections/entities/${entity.body.id}`)))).toEqual([200, 404, 404]);
    const inspector = await office.post('/api/v1/inspections/inspectors', {
      pairId,
      cityId: ganzhouId,
      badgeNo: 'BF-90',
      name: '待删除',
      unitId: unit['gz-office'],
    });
    expect(statuses(await times(3, (i) => offices[i]!.request('DELETE', `/api/v1/inspections/inspectors/${inspector.body.id}`)))).toEqual([200, 404, 404]);
  });
});

// ---- water -------------------------------------------------------------------------------------

describe('water sections and agreements', () => {
  let sectionSeq = 0;
  async function newSection() {
    sectionSeq++;
    const section = await office.post('/api/v1/water/sections', {
      pairId,
      code: `BF-${sectionSeq}`,
      name: `并发断面${sectionSeq}`,
      river: '东江源',
      cityId: (await t.unit('gz-office')).cityId,
      targetClass: 3,
      unitIds: [unit['gz-office']],
    });
    expect(section.status).toBe(201);
    return section.body.id as string;
  }
  const agreement = (sectionIds: string[]) => ({
    pairId,
    name: `并发补偿协议${sectionSeq}`,
    upstreamParty: '江西省',
    downstreamParty: '广东省',
    fromYear: 2026,
    toYear: 2026,
    upstreamAmount: '1',
    downstreamAmount: '1',
    sectionIds,
    rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', amounts: { pass: '1', fail: '0' } },
  });

  it('three concurrent removals of a section or an agreement: one 200, two 404', async () => {
    const section = await newSection();
    expect(statuses(await times(3, (i) => offices[i]!.request('DELETE', `/api/v1/water/sections/${section}`)))).toEqual([200, 404, 404]);
    const other = await newSection();
    const created = await office.post('/api/v1/water/agreements', agreement([other]));
    expect(created.status).toBe(201);
    expect(statuses(await times(3, (i) => offices[i]!.request('DELETE', `/api/v1/water/agreements/${created.body.id}`)))).toEqual([200, 404, 404]);
  });

  it('a section removed while an agreement names it: never an agreement assessing a missing section', async () => {
    for (let round = 0; round < 3; round++) {
      const section = await newSection();
      const [create, removal] = await Promise.all([
        office.post('/api/v1/water/agreements', agreement([section])),
        offices[1]!.request('DELETE', `/api/v1/water/sections/${section}`),
      ]);
      expect(statuses([create, removal]).filter((s) => s === 200 || s === 201)).toHaveLength(1);
      const orphans = await query(sql`select a.id from water_agreements a where not exists (select 1 from water_sections s where s.id = any(a.section_ids))`);
      expect(orphans).toEqual([]);
      if (create.status === 201) expect((await office.request('DELETE', `/api/v1/water/agreements/${create.body.id}`)).status).toBe(200);
    }
  });
});

// ---- units -------------------------------------------------------------------------------------

describe('units', () => {
  it('two units moved under each other at once: never a cycle, and every path is its parent’s path and its id', async () => {
    const admin = await t.admin();
    const cityId = (await t.unit('gz-office')).cityId;
    for (let round = 0; round < 3; round++) {
      const a = await admin.post('/api/v1/units', { cityId, type: 'department', name: `并发单位甲${round}` });
      const b = await admin.post('/api/v1/units', { cityId, type: 'department', name: `并发单位乙${round}` });
      const child = await admin.post('/api/v1/units', { cityId, type: 'department', name: `并发单位甲下级${round}`, parentId: a.body.id });
      expect([a.status, b.status, child.status]).toEqual([201, 201, 201]);
      const other = new Agent(t.app);
      other.cookie = admin.cookie;
      other.csrfToken = admin.csrfToken;
      const [ab, ba, grandchild] = await Promise.all([
        admin.patch(`/api/v1/units/${a.body.id}`, { parentId: b.body.id }),
        other.patch(`/api/v1/units/${b.body.id}`, { parentId: a.body.id }),
        admin.post('/api/v1/units', { cityId, type: 'department', name: `并发单位孙级${round}`, parentId: child.body.id }),
      ]);
      expect(statuses([ab, ba]).filter((s) => s === 200)).toHaveLength(1);
      expect(grandchild.status).toBe(201);
    }
    const broken = await query(sql`
      select u.id from units u left join units p on p.id = u.parent_id
      where u.path <> coalesce(p.path, '/') || u.id || '/'`);
    expect(broken).toEqual([]);
  });

  it('disabling a unit three times at once records one unit.disable', async () => {
    const admin = await t.admin();
    const cityId = (await t.unit('gz-office')).cityId;
    const target = await admin.post('/api/v1/units', { cityId, type: 'department', name: '并发停用单位' });
    const responses = await times(3, () => admin.patch(`/api/v1/units/${target.body.id}`, { disabled: true }));
    expect(statuses(responses)).toEqual([200, 200, 200]);
    const audits = await query(sql`select count(*)::int as n from audit_log where entity_id = ${target.body.id} and action = 'unit.disable'`);
    expect(audits[0]!.n).toBe(1);
  });
});

// ---- tasks against a new version of their plan (last: it republishes the shared plan) -----------

describe('a task created while its plan is republished', () => {
  it('never keeps a measure of a superseded version', async () => {
    for (let round = 0; round < 3; round++) {
      const tree = await office.get(`/api/v1/plans/${planId}/tree`);
      const article = tree.body.chapters.flatMap((c: JsonBody) => c.articles).find((a: JsonBody) => a.number === '四' && a.measures.length > 0);
      const draft = await office.post('/api/v1/plans/import', { pairId, source: { text: DEFAULT_PLAN_TEXT } });
      expect(draft.status).toBe(201);
      const [created, published] = await Promise.all([
        office.post('/api/v1/tasks', {
          planId,
          articleNo: '四',
          measureId: article.measures[0].id,
          title: `发布期间新建任务${round}`,
          startOn: '2026-01-01',
          dueOn: '2026-12-31',
          leadUnitIds: [unit['gz-xingguo']],
        }),
        offices[1]!.post(`/api/v1/plan-versions/${draft.body.version.id}/publish`),
      ]);
      expect(published.status).toBe(200);
      expect([201, 400, 409]).toContain(created.status);
    }
    const stale = await query(sql`
      select t.id from tasks t join plan_measures m on m.id = t.measure_id join plan_articles a on a.id = m.article_id
      join plan_versions v on v.id = a.version_id where t.plan_id = ${planId} and v.status <> 'published'`);
    expect(stale).toEqual([]);
  });
});
