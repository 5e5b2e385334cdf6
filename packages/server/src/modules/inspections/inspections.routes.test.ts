import { createHash } from 'node:crypto';
import { creditCodeCheckCharacter, type DrawInput, entitiesDigest, inspectorsDigest, runDraw } from '@duikou/domain';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionDrawInputs, inspectionInspectors } from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

let t: TestApp;
let gzOffice: Agent;
let szOffice: Agent;
let leader: Agent;
let xingguo: Agent & { userId: string };
let ningdu: Agent & { userId: string };
let yudu: Agent;
let outsider: Agent;
let pairId: string;
let ganzhouId: string;
let shenzhenId: string;
const unitIds: Record<string, string> = {};
const code = (n: number) => {
  const first17 = `91360700MA35${String(n).padStart(5, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};
const FIXED_VALUE = '2026年3月1日 福彩3D 第2026055期 开奖号码 385';
const UNKNOWN_ID = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-amr', 'gz-xingguo', 'gz-ningdu', 'gz-office', 'sz-amr', 'sz-futian']) unitIds[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  ganzhouId = gz.cityId;
  shenzhenId = sz.cityId;
  gzOffice = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'city', unitKey: 'gz-office', cityId: ganzhouId, pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: shenzhenId, pairId });
  leader = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  yudu = await t.userAgent({ username: 'yudu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-yudu' });
  outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
});
afterAll(async () => t?.close());

async function auditOf(query: string) {
  const response = await (await t.admin()).get(`/api/v1/audit?${query}`);
  expect(response.status).toBe(200);
  return response.body as { total: number; items: { action: string; entityId: string | null; after: Record<string, unknown> }[] };
}

async function workbook(headers: string[], rows: (string | null)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

const ENTITY_HEADERS = ['统一社会信用代码*', '主体名称*', '信用等级*', '行业*', '所在地*', '关联单位'];
const INSPECTOR_HEADERS = ['执法证号*', '姓名*', '所属单位*', '执法资格', '利害冲突主体', '平台账号'];
const GRADES = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'D'];
const entityRows = () =>
  GRADES.map((grade, i) => [
    code(i + 1),
    `赣州深赣合作园企业${i + 1}有限公司`,
    grade,
    i % 2 ? '电子信息' : '稀土新材料',
    '赣州深赣合作园',
    i === 0 ? '兴国县' : null,
  ]);

const entity = (over: Record<string, unknown> = {}) => ({
  pairId,
  cityId: ganzhouId,
  creditCode: code(100),
  name: '赣州市某稀土材料有限公司',
  creditGrade: 'B',
  industry: '稀土新材料',
  location: '赣州深赣合作园',
  ...over,
});

describe('entities register', () => {
  it('POST: 401; 403 for a leader, an external user and the other city’s office; 400 naming the field and code; 201 audited', async () => {
    expect((await t.agent().post('/api/v1/inspections/entities', entity())).status).toBe(401);
    expect((await leader.post('/api/v1/inspections/entities', entity())).status).toBe(403);
    expect((await outsider.post('/api/v1/inspections/entities', entity())).status).toBe(403);
    expect((await szOffice.post('/api/v1/inspections/entities', entity())).status).toBe(403);
    const bad = await gzOffice.post(
      '/api/v1/inspections/entities',
      entity({ creditCode: `${code(100).slice(0, 17)}0`, relatedUnitIds: [UNKNOWN_ID], name: '' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['name']);
    const badCode = await gzOffice.post('/api/v1/inspections/entities', entity({ creditCode: `${code(100).slice(0, 17)}0`, relatedUnitIds: [UNKNOWN_ID] }));
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details).toEqual([
      { field: 'creditCode', reason: '统一社会信用代码校验码不正确', code: 'INVALID_CREDIT_CODE' },
      { field: 'relatedUnitIds.0', reason: '单位不存在或不属于本结对' },
    ]);
    const badCity = await gzOffice.post('/api/v1/inspections/entities', entity({ cityId: UNKNOWN_ID }));
    expect(badCity.status).toBe(403);

    const created = await gzOffice.post('/api/v1/inspections/entities', entity({ relatedUnitIds: [unitIds['gz-ningdu']] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ creditCode: code(100), creditGrade: 'B', cityId: ganzhouId, relatedUnitIds: [unitIds['gz-ningdu']] });
    const audit = await auditOf(`entityType=inspection_entity&entityId=${created.body.id}&action=inspection_entity.create`);
    expect(audit.total).toBe(1);
    expect(audit.items[0]!.after).toMatchObject({ creditCode: code(100) });
    const again = await gzOffice.post('/api/v1/inspections/entities', entity());
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].field).toBe('creditCode');
  });

  it('GET lists the city’s register; the other city’s office sees none of it and gets 404 on its ids; PATCH and DELETE audited', async () => {
    expect((await t.agent().get(`/api/v1/inspections/entities?pairId=${pairId}`)).status).toBe(401);
    expect((await outsider.get(`/api/v1/inspections/entities?pairId=${pairId}`)).status).toBe(403);
    const list = await leader.get(`/api/v1/inspections/entities?pairId=${pairId}&q=某稀土`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const id = list.body.items[0].id as string;
    expect((await szOffice.get(`/api/v1/inspections/entities?pairId=${pairId}`)).body.total).toBe(0);
    expect((await szOffice.patch(`/api/v1/inspections/entities/${id}`, { name: '改名' })).status).toBe(404);
    expect((await szOffice.request('DELETE', `/api/v1/inspections/entities/${id}`)).status).toBe(404);
    expect((await leader.patch(`/api/v1/inspections/entities/${id}`, { name: '改名' })).status).toBe(403);
    expect((await gzOffice.patch(`/api/v1/inspections/entities/${id}`, {})).status).toBe(400);
    const bad = await gzOffice.patch(`/api/v1/inspections/entities/${id}`, { creditGrade: 'A级' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('creditGrade');
    const patched = await gzOffice.patch(`/api/v1/inspections/entities/${id}`, { creditGrade: 'C' });
    expect(patched.status).toBe(200);
    expect(patched.body.creditGrade).toBe('C');
    expect((await auditOf(`entityId=${id}&action=inspection_entity.update`)).items[0]!.after).toMatchObject({ creditGrade: 'C' });
    expect((await gzOffice.request('DELETE', `/api/v1/inspections/entities/${id}`)).status).toBe(200);
    expect((await auditOf(`entityId=${id}&action=inspection_entity.delete`)).total).toBe(1);
    expect((await gzOffice.request('DELETE', `/api/v1/inspections/entities/${id}`)).status).toBe(404);
  });

  it('.xlsx: the template downloads; one bad row refuses the file (every problem by row and column) and writes nothing; a good file imports every row', async () => {
    const template = await t.app.inject({
      method: 'GET',
      url: `/api/v1/inspections/entities/template?pairId=${pairId}`,
      headers: { cookie: gzOffice.cookie! },
    });
    expect(template.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([undefined, ...ENTITY_HEADERS]);
    expect((await t.agent().get(`/api/v1/inspections/entities/template?pairId=${pairId}`)).status).toBe(401);

    const rows = entityRows();
    const badRows = [
      ...rows,
      [code(1), '重复的企业', 'A', '电子信息', '园区', null],
      ['91360700MA3500099X', '校验码错', 'Z级', '电子信息', '园区', '不存在的单位'],
    ];
    const bad = await gzOffice.post('/api/v1/inspections/entities/import', { pairId, cityId: ganzhouId, fileBase64: await workbook(ENTITY_HEADERS, badRows) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'rows.12.creditCode',
      'rows.13.creditCode',
      'rows.13.creditGrade',
      'rows.13.relatedUnitIds',
    ]);
    expect(bad.body.error.details[0].reason).toBe('第12行 统一社会信用代码：与第2行重复');
    expect(bad.body.error.details[3].reason).toBe('第13行 关联单位：找不到单位“不存在的单位”');
    expect((await gzOffice.get(`/api/v1/inspections/entities?pairId=${pairId}`)).body.total).toBe(0);
    expect(
      (await leader.post('/api/v1/inspections/entities/import', { pairId, cityId: ganzhouId, fileBase64: await workbook(ENTITY_HEADERS, rows) })).status,
    ).toBe(403);

    const fileBase64 = await workbook(ENTITY_HEADERS, rows);
    const dry = await gzOffice.post('/api/v1/inspections/entities/import', { pairId, cityId: ganzhouId, fileBase64, dryRun: true });
    expect(dry.body).toEqual({ dryRun: true, rows: 10, created: 0 });
    expect((await gzOffice.get(`/api/v1/inspections/entities?pairId=${pairId}`)).body.total).toBe(0);
    const done = await gzOffice.post('/api/v1/inspections/entities/import', { pairId, cityId: ganzhouId, fileBase64 });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ dryRun: false, rows: 10, created: 10 });
    const list = await gzOffice.get(`/api/v1/inspections/entities?pairId=${pairId}&pageSize=50`);
    expect(list.body.total).toBe(10);
    expect(list.body.items[0]).toMatchObject({ creditCode: code(1), relatedUnitIds: [unitIds['gz-xingguo']] });
    const audit = await auditOf('action=inspection_entity.import');
    expect(audit.total).toBe(1);
    expect(audit.items[0]!.after).toMatchObject({ created: 10 });
  });
});

describe('inspectors register', () => {
  it('POST: 401, 403, 400 with fields; import by unit names, conflicts by credit code and accounts by username, all or nothing', async () => {
    const body = { pairId, cityId: ganzhouId, badgeNo: 'GZ-0000', name: '测试', unitId: unitIds['gz-amr'] };
    expect((await t.agent().post('/api/v1/inspections/inspectors', body)).status).toBe(401);
    expect((await leader.post('/api/v1/inspections/inspectors', body)).status).toBe(403);
    const bad = await gzOffice.post('/api/v1/inspections/inspectors', { ...body, unitId: UNKNOWN_ID, conflicts: [UNKNOWN_ID], userId: UNKNOWN_ID });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['unitId', 'conflicts.0', 'userId']);

    const rows: (string | null)[][] = [
      ['GZ-0001', '张一', '赣州市市场监督管理局', '市场监管', code(1), null],
      ['GZ-0002', '李二', '赣州市市场监督管理局', '市场监管', null, null],
      ['GZ-0003', '王三', '赣州市市场监督管理局', '市场监管', `${code(2)}、${code(3)}`, null],
      ['GZ-0004', '赵四', '兴国县', '市场监管', null, 'xingguo'],
      ['GZ-0005', '钱五', '宁都县', '市场监管', null, null],
    ];
    const broken = await gzOffice.post('/api/v1/inspections/inspectors/import', {
      pairId,
      cityId: ganzhouId,
      fileBase64: await workbook(INSPECTOR_HEADERS, [...rows, ['GZ-0001', '重号', '火星局', null, '91360700MA35099990', 'nobody']]),
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.map((d: { field: string }) => d.field)).toEqual(['rows.7.badgeNo', 'rows.7.unitId', 'rows.7.conflicts', 'rows.7.userId']);
    expect((await gzOffice.get(`/api/v1/inspections/inspectors?pairId=${pairId}`)).body.total).toBe(0);

    const done = await gzOffice.post('/api/v1/inspections/inspectors/import', {
      pairId,
      cityId: ganzhouId,
      fileBase64: await workbook(INSPECTOR_HEADERS, rows),
    });
    expect(done.status).toBe(200);
    expect(done.body.created).toBe(5);
    const list = await gzOffice.get(`/api/v1/inspections/inspectors?pairId=${pairId}`);
    expect(list.body.total).toBe(5);
    const zhao = list.body.items.find((i: { badgeNo: string }) => i.badgeNo === 'GZ-0004');
    expect(zhao).toMatchObject({ name: '赵四', unitName: '兴国县', userId: xingguo.userId, qualifications: ['市场监管'] });
    expect(list.body.items.find((i: { badgeNo: string }) => i.badgeNo === 'GZ-0003').conflicts).toHaveLength(2);
    expect((await auditOf('action=inspection_inspector.import')).items[0]!.after).toMatchObject({ created: 5 });
    expect((await szOffice.patch(`/api/v1/inspections/inspectors/${zhao.id}`, { name: 'x' })).status).toBe(404);
  });
});

async function entityIdByCode(creditCode: string): Promise<string> {
  const list = await gzOffice.get(`/api/v1/inspections/entities?pairId=${pairId}&q=${creditCode}`);
  return list.body.items[0].id;
}

describe('plans, fix, draw, findings, publish', () => {
  let planId: string;

  it('POST /plans: 401, 403, 400 naming the team size and a grade without ratio; 201 with the default ratios', async () => {
    const body = { pairId, cityId: ganzhouId, title: '2026年第一季度双随机抽查' };
    expect((await t.agent().post('/api/v1/inspections/plans', body)).status).toBe(401);
    expect((await leader.post('/api/v1/inspections/plans', body)).status).toBe(403);
    expect((await szOffice.post('/api/v1/inspections/plans', body)).status).toBe(403);
    const small = await gzOffice.post('/api/v1/inspections/plans', { ...body, teamSize: 1 });
    expect(small.status).toBe(400);
    expect(small.body.error.details[0]).toMatchObject({ field: 'teamSize', reason: '检查组至少2人' });
    const noRatio = await gzOffice.post('/api/v1/inspections/plans', { ...body, grades: ['A', 'B', 'C', 'D', 'E'], ratiosPercent: { A: 3, F: 5 } });
    expect(noRatio.status).toBe(400);
    expect(noRatio.body.error.details.map((d: { field: string }) => d.field)).toEqual(['ratiosPercent.E', 'ratiosPercent.F']);
    // A grade named like what every object inherits has no default ratio either.
    const inherited = await gzOffice.post('/api/v1/inspections/plans', { ...body, grades: ['A', 'toString', 'valueOf'], ratiosPercent: { A: 3 } });
    expect(inherited.body.error.details).toEqual([
      { field: 'ratiosPercent.toString', reason: '请填写等级 toString 的抽取比例' },
      { field: 'ratiosPercent.valueOf', reason: '请填写等级 valueOf 的抽取比例' },
    ]);
    const badRatio = await gzOffice.post('/api/v1/inspections/plans', { ...body, ratiosPercent: { A: 120 } });
    expect(badRatio.status).toBe(400);
    expect(badRatio.body.error.details[0].field).toBe('ratiosPercent.A');

    const defaults = await gzOffice.post('/api/v1/inspections/plans', body);
    expect(defaults.status).toBe(201);
    expect(defaults.body).toMatchObject({ status: 'draft', teamSize: 2, grades: ['A', 'B', 'C', 'D'], ratiosPercent: { A: '3', B: '5', C: '10', D: '20' } });
    const created = await gzOffice.post('/api/v1/inspections/plans', { ...body, title: '深赣合作园专项抽查', ratiosPercent: { A: 50, B: 50, C: 100, D: 100 } });
    expect(created.status).toBe(201);
    planId = created.body.id;
    expect((await auditOf(`entityId=${planId}&action=inspection_plan.create`)).total).toBe(1);
    expect((await szOffice.get(`/api/v1/inspections/plans/${planId}`)).status).toBe(404);
    expect((await ningdu.get(`/api/v1/inspections/plans/${planId}`)).status).toBe(404);
    expect((await leader.get(`/api/v1/inspections/plans/${planId}`)).status).toBe(200);
  });

  it('fix freezes both lists: digests of the canonical records, the fixed value hidden behind its SHA-256; a changed entity changes the digest', async () => {
    expect((await t.agent().post(`/api/v1/inspections/plans/${planId}/fix`, {})).status).toBe(401);
    expect((await leader.post(`/api/v1/inspections/plans/${planId}/fix`, {})).status).toBe(403);
    expect((await szOffice.post(`/api/v1/inspections/plans/${planId}/fix`, {})).status).toBe(404);
    expect((await gzOffice.post(`/api/v1/inspections/plans/${planId}/fix`, { fixedValue: 'x'.repeat(201) })).status).toBe(400);
    const first = await gzOffice.post(`/api/v1/inspections/plans/${planId}/fix`, { fixedValue: FIXED_VALUE });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'fixed', entityCount: 10, inspectorCount: 5, fixedValue: null, fixedValueSource: 'office' });
    expect(first.body.fixedValueHash).toBe(createHash('sha256').update(FIXED_VALUE).digest('hex'));
    expect(first.body.entitiesDigest).toMatch(/^[0-9a-f]{64}$/);

    // A changed entity (its industry) changes the digest once the plan is fixed again.
    const id = await entityIdByCode(code(5));
    expect((await gzOffice.patch(`/api/v1/inspections/entities/${id}`, { industry: '现代家居' })).status).toBe(200);
    const second = await gzOffice.post(`/api/v1/inspections/plans/${planId}/fix`, { fixedValue: FIXED_VALUE });
    expect(second.body.entitiesDigest).not.toBe(first.body.entitiesDigest);
    expect(second.body.inspectorsDigest).toBe(first.body.inspectorsDigest);
    expect((await gzOffice.patch(`/api/v1/inspections/entities/${id}`, { industry: '稀土新材料' })).status).toBe(200);
    const third = await gzOffice.post(`/api/v1/inspections/plans/${planId}/fix`, { fixedValue: FIXED_VALUE });
    expect(third.body.entitiesDigest).toBe(first.body.entitiesDigest);
    expect((await auditOf(`entityId=${planId}&action=inspection_plan.fix`)).total).toBe(3);
    // The committed value is not in the audit entry before the draw.
    expect(JSON.stringify((await auditOf(`entityId=${planId}&action=inspection_plan.fix`)).items)).not.toContain('福彩3D');
  });

  it('draw: 401, 403, 404; the teams follow the ratios and the avoidance rules; a second draw is refused', async () => {
    expect((await t.agent().post(`/api/v1/inspections/plans/${planId}/draw`)).status).toBe(401);
    expect((await leader.post(`/api/v1/inspections/plans/${planId}/draw`)).status).toBe(403);
    expect((await szOffice.post(`/api/v1/inspections/plans/${planId}/draw`)).status).toBe(404);
    const drawn = await gzOffice.post(`/api/v1/inspections/plans/${planId}/draw`);
    expect(drawn.status).toBe(200);
    expect(drawn.body.status).toBe('drawn');
    expect(drawn.body.fixedValue).toBe(FIXED_VALUE);
    expect(drawn.body.seed).toMatch(/^[0-9a-f]{64}$/);
    // A 50 % of 3 → 2, B 50 % of 3 → 2, C 100 % of 2, D 100 % of 2.
    expect(drawn.body.inspections.map((i: { creditGrade: string }) => i.creditGrade)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
    const inspectors = (await gzOffice.get(`/api/v1/inspections/inspectors?pairId=${pairId}`)).body.items as { id: string; badgeNo: string; name: string }[];
    const nameOf = (badge: string) => inspectors.find((i) => i.badgeNo === badge)!.name;
    for (const inspection of drawn.body.inspections as { creditCode: string; team: { name: string; unitName: string }[] }[]) {
      expect(inspection.team).toHaveLength(2);
      const names = inspection.team.map((m) => m.name);
      if (inspection.creditCode === code(1)) {
        expect(names).not.toContain(nameOf('GZ-0001')); // registered conflict
        expect(inspection.team.map((m) => m.unitName)).not.toContain('兴国县'); // same unit as a related party
      }
      if (inspection.creditCode === code(2) || inspection.creditCode === code(3)) expect(names).not.toContain(nameOf('GZ-0003'));
    }
    expect((await auditOf(`entityId=${planId}&action=inspection_plan.draw`)).items[0]!.after).toMatchObject({ seed: drawn.body.seed, fixedValue: FIXED_VALUE });
    const again = await gzOffice.post(`/api/v1/inspections/plans/${planId}/draw`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    expect((await gzOffice.patch(`/api/v1/inspections/plans/${planId}`, { title: '改' })).status).toBe(409);
  });

  it('findings: by a team member (a county reporter who sees only the plans it inspects for) or the office; 403 for others; 400 naming fields', async () => {
    const plan = (await xingguo.get(`/api/v1/inspections/plans/${planId}`)).body;
    expect(plan.canRecord.length).toBeGreaterThan(0);
    const own = plan.inspections.find((i: { id: string }) => plan.canRecord.includes(i.id));
    expect(own.team.map((m: { unitName: string }) => m.unitName)).toContain('兴国县');
    const other = plan.inspections.find((i: { id: string }) => !plan.canRecord.includes(i.id));
    const findings = { outcome: 'rectify', findings: '消防通道堵塞，责令限期整改', inspectedOn: '2026-03-10' };
    expect((await t.agent().put(`/api/v1/inspections/inspections/${own.id}/findings`, findings)).status).toBe(401);
    expect((await leader.put(`/api/v1/inspections/inspections/${own.id}/findings`, findings)).status).toBe(403);
    // A county none of whose inspectors is on a team does not see the plan; 宁都县's inspector is on one, but its reporter is no team member.
    expect((await yudu.put(`/api/v1/inspections/inspections/${own.id}/findings`, findings)).status).toBe(404);
    expect((await yudu.get(`/api/v1/inspections/plans/${planId}`)).status).toBe(404);
    expect((await ningdu.get(`/api/v1/inspections/plans/${planId}`)).status).toBe(200);
    expect((await ningdu.put(`/api/v1/inspections/inspections/${own.id}/findings`, findings)).status).toBe(403);
    expect((await xingguo.put(`/api/v1/inspections/inspections/${other.id}/findings`, findings)).status).toBe(403);
    const bad = await xingguo.put(`/api/v1/inspections/inspections/${own.id}/findings`, { ...findings, outcome: 'fine', inspectedOn: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['outcome', 'inspectedOn']);
    const early = await xingguo.put(`/api/v1/inspections/inspections/${own.id}/findings`, { ...findings, inspectedOn: '2026-01-01' });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0].field).toBe('inspectedOn');
    const recorded = await xingguo.put(`/api/v1/inspections/inspections/${own.id}/findings`, findings);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'done', outcome: 'rectify', findings: findings.findings });
    // Recorded once: a second recording, by the team or the office, is refused naming why, and changes nothing.
    for (const agent of [xingguo, gzOffice]) {
      const again = await agent.put(`/api/v1/inspections/inspections/${own.id}/findings`, { ...findings, outcome: 'no_issue', findings: '改口' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'INVALID_STATE', details: [{ field: 'status', reason: '该检查已于2026-03-10录入结果，不能重复录入' }] });
    }
    expect((await auditOf(`entityId=${own.id}&action=inspection.findings`)).total).toBe(1);
    const byOffice = await gzOffice.put(`/api/v1/inspections/inspections/${other.id}/findings`, { ...findings, outcome: 'no_issue', findings: '未发现问题' });
    expect(byOffice.status).toBe(200);
    expect((await auditOf(`entityId=${own.id}&action=inspection.findings`)).items[0]!.after).toMatchObject({ outcome: 'rectify' });
    expect((await yudu.get('/api/v1/inspections/plans')).body.total).toBe(0);
    expect((await xingguo.get('/api/v1/inspections/plans')).body.total).toBe(1);
  });

  it('publish: 401, 403, 404; the public routes answer without a session only once published; verify re-runs and finds nothing different', async () => {
    expect((await t.agent().get(`/api/v1/public/inspection-plans/${planId}`)).status).toBe(404);
    expect((await t.agent().get(`/api/v1/public/inspection-plans/${planId}/inputs`)).status).toBe(404);
    expect((await t.agent().post(`/api/v1/inspections/plans/${planId}/publish`)).status).toBe(401);
    expect((await leader.post(`/api/v1/inspections/plans/${planId}/publish`)).status).toBe(403);
    expect((await szOffice.post(`/api/v1/inspections/plans/${planId}/publish`)).status).toBe(404);
    const published = await gzOffice.post(`/api/v1/inspections/plans/${planId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await auditOf(`entityId=${planId}&action=inspection_plan.publish`)).total).toBe(1);
    expect((await gzOffice.post(`/api/v1/inspections/plans/${planId}/publish`)).status).toBe(409);

    const anonymous = t.agent();
    const list = await anonymous.get('/api/v1/public/inspection-plans');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: planId, title: '深赣合作园专项抽查', cityName: '赣州市', inspections: 8 })]);
    const page = await anonymous.get(`/api/v1/public/inspection-plans/${planId}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: 'published', fixedValue: FIXED_VALUE, entitiesDigest: published.body.entitiesDigest });
    expect(page.body.inspections.find((i: { outcome: string | null }) => i.outcome === 'rectify').findings).toBe('消防通道堵塞，责令限期整改');
    expect((await anonymous.get(`/api/v1/public/inspection-plans/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await anonymous.get('/api/v1/public/inspection-plans/not-a-uuid')).status).toBe(400);

    // Same inputs, same draw: the published inputs re-run locally give the published result.
    const inputs = await anonymous.get(`/api/v1/public/inspection-plans/${planId}/inputs`);
    expect(inputs.status).toBe(200);
    const input = inputs.body.input as DrawInput;
    expect(entitiesDigest(input.entities)).toBe(published.body.entitiesDigest);
    expect(inspectorsDigest(input.inspectors)).toBe(published.body.inspectorsDigest);
    expect(runDraw(input)).toEqual(inputs.body.result);
    expect(runDraw(input)).toEqual(runDraw(JSON.parse(JSON.stringify(input)) as DrawInput));

    const verifyUrl = `/api/v1/public/inspection-plans/${planId}/verify`;
    const verified = await anonymous.post(verifyUrl);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ identical: true, differences: [], fixedValueMatchesHash: true });
    // The stored inputs do not change: the verdict is kept, and asking again runs nothing.
    const jobs = t.ctx.work.stats().completed;
    expect((await anonymous.post(verifyUrl)).body).toEqual(verified.body);
    expect(t.ctx.work.stats().completed).toBe(jobs);
    // Only the stored inputs are verified: inputs or a result of the caller's own are refused
    // (`duikou draw verify` checks those, on the caller's machine; its own test covers them).
    const tampered = structuredClone(inputs.body.result);
    tampered.teams[0].inspectorIds.reverse();
    for (const body of [{ input: { planId: 1 } }, { result: { teams: [] } }]) {
      const refused = await anonymous.post(verifyUrl, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    // Whole inputs or results are refused before they are parsed (past 1 KB).
    for (const body of [{ result: tampered }, { input }]) {
      const refused = await anonymous.post(verifyUrl, body);
      expect(refused.status).toBe(413);
      expect(refused.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    // The stored result changed in the database (by hand, outside the platform): verified afresh, the swap is caught.
    const [stored] = await t.ctx.db.select().from(inspectionDrawInputs).where(eq(inspectionDrawInputs.planId, planId));
    await t.ctx.db.update(inspectionDrawInputs).set({ result: tampered }).where(eq(inspectionDrawInputs.planId, planId));
    const caught = await anonymous.post(verifyUrl);
    expect(caught.body.identical).toBe(false);
    expect(caught.body.differences.map((d: { field: string }) => d.field)).toEqual(['teams[0]']);
    // The published inputs are kept as the text sent, per stored row version: the changed row is sent as it now is.
    expect((await anonymous.get(`/api/v1/public/inspection-plans/${planId}/inputs`)).body.result).toEqual(tampered);
    await t.ctx.db.update(inspectionDrawInputs).set({ result: stored!.result }).where(eq(inspectionDrawInputs.planId, planId));
    expect((await anonymous.post(verifyUrl)).body).toEqual(verified.body);
    const again = await anonymous.get(`/api/v1/public/inspection-plans/${planId}/inputs`);
    expect([again.status, String(again.headers['content-type'])]).toEqual([200, 'application/json; charset=utf-8']);
    expect(again.body).toEqual(inputs.body);
  });
});

describe('the previous plan', () => {
  it('its teams are frozen as the avoidance input: nobody inspects the same entity twice in a row', async () => {
    const published = (await gzOffice.get('/api/v1/inspections/plans?status=published')).body.items[0];
    const bad = await gzOffice.post('/api/v1/inspections/plans', { pairId, cityId: ganzhouId, title: '第二季度', previousPlanId: UNKNOWN_ID });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('previousPlanId');
    const next = await gzOffice.post('/api/v1/inspections/plans', {
      pairId,
      cityId: ganzhouId,
      title: '第二季度',
      // Grades C and D only: each of those four entities was inspected by two of the five inspectors last time.
      ratiosPercent: { A: 0, B: 0, C: 100, D: 100 },
      previousPlanId: published.id,
    });
    expect(next.status).toBe(201);
    const fixed = await gzOffice.post(`/api/v1/inspections/plans/${next.body.id}/fix`, { fixedValue: '第二季度 385' });
    expect(fixed.status).toBe(200);
    const before = (await gzOffice.get(`/api/v1/inspections/plans/${published.id}`)).body.inspections as {
      entityId: string;
      team: { inspectorId: string }[];
    }[];
    const pairs = new Set(before.flatMap((i) => i.team.map((m) => `${m.inspectorId}:${i.entityId}`)));
    expect(pairs.size).toBe(16);
    const drawn = await gzOffice.post(`/api/v1/inspections/plans/${next.body.id}/draw`);
    expect(drawn.status).toBe(200);
    expect(drawn.body.previousInspectionsDigest).toBe(fixed.body.previousInspectionsDigest);
    expect(drawn.body.inspections.map((i: { creditCode: string }) => i.creditCode).sort()).toEqual([code(7), code(8), code(9), code(10)]);
    for (const inspection of drawn.body.inspections as { entityId: string; team: { inspectorId: string }[] }[])
      for (const member of inspection.team) expect(pairs.has(`${member.inspectorId}:${inspection.entityId}`)).toBe(false);
  });
});

describe('an impossible team', () => {
  it('answers 409 DRAW_IMPOSSIBLE naming the entity and the reason; nothing is stored and the plan stays fixed', async () => {
    const entityRes = await szOffice.post('/api/v1/inspections/entities', {
      pairId,
      cityId: shenzhenId,
      creditCode: code(500),
      name: '深圳福田某关联企业有限公司',
      creditGrade: 'D',
      industry: '电子信息',
      location: '福田区',
      relatedUnitIds: [unitIds['sz-futian']],
    });
    expect(entityRes.status).toBe(201);
    for (const [badgeNo, unit] of [
      ['SZ-1', 'sz-futian'],
      ['SZ-2', 'sz-futian'],
      ['SZ-3', 'sz-amr'],
    ] as const) {
      const created = await szOffice.post('/api/v1/inspections/inspectors', {
        pairId,
        cityId: shenzhenId,
        badgeNo,
        name: `深圳执法${badgeNo}`,
        unitId: unitIds[unit],
      });
      expect(created.status).toBe(201);
    }
    const plan = await szOffice.post('/api/v1/inspections/plans', { pairId, cityId: shenzhenId, title: '福田专项' });
    expect(plan.status).toBe(201);
    expect((await szOffice.post(`/api/v1/inspections/plans/${plan.body.id}/fix`)).status).toBe(200);
    const auditsBefore = (await auditOf('action=inspection_plan.draw')).total;
    const refused = await szOffice.post(`/api/v1/inspections/plans/${plan.body.id}/draw`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DRAW_IMPOSSIBLE');
    expect(refused.body.error.details).toEqual([
      {
        field: `entities.${entityRes.body.drawId}`,
        code: 'TEAM_IMPOSSIBLE',
        reason: expect.stringContaining('主体“深圳福田某关联企业有限公司”'),
      },
    ]);
    expect(entityRes.body.drawId).toMatch(/^E\d+$/);
    expect(refused.body.error.details[0].reason).toContain(`（${entityRes.body.drawId}）`);
    expect(refused.body.error.details[0].reason).toContain('关联单位回避排除 2 名');
    expect(refused.body.error.message).toContain('无法组成 2 人检查组');
    const after = await szOffice.get(`/api/v1/inspections/plans/${plan.body.id}`);
    expect(after.body).toMatchObject({ status: 'fixed', seed: null, inspections: [], fixedValue: null });
    expect((await auditOf('action=inspection_plan.draw')).total).toBe(auditsBefore);
    // A fixed plan with a committed nonce keeps it secret.
    expect(after.body.fixedValueSource).toBe('nonce');
    expect(after.body.fixedValueHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('an inspector’s account stays in its pair', () => {
  let p2: { pairId: string; cityId: string; unitId: string; unitName: string };
  let p2Office: Agent;
  let selfReporter: Agent & { userId: string };
  const findings = { outcome: 'no_issue', findings: '未发现问题', inspectedOn: '2026-03-10' };

  beforeAll(async () => {
    const admin = await t.admin();
    const pair = await admin.post('/api/v1/pairs', {
      code: 'shenzhen-baise',
      name: '深圳市—百色市',
      nameEn: 'Shenzhen–Baise',
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '4510', name: '百色市' },
      ],
    });
    expect(pair.status).toBe(201);
    const cityId = pair.body.cities[1].id as string;
    const unit = (await admin.get(`/api/v1/units?pairId=${pair.body.id}&cityId=${cityId}`)).body.items[0];
    p2 = { pairId: pair.body.id, cityId, unitId: unit.id, unitName: unit.name };
    p2Office = await t.userAgent({ username: 'baise-office', role: 'office_admin', scope: 'all', pairId: p2.pairId });
    selfReporter = await t.userAgent({ username: 'xingguo-self', role: 'unit_reporter', scope: 'self', unitKey: 'gz-xingguo' });
  });

  it('pair 2’s office cannot link a pair-1 account, by id or by the import’s 平台账号 column: answered like an unknown one', async () => {
    const body = { pairId: p2.pairId, cityId: p2.cityId, badgeNo: 'BS-0001', name: '百色检查员', unitId: p2.unitId };
    const linked = await p2Office.post('/api/v1/inspections/inspectors', { ...body, userId: selfReporter.userId });
    const unknown = await p2Office.post('/api/v1/inspections/inspectors', { ...body, userId: UNKNOWN_ID });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details).toEqual([{ field: 'userId', reason: '用户不存在' }]);
    expect(unknown.body.error.details).toEqual(linked.body.error.details);

    const file = async (username: string) => ({
      pairId: p2.pairId,
      cityId: p2.cityId,
      fileBase64: await workbook(INSPECTOR_HEADERS, [['BS-0001', '百色检查员', p2.unitName, null, null, username]]),
    });
    const byName = await p2Office.post('/api/v1/inspections/inspectors/import', await file('xingguo-self'));
    const nobody = await p2Office.post('/api/v1/inspections/inspectors/import', await file('nobody-at-all'));
    expect(byName.status).toBe(400);
    expect(byName.body.error.details).toEqual([{ field: 'rows.2.userId', reason: '第2行 平台账号：找不到用户名为“xingguo-self”的账号' }]);
    expect(nobody.body.error.details).toEqual([{ field: 'rows.2.userId', reason: '第2行 平台账号：找不到用户名为“nobody-at-all”的账号' }]);
    expect((await p2Office.get(`/api/v1/inspections/inspectors?pairId=${p2.pairId}`)).body.total).toBe(0);

    // An account of pair 2 is linked as before.
    const own = await (await t.admin()).post('/api/v1/users', {
      username: 'baise-inspector',
      displayName: '百色检查员',
      unitId: p2.unitId,
      password: USER_PASSWORD,
      mustChangePassword: false,
      roles: [{ role: 'unit_reporter', scope: 'unit', unitId: p2.unitId }],
    });
    expect(own.status).toBe(201);
    const done = await p2Office.post('/api/v1/inspections/inspectors/import', await file('baise-inspector'));
    expect(done.status).toBe(200);
    const list = await p2Office.get(`/api/v1/inspections/inspectors?pairId=${p2.pairId}`);
    expect(list.body.items.map((i: { userId: string | null }) => i.userId)).toEqual([own.body.user.id]);
  });

  it('a self-scoped account of pair 1 linked (before this rule) to a pair-2 inspector reads no plan of pair 2 and records nothing there', async () => {
    for (const n of [1, 2]) {
      const entity = await p2Office.post('/api/v1/inspections/entities', {
        pairId: p2.pairId,
        cityId: p2.cityId,
        creditCode: code(900 + n),
        name: `百色某企业${n}`,
        creditGrade: 'A',
        industry: '电子信息',
        location: '百色园区',
      });
      expect(entity.status).toBe(201);
    }
    const second = await p2Office.post('/api/v1/inspections/inspectors', {
      pairId: p2.pairId,
      cityId: p2.cityId,
      badgeNo: 'BS-0002',
      name: '百色检查员二',
      unitId: p2.unitId,
    });
    expect(second.status).toBe(201);
    // The link an earlier version accepted, written as it stood in the database.
    await t.ctx.db.update(inspectionInspectors).set({ userId: selfReporter.userId }).where(eq(inspectionInspectors.id, second.body.id));
    const plan = await p2Office.post('/api/v1/inspections/plans', {
      pairId: p2.pairId,
      cityId: p2.cityId,
      title: '百色抽查',
      grades: ['A'],
      ratiosPercent: { A: 100 },
    });
    expect(plan.status).toBe(201);
    expect((await p2Office.post(`/api/v1/inspections/plans/${plan.body.id}/fix`, {})).status).toBe(200);
    const drawn = await p2Office.post(`/api/v1/inspections/plans/${plan.body.id}/draw`);
    expect(drawn.status).toBe(200);
    const inspection = drawn.body.inspections[0];
    expect(inspection.team.map((m: { inspectorId: string }) => m.inspectorId)).toContain(second.body.id);

    expect((await selfReporter.get(`/api/v1/inspections/plans/${plan.body.id}`)).status).toBe(404);
    expect((await selfReporter.get('/api/v1/inspections/plans')).body.items.map((p: { id: string }) => p.id)).not.toContain(plan.body.id);
    const recorded = await selfReporter.put(`/api/v1/inspections/inspections/${inspection.id}/findings`, findings);
    expect(recorded.status).toBe(404);
    expect(recorded.body.error.code).toBe('NOT_FOUND');
    expect((await p2Office.get(`/api/v1/inspections/plans/${plan.body.id}`)).body.inspections[0].status).toBe('pending');
    // Pair 2's office records them.
    expect((await p2Office.put(`/api/v1/inspections/inspections/${inspection.id}/findings`, findings)).status).toBe(200);
  });

  it('an external user gets 404 for plans and inspections that exist, as for ids that do not', async () => {
    const plan = await gzOffice.post('/api/v1/inspections/plans', { pairId, cityId: ganzhouId, title: '外部用户不可见的计划' });
    expect(plan.status).toBe(201);
    const p2PlanId = (await p2Office.get(`/api/v1/inspections/plans?pairId=${p2.pairId}`)).body.items[0].id as string;
    const inspection = (await p2Office.get(`/api/v1/inspections/plans/${p2PlanId}`)).body.inspections[0].id as string;
    for (const id of [plan.body.id, UNKNOWN_ID]) {
      const read = await outsider.get(`/api/v1/inspections/plans/${id}`);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe('NOT_FOUND');
      expect((await outsider.post(`/api/v1/inspections/plans/${id}/fix`, {})).status).toBe(404);
    }
    for (const id of [inspection, UNKNOWN_ID]) expect((await outsider.put(`/api/v1/inspections/inspections/${id}/findings`, findings)).status).toBe(404);
  });
});
