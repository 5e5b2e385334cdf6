import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxOf, publishDefaultPlan } from '../test-support/plans.js';
import { type Agent, createTestApp, type Response, type TestApp } from '../test-support/test-app.js';
import { bombOf, docxBomb, sheetBomb } from '../test-support/zip-bombs.js';
import { IMPORT_ROWS, SHEET_LIMITS } from './limits.js';

/*
 * Every upload route against files built to hurt: archives that inflate to a gigabyte (honest
 * headers, or headers that claim a few bytes), and workbooks and tables past each reading limit.
 * The limits are the defaults but for the inflated ceiling, lowered to 16 MB so that each bomb
 * costs the test little; the last describe runs the default ceiling on a 1 GiB bomb.
 */

const MiB = 1024 * 1024;
const INFLATED = 16 * MiB;

let t: TestApp;
let office: Agent;
let pairId: string;
let cityId: string;
let planId: string;

beforeAll(async () => {
  t = await createTestApp({ uploadInflatedBytes: INFLATED });
  const gz = await t.unit('gz-office');
  pairId = gz.pairId;
  cityId = gz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  ({ planId } = await publishDefaultPlan(office, pairId));
});
afterAll(async () => t?.close());

async function workbook(rows: unknown[][], sheets = 1): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入');
  for (const row of rows) sheet.addRow(row);
  for (let i = 1; i < sheets; i++) book.addWorksheet(`表${i}`);
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface Route {
  name: string;
  url: string;
  /** The member holding the file, as the error names it. */
  field: string;
  kind: 'xlsx' | 'docx';
  body(fileBase64: string): Record<string, unknown>;
}

const ROUTES: Route[] = [
  {
    name: 'tasks',
    url: '/api/v1/tasks/import',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ planId, fileName: '任务.xlsx', fileBase64: f, dryRun: true }),
  },
  {
    name: 'registries',
    url: '/api/v1/registries/studyRoute/import',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ pairId, fileName: '研学线路.xlsx', fileBase64: f, dryRun: true }),
  },
  {
    name: 'inspection entities',
    url: '/api/v1/inspections/entities/import',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ pairId, cityId, fileBase64: f, dryRun: true }),
  },
  {
    name: 'inspectors',
    url: '/api/v1/inspections/inspectors/import',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ pairId, cityId, fileBase64: f, dryRun: true }),
  },
  {
    name: 'water samples',
    url: '/api/v1/water/samples/import',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ pairId, fileName: '监测.xlsx', fileBase64: f, dryRun: true }),
  },
  {
    name: 'water columns',
    url: '/api/v1/water/samples/columns',
    field: 'fileBase64',
    kind: 'xlsx',
    body: (f) => ({ pairId, fileName: '监测.xlsx', fileBase64: f }),
  },
  {
    name: 'plan parse',
    url: '/api/v1/plans/parse',
    field: 'source.fileBase64',
    kind: 'docx',
    body: (f) => ({ pairId, source: { fileName: '方案.docx', fileBase64: f } }),
  },
  {
    name: 'plan import',
    url: '/api/v1/plans/import',
    field: 'source.fileBase64',
    kind: 'docx',
    body: (f) => ({ pairId, source: { fileName: '方案.docx', fileBase64: f } }),
  },
];

const issue = (response: Response) => ({ status: response.status, code: response.body.error?.code, details: response.body.error?.details });
const rssMb = () => Math.round(process.memoryUsage().rss / MiB);

describe('a zip bomb on every upload route', () => {
  let sheet: Buffer;
  let document: Buffer;
  beforeAll(async () => {
    sheet = await workbook([['名称'], ['研学线路一']]);
    document = await docxOf(['一、总体要求', '（一）指导思想。加强两市合作交流。']);
  });

  for (const route of ROUTES) {
    it(`${route.name}: 413 naming the file and the inflated limit, whether the headers tell the size or lie about it; quickly, memory flat`, async () => {
      for (const declaredSize of [undefined, 1000]) {
        const bomb =
          route.kind === 'xlsx'
            ? await sheetBomb(sheet, { inflatedBytes: 1024 * MiB, declaredSize })
            : await docxBomb(document, { inflatedBytes: 1024 * MiB, declaredSize });
        expect(bomb.length).toBeLessThan(5 * MiB);
        const before = rssMb();
        const started = Date.now();
        const response = await office.post(route.url, route.body(bomb.toString('base64')));
        expect({ declaredSize, ...issue(response) }).toEqual({
          declaredSize,
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
          details: [{ field: route.field, reason: '解压后超过 16 MB 上限' }],
        });
        // A gigabyte inflated would take tens of seconds and as many hundred MB; the reading stops at 16 MB.
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(rssMb() - before).toBeLessThan(150);
      }
    });
  }

  it('a bomb among the shared strings: 413 as well', async () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    const bomb = await bombOf(sheet, 'xl/sharedStrings.xml', head, '<si><t/></si>', '</sst>', { inflatedBytes: 1024 * MiB });
    // Empty strings, each under every other limit: only the inflated size stops it (or their number).
    const response = await office.post('/api/v1/registries/studyRoute/import', ROUTES[1]!.body(bomb.toString('base64')));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.error.details).toEqual([
      { field: 'fileBase64', reason: expect.stringMatching(/^(解压后超过 16 MB 上限|不同的单元格文字超过 1000000 个上限)$/) },
    ]);
  });
});

describe('the reading limits of a workbook: 400 naming the file and the limit', () => {
  it(`more than ${SHEET_LIMITS.sheets} sheets, a value past column ${SHEET_LIMITS.columns}, a cell over ${SHEET_LIMITS.cellChars} characters, more rows than the import takes`, async () => {
    const wide = Array.from({ length: SHEET_LIMITS.columns + 1 }, (_, i) => (i === SHEET_LIMITS.columns ? '多出的一列' : null));
    const cases: [string, Buffer, string][] = [
      ['sheets', await workbook([['名称'], ['一']], SHEET_LIMITS.sheets + 1), `工作表超过 ${SHEET_LIMITS.sheets} 个上限`],
      ['columns', await workbook([['名称'], wide]), `超过 ${SHEET_LIMITS.columns} 列上限（第 2 行 CW 列有内容）`],
      ['cell', await workbook([['名称'], ['长'.repeat(SHEET_LIMITS.cellChars + 1)]]), `有单元格超过 ${SHEET_LIMITS.cellChars} 字上限`],
      [
        'rows',
        await workbook([['名称'], ...Array.from({ length: IMPORT_ROWS.registries + 1 }, (_, i) => [`线路${i}`])]),
        `一次最多导入 ${IMPORT_ROWS.registries} 行`,
      ],
    ];
    for (const [limit, file, reason] of cases) {
      const response = await office.post('/api/v1/registries/studyRoute/import', ROUTES[1]!.body(file.toString('base64')));
      expect({ limit, ...issue(response) }).toEqual({ limit, status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'fileBase64', reason }] });
    }
  });

  it('the inspection registers take 20,000 rows, and not one more', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [`91360700MA35${String(i).padStart(6, '0')}`, `企业${i}`, 'A', '电子信息', '园区']);
    const header = ['统一社会信用代码*', '主体名称*', '信用等级*', '行业*', '所在地*'];
    const over = await workbook([header, ...rows(IMPORT_ROWS.inspectionRegisters + 1)]);
    const response = await office.post('/api/v1/inspections/entities/import', { pairId, cityId, fileBase64: over.toString('base64'), dryRun: true });
    expect(issue(response)).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'fileBase64', reason: `一次最多导入 ${IMPORT_ROWS.inspectionRegisters} 行` }],
    });
  });

  it('a .csv of water samples: a field over the cell limit, a record past the column limit, more rows than the import takes', async () => {
    const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');
    const cases: [string, string, string][] = [
      [
        'cell',
        csv(['断面,采样时间,氨氮', `寻乌兴宁电站,2025-05-15,"${'1'.repeat(SHEET_LIMITS.cellChars + 1)}"`]),
        `第 2 行有单元格超过 ${SHEET_LIMITS.cellChars} 字上限`,
      ],
      [
        'columns',
        csv(['断面,采样时间,氨氮', `寻乌兴宁电站,2025-05-15,0.5${',0'.repeat(SHEET_LIMITS.columns)}`]),
        `超过 ${SHEET_LIMITS.columns} 列上限（第 2 行）`,
      ],
      [
        'rows',
        csv(['断面,采样时间,氨氮', ...Array.from({ length: IMPORT_ROWS.waterSamples + 1 }, (_, i) => `寻乌兴宁电站,2025-05-15 ${i},0.5`)]),
        `一次最多导入 ${IMPORT_ROWS.waterSamples} 行`,
      ],
    ];
    for (const [limit, fileBase64, reason] of cases) {
      const response = await office.post('/api/v1/water/samples/import', { pairId, fileName: '监测.csv', fileBase64, dryRun: true });
      expect({ limit, ...issue(response) }).toEqual({ limit, status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'fileBase64', reason }] });
    }
  });

  it('a file past 15 MB is refused by the schema, naming the field and the limit; a body past the route limit is 413', async () => {
    const tooBig = 'A'.repeat(Math.ceil((15 * MiB) / 3) * 4 + 4);
    const response = await office.post('/api/v1/registries/studyRoute/import', ROUTES[1]!.body(tooBig));
    expect(issue(response)).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'fileBase64', reason: '文件超过 15 MB 上限' })],
    });
    const huge = await office.post('/api/v1/registries/studyRoute/import', { ...ROUTES[1]!.body('AAAA'), padding: 'x'.repeat(21 * MiB) });
    expect(issue(huge)).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ field: 'body', reason: expect.stringMatching(/^请求内容超过 20\.1 MB 上限$/) }],
    });
  });
});

describe('the work pool, full', () => {
  let busy: TestApp;
  let agent: Agent;
  let busyPairId: string;
  beforeAll(async () => {
    // One thread and room for one waiting job; the default inflated ceiling (100 MB).
    busy = await createTestApp({ work: { workers: 1, queue: 1 } });
    busyPairId = (await busy.unit('gz-office')).pairId;
    agent = await busy.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: busyPairId });
  });
  afterAll(async () => busy?.close());

  it('a 1 GiB bomb under the default limit: 413 at 100 MB, the process grows by far less than the file would', async () => {
    const bomb = await sheetBomb(await workbook([['名称']]), { inflatedBytes: 1024 * MiB, declaredSize: 1000 });
    const before = rssMb();
    const response = await agent.post('/api/v1/registries/studyRoute/import', {
      pairId: busyPairId,
      fileName: '研学线路.xlsx',
      fileBase64: bomb.toString('base64'),
      dryRun: true,
    });
    expect(issue(response)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', details: [{ field: 'fileBase64', reason: '解压后超过 100 MB 上限' }] });
    expect(rssMb() - before).toBeLessThan(250);
  });

  it('503 BUSY with Retry-After once the thread is busy and the queue is full; the others are answered', async () => {
    const bomb = (await sheetBomb(await workbook([['名称']]), { inflatedBytes: 1024 * MiB })).toString('base64');
    const send = () => agent.post('/api/v1/registries/studyRoute/import', { pairId: busyPairId, fileName: '研学线路.xlsx', fileBase64: bomb, dryRun: true });
    const answers = await Promise.all([send(), send(), send(), send()]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([413, 413, 503, 503]);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body.error.code).toBe('BUSY');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.ctx.work.stats().refused).toBe(2);
  });
});
