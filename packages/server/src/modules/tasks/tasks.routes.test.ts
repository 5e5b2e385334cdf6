import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let szOffice: Agent;
let xingguo: Agent;
let ningdu: Agent;
let planId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  ({ planId } = await publishDefaultPlan(office, gz.pairId));
});
afterAll(async () => t?.close());

const newTask = (over: Record<string, unknown> = {}) => ({
  planId,
  articleNo: '四',
  title: '组织深圳中小学生赴兴国开展红色研学',
  startOn: '2026-03-01',
  dueOn: '2026-12-31',
  leadUnitIds: [ids['gz-xingguo']],
  supportUnitIds: [ids['sz-futian']],
  milestones: [{ title: '确定研学线路', dueOn: '2026-04-30' }],
  indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '2000' }],
  ...over,
});

describe('POST /api/v1/tasks', () => {
  it('401 without a session; 403 for a unit reporter', async () => {
    expect((await t.agent().post('/api/v1/tasks', newTask())).status).toBe(401);
    expect((await xingguo.post('/api/v1/tasks', newTask())).status).toBe(403);
  });

  it('403 when the Shenzhen city office assigns a task led only by a Ganzhou county', async () => {
    const response = await szOffice.post('/api/v1/tasks', newTask());
    expect(response.status).toBe(403);
    expect(response.body.error.details[0].field).toBe('leadUnitIds');
  });

  it('400 naming the field: due before start, no lead unit, an article the plan does not have, a unit in both roles, a bad decimal', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ startOn: '2026-12-31', dueOn: '2026-01-01' }, 'dueOn'],
      [{ leadUnitIds: [] }, 'leadUnitIds'],
      [{ articleNo: '九十九' }, 'articleNo'],
      [{ supportUnitIds: [ids['gz-xingguo']] }, 'supportUnitIds'],
      [{ indicators: [{ name: '投资额', unitOfMeasure: '万元', target: '12.34567' }] }, 'indicators.0.target'],
      [{ leadUnitIds: ['6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11'] }, 'leadUnitIds.0'],
    ];
    for (const [change, field] of cases) {
      const response = await office.post('/api/v1/tasks', newTask(change));
      expect({ field, status: response.status, got: response.body.error?.details?.[0]?.field }).toEqual({ field, status: 400, got: field });
    }
  });

  it('201 with units, milestones, indicators (exact decimals) and a computed light; audited', async () => {
    const response = await office.post('/api/v1/tasks', newTask({ indicators: [{ name: '总投资', unitOfMeasure: '万元', target: '12345.6789' }] }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      chapterNo: '二',
      articleNo: '四',
      status: 'not_started',
      light: 'green',
      units: expect.arrayContaining([
        expect.objectContaining({ unitId: ids['gz-xingguo'], role: 'lead' }),
        expect.objectContaining({ unitId: ids['sz-futian'], role: 'support' }),
      ]),
      milestones: [expect.objectContaining({ title: '确定研学线路', dueOn: '2026-04-30', doneOn: null })],
      indicators: [expect.objectContaining({ target: '12345.6789', actual: null, computation: 'entered' })],
    });
    const audit = await (await t.admin()).get(`/api/v1/audit?entityType=task&entityId=${response.body.id}`);
    expect(audit.body.items[0].action).toBe('task.create');
    expect(response.body.weight).toBe(1);
  });

  it('the 考评 weight: 1 unless given, kept to two decimals, refused at 0 or past 100 naming weight', async () => {
    const weighted = await office.post('/api/v1/tasks', newTask({ weight: 2.5 }));
    expect(weighted.body.weight).toBe(2.5);
    for (const weight of [0, -1, 101, '2']) {
      const refused = await office.post('/api/v1/tasks', newTask({ weight }));
      expect({ weight, status: refused.status, field: refused.body.error?.details[0]?.field }).toEqual({ weight, status: 400, field: 'weight' });
    }
    const changed = await office.patch(`/api/v1/tasks/${weighted.body.id}`, { weight: 0.125 });
    expect(changed.body.weight).toBe(0.13);
    expect((await office.patch(`/api/v1/tasks/${weighted.body.id}`, { weight: 0 })).body.error.details[0].field).toBe('weight');
  });
});

describe('GET /api/v1/tasks and /api/v1/tasks/:id: data scope', () => {
  let xingguoTask: string;
  let ningduTask: string;
  beforeAll(async () => {
    xingguoTask = (await office.post('/api/v1/tasks', newTask({ title: '兴国县红色研学基地建设' }))).body.id;
    ningduTask = (await office.post('/api/v1/tasks', newTask({ title: '宁都县红色研学基地建设', leadUnitIds: [ids['gz-ningdu']], supportUnitIds: [] }))).body
      .id;
  });

  it('401 without a session; 400 naming light for an unknown light', async () => {
    expect((await t.agent().get('/api/v1/tasks')).status).toBe(401);
    expect((await office.get('/api/v1/tasks?light=blue')).body.error.details[0].field).toBe('light');
  });

  it('a county reporter lists only the tasks its county takes part in; the office lists all', async () => {
    const own = await xingguo.get('/api/v1/tasks?pageSize=100');
    expect(own.status).toBe(200);
    expect(own.body.items.every((task: { units: { unitId: string }[] }) => task.units.some((u) => u.unitId === ids['gz-xingguo']))).toBe(true);
    expect(own.body.items.map((task: { id: string }) => task.id)).toContain(xingguoTask);
    expect(own.body.items.map((task: { id: string }) => task.id)).not.toContain(ningduTask);
    const all = await office.get('/api/v1/tasks?pageSize=100');
    expect(all.body.total).toBe(own.body.total + 1);
  });

  it("404 for another county's task by id, 200 for its own", async () => {
    expect((await xingguo.get(`/api/v1/tasks/${ningduTask}`)).status).toBe(404);
    expect((await ningdu.get(`/api/v1/tasks/${ningduTask}`)).status).toBe(200);
    expect((await xingguo.get('/api/v1/tasks/123')).body.error.details[0].field).toBe('id');
  });

  it('filters by article, unit, city and title', async () => {
    const byUnit = await office.get(`/api/v1/tasks?unitId=${ids['gz-ningdu']}`);
    expect(byUnit.body.items.map((task: { id: string }) => task.id)).toEqual([ningduTask]);
    expect((await office.get('/api/v1/tasks?articleNo=三')).body.total).toBe(0);
    expect((await office.get(`/api/v1/tasks?q=${encodeURIComponent('宁都')}`)).body.total).toBe(1);
  });

  it('the plan tree counts the tasks of each article the caller can see', async () => {
    const tree = await xingguo.get(`/api/v1/plans/${planId}/tree`);
    const article = tree.body.chapters[1].articles.find((a: { number: string }) => a.number === '四');
    const own = await xingguo.get('/api/v1/tasks?articleNo=四');
    expect(article.taskCount).toBe(own.body.total);
  });
});

describe('PATCH /api/v1/tasks/:id', () => {
  let taskId: string;
  beforeAll(async () => {
    taskId = (await office.post('/api/v1/tasks', newTask({ title: '兴国县研学接待能力提升' }))).body.id;
  });

  it('401 without a session; 404 for another county; 403 for its own county reporter (reports go through progress reports)', async () => {
    expect((await t.agent().patch(`/api/v1/tasks/${taskId}`, { status: 'in_progress' })).status).toBe(401);
    expect((await ningdu.patch(`/api/v1/tasks/${taskId}`, { status: 'in_progress' })).status).toBe(404);
    expect((await xingguo.patch(`/api/v1/tasks/${taskId}`, { status: 'in_progress' })).status).toBe(403);
  });

  it('400 naming the field: an unknown status, progress over 100, an empty change', async () => {
    expect((await office.patch(`/api/v1/tasks/${taskId}`, { status: 'finished' })).body.error.details[0].field).toBe('status');
    expect((await office.patch(`/api/v1/tasks/${taskId}`, { progress: 120 })).body.error.details[0].field).toBe('progress');
    expect((await office.patch(`/api/v1/tasks/${taskId}`, {})).status).toBe(400);
  });

  it('200: the light follows the schedule — a passed milestone turns it red, completing it clears it; done is green', async () => {
    t.clock.advance(70 * 86_400_000); // 2026-03-02 → 2026-05-11: the 2026-04-30 milestone has passed.
    // Seventy days idle end every session: log everyone in again.
    for (const [agent, name] of [
      [office, 'gz-office'],
      [szOffice, 'sz-office'],
      [xingguo, 'xingguo'],
      [ningdu, 'ningdu'],
    ] as const) {
      expect((await agent.login(name, USER_PASSWORD)).status).toBe(200);
    }
    const late = await office.patch(`/api/v1/tasks/${taskId}`, { status: 'in_progress', progress: 30 });
    expect(late.status).toBe(200);
    expect(late.body.light).toBe('red');
    expect(late.body.lightReasons).toEqual(['节点“确定研学线路”已逾期（2026年4月30日）']);
    const met = await office.patch(`/api/v1/tasks/${taskId}`, { milestones: [{ title: '确定研学线路', dueOn: '2026-04-30', doneOn: '2026-04-28' }] });
    expect(met.body.light).toBe('green');
    const done = await office.patch(`/api/v1/tasks/${taskId}`, { status: 'done', progress: 100 });
    expect(done.body).toMatchObject({ status: 'done', light: 'green' });
    const audit = await (await t.admin()).get(`/api/v1/audit?entityType=task&entityId=${taskId}&action=task.update`);
    expect(audit.body.total).toBe(3);
    expect(audit.body.items[2].before.status).toBe('not_started');
  });

  it('reassigns units; a Shenzhen city office may not take a Ganzhou-led task (403 via its scope: 404 if it cannot see it)', async () => {
    const moved = await office.patch(`/api/v1/tasks/${taskId}`, { leadUnitIds: [ids['gz-ningdu']], supportUnitIds: [] });
    expect(moved.body.units).toEqual([expect.objectContaining({ unitId: ids['gz-ningdu'], role: 'lead' })]);
    expect((await xingguo.get(`/api/v1/tasks/${taskId}`)).status).toBe(404);
    expect((await ningdu.get(`/api/v1/tasks/${taskId}`)).status).toBe(200);
    expect((await szOffice.patch(`/api/v1/tasks/${taskId}`, { title: 'x' })).status).toBe(404);
  });
});
