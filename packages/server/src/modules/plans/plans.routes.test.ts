import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_TEXT, docxOf } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let reporter: Agent;
let pairId: string;

beforeAll(async () => {
  t = await createTestApp();
  const gz = await t.unit('gz-office');
  pairId = gz.pairId;
  office = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'all', unitKey: 'sz-office', pairId });
  reporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
});
afterAll(async () => t?.close());

describe('POST /api/v1/plans/parse', () => {
  it('401 without a session; 403 for a unit reporter', async () => {
    expect((await t.agent().post('/api/v1/plans/parse', { source: { text: 'x' } })).status).toBe(401);
    expect((await reporter.post('/api/v1/plans/parse', { source: { text: DEFAULT_PLAN_TEXT } })).status).toBe(403);
  });

  it('400 naming the field: no text and no file; a file that is not .txt, .docx or .xlsx', async () => {
    const none = await office.post('/api/v1/plans/parse', { source: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('source.text');
    const pdf = await office.post('/api/v1/plans/parse', { source: { fileBase64: 'JVBERi0=', fileName: 'plan.pdf' } });
    expect(pdf.body.error.details[0]).toMatchObject({ field: 'source.fileName', reason: '只支持 .txt、.docx 或 .xlsx 文件' });
  });

  it('200: the default plan is 7 chapters and 20 articles, with measures and named organisations matched to units', async () => {
    const response = await office.post('/api/v1/plans/parse', { source: { text: DEFAULT_PLAN_TEXT }, pairId });
    expect(response.status).toBe(200);
    expect(response.body.chapters).toHaveLength(7);
    const articles = response.body.chapters.flatMap((c: { articles: unknown[] }) => c.articles);
    expect(articles).toHaveLength(20);
    expect(articles[2]).toMatchObject({ number: '三', title: '广泛开展红色教育培训' });
    expect(articles[2].measures.map((m: { verb: string }) => m.verb)).toEqual(['支持', '鼓励', '支持']);
    expect(articles[19]).toMatchObject({ number: '二十', title: '积极宣传发动' });
    expect(response.body.organisations).toEqual(expect.arrayContaining(['中国稀土集团', '深圳信息职业技术学院', '赣州职业技术学院']));
    expect(response.body.matchedUnits).toEqual(expect.arrayContaining([{ name: '深圳信息职业技术学院', unitName: '深圳信息职业技术学院' }]));
  });

  it('reads an uploaded .docx, an .xlsx and a .txt saved in GBK', async () => {
    const fromDocx = await office.post('/api/v1/plans/parse', {
      source: { fileName: '方案.docx', fileBase64: (await docxOf(['一、总体要求', '（一）指导思想。加强两市合作交流。'])).toString('base64') },
    });
    expect(fromDocx.status).toBe(200);
    expect(fromDocx.body.chapters[0]).toMatchObject({
      number: '一',
      title: '总体要求',
      articles: [{ number: '一', title: '指导思想', measures: [{ verb: '加强' }] }],
    });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('方案');
    sheet.addRow(['一、总体要求']);
    sheet.addRow(['（一）指导思想。加强两市合作交流。']);
    const fromXlsx = await office.post('/api/v1/plans/parse', {
      source: { fileName: '方案.xlsx', fileBase64: Buffer.from(await book.xlsx.writeBuffer()).toString('base64') },
    });
    expect(fromXlsx.status).toBe(200);
    expect(fromXlsx.body.chapters[0]).toMatchObject({ number: '一', title: '总体要求', articles: [{ number: '一', title: '指导思想' }] });
    const notAWorkbook = await office.post('/api/v1/plans/parse', {
      source: { fileName: '方案.xlsx', fileBase64: Buffer.from('一、总体要求').toString('base64') },
    });
    expect(notAWorkbook.status).toBe(400);
    expect(notAWorkbook.body.error.details).toEqual([{ field: 'source.fileBase64', reason: '不是有效的 .xlsx 文件' }]);
    // "一、总体要求" in GB 18030.
    const gbk = Buffer.from('d2bba1a2d7dccce5d2aac7f3', 'hex').toString('base64');
    const fromGbk = await office.post('/api/v1/plans/parse', { source: { fileName: 'plan.txt', fileBase64: gbk } });
    expect(fromGbk.body.chapters[0].title).toBe('总体要求');
  });
});

describe('import, review, publish, re-import', () => {
  let versionId: string;

  it('POST /api/v1/plans/import: 401; 403 for a reporter; 404 for a pair the caller is not in; 400 naming pairId', async () => {
    expect((await t.agent().post('/api/v1/plans/import', { pairId, source: { text: DEFAULT_PLAN_TEXT } })).status).toBe(401);
    expect((await reporter.post('/api/v1/plans/import', { pairId, source: { text: DEFAULT_PLAN_TEXT } })).status).toBe(403);
    expect((await office.post('/api/v1/plans/import', { pairId: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11', source: { text: DEFAULT_PLAN_TEXT } })).status).toBe(
      404,
    );
    const bad = await office.post('/api/v1/plans/import', { source: { text: DEFAULT_PLAN_TEXT } });
    expect(bad.body.error.details[0].field).toBe('pairId');
  });

  it('201: a draft version with the source text and offsets; everything is new against no published version', async () => {
    const response = await office.post('/api/v1/plans/import', { pairId, source: { text: DEFAULT_PLAN_TEXT } });
    expect(response.status).toBe(201);
    const { version, diff } = response.body;
    versionId = version.id;
    expect(version).toMatchObject({ versionNo: 1, status: 'draft', planTitle: '对口合作实施方案' });
    const article = version.outline.chapters[1].articles[0];
    expect(version.sourceText.slice(article.start, article.end)).toMatch(/^\(三\)广泛开展红色教育培训。/);
    expect(diff.articles.added).toHaveLength(20);
    expect(diff).toMatchObject({ againstVersionId: null, againstVersionNo: null });
  });

  it('GET /api/v1/plan-versions/:id: readable by the pair, 404 for a non-existent id, 400 for a bad id', async () => {
    expect((await reporter.get(`/api/v1/plan-versions/${versionId}`)).status).toBe(200);
    expect((await reporter.get('/api/v1/plan-versions/6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
    expect((await reporter.get('/api/v1/plan-versions/nope')).body.error.details[0].field).toBe('id');
  });

  it('PUT outline: corrections saved on the draft; 400 naming a duplicated article number; 403 for a reporter', async () => {
    const version = (await office.get(`/api/v1/plan-versions/${versionId}`)).body;
    const outline = structuredClone(version.outline);
    outline.chapters[0].articles[1].title = '总体目标（校对）';
    const saved = await office.put(`/api/v1/plan-versions/${versionId}/outline`, { outline });
    expect(saved.status).toBe(200);
    expect(saved.body.outline.chapters[0].articles[1].title).toBe('总体目标（校对）');
    const duplicate = structuredClone(outline);
    duplicate.chapters[0].articles[1].number = '一';
    const refused = await office.put(`/api/v1/plan-versions/${versionId}/outline`, { outline: duplicate });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('outline.chapters.0.articles.1.number');
    expect((await reporter.put(`/api/v1/plan-versions/${versionId}/outline`, { outline })).status).toBe(403);
  });

  it('publish: the tree shows articles and measures; a published version can no longer be edited', async () => {
    expect((await reporter.post(`/api/v1/plan-versions/${versionId}/publish`)).status).toBe(403);
    const published = await office.post(`/api/v1/plan-versions/${versionId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const tree = await reporter.get(`/api/v1/plans/${published.body.planId}/tree`);
    expect(tree.status).toBe(200);
    expect(tree.body.chapters).toHaveLength(7);
    expect(tree.body.chapters[0].articles[1].title).toBe('总体目标（校对）');
    expect(tree.body.chapters[1].articles[0].measures).toHaveLength(3);
    const again = await office.put(`/api/v1/plan-versions/${versionId}/outline`, { outline: published.body.outline });
    expect(again.status).toBe(409);
    expect((await office.post(`/api/v1/plan-versions/${versionId}/publish`)).status).toBe(409);
  });

  it('re-importing a revised text makes version 2 and shows what changed; publishing it supersedes version 1', async () => {
    const revised = DEFAULT_PLAN_TEXT.replace('(二十)积极宣传发动。', '(二十)积极宣传引导。').replace(
      '鼓励深圳文化创意企业积极参与“学习强国文化创意产业园”建设。',
      '鼓励深圳文化创意企业积极参与“学习强国文化创意产业园”建设。支持两市共建文旅数字平台。',
    );
    const response = await office.post('/api/v1/plans/import', { pairId, source: { text: revised } });
    expect(response.body.version.versionNo).toBe(2);
    const { diff } = response.body;
    expect(diff.againstVersionId).toBe(versionId);
    expect(diff.againstVersionNo).toBe(1);
    expect(diff.articles.retitled).toEqual(expect.arrayContaining([{ number: '二十', from: '积极宣传发动', to: '积极宣传引导' }]));
    expect(diff.articles.measuresChanged).toEqual(expect.arrayContaining([expect.objectContaining({ number: '五', added: ['支持两市共建文旅数字平台'] })]));
    await office.post(`/api/v1/plan-versions/${response.body.version.id}/publish`);
    const plans = await reporter.get(`/api/v1/plans?pairId=${pairId}`);
    expect(plans.body.items[0].versions.map((v: { versionNo: number; status: string }) => `${v.versionNo}:${v.status}`)).toEqual([
      '2:published',
      '1:superseded',
    ]);
    // Published, each version still compares with the one published before it: none for the first.
    expect((await reporter.get(`/api/v1/plan-versions/${response.body.version.id}/diff`)).body).toMatchObject({
      againstVersionId: versionId,
      againstVersionNo: 1,
    });
    expect((await reporter.get(`/api/v1/plan-versions/${versionId}/diff`)).body).toMatchObject({ againstVersionId: null, againstVersionNo: null });
  });
});

describe('GET /api/v1/plans', () => {
  it('401 without a session; 400 naming pairId when it is not a uuid', async () => {
    expect((await t.agent().get('/api/v1/plans')).status).toBe(401);
    expect((await reporter.get('/api/v1/plans?pairId=x')).body.error.details[0].field).toBe('pairId');
  });
});

describe('an external user of the pair', () => {
  it('404 for the plan tree, a version, its diff and outline, as for ids that do not exist (a 403 would confirm them)', async () => {
    const outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
    const plan = (await office.get(`/api/v1/plans?pairId=${pairId}`)).body.items[0];
    const versionId = plan.versions[0].id as string;
    const missing = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
    for (const id of [plan.id, missing]) expect((await outsider.get(`/api/v1/plans/${id}/tree`)).status).toBe(404);
    for (const id of [versionId, missing]) {
      expect((await outsider.get(`/api/v1/plan-versions/${id}`)).body.error.code).toBe('NOT_FOUND');
      expect((await outsider.get(`/api/v1/plan-versions/${id}/diff`)).status).toBe(404);
      expect((await outsider.post(`/api/v1/plan-versions/${id}/publish`)).status).toBe(404);
    }
    // The list is a route without a record id: without the right at all, 403.
    expect((await outsider.get(`/api/v1/plans?pairId=${pairId}`)).status).toBe(403);
    // A reporter reads the plan but may not publish it: 403.
    expect((await reporter.post(`/api/v1/plan-versions/${versionId}/publish`)).status).toBe(403);
  });
});
