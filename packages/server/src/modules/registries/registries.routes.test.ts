import { creditCodeCheckCharacter } from '@duikou/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let leader: Agent;
let xingguo: Agent;
let ningdu: Agent;
let pairId: string;
let shenzhenId: string;
let ganzhouId: string;
const ids: Record<string, string> = {};
const unit = (key: string) => ids[key]!;
const creditCode = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const INVESTOR_CODE = creditCode('91440300MA5DC0BT1');

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'gz-office', 'sz-futian', 'gz-yudu']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  ganzhouId = gz.cityId;
  shenzhenId = sz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  leader = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
});
afterAll(async () => t?.close());

const project = (over: Record<string, unknown> = {}) => ({
  name: '稀土永磁电机产业园项目',
  investor: '深圳某新能源科技有限公司',
  investorCreditCode: INVESTOR_CODE,
  originCityId: shenzhenId,
  locationCode: '360732',
  industry: '稀土新材料',
  plannedInvestment: '1234.5678',
  stage: '洽谈',
  ownerUnitId: unit('gz-xingguo'),
  ...over,
});

const studyTour = (over: Record<string, unknown> = {}) => ({
  name: '深圳中学生兴国红色研学营',
  activityType: '研学',
  startOn: '2026-04-10',
  endOn: '2026-04-12',
  locationCode: '360732',
  headcount: 120,
  organiserUnitIds: [unit('sz-futian')],
  ownerUnitId: unit('gz-xingguo'),
  ...over,
});

async function rollup(agent: Agent, key: string) {
  const list = await agent.get(`/api/v1/rollups?pairId=${pairId}`);
  expect(list.status).toBe(200);
  return list.body.items.find((r: { key: string }) => r.key === key);
}

describe('GET /api/v1/registry-types', () => {
  it('401 without a session; 404 for a pair the caller is not in; 200 with every kind, its fields and the pair’s options', async () => {
    expect((await t.agent().get(`/api/v1/registry-types?pairId=${pairId}`)).status).toBe(401);
    expect((await xingguo.get('/api/v1/registry-types?pairId=6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
    const response = await xingguo.get(`/api/v1/registry-types?pairId=${pairId}`);
    expect(response.status).toBe(200);
    const kinds = response.body.items.map((k: { type: string }) => k.type);
    expect(kinds).toEqual(['project', 'park', 'pairing', 'activity', 'base', 'studyRoute', 'agriBase', 'digitalVillage', 'chargingStation', 'freightTrain']);
    const projectKind = response.body.items[0];
    expect(projectKind.label).toEqual({ zh: '项目库', en: 'Projects' });
    expect(projectKind.articles).toEqual(['六', '七', '八', '十三']);
    const industry = projectKind.fields.find((f: { key: string }) => f.key === 'industry');
    expect(industry.options.map((o: { value: string }) => o.value)).toContain('低空经济');
  });
});

describe('registry records: the generic routes', () => {
  it('POST: 401; 403 for a leader (read-only) and for a county writing for another county; 400 naming every bad field', async () => {
    expect((await t.agent().post('/api/v1/registries/project/records', { pairId, data: project() })).status).toBe(401);
    expect((await leader.post('/api/v1/registries/project/records', { pairId, data: project() })).status).toBe(403);
    const other = await ningdu.post('/api/v1/registries/project/records', { pairId, data: project() });
    expect(other.status).toBe(403);
    expect(other.body.error.details[0].field).toBe('data.ownerUnitId');

    const bad = await xingguo.post('/api/v1/registries/project/records', {
      pairId,
      data: project({
        name: '',
        investorCreditCode: '91440300MA5DC0BT1X',
        locationCode: '110101',
        plannedInvestment: '12.34567',
        industry: '采矿',
        startedOn: '2026-01-01',
        signedOn: '2026-03-01',
        extra: 1,
      }),
      articleNos: ['6'],
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'data.name',
        'data.investorCreditCode',
        'data.locationCode',
        'data.plannedInvestment',
        'data.industry',
        'data.extra',
        'data.startedOn',
        'articleNos.0',
      ]),
    );
    expect(bad.body.error.details.find((d: { field: string }) => d.field === 'data.investorCreditCode').reason).toBe('统一社会信用代码校验码不正确');
    expect(bad.body.error.details.find((d: { field: string }) => d.field === 'data.startedOn').reason).toBe('开工日期不能早于签约日期');
    // A stage past 洽谈 needs its date.
    const undated = await xingguo.post('/api/v1/registries/project/records', { pairId, data: project({ stage: '签约' }) });
    expect(undated.status).toBe(400);
    expect(undated.body.error.details).toEqual([expect.objectContaining({ field: 'data.signedOn', reason: '阶段为“签约”时须填写签约日期' })]);
    // Nothing was written.
    expect((await office.get(`/api/v1/registries/project/records?pairId=${pairId}`)).body.total).toBe(0);
  });

  it('201 for the county’s own project; the list filters by field, stage, place and title; a county sees only its own', async () => {
    const created = await xingguo.post('/api/v1/registries/project/records', { pairId, data: project(), articleNos: ['八'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'project',
      title: '稀土永磁电机产业园项目',
      unitName: '兴国县',
      stage: '洽谈',
      locationName: '兴国县',
      articleNos: ['八'],
    });
    expect(created.body.data.plannedInvestment).toBe('1234.5678');
    expect(created.body.references.units).toEqual([{ id: unit('gz-xingguo'), name: '兴国县' }]);
    await office.post('/api/v1/registries/project/records', {
      pairId,
      data: project({ name: '宁都预制菜加工项目', industry: '农业', locationCode: '360730', ownerUnitId: unit('gz-ningdu'), plannedInvestment: '500' }),
    });

    const all = await office.get(`/api/v1/registries/project/records?pairId=${pairId}`);
    expect(all.body.total).toBe(2);
    const byField = await office.get(`/api/v1/registries/project/records?pairId=${pairId}&field.industry=${encodeURIComponent('农业')}`);
    expect(byField.body.items.map((r: { title: string }) => r.title)).toEqual(['宁都预制菜加工项目']);
    expect((await office.get(`/api/v1/registries/project/records?pairId=${pairId}&locationCode=360732`)).body.total).toBe(1);
    expect((await office.get(`/api/v1/registries/project/records?pairId=${pairId}&q=${encodeURIComponent('永磁')}`)).body.total).toBe(1);
    expect((await office.get(`/api/v1/registries/project/records?pairId=${pairId}&stage=${encodeURIComponent('签约')}`)).body.total).toBe(0);
    const notFilterable = await office.get(`/api/v1/registries/project/records?pairId=${pairId}&field.investor=x`);
    expect(notFilterable.status).toBe(400);
    expect(notFilterable.body.error.details[0].field).toBe('field.investor');

    // Pages are slices of one kept order; a change shows in the very next request.
    const titles = (body: { items: { title: string }[] }) => body.items.map((r) => r.title);
    const pageOf = async (n: number) => (await office.get(`/api/v1/registries/project/records?pairId=${pairId}&pageSize=1&page=${n}`)).body;
    expect(titles(all.body).sort()).toEqual(['宁都预制菜加工项目', '稀土永磁电机产业园项目']);
    expect([...titles(await pageOf(1)), ...titles(await pageOf(2))]).toEqual(titles(all.body));
    const renamed = await xingguo.patch(`/api/v1/registries/project/records/${created.body.id}`, { data: { name: '稀土永磁电机产业园二期项目' } });
    expect(renamed.status).toBe(200);
    const after = titles((await office.get(`/api/v1/registries/project/records?pairId=${pairId}`)).body);
    expect(after).toEqual(titles(all.body).map((t) => (t === '稀土永磁电机产业园项目' ? '稀土永磁电机产业园二期项目' : t)));
    expect([...titles(await pageOf(1)), ...titles(await pageOf(2))]).toEqual(after);
    await xingguo.patch(`/api/v1/registries/project/records/${created.body.id}`, { data: { name: '稀土永磁电机产业园项目' } });

    const own = await xingguo.get('/api/v1/registries/project/records');
    expect(own.body.items.map((r: { title: string }) => r.title)).toEqual(['稀土永磁电机产业园项目']);
    const ningduOwn = (await ningdu.get('/api/v1/registries/project/records')).body.items[0];
    expect((await xingguo.get(`/api/v1/registries/project/records/${ningduOwn.id}`)).status).toBe(404);
    expect((await xingguo.get(`/api/v1/registries/park/records/${created.body.id}`)).status).toBe(404);
  });

  it('GET by-location: 401; 404 for another pair; 400 for a kind without a place; counts per county in scope, with the list filters', async () => {
    const path = `/api/v1/registries/project/by-location?pairId=${pairId}`;
    expect((await t.agent().get(path)).status).toBe(401);
    expect((await office.get('/api/v1/registries/project/by-location?pairId=6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
    const noPair = await office.get('/api/v1/registries/project/by-location');
    expect(noPair.status).toBe(400);
    expect(noPair.body.error.details[0].field).toBe('pairId');
    const placeless = await office.get(`/api/v1/registries/pairing/by-location?pairId=${pairId}`);
    expect(placeless.status).toBe(400);
    expect(placeless.body.error.details[0]).toMatchObject({ field: 'type', reason: '该类登记没有所在地字段，不能按地区统计' });

    const all = await office.get(path);
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual(
      expect.arrayContaining([
        { locationCode: '360732', locationName: '兴国县', count: 1 },
        { locationCode: '360730', locationName: '宁都县', count: 1 },
      ]),
    );
    expect(all.body).toMatchObject({ unlocated: 0, total: 2 });
    // The county sees only its own records; the list's filters narrow the counts.
    expect((await xingguo.get(path)).body.items).toEqual([{ locationCode: '360732', locationName: '兴国县', count: 1 }]);
    const farming = await office.get(`${path}&field.industry=${encodeURIComponent('农业')}`);
    expect(farming.body).toEqual({ items: [{ locationCode: '360730', locationName: '宁都县', count: 1 }], unlocated: 0, total: 1 });
    // A new record shows in the next count.
    const extra = await xingguo.post('/api/v1/registries/project/records', { pairId, data: project({ name: '兴国低空经济示范项目', industry: '低空经济' }) });
    expect(extra.status).toBe(201);
    expect((await office.get(path)).body.items[0]).toEqual({ locationCode: '360732', locationName: '兴国县', count: 2 });
    expect((await office.request('DELETE', `/api/v1/registries/project/records/${extra.body.id}`)).status).toBe(200);
    expect((await office.get(path)).body.total).toBe(2);
  });

  it('stages only move forward, with their dates and history; going back is the office’s, with a reason', async () => {
    const [record] = (await xingguo.get('/api/v1/registries/project/records')).body.items;
    const viaPatch = await xingguo.patch(`/api/v1/registries/project/records/${record.id}`, { data: { stage: '投产' } });
    expect(viaPatch.status).toBe(400);
    expect(viaPatch.body.error.details[0].field).toBe('data.stage');

    const signed = await xingguo.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '签约', on: '2026-02-20' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ stage: '签约', occurredOn: '2026-02-20' });
    expect(signed.body.data.signedOn).toBe('2026-02-20');
    const started = await xingguo.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '开工' });
    expect(started.body.data.startedOn).toBe('2026-03-02');
    expect(started.body.events.map((e: { toStage: string }) => e.toStage)).toEqual(['洽谈', '签约', '开工']);

    const back = await xingguo.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '洽谈' });
    expect(back.status).toBe(409);
    expect(back.body.error.details[0].code).toBe('STAGE_BACKWARD');
    const noReason = await office.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '签约' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const reversed = await office.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '签约', reason: '开工信息填报有误' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.data.startedOn).toBeUndefined();
    expect(reversed.body.events.at(-1)).toMatchObject({ action: 'stage_back', fromStage: '开工', toStage: '签约', reason: '开工信息填报有误' });
    const unknown = await office.post(`/api/v1/registries/project/records/${record.id}/stage`, { stage: '竣工' });
    expect(unknown.status).toBe(400);
  });

  it('a park lists the projects in it with their totals; a record others refer to cannot be removed', async () => {
    const park = await office.post('/api/v1/registries/park/records', {
      pairId,
      data: { name: '深赣兴国产业园', mode: '轻资产', operator: '深圳某园区运营公司', locationCode: '360732', ownerUnitId: unit('gz-xingguo') },
    });
    expect(park.status).toBe(201);
    const [record] = (await xingguo.get('/api/v1/registries/project/records')).body.items;
    const linked = await xingguo.patch(`/api/v1/registries/project/records/${record.id}`, { data: { parkId: park.body.id, actualInvestment: '300.5' } });
    expect(linked.status).toBe(200);
    expect(linked.body.references.records).toEqual([{ id: park.body.id, type: 'park', title: '深赣兴国产业园' }]);
    const badLink = await xingguo.patch(`/api/v1/registries/project/records/${record.id}`, { data: { parkId: record.id } });
    expect(badLink.status).toBe(400);
    expect(badLink.body.error.details[0].field).toBe('data.parkId');

    const detail = await office.get(`/api/v1/registries/park/records/${park.body.id}`);
    expect(detail.body.related).toEqual([
      expect.objectContaining({
        type: 'project',
        field: 'parkId',
        items: [expect.objectContaining({ id: record.id })],
        totals: expect.objectContaining({ count: '1', plannedInvestment: '1234.5678', actualInvestment: '300.5' }),
      }),
    ]);
    const refused = await office.request('DELETE', `/api/v1/registries/park/records/${park.body.id}`);
    expect(refused.status).toBe(409);
    expect((await xingguo.patch(`/api/v1/registries/project/records/${record.id}`, { data: { parkId: null } })).status).toBe(200);
    expect((await office.request('DELETE', `/api/v1/registries/park/records/${park.body.id}`)).status).toBe(200);
    expect((await office.get(`/api/v1/registries/park/records/${park.body.id}`)).status).toBe(404);
  });
});

describe('GET /api/v1/registry-counts', () => {
  it('401; 404 for another pair; per kind, what each caller’s lists count, in its scope', async () => {
    expect((await t.agent().get(`/api/v1/registry-counts?pairId=${pairId}`)).status).toBe(401);
    expect((await xingguo.get('/api/v1/registry-counts?pairId=6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
    const types = (await office.get(`/api/v1/registry-types?pairId=${pairId}`)).body.items.map((k: { type: string }) => k.type);
    for (const agent of [office, xingguo, ningdu]) {
      const counts = await agent.get(`/api/v1/registry-counts?pairId=${pairId}`);
      expect(counts.status).toBe(200);
      expect(counts.body.items.map((c: { type: string }) => c.type)).toEqual(types);
      for (const { type, count } of counts.body.items as { type: string; count: number }[])
        expect(count, `${type}`).toBe((await agent.get(`/api/v1/registries/${type}/records?pairId=${pairId}&pageSize=1`)).body.total);
    }
    const projects = async (agent: Agent) =>
      (await agent.get(`/api/v1/registry-counts?pairId=${pairId}`)).body.items.find((c: { type: string }) => c.type === 'project').count;
    // The office reads every project; a county only its own.
    expect(await projects(office)).toBeGreaterThan(0);
    expect(await projects(office)).toBeGreaterThan(await projects(ningdu));
  });
});

describe('indicators that add themselves up', () => {
  it('ships the default plan’s indicators; the seeded district–county pairings count themselves', async () => {
    const list = await office.get(`/api/v1/rollups?pairId=${pairId}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(15);
    expect(await rollup(office, 'county-pairings')).toMatchObject({ name: '区县结对（对）', value: '10', period: 'all' });
    const pairings = await office.get(`/api/v1/registries/pairing/records?pairId=${pairId}&field.kind=${encodeURIComponent('区县结对')}`);
    expect(pairings.body.total).toBe(10);
    // Both sides of a pairing see it.
    const futian = await t.userAgent({ username: 'futian', role: 'unit_reporter', scope: 'unit', unitKey: 'sz-futian' });
    expect((await futian.get('/api/v1/registries/pairing/records')).body.items.map((r: { title: string }) => r.title)).toEqual(['福田区—兴国县']);
  });

  it('a study tour adds its headcount to this year’s figure; editing and removing it take it back, exactly', async () => {
    expect(await rollup(office, 'study-tour-headcount')).toMatchObject({ value: '0', year: 2026 });
    const tour = await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour() });
    expect(tour.status).toBe(201);
    await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: '研学营（第二期）', headcount: 80 }) });
    // Last year's tour counts for last year.
    await xingguo.post('/api/v1/registries/activity/records', {
      pairId,
      data: studyTour({ name: '2025年研学营', startOn: '2025-07-01', endOn: '2025-07-03', headcount: 45 }),
    });
    // Another kind of activity does not count.
    await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: '红色教育培训班', activityType: '培训班', headcount: 60 }) });
    expect(await rollup(office, 'study-tour-headcount')).toMatchObject({ value: '200', previousValue: '45' });
    expect(await rollup(office, 'red-training-classes')).toMatchObject({ value: '1' });

    expect((await xingguo.patch(`/api/v1/registries/activity/records/${tour.body.id}`, { data: { headcount: 150 } })).status).toBe(200);
    expect((await rollup(office, 'study-tour-headcount')).value).toBe('230');
    expect((await xingguo.patch(`/api/v1/registries/activity/records/${tour.body.id}`, { data: { startOn: '2025-12-30', endOn: '2025-12-31' } })).status).toBe(
      200,
    );
    expect(await rollup(office, 'study-tour-headcount')).toMatchObject({ value: '80', previousValue: '195' });
    expect((await xingguo.request('DELETE', `/api/v1/registries/activity/records/${tour.body.id}`)).status).toBe(200);
    expect(await rollup(office, 'study-tour-headcount')).toMatchObject({ value: '80', previousValue: '45' });
  });

  it('projects from the partner city count once signed, with their investment summed exactly', async () => {
    const [record] = (await xingguo.get('/api/v1/registries/project/records')).body.items;
    // Signed on 2026-02-20 above.
    expect(await rollup(office, 'projects-from-shenzhen')).toMatchObject({ value: '1' });
    expect(await rollup(office, 'projects-from-shenzhen-investment')).toMatchObject({ value: '1234.5678' });
    await xingguo.post('/api/v1/registries/project/records', {
      pairId,
      data: project({ name: '低空经济无人机项目', industry: '低空经济', plannedInvestment: '0.4322', stage: '签约', signedOn: '2026-02-01' }),
    });
    // From Ganzhou itself: not a project brought in.
    await xingguo.post('/api/v1/registries/project/records', {
      pairId,
      data: project({ name: '本地扩产项目', originCityId: ganzhouId, stage: '签约', signedOn: '2026-02-01', plannedInvestment: '999' }),
    });
    expect(await rollup(office, 'projects-from-shenzhen-investment')).toMatchObject({ value: '1235' });
    expect(await rollup(office, 'projects-from-shenzhen')).toMatchObject({ value: '2' });
    expect(record.id).toBeTruthy();
  });

  it('a task indicator can take its actual from one; it follows the registry and the dashboard counts its attainment', async () => {
    const { planId } = await publishDefaultPlan(office, pairId);
    const indicator = await rollup(office, 'study-tour-headcount');
    const bad = await office.post('/api/v1/tasks', {
      planId,
      articleNo: '四',
      title: '组织深圳中小学生赴赣州研学',
      leadUnitIds: [unit('gz-xingguo')],
      indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '100', computation: 'rollup', rollupId: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('indicators.0.rollupId');
    const mismatch = await office.post('/api/v1/tasks', {
      planId,
      articleNo: '四',
      title: '组织深圳中小学生赴赣州研学',
      leadUnitIds: [unit('gz-xingguo')],
      indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '100', computation: 'rollup' }],
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details[0].field).toBe('indicators.0.rollupId');
    const task = await office.post('/api/v1/tasks', {
      planId,
      articleNo: '四',
      title: '组织深圳中小学生赴赣州研学',
      leadUnitIds: [unit('gz-xingguo')],
      indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '100', computation: 'rollup', rollupId: indicator.id }],
    });
    expect(task.status).toBe(201);
    expect(task.body.indicators[0]).toMatchObject({ computation: 'rollup', rollupId: indicator.id, actual: '80.0000' });
    const dashboard = async () => (await office.get(`/api/v1/dashboard?planId=${planId}`)).body.indicators;
    expect(await dashboard()).toMatchObject({ withTarget: 1, attained: 0 });

    await xingguo.post('/api/v1/registries/activity/records', { pairId, data: studyTour({ name: '研学营（第三期）', headcount: 25 }) });
    expect((await office.get(`/api/v1/tasks/${task.body.id}`)).body.indicators[0].actual).toBe('105.0000');
    expect(await dashboard()).toMatchObject({ withTarget: 1, attained: 1 });
  });

  it('the office defines an indicator (computed at once from the records), changes and removes it; others may not', async () => {
    const body = {
      pairId,
      key: 'yudu-activities',
      name: '于都交流活动（场）',
      unitOfMeasure: '场',
      registryType: 'activity',
      aggregate: 'count',
      filters: [{ field: 'locationCode', op: 'eq', value: '360732' }],
      period: 'all',
    };
    expect((await xingguo.post('/api/v1/rollups', body)).status).toBe(403);
    const bad = await office.post('/api/v1/rollups', { ...body, aggregate: 'sum', field: 'name' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('field');
    const created = await office.post('/api/v1/rollups', body);
    expect(created.status).toBe(201);
    // Every activity so far is in 兴国 (360732): two 2026 tours, the 2025 one and the class.
    expect(created.body.value).toBe('4');
    expect((await office.post('/api/v1/rollups', body)).status).toBe(409);
    const changed = await office.patch(`/api/v1/rollups/${created.body.id}`, { filters: [{ field: 'activityType', op: 'eq', value: '培训班' }] });
    expect(changed.body.value).toBe('1');
    const distinct = await office.patch(`/api/v1/rollups/${created.body.id}`, { aggregate: 'countDistinct', field: 'activityType', filters: [] });
    expect(distinct.body.value).toBe('2');
    expect((await office.request('DELETE', `/api/v1/rollups/${created.body.id}`)).status).toBe(200);
    expect(await rollup(office, 'yudu-activities')).toBeUndefined();
  });
});

describe('option lists', () => {
  it('the office replaces a list for its pair; a county may not; the new choice is accepted, the removed one refused', async () => {
    const current = await xingguo.get(`/api/v1/registry-options/industry?pairId=${pairId}`);
    expect(current.body).toMatchObject({ list: 'industry', custom: false });
    const items = [
      ...current.body.items.filter((i: { value: string }) => i.value !== '现代家居'),
      { value: '数字经济', zh: '数字经济', en: 'Digital economy' },
    ];
    expect((await xingguo.put('/api/v1/registry-options/industry', { pairId, items })).status).toBe(403);
    const duplicate = await office.put('/api/v1/registry-options/industry', { pairId, items: [...items, items[0]] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details[0].field).toBe(`items.${items.length}.value`);
    expect((await office.put('/api/v1/registry-options/industry', { pairId, items })).body.custom).toBe(true);
    expect((await xingguo.post('/api/v1/registries/project/records', { pairId, data: project({ name: '数字经济项目', industry: '数字经济' }) })).status).toBe(
      201,
    );
    const refused = await xingguo.post('/api/v1/registries/project/records', { pairId, data: project({ name: '家居项目', industry: '现代家居' }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('data.industry');
    expect((await office.get(`/api/v1/registry-options/nosuchlist?pairId=${pairId}`)).status).toBe(404);
  });
});

async function download(agent: Agent, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
  const book = new ExcelJS.Workbook();
  if (response.statusCode === 200) await book.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  return { status: response.statusCode, headers: response.headers, book };
}

async function workbook(rows: (string | number | null)[][], headers: string[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('.xlsx template, import and export', () => {
  const headers = ['活动名称*', '活动类型*', '开始日期*', '结束日期', '所在区县', '主办单位', '参加人次*', '责任单位*', '服务方案条目'];

  it('the template has a column per field; an import with one bad row writes nothing; a good one creates every row', async () => {
    expect((await download(t.agent(), `/api/v1/registries/activity/template.xlsx?pairId=${pairId}`)).status).toBe(401);
    const template = await download(xingguo, `/api/v1/registries/activity/template.xlsx?pairId=${pairId}`);
    expect(template.status).toBe(200);
    expect(template.book.worksheets[0]!.getRow(1).values).toEqual(expect.arrayContaining(['活动名称*', '参加人次*', '责任单位*', '服务方案条目']));

    const before = (await rollup(office, 'study-tour-headcount')).value;
    const bad = await xingguo.post('/api/v1/registries/activity/import', {
      pairId,
      fileName: '研学.xlsx',
      fileBase64: await workbook(
        [
          ['研学营A', '研学', '2026-05-01', '2026-05-02', '兴国县', '福田区', 30, '兴国县', '四'],
          ['研学营B', '研学', '2026/5/3', null, '360732', null, '很多', '兴国县', '四'],
          ['研学营C', '研学', '2026-05-04', null, '360732', null, 10, '宁都县', '四'],
        ],
        headers,
      ),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['rows.3.data.headcount', 'rows.4.data.ownerUnitId']);
    expect(bad.body.error.details[0].reason).toBe('第3行 参加人次*：应为整数');
    expect((await rollup(office, 'study-tour-headcount')).value).toBe(before);

    const good = await workbook(
      [
        ['研学营A', '研学', '2026-05-01', '2026-05-02', '兴国县', '福田区', 30, '兴国县', '四'],
        ['研学营B', '研学', '2026/5/3', null, '360732', null, 20, '兴国县', '四、五'],
      ],
      headers,
    );
    const dry = await xingguo.post('/api/v1/registries/activity/import', { pairId, fileName: '研学.xlsx', fileBase64: good, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      valid: true,
      rows: 2,
      preview: [
        { row: 2, title: '研学营A', unitName: '兴国县' },
        { row: 3, title: '研学营B', unitName: '兴国县' },
      ],
    });
    const done = await xingguo.post('/api/v1/registries/activity/import', { pairId, fileName: '研学.xlsx', fileBase64: good });
    expect(done.status).toBe(201);
    expect(done.body.created).toBe(2);
    expect((await rollup(office, 'study-tour-headcount')).value).toBe(String(Number(before) + 50));
    const imported = await office.get(`/api/v1/registries/activity/records/${done.body.recordIds[1]}`);
    expect(imported.body).toMatchObject({ articleNos: ['四', '五'], occurredOn: '2026-05-03', locationCode: '360732' });
  });

  it('exports the records in scope with names, not ids', async () => {
    const file = await download(xingguo, `/api/v1/registries/activity/export.xlsx?pairId=${pairId}`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-disposition'])).toContain('activity-');
    const sheet = file.book.worksheets[0]!;
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(['研学营A', '研学营B', '红色教育培训班']));
    const owner = sheet.getRow(2).getCell(sheet.getRow(1).values.length - 2).value;
    expect(owner).toBe('兴国县');
    // The list's field filters apply to the export as to the list.
    const filtered = await download(office, `/api/v1/registries/project/export.xlsx?pairId=${pairId}&field.industry=${encodeURIComponent('农业')}`);
    expect(filtered.book.worksheets[0]!.getColumn(1).values.slice(2)).toEqual(['宁都预制菜加工项目']);
  });
});

describe('an external user of the pair', () => {
  it('404 for the pair’s indicators (rollups), reading, editing or deleting one, as for ids that do not exist', async () => {
    const outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
    const id = (await rollup(office, 'parks')).id as string;
    const missing = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
    expect((await outsider.get(`/api/v1/rollups?pairId=${pairId}`)).status).toBe(404);
    for (const target of [id, missing]) {
      const patched = await outsider.patch(`/api/v1/rollups/${target}`, { name: '改名' });
      expect(patched.status).toBe(404);
      expect(patched.body.error.code).toBe('NOT_FOUND');
      expect((await outsider.request('DELETE', `/api/v1/rollups/${target}`)).status).toBe(404);
    }
    expect((await office.get(`/api/v1/rollups?pairId=${pairId}`)).body.items.some((r: { id: string }) => r.id === id)).toBe(true);
    // A county reporter reads the indicators but may not change them: 403.
    expect((await xingguo.patch(`/api/v1/rollups/${id}`, { name: '改名' })).status).toBe(403);
  });
});
