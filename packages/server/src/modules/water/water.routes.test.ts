import { eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, waterSamples, waterWarnings } from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let leader: Agent;
let gzEco: Agent & { userId: string };
let szEco: Agent & { userId: string };
let xingguo: Agent;
let pairId: string;
let ganzhouId: string;
const ids: Record<string, string> = {};
const unit = (key: string) => ids[key]!;
const OTHER_ID = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-eco', 'sz-eco', 'gz-anyuan', 'gz-xingguo', 'sz-futian']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  pairId = gz.pairId;
  ganzhouId = gz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  leader = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId });
  gzEco = await t.userAgent({ username: 'gz-eco', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-eco' });
  szEco = await t.userAgent({ username: 'sz-eco', role: 'unit_reporter', scope: 'unit', unitKey: 'sz-eco' });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
});
afterAll(async () => t?.close());

const auditCount = async (prefix: string) =>
  (
    await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(like(auditLog.action, `${prefix}%`))
  )[0]!.n;
const sampleCount = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(waterSamples))[0]!.n;

const section = (over: Record<string, unknown> = {}) => ({
  pairId,
  code: 'AY-SBS',
  name: '安远三百山东江源',
  river: '东江源',
  cityId: ganzhouId,
  countyUnitId: unit('gz-anyuan'),
  longitude: '115.032',
  latitude: '24.784',
  targetClass: 3,
  unitIds: [unit('gz-eco'), unit('sz-eco')],
  ...over,
});

const csv = (lines: string[]) => ({ fileBase64: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64'), fileName: 'samples.csv' });
const HEADER = '断面编码,采样时间,pH,溶解氧(mg/L),高锰酸盐指数(mg/L),五日生化需氧量(mg/L),氨氮(mg/L),总磷(mg/L),总氮(mg/L)';
// Class II on every assessed river item except NH3-N, which varies (DO 6.5, CODMn 3.5, BOD5 2.5, TP 0.08); TN 0.8 for the P index.
const row = (code: string, at: string, nh3n: string) => `${code},${at},7.4,6.5,3.5,2.5,${nh3n},0.08,0.8`;
// 定南庙咀里 2025: NH3-N 0.3 every month but June (1.2, class IV: above the class III limit 1.0).
const dingnan2025 = Array.from({ length: 12 }, (_, i) => row('DN-MJL', `2025-${String(i + 1).padStart(2, '0')}-10 09:30`, i === 5 ? '1.2' : '0.3'));
// 寻乌兴宁电站 2025: NH3-N 0.1, 0.3, 0.6 in January–March: three rising monthly means, class I to III
// (still within the target III: an early warning that the water is getting worse).
const xunwu2025 = ['0.1', '0.3', '0.6'].map((v, i) => row('XW-XNDZ', `2025/${i + 1}/15`, v));

let dingnanId: string;
let xunwuId: string;

describe('monitoring sections', () => {
  it('POST: 401 without a session; 403 for a reporter and a leader; 400 naming each bad field with its code', async () => {
    expect((await t.agent().post('/api/v1/water/sections', section())).status).toBe(401);
    expect((await gzEco.post('/api/v1/water/sections', section())).status).toBe(403);
    expect((await leader.post('/api/v1/water/sections', section())).status).toBe(403);
    const bad = await office.post('/api/v1/water/sections', section({ name: '', cityId: OTHER_ID, unitIds: [OTHER_ID], latitude: '95.1' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('name');
    const refs = await office.post('/api/v1/water/sections', section({ cityId: OTHER_ID, unitIds: [OTHER_ID], latitude: '95.1' }));
    expect(refs.status).toBe(400);
    expect(refs.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'cityId', code: 'BAD_ID' }),
        expect.objectContaining({ field: 'countyUnitId', code: 'BAD_ID' }),
        expect.objectContaining({ field: 'unitIds.0', code: 'BAD_ID' }),
        expect.objectContaining({ field: 'latitude', code: 'OUT_OF_RANGE' }),
      ]),
    );
    expect(await auditCount('water.section.create')).toBe(0);
  });

  it('POST 201 by the office, audited; the code and name are unique in the pair (409); the default sections are seeded', async () => {
    const created = await office.post('/api/v1/water/sections', section());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'AY-SBS',
      name: '安远三百山东江源',
      cityName: '赣州市',
      countyName: '安远县',
      longitude: '115.032',
      targetClassLabel: 'III类',
      sampleCount: 0,
    });
    expect(created.body.units.map((u: { name: string }) => u.name).sort()).toEqual(['深圳市生态环境局', '赣州市生态环境局'].sort());
    expect(await auditCount('water.section.create')).toBe(1);
    const taken = await office.post('/api/v1/water/sections', section({ code: 'DN-MJL', name: '另一个' }));
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ field: 'code', reason: '本结对已有相同编码的断面', code: 'TAKEN' }]);
    // The two boundary sections of docs/domain.md come with the default pair, seen by both ecology departments.
    const seeded = (await office.get(`/api/v1/water/sections?pairId=${pairId}`)).body.items;
    const byCode = new Map(seeded.map((s: { code: string }) => [s.code, s]));
    expect(byCode.get('DN-MJL')).toMatchObject({ name: '定南庙咀里', river: '定南水', countyName: '定南县', targetClass: 3 });
    expect(byCode.get('XW-XNDZ')).toMatchObject({ name: '寻乌兴宁电站', river: '寻乌水', countyName: '寻乌县', targetClass: 3 });
    dingnanId = (byCode.get('DN-MJL') as { id: string }).id;
    xunwuId = (byCode.get('XW-XNDZ') as { id: string }).id;
    expect(await auditCount('water.section.seed')).toBe(2);
  });

  it('GET: the ecology departments of both cities see the sections; a county reporter gets none and 404 on one; 401', async () => {
    expect((await t.agent().get(`/api/v1/water/sections?pairId=${pairId}`)).status).toBe(401);
    for (const agent of [gzEco, szEco, leader]) {
      const list = await agent.get(`/api/v1/water/sections?pairId=${pairId}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(['AY-SBS', 'DN-MJL', 'XW-XNDZ']);
    }
    expect((await xingguo.get(`/api/v1/water/sections?pairId=${pairId}`)).body.items).toEqual([]);
    expect((await xingguo.get(`/api/v1/water/sections/${dingnanId}`)).status).toBe(404);
    expect((await gzEco.get(`/api/v1/water/sections/${dingnanId}`)).status).toBe(200);
    expect((await office.get(`/api/v1/water/sections/${OTHER_ID}`)).status).toBe(404);
    expect((await office.get(`/api/v1/water/sections?pairId=${OTHER_ID}`)).status).toBe(404);
  });

  it('PATCH: 403 for a reporter who sees it, 404 out of scope, 400 with the field, 200 audited', async () => {
    expect((await t.agent().patch(`/api/v1/water/sections/${xunwuId}`, { river: '寻乌水（东江源）' })).status).toBe(401);
    expect((await gzEco.patch(`/api/v1/water/sections/${xunwuId}`, { river: '寻乌水（东江源）' })).status).toBe(403);
    expect((await xingguo.patch(`/api/v1/water/sections/${xunwuId}`, { river: '寻乌水（东江源）' })).status).toBe(404);
    const bad = await office.patch(`/api/v1/water/sections/${xunwuId}`, { targetClass: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('targetClass');
    const changed = await office.patch(`/api/v1/water/sections/${xunwuId}`, { river: '寻乌水（东江源）' });
    expect(changed.status).toBe(200);
    expect(changed.body.river).toBe('寻乌水（东江源）');
    expect(await auditCount('water.section.update')).toBe(1);
  });
});

const complianceAgreement = (over: Record<string, unknown> = {}) => ({
  pairId,
  name: '东江流域上下游横向生态补偿协议（第三轮）',
  upstreamParty: '江西省',
  downstreamParty: '广东省',
  fromYear: 2024,
  toYear: 2026,
  upstreamAmount: '10000',
  downstreamAmount: '10000',
  sectionIds: [dingnanId, xunwuId],
  rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', amounts: { pass: '10000', fail: '0' } },
  ...over,
});

let agreementId: string;

describe('eco-compensation agreements', () => {
  it('POST: 401; 403 for a reporter; 400 naming years, sections and the rule; 201 audited with the pool', async () => {
    expect((await t.agent().post('/api/v1/water/agreements', complianceAgreement())).status).toBe(401);
    expect((await gzEco.post('/api/v1/water/agreements', complianceAgreement())).status).toBe(403);
    const bad = await office.post(
      '/api/v1/water/agreements',
      complianceAgreement({
        toYear: 2023,
        sectionIds: [OTHER_ID],
        rule: { kind: 'index', baselines: { codmn: '4', nh3n: '0', tn: '1', tp: '0.1' }, amounts: { downstream_pays: '5000', upstream_pays: '0' } },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'toYear', code: 'BEFORE_START' }),
        expect.objectContaining({ field: 'sectionIds.0', code: 'BAD_ID' }),
        expect.objectContaining({ field: 'rule', code: 'INVALID_RULE', reason: '氨氮基准值应大于0' }),
      ]),
    );
    const amounts = await office.post(
      '/api/v1/water/agreements',
      complianceAgreement({ upstreamAmount: '-1', rule: { kind: 'compliance', amounts: { pass: '1.23456' } } }),
    );
    expect(amounts.status).toBe(400);
    expect(amounts.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['upstreamAmount', 'rule.amounts.pass', 'rule.amounts.fail']),
    );

    const created = await office.post('/api/v1/water/agreements', complianceAgreement());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      poolAmount: '20000',
      sections: [{ code: 'DN-MJL' }, { code: 'XW-XNDZ' }],
      rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90' },
    });
    agreementId = created.body.id;
    expect(await auditCount('water.agreement.create')).toBe(1);
  });

  it('GET, PATCH and DELETE: 404 for an unknown id, 403 for a reporter, 200 for the office', async () => {
    expect((await gzEco.get(`/api/v1/water/agreements/${agreementId}`)).status).toBe(200);
    expect((await office.get(`/api/v1/water/agreements/${OTHER_ID}`)).status).toBe(404);
    expect((await gzEco.patch(`/api/v1/water/agreements/${agreementId}`, { name: 'x' })).status).toBe(403);
    const index = await office.post(
      '/api/v1/water/agreements',
      complianceAgreement({
        name: '新安江模式对照（补偿指数）',
        sectionIds: [dingnanId],
        rule: {
          kind: 'index',
          baselines: { codmn: '4', nh3n: '0.5', tn: '1.0', tp: '0.1' },
          k0: '0.85',
          amounts: { downstream_pays: '5000', upstream_pays: '0' },
        },
      }),
    );
    expect(index.status).toBe(201);
    const renamed = await office.patch(`/api/v1/water/agreements/${index.body.id}`, { name: '补偿指数对照协议' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('补偿指数对照协议');
    const list = await leader.get(`/api/v1/water/agreements?pairId=${pairId}`);
    expect(list.body.items).toHaveLength(2);
    const temp = await office.post('/api/v1/water/agreements', complianceAgreement({ name: '临时' }));
    expect((await gzEco.request('DELETE', `/api/v1/water/agreements/${temp.body.id}`)).status).toBe(403);
    expect((await office.request('DELETE', `/api/v1/water/agreements/${temp.body.id}`)).status).toBe(200);
    expect((await office.get(`/api/v1/water/agreements/${temp.body.id}`)).status).toBe(404);
    expect(await auditCount('water.agreement.delete')).toBe(1);
  });

  it('GET list and one show only the sections in the caller’s reach; an edit by an office that cannot see some keeps them', async () => {
    const xgSection = await office.post(
      '/api/v1/water/sections',
      section({ code: 'XG-PJ', name: '兴国平江', countyUnitId: null, unitIds: [unit('gz-xingguo')] }),
    );
    expect(xgSection.status).toBe(201);
    // In force in 2030 only, so the assessments of the years below leave it out.
    const created = await office.post(
      '/api/v1/water/agreements',
      complianceAgreement({ name: '范围测试协议', fromYear: 2030, toYear: 2030, sectionIds: [dingnanId, xgSection.body.id] }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const codesSeenBy = async (agent: Agent) => {
      const one = await agent.get(`/api/v1/water/agreements/${id}`);
      const listed = (await agent.get(`/api/v1/water/agreements?pairId=${pairId}`)).body.items.find((a: { id: string }) => a.id === id);
      expect(one.body.sections).toEqual(listed.sections);
      return one.body.sections.map((s: { code: string }) => s.code);
    };
    expect(await codesSeenBy(office)).toEqual(['DN-MJL', 'XG-PJ']);
    expect(await codesSeenBy(xingguo)).toEqual(['XG-PJ']);
    expect(await codesSeenBy(szEco)).toEqual(['DN-MJL']);
    expect(JSON.stringify((await szEco.get(`/api/v1/water/agreements?pairId=${pairId}`)).body)).not.toContain(xgSection.body.id);

    const szCity = await t.userAgent({
      username: 'sz-city-office',
      role: 'office_admin',
      scope: 'city',
      unitKey: 'sz-office',
      cityId: (await t.unit('sz-office')).cityId,
    });
    const edited = await szCity.patch(`/api/v1/water/agreements/${id}`, { sectionIds: [dingnanId], name: '范围测试协议（修订）' });
    expect(edited.status).toBe(200);
    expect(edited.body.sections.map((s: { code: string }) => s.code)).toEqual(['DN-MJL']);
    expect(await codesSeenBy(office)).toEqual(['DN-MJL', 'XG-PJ']);
    // A section it cannot see is named like one that does not exist.
    const hidden = await szCity.patch(`/api/v1/water/agreements/${id}`, { sectionIds: [xgSection.body.id] });
    const missing = await szCity.patch(`/api/v1/water/agreements/${id}`, { sectionIds: [OTHER_ID] });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.details).toEqual(missing.body.error.details);
    expect((await office.request('DELETE', `/api/v1/water/agreements/${id}`)).status).toBe(200);
  });
});

describe('POST /api/v1/water/samples/import', () => {
  it('401 without a session; 403 for a leader (no reporting right); 400 for a file that is neither .csv nor .xlsx', async () => {
    const body = { pairId, ...csv([HEADER, ...dingnan2025]) };
    expect((await t.agent().post('/api/v1/water/samples/import', body)).status).toBe(401);
    expect((await leader.post('/api/v1/water/samples/import', body)).status).toBe(403);
    const wrong = await gzEco.post('/api/v1/water/samples/import', { ...body, fileName: 'samples.txt' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('fileName');
  });

  it('400 listing every bad row with its code: duplicates, impossible and implausible values, bad dates, unknown sections; nothing written', async () => {
    const before = { samples: await sampleCount(), audit: await auditCount('water.samples') };
    const file = csv([
      HEADER,
      ...dingnan2025.slice(0, 3),
      row('DN-MJL', '2025-01-10 09:30', '0.3'), // row 5: same section and time as row 2
      row('DN-MJL', '2025-02-30', '0.3'), // row 6: no such day
      'DN-MJL,2025-04-10,15.2,6.5,3.5,2.5,0.3,0.08,0.8', // row 7: pH beyond 14
      row('DN-MJL', '2025-05-10', '-0.1'), // row 8: negative
      row('DN-MJL', '2025-06-10', '350'), // row 9: NH3-N above any surface water
      row('XX-000', '2025-06-10', '0.3'), // row 10: unknown section
    ]);
    for (const dryRun of [true, false]) {
      const response = await gzEco.post('/api/v1/water/samples/import', { pairId, ...file, dryRun });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual([
        { field: 'rows.5.sampledAt', code: 'DUPLICATE', reason: '第5行 采样时间：与第2行重复（同一断面、同一采样时间）' },
        expect.objectContaining({ field: 'rows.6.sampledAt', code: 'INVALID_DATE' }),
        { field: 'rows.7.ph', code: 'IMPOSSIBLE_VALUE', reason: '第7行 pH：pH 应在 0–14 之间，收到 15.2' },
        { field: 'rows.8.nh3n', code: 'IMPOSSIBLE_VALUE', reason: '第8行 氨氮(mg/L)：氨氮不能为负数' },
        expect.objectContaining({ field: 'rows.9.nh3n', code: 'IMPLAUSIBLE_VALUE' }),
        { field: 'rows.10.section', code: 'UNKNOWN_SECTION', reason: '第10行 断面编码：找不到断面“XX-000”或无权报送该断面' },
      ]);
      expect(response.body.error.message).toMatch(/^导入文件有 6 处错误，未导入任何监测数据。/);
    }
    expect(await sampleCount()).toBe(before.samples);
    expect(await auditCount('water.samples')).toBe(before.audit);
  });

  it('400 for a unit in a header that is not mg/L, a mapped column the file lacks, and no item column', async () => {
    const micro = await gzEco.post('/api/v1/water/samples/import', {
      pairId,
      ...csv(['断面编码,采样时间,氨氮(µg/L)', 'DN-MJL,2025-01-10,300']),
    });
    expect(micro.status).toBe(400);
    expect(micro.body.error.details).toEqual([
      { field: 'rows.1.mapping.氨氮(µg/L)', code: 'BAD_COLUMN', reason: '第1行 氨氮(µg/L)：氨氮的单位应为 mg/L，文件为 µg/L，请换算后再导入' },
    ]);
    const mapped = await gzEco.post('/api/v1/water/samples/import', {
      pairId,
      ...csv(['站点,日子', 'DN-MJL,2025-01-10']),
      mapping: { 站点: 'section', 日子: 'sampledAt', 氨氮: 'nh3n' },
    });
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.details.map((d: { field: string }) => d.field)).toEqual(['rows.1.mapping.氨氮', 'rows.1.mapping.items']);
  });

  it('a county reporter cannot report for a section outside its units (row error), nothing written', async () => {
    const response = await xingguo.post('/api/v1/water/samples/import', { pairId, ...csv([HEADER, dingnan2025[0]!]) });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: 'rows.2.section', code: 'UNKNOWN_SECTION' });
    expect(await sampleCount()).toBe(0);
  });

  it('POST columns: the headers of a file with the field each maps to; 403 for a leader', async () => {
    const file = csv(['站点,采样时间,氨氮(mg/L),备注', 'DN-MJL,2025-01-10,0.3,']);
    expect((await leader.post('/api/v1/water/samples/columns', { pairId, ...file })).status).toBe(403);
    const columns = await gzEco.post('/api/v1/water/samples/columns', { pairId, ...file });
    expect(columns.status).toBe(200);
    expect(columns.body).toEqual({
      columns: [
        { header: '站点', field: null },
        { header: '采样时间', field: 'sampledAt' },
        { header: '氨氮(mg/L)', field: 'nh3n' },
        { header: '备注', field: null },
      ],
      rows: 1,
    });
  });

  it('dry run 200: a preview with each row’s class, through a column mapping; nothing written', async () => {
    const checked = await gzEco.post('/api/v1/water/samples/import', {
      pairId,
      ...csv(['站点,日子,NH3-N', 'DN-MJL,2025-06-10,1.2']),
      mapping: { 站点: 'section', 日子: 'sampledAt' },
      dryRun: true,
    });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      valid: true,
      rows: 1,
      columns: [
        { header: '站点', field: 'section' },
        { header: '日子', field: 'sampledAt' },
        { header: 'NH3-N', field: 'nh3n' },
      ],
      preview: [
        {
          row: 2,
          sectionName: '定南庙咀里',
          sampledAt: '2025-06-10',
          values: [{ item: 'nh3n', name: '氨氮', unit: 'mg/L', value: '1.2' }],
          class: 4,
          classLabel: 'IV类',
        },
      ],
    });
    expect(await sampleCount()).toBe(0);
  });

  it('201 writes every sample in one go, audited once; warnings are stored once and noticed to both ecology departments', async () => {
    const created = await gzEco.post('/api/v1/water/samples/import', { pairId, ...csv([HEADER, ...dingnan2025, ...xunwu2025]) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created: 15, warningsRaised: 2, noticesSent: 4 });
    expect(await sampleCount()).toBe(15);
    expect(await auditCount('water.samples.import')).toBe(1);

    const warnings = await szEco.get(`/api/v1/water/warnings?pairId=${pairId}`);
    expect(warnings.status).toBe(200);
    const messages = warnings.body.items.map((w: { sectionName: string; kind: string; message: string }) => [w.sectionName, w.kind, w.message]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['定南庙咀里', 'exceedance', '2025年6月10日 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L'],
        ['寻乌兴宁电站', 'worsening_trend', '氨氮月均值2025年1月至2025年3月连续3个月上升（0.1、0.3、0.6 mg/L），类别由I类变为III类'],
      ]),
    );
    expect(messages).toHaveLength(2);
    for (const agent of [gzEco, szEco]) {
      const notices = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, agent.userId));
      expect(notices.map((n) => [n.kind, n.title]).sort()).toEqual([
        ['water_warning', '水质预警：定南庙咀里'],
        ['water_warning', '水质预警：寻乌兴宁电站'],
      ]);
    }

    // The same file again: every row already imported, nothing written, no new notice.
    const again = await gzEco.post('/api/v1/water/samples/import', { pairId, ...csv([HEADER, ...dingnan2025]) });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0]).toMatchObject({ field: 'rows.2.sampledAt', code: 'ALREADY_IMPORTED' });

    // April continues the rising run: the same trend warning, not a new one, and no second notice;
    // its text now says the run's length and months.
    const april = await szEco.post('/api/v1/water/samples/import', { pairId, ...csv([HEADER, row('XW-XNDZ', '2025-04-15', '0.8')]) });
    expect(april.status).toBe(201);
    expect(april.body).toMatchObject({ created: 1, warningsRaised: 0, noticesSent: 0 });
    const stored = await t.ctx.db.select().from(waterWarnings);
    expect(stored.length).toBe(2);
    expect(stored.find((w) => w.kind === 'worsening_trend')).toMatchObject({
      months: ['2025-01', '2025-02', '2025-03', '2025-04'],
      message: '氨氮月均值2025年1月至2025年4月连续4个月上升（0.1、0.3、0.6、0.8 mg/L），类别由I类变为III类',
    });
    expect((await t.ctx.db.select().from(notifications).where(like(notifications.dedupeKey, 'water-warning:%'))).length).toBe(4);
  });

  it('reads an .xlsx the same way (dates as Excel dates)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('监测数据');
    sheet.addRow(['断面名称', '采样日期', '氨氮(mg/L)', '总磷(mg/L)']);
    // TP as a formula whose result carries binary noise (0.1 + 0.2 − 0.25 = 0.05000000000000004): read as 0.05.
    sheet.addRow(['寻乌兴宁电站', new Date(Date.UTC(2025, 4, 15)), 0.35, { formula: '0.1+0.2-0.25', result: 0.1 + 0.2 - 0.25 }]);
    const file = { fileBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'), fileName: '寻乌5月.xlsx' };
    const created = await gzEco.post('/api/v1/water/samples/import', { pairId, ...file });
    expect(created.status).toBe(201);
    const samples = await gzEco.get(`/api/v1/water/sections/${xunwuId}/samples?year=2025`);
    expect(samples.body.items.at(-1)).toMatchObject({ sampledAt: '2025-05-15', class: 2, classLabel: 'II类' });
    expect(samples.body.items.at(-1).items.find((i: { item: string }) => i.item === 'tp').value).toBe('0.05');
  });

  it('reads a CSV saved in GB 18030 (Excel on Chinese Windows) as well as UTF-8', async () => {
    // "断面编码,采样时间,氨氮(mg/L)" and one row, in GB 18030.
    const gb = Buffer.from('b6cfc3e6b1e0c2eb2cb2c9d1f9cab1bce42cb0b1b5aa286d672f4c290d0a444e2d4d4a4c2c323032352d30372d31302c302e330d0a', 'hex');
    const checked = await gzEco.post('/api/v1/water/samples/import', { pairId, fileBase64: gb.toString('base64'), fileName: '定南7月.csv', dryRun: true });
    expect(checked.status).toBe(200);
    expect(checked.body.columns.map((c: { header: string }) => c.header)).toEqual(['断面编码', '采样时间', '氨氮(mg/L)']);
    expect(checked.body.preview).toEqual([
      {
        row: 2,
        sectionName: '定南庙咀里',
        sampledAt: '2025-07-10',
        values: [{ item: 'nh3n', name: '氨氮', unit: 'mg/L', value: '0.3' }],
        class: 2,
        classLabel: 'II类',
      },
    ]);
  });
});

describe('classes, summaries, assessments and the report', () => {
  it('GET samples: each sample classified, the worst item deciding; 404 out of scope; 400 without a year', async () => {
    expect((await xingguo.get(`/api/v1/water/sections/${dingnanId}/samples?year=2025`)).status).toBe(404);
    expect((await gzEco.get(`/api/v1/water/sections/${dingnanId}/samples`)).status).toBe(400);
    const samples = await gzEco.get(`/api/v1/water/sections/${dingnanId}/samples?year=2025`);
    expect(samples.status).toBe(200);
    expect(samples.body.items).toHaveLength(12);
    const june = samples.body.items[5];
    expect(june).toMatchObject({ sampledAt: '2025-06-10 09:30', class: 4, classLabel: 'IV类', decidingItems: ['nh3n'], meetsTarget: false });
    expect(june.items.find((i: { item: string }) => i.item === 'nh3n')).toMatchObject({
      value: '1.2',
      class: 4,
      limit: '1.5',
      targetLimit: '1.0',
      exceedsTarget: true,
    });
    expect(samples.body.items[0]).toMatchObject({ class: 2, classLabel: 'II类', meetsTarget: true });
  });

  it('GET summary: monthly means and classes, the annual mean and the compliance rate', async () => {
    const summary = await szEco.get(`/api/v1/water/sections/${dingnanId}/summary?year=2025`);
    expect(summary.status).toBe(200);
    expect(summary.body.monthly).toHaveLength(12);
    expect(summary.body.monthly[5]).toMatchObject({ period: '2025-06', class: 4, meetsTarget: false });
    // (11 × 0.3 + 1.2) / 12 = 4.5 / 12 = 0.375 → class II.
    expect(summary.body.annual.items.find((i: { item: string }) => i.item === 'nh3n')).toMatchObject({ count: 12, sum: '4.5000', mean: '0.3750', class: 2 });
    expect(summary.body.compliance).toMatchObject({ compliantMonths: 11, monthsWithSamples: 12, ratePercent: '91.67' });
    expect(summary.body.warnings).toHaveLength(1);
    expect((await xingguo.get(`/api/v1/water/sections/${dingnanId}/summary?year=2025`)).status).toBe(404);
  });

  it('GET assessments: the verdict and amount per section with every figure, checked by hand', async () => {
    expect((await t.agent().get(`/api/v1/water/assessments?pairId=${pairId}&year=2025`)).status).toBe(401);
    expect((await office.get(`/api/v1/water/assessments?pairId=${OTHER_ID}&year=2025`)).status).toBe(404);
    expect((await office.get(`/api/v1/water/assessments?pairId=${pairId}&year=1`)).status).toBe(400);
    const response = await leader.get(`/api/v1/water/assessments?pairId=${pairId}&year=2025`);
    expect(response.status).toBe(200);
    const byKey = new Map(response.body.items.map((a: { agreementName: string; section: { code: string } }) => [`${a.agreementName}|${a.section.code}`, a]));
    const dingnan = byKey.get('东江流域上下游横向生态补偿协议（第三轮）|DN-MJL') as Record<string, unknown> & { compliance: unknown; conditions: unknown };
    // 11 of 12 months at III or better: 91.67 % ≥ 90 %; annual class II ≤ III: pass, 10000 万元.
    expect(dingnan).toMatchObject({
      rule: 'compliance',
      targetClassLabel: 'III类',
      sampleCount: 12,
      verdict: 'pass',
      verdictLabel: '达标',
      amount: '10000',
      compliance: { compliantMonths: 11, monthsWithSamples: 12, ratePercent: '91.67', requiredPercent: '90' },
      annual: { class: 2, classLabel: 'II类' },
      previousYearAnnualClass: null,
    });
    expect(dingnan.conditions).toEqual([
      { condition: 'monthly_rate', met: true, message: '月度达标率 91.67%（11/12个月达到III类），达到要求的 90%' },
      { condition: 'annual_mean', met: true, message: '年均水质为II类，达到III类目标（决定项目：溶解氧、高锰酸盐指数、氨氮、总磷）' },
    ]);
    // P = 0.85 × 0.25 × (3.5/4 + 0.375/0.5 + 0.8/1.0 + 0.08/0.1) = 0.85 × 0.80625 = 0.6853125 → 0.6853 ≤ 1: downstream pays.
    const index = byKey.get('补偿指数对照协议|DN-MJL') as {
      index: { p: string; sum: string; terms: { item: string; ratio: string; weightedTerm: string }[] };
      verdict: string;
      amount: string;
    };
    expect(index.index.terms.map((term) => [term.item, term.ratio, term.weightedTerm])).toEqual([
      ['codmn', '0.8750', '0.2188'],
      ['nh3n', '0.7500', '0.1875'],
      ['tn', '0.8000', '0.2000'],
      ['tp', '0.8000', '0.2000'],
    ]);
    expect(index.index).toMatchObject({ sum: '0.8063', p: '0.6853' });
    expect(index).toMatchObject({ verdict: 'downstream_pays', amount: '5000' });
    expect(byKey.get('东江流域上下游横向生态补偿协议（第三轮）|XW-XNDZ')).toMatchObject({ verdict: 'pass', sampleCount: 5 });
    // A county reporter sees no section, so no assessment.
    expect((await xingguo.get(`/api/v1/water/assessments?pairId=${pairId}&year=2025`)).body.items).toEqual([]);
    // 2025 has ended by the clock (2026-03-02): its verdicts are final.
    expect(response.body).toMatchObject({ year: 2025, provisional: false, asOf: '2026-03-02', coveredThrough: '2025-12' });
    expect(dingnan).toMatchObject({ provisional: false, monthsCovered: Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`) });
  });

  it('GET assessments of a year that has not ended: provisional, with the months covered, said in the response', async () => {
    const imported = await gzEco.post('/api/v1/water/samples/import', {
      pairId,
      ...csv([HEADER, row('DN-MJL', '2026-01-10 09:30', '0.3'), row('DN-MJL', '2026-02-10 09:30', '0.3')]),
    });
    expect(imported.status).toBe(201);
    const response = await leader.get(`/api/v1/water/assessments?pairId=${pairId}&year=2026`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ year: 2026, provisional: true, asOf: '2026-03-02', coveredThrough: '2026-02' });
    const dingnan = response.body.items.find(
      (a: { agreementName: string; section: { code: string } }) =>
        a.agreementName === '东江流域上下游横向生态补偿协议（第三轮）' && a.section.code === 'DN-MJL',
    );
    expect(dingnan).toMatchObject({ provisional: true, monthsCovered: ['2026-01', '2026-02'], verdict: 'pass' });
    expect(dingnan.notes[0]).toBe('2026年度尚未结束：结论为截至2月的暂定结论（2个月有监测数据），以全年数据为准');
  });

  it('GET report.xlsx: the verdicts, the amounts and the figures behind them', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/water/assessments/report.xlsx?pairId=${pairId}&year=2025`,
      headers: { cookie: leader.cookie! },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['2025年度考核结果', '月均值', '补偿指数']);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const dingnan = rows.find((r) => r[1] === '东江流域上下游横向生态补偿协议（第三轮）' && r[2] === 'DN-MJL')!;
    expect(dingnan.slice(5, 17)).toEqual(['达标率规则', 'III类', 12, 12, 11, '91.67', '90', 'II类', '—', '—', '达标', '10000']);
    expect(rows.find((r) => r[1] === '合计金额(万元)')![2]).toBe('25000');
    expect((await t.agent().get(`/api/v1/water/assessments/report.xlsx?pairId=${pairId}&year=2025`)).status).toBe(401);
  });

  it('GET report.xlsx of a year that has not ended says its verdicts are provisional, through the last month with data', async () => {
    const read = async (year: number) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/water/assessments/report.xlsx?pairId=${pairId}&year=${year}`,
        headers: { cookie: leader.cookie! },
      });
      expect(response.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      return (workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r[1]);
    };
    expect(await read(2026)).toContain('2026年度尚未结束：以下为截至2月的暂定结论，以全年数据为准');
    expect((await read(2025)).filter((cell) => typeof cell === 'string' && cell.includes('尚未结束'))).toEqual([]);
  });

  it('DELETE section: 409 while it has samples; 403 for a reporter', async () => {
    expect((await gzEco.request('DELETE', `/api/v1/water/sections/${dingnanId}`)).status).toBe(403);
    const refused = await office.request('DELETE', `/api/v1/water/sections/${dingnanId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INVALID_STATE');
    const spare = await office.post('/api/v1/water/sections', section({ code: 'SPARE', name: '备用断面', countyUnitId: null }));
    expect(spare.status).toBe(201);
    expect((await office.request('DELETE', `/api/v1/water/sections/${spare.body.id}`)).status).toBe(200);
    expect(await auditCount('water.section.delete')).toBe(1);
  });

  it('GET warnings: 401; 404 for another pair; filtered by section', async () => {
    expect((await t.agent().get(`/api/v1/water/warnings?pairId=${pairId}`)).status).toBe(401);
    expect((await office.get(`/api/v1/water/warnings?pairId=${OTHER_ID}`)).status).toBe(404);
    const one = await office.get(`/api/v1/water/warnings?pairId=${pairId}&sectionId=${xunwuId}`);
    expect(one.body.items.map((w: { kind: string }) => w.kind)).toEqual(['worsening_trend']);
    expect((await xingguo.get(`/api/v1/water/warnings?pairId=${pairId}`)).body.items).toEqual([]);
  });
});
