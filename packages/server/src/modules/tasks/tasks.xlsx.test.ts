import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type JsonBody, type TestApp } from '../../test-support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_HEADERS = ['条款编号', '任务名称', '任务说明', '牵头单位', '配合单位', '开始日期', '完成时限', '推进节点', '指标'];
const LEDGER_HEADERS = ['章', '条', '任务名称', '牵头单位', '配合单位', '开始日期', '完成时限', '状态', '进度(%)', '红黄绿灯', '推进节点', '指标', '更新时间'];

let t: TestApp;
let office: Agent;
let szOffice: Agent;
let xingguo: Agent;
let planId: string;

beforeAll(async () => {
  t = await createTestApp();
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ({ planId } = await publishDefaultPlan(office, gz.pairId));
});
afterAll(async () => t?.close());

type Row = Record<string, ExcelJS.CellValue>;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** An import row as a person fills the template: text dates, one real Excel date cell. */
const row = (over: Row = {}): Row => ({
  条款编号: '四',
  任务名称: '组织深圳中小学生赴兴国开展红色研学',
  任务说明: '每年两批次',
  牵头单位: '兴国县',
  配合单位: '福田区',
  开始日期: '2026-03-01',
  完成时限: day('2026-12-31'),
  推进节点: '确定研学线路@2026-04-30',
  指标: '研学人次|人次|2000',
  ...over,
});

async function xlsx(rows: Row[], headers = IMPORT_HEADERS, sheetName = '任务导入'): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  if (headers.length > 0) sheet.addRow(headers);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

const importBody = async (rows: Row[], over: Record<string, unknown> = {}) => ({ planId, fileBase64: await xlsx(rows), fileName: '任务.xlsx', ...over });

/** Binary downloads: the test agent decodes bodies as text, so these go to the app directly with the agent's cookie. */
async function download(agent: Agent, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload, json: (): JsonBody => JSON.parse(response.body) };
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as ExcelJS.CellValue[]).slice(1);
const taskCount = async () => (await office.get('/api/v1/tasks?pageSize=1')).body.total as number;
const fieldsOf = (response: { body: JsonBody }) => (response.body.error?.details ?? []).map((d: { field: string }) => d.field);

describe('GET /api/v1/tasks/import-template.xlsx', () => {
  it('401 without a session; 403 for a unit reporter', async () => {
    expect((await download(t.agent(), '/api/v1/tasks/import-template.xlsx')).status).toBe(401);
    expect((await download(xingguo, '/api/v1/tasks/import-template.xlsx')).status).toBe(403);
  });

  it('an .xlsx with the Chinese headers and one example row, which cannot be imported as it is', async () => {
    const response = await download(office, '/api/v1/tasks/import-template.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="task-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('任务导入模板.xlsx')}`,
    );
    const sheet = (await readWorkbook(response.bytes)).getWorksheet('任务导入')!;
    expect(rowValues(sheet, 1)).toEqual(IMPORT_HEADERS);
    expect(sheet.actualRowCount).toBe(2);
    expect(sheet.getCell('A2').value).toBe('四');
    expect(sheet.getCell('F2').value).toEqual(day('2026-03-01'));
    const asIs = await office.post('/api/v1/tasks/import', { planId, fileBase64: response.bytes.toString('base64'), fileName: '模板.xlsx' });
    expect(asIs.status).toBe(400);
    expect(fieldsOf(asIs)).toEqual(['rows.2.title']);
  });
});

describe('POST /api/v1/tasks/import', () => {
  it('401 without a session; 403 for a unit reporter; 404 for an unknown plan', async () => {
    expect((await t.agent().post('/api/v1/tasks/import', await importBody([row()]))).status).toBe(401);
    expect((await xingguo.post('/api/v1/tasks/import', await importBody([row()]))).status).toBe(403);
    expect((await office.post('/api/v1/tasks/import', await importBody([row()], { planId: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11' }))).status).toBe(404);
  });

  it('400 naming the file: not .xlsx by name or by content, an empty sheet, required headers missing, over 5,000 rows', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fileName: '任务.xls' }, 'fileName'],
      [{ fileBase64: Buffer.from('条款编号,任务名称\n四,研学').toString('base64') }, 'fileBase64'],
      [{ fileBase64: Buffer.from('PK\u0003\u0004 not really a zip').toString('base64') }, 'fileBase64'],
      [{ fileBase64: await xlsx([]) }, 'fileBase64'],
      [{ fileBase64: await xlsx([], []) }, 'fileBase64'],
      [{ fileBase64: await xlsx([{ 名称: '研学' }], ['名称', '单位']) }, 'fileBase64'],
      [{ fileBase64: await xlsx(Array.from({ length: 5001 }, (_, i) => row({ 任务名称: `任务${i}` }))) }, 'fileBase64'],
    ];
    for (const [change, field] of cases) {
      const response = await office.post('/api/v1/tasks/import', await importBody([row()], change));
      expect({ field, status: response.status, got: fieldsOf(response) }).toEqual({ field, status: 400, got: [field] });
    }
  });

  it('400 listing every bad row by Excel row and column: unknown unit, due before start, missing title, bad date, unknown article; nothing written', async () => {
    const before = await taskCount();
    const response = await office.post(
      '/api/v1/tasks/import',
      await importBody([
        row({ 牵头单位: '兴国县、不存在县' }),
        row({ 开始日期: '2026-12-31', 完成时限: '2026-01-01' }),
        row({ 任务名称: null }),
        row({ 开始日期: '2026-13-01' }),
        row({ 条款编号: '九十九' }),
        row({ 推进节点: '确定研学线路 2026-04-30', 指标: '研学人次|人次|很多' }),
        row(),
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([
      { field: 'rows.2.leadUnitIds.1', reason: '第2行 牵头单位：本结对城市没有名为“不存在县”的单位' },
      { field: 'rows.3.dueOn', reason: '第3行 完成时限：完成时限不能早于开始日期' },
      { field: 'rows.4.title', reason: '第4行 任务名称：必填' },
      { field: 'rows.5.startOn', reason: '第5行 开始日期：日期应为 yyyy-mm-dd 格式或 Excel 日期' },
      { field: 'rows.6.articleNo', reason: '第6行 条款编号：方案未发布或没有这一条' },
      { field: 'rows.7.milestones', reason: '第7行 推进节点：第1个节点“确定研学线路 2026-04-30”应写作“节点名称@yyyy-mm-dd”' },
      { field: 'rows.7.indicators.0.target', reason: '第7行 指标：第1个指标目标值：应为数字，最多4位小数' },
    ]);
    expect(await taskCount()).toBe(before);
  });

  it('one bad row among good rows: 400 and not one task written', async () => {
    const before = await taskCount();
    const rows = [row({ 任务名称: '好行一' }), row({ 任务名称: '好行二' }), row({ 任务名称: '坏行', 完成时限: '2025-01-01' }), row({ 任务名称: '好行三' })];
    const response = await office.post('/api/v1/tasks/import', await importBody(rows));
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['rows.4.dueOn']);
    expect(await taskCount()).toBe(before);
    expect((await office.get(`/api/v1/tasks?q=${encodeURIComponent('好行')}`)).body.total).toBe(0);
  });

  it('a unit name that fits two units is refused; the lead unit must be within the caller reach (per row)', async () => {
    const admin = await t.admin();
    const sz = await t.unit('sz-office');
    const liaison = await admin.post('/api/v1/units', { cityId: sz.cityId, type: 'institution', name: '兴国县驻深圳联络处', shortName: '兴国' });
    expect(liaison.status).toBe(201);
    const ambiguous = await office.post('/api/v1/tasks/import', await importBody([row({ 牵头单位: '兴国' })]));
    expect(ambiguous.body.error.details).toEqual([
      { field: 'rows.2.leadUnitIds.0', reason: '第2行 牵头单位：“兴国”对应多个单位（兴国县、兴国县驻深圳联络处），请填写能唯一确定的全称' },
    ]);
    const outOfReach = await szOffice.post('/api/v1/tasks/import', await importBody([row({ 牵头单位: '福田区', 配合单位: null }), row()]));
    expect(outOfReach.status).toBe(400);
    expect(outOfReach.body.error.details).toEqual([{ field: 'rows.3.leadUnitIds', reason: '第3行 牵头单位：牵头单位不在本人管理范围内' }]);
  });

  it('dryRun checks everything, answers a preview and writes nothing', async () => {
    const before = await taskCount();
    const response = await office.post('/api/v1/tasks/import', await importBody([row({ 任务名称: '预览一' }), row({ 任务名称: '预览二' })], { dryRun: true }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ valid: true, rows: 2 });
    expect(response.body.preview[0]).toMatchObject({
      row: 2,
      chapterNo: '二',
      articleNo: '四',
      title: '预览一',
      startOn: '2026-03-01',
      dueOn: '2026-12-31',
      leadUnits: [expect.objectContaining({ name: '兴国县' })],
      supportUnits: [expect.objectContaining({ name: '福田区' })],
      milestones: [{ title: '确定研学线路', dueOn: '2026-04-30' }],
      indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '2000' }],
    });
    expect(await taskCount()).toBe(before);
  });

  it('201: creates every row in one go, with units (full or short names), milestones, indicators and an audit entry each', async () => {
    const before = await taskCount();
    const response = await office.post(
      '/api/v1/tasks/import',
      await importBody([
        row({ 任务名称: '批量一：红色研学线路', 牵头单位: '兴国县、宁都', 配合单位: '福田、深圳市教育局' }),
        row({
          条款编号: '（四）',
          任务名称: '批量二：研学基地建设',
          开始日期: day('2026-04-01'),
          完成时限: '2026/11/30',
          推进节点: '选址@2026-05-31；建成@2026-10-31',
          指标: '研学基地|个|3；总投资|万元|1,234.5',
        }),
        row({ 任务名称: '批量三：宁都研学', 牵头单位: '宁都县', 配合单位: null, 推进节点: null, 指标: null, 开始日期: null, 完成时限: null }),
      ]),
    );
    expect(response.status).toBe(201);
    expect(response.body.created).toBe(3);
    expect(await taskCount()).toBe(before + 3);
    const [first, second, third] = await Promise.all(response.body.taskIds.map(async (id: string) => (await office.get(`/api/v1/tasks/${id}`)).body));
    expect(first.units).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '兴国县', role: 'lead' }),
        expect.objectContaining({ name: '宁都县', role: 'lead' }),
        expect.objectContaining({ name: '福田区', role: 'support' }),
        expect.objectContaining({ name: '深圳市教育局', role: 'support' }),
      ]),
    );
    expect(second).toMatchObject({
      chapterNo: '二',
      articleNo: '四',
      startOn: '2026-04-01',
      dueOn: '2026-11-30',
      milestones: [expect.objectContaining({ title: '选址', dueOn: '2026-05-31' }), expect.objectContaining({ title: '建成', dueOn: '2026-10-31' })],
      indicators: [
        expect.objectContaining({ name: '研学基地', unitOfMeasure: '个', target: '3.0000' }),
        expect.objectContaining({ name: '总投资', unitOfMeasure: '万元', target: '1234.5000' }),
      ],
    });
    expect(third).toMatchObject({ startOn: null, dueOn: null, milestones: [], indicators: [], units: [expect.objectContaining({ name: '宁都县' })] });
    const audit = await (await t.admin()).get(`/api/v1/audit?entityType=task&entityId=${second.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['task.create']);
    expect(audit.body.items[0].after).toMatchObject({ id: second.id, title: '批量二：研学基地建设', units: second.units });
    expect((await (await t.admin()).get('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});

describe('GET /api/v1/tasks/export.xlsx', () => {
  beforeAll(async () => {
    const created = await office.post(
      '/api/v1/tasks/import',
      await importBody([
        row({ 任务名称: '台账：兴国逾期节点', 推进节点: '启动@2026-02-15', 指标: '研学人次|人次|2000' }),
        row({ 任务名称: '台账：宁都任务', 牵头单位: '宁都县', 配合单位: null }),
      ]),
    );
    expect(created.status).toBe(201);
  });

  it('401 without a session; 400 naming the field of a bad filter', async () => {
    expect((await download(t.agent(), '/api/v1/tasks/export.xlsx')).status).toBe(401);
    const bad = await download(office, '/api/v1/tasks/export.xlsx?light=blue');
    expect(bad.status).toBe(400);
    expect(bad.json().error.details[0].field).toBe('light');
  });

  it('the ledger: every task in scope, Chinese headers and labels, light as text and fill, real date cells, bold frozen header', async () => {
    const response = await download(office, '/api/v1/tasks/export.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="task-ledger-20260302.xlsx"; filename*=UTF-8''${encodeURIComponent('任务台账-20260302.xlsx')}`,
    );
    const sheet = (await readWorkbook(response.bytes)).getWorksheet('任务台账')!;
    expect(rowValues(sheet, 1)).toEqual(LEDGER_HEADERS);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).width).toBeGreaterThan(20);
    expect(sheet.actualRowCount - 1).toBe(await taskCount());

    const byTitle = new Map<string, ExcelJS.Row>();
    sheet.eachRow((r, n) => {
      if (n > 1) byTitle.set(String(r.getCell(3).value), r);
    });
    const late = byTitle.get('台账：兴国逾期节点')!;
    expect(rowValues(sheet, late.number)).toEqual([
      '二',
      '四',
      '台账：兴国逾期节点',
      '兴国县',
      '福田区',
      day('2026-03-01'),
      day('2026-12-31'),
      '未启动',
      undefined,
      '红灯（逾期）',
      '启动@2026-02-15',
      '研学人次（人次）：目标 2000 / 实际 —',
      expect.any(Date),
    ]);
    expect(late.getCell(10).fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(late.getCell(6).numFmt).toBe('yyyy-mm-dd');
    const onTrack = byTitle.get('台账：宁都任务')!;
    expect(onTrack.getCell(10).value).toBe('绿灯（正常）');
    expect(onTrack.getCell(4).value).toBe('宁都县');
  });

  it("a county reporter's ledger holds only its county's tasks, like its list; filters apply", async () => {
    const response = await download(xingguo, '/api/v1/tasks/export.xlsx');
    expect(response.status).toBe(200);
    const sheet = (await readWorkbook(response.bytes)).getWorksheet('任务台账')!;
    const units: string[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1) units.push(`${r.getCell(4).value}、${r.getCell(5).value ?? ''}`);
    });
    expect(units.length).toBe((await xingguo.get('/api/v1/tasks?pageSize=1')).body.total);
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((names) => names.split('、').includes('兴国县'))).toBe(true);
    const titles: string[] = [];
    sheet.eachRow((r) => {
      titles.push(String(r.getCell(3).value));
    });
    expect(titles).toContain('台账：兴国逾期节点');
    expect(titles).not.toContain('台账：宁都任务');

    const filtered = await download(office, `/api/v1/tasks/export.xlsx?light=red&q=${encodeURIComponent('台账')}`);
    const redSheet = (await readWorkbook(filtered.bytes)).getWorksheet('任务台账')!;
    expect(redSheet.actualRowCount).toBe(2);
    expect(redSheet.getCell('C2').value).toBe('台账：兴国逾期节点');
  });

  it('the OpenAPI document still builds and lists the three routes', async () => {
    const response = await t.agent().get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/tasks/import-template.xlsx', '/api/v1/tasks/import', '/api/v1/tasks/export.xlsx']),
    );
  });
});
