import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

// Data that leaves the platform as a file is audited like a change: who took which file, with the
// filter it was taken with. The routes come from the OpenAPI document, so a new download route
// fails here until it is audited and listed.
let t: TestApp;
let office: Agent;
let admin: Agent;
let planId: string;
let pairId: string;
let gzCity: string;
let meetingId: string;
let attachmentId: string;
let bulletinId: string;
let ruleSetId: string;

beforeAll(async () => {
  t = await createTestApp();
  const gz = await t.unit('gz-office');
  const xingguo = await t.unit('gz-xingguo');
  pairId = gz.pairId;
  gzCity = gz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  admin = await t.admin();
  ({ planId } = await publishDefaultPlan(office, pairId));
  const task = await office.post('/api/v1/tasks', { planId, articleNo: '四', title: '研学接待', leadUnitIds: [xingguo.id] });
  expect(task.status).toBe(201);
  const attachment = await office.post('/api/v1/attachments', {
    ownerType: 'task',
    ownerId: task.body.id,
    fileName: '接待名单.pdf',
    fileBase64: Buffer.from('%PDF-1.4\n').toString('base64'),
  });
  expect(attachment.status).toBe(201);
  attachmentId = attachment.body.id;
  const meeting = await office.post('/api/v1/meetings', {
    pairId,
    title: '联席会议',
    startsAt: '2026-03-01T09:30:00+08:00',
    place: '赣州市人民政府第一会议室',
    hostCityId: gzCity,
    chairs: [{ name: '李明', title: '副市长', cityId: gzCity }],
    attendees: [{ unitId: xingguo.id }],
    agenda: [{ title: '研究下一阶段工作安排' }],
    decisions: [],
    minutesHtml: '<p>纪要</p>',
  });
  expect(meeting.status).toBe(201);
  meetingId = meeting.body.id;
  const bulletin = await office.post('/api/v1/bulletins', { cityId: gzCity, from: '2026-01-01', to: '2026-03-01' });
  expect(bulletin.status).toBe(201);
  bulletinId = bulletin.body.id;
  const rules = await office.put('/api/v1/scoring/rule-sets', {
    cityId: gzCity,
    year: 2026,
    base: 100,
    categories: [{ key: 'supervision', name: '督办' }],
    rules: [{ key: 'supervision_chased', category: 'supervision', points: -1 }],
  });
  expect(rules.status, JSON.stringify(rules.body)).toBe(200);
  ruleSetId = rules.body.id;
});
afterAll(async () => t?.close());

interface Download {
  url: () => string;
  action: string;
  /** What the entry must say besides who: the file's record, pair and filter. */
  entry: () => Record<string, unknown>;
}

const DOWNLOADS: Record<string, Download> = {
  'GET /api/v1/tasks/import-template.xlsx': {
    url: () => '/api/v1/tasks/import-template.xlsx',
    action: 'task.template_download',
    entry: () => ({ entityType: 'task', after: { file: '任务导入模板.xlsx' } }),
  },
  'GET /api/v1/tasks/export.xlsx': {
    url: () => `/api/v1/tasks/export.xlsx?pairId=${pairId}&status=not_started`,
    action: 'task.export',
    entry: () => ({
      entityType: 'task',
      pairId,
      after: { file: expect.stringMatching(/^任务台账-\d{8}\.xlsx$/), filter: { pairId, status: 'not_started' }, rows: 1 },
    }),
  },
  'GET /api/v1/registries/{type}/template.xlsx': {
    url: () => `/api/v1/registries/park/template.xlsx?pairId=${pairId}`,
    action: 'registry.template_download',
    entry: () => ({ entityType: 'registry_record', pairId, after: { file: expect.stringContaining('导入模板.xlsx'), type: 'park' } }),
  },
  'GET /api/v1/registries/{type}/export.xlsx': {
    url: () => `/api/v1/registries/park/export.xlsx?pairId=${pairId}&cityId=${gzCity}`,
    action: 'registry.export',
    entry: () => ({ entityType: 'registry_record', pairId, cityId: gzCity, after: { type: 'park', filter: { pairId, cityId: gzCity }, rows: 0 } }),
  },
  'GET /api/v1/water/assessments/report.xlsx': {
    url: () => `/api/v1/water/assessments/report.xlsx?pairId=${pairId}&year=2026`,
    action: 'water.assessment.export',
    entry: () => ({ pairId, after: { file: '东江生态补偿水质考核报告-2026.xlsx', filter: { pairId, year: 2026 } } }),
  },
  'GET /api/v1/inspections/entities/template': {
    url: () => `/api/v1/inspections/entities/template?pairId=${pairId}`,
    action: 'inspection_entity.template_download',
    entry: () => ({ pairId, after: { file: '检查对象名录导入模板.xlsx' } }),
  },
  'GET /api/v1/inspections/inspectors/template': {
    url: () => `/api/v1/inspections/inspectors/template?pairId=${pairId}`,
    action: 'inspection_inspector.template_download',
    entry: () => ({ pairId, after: { file: '执法人员名录导入模板.xlsx' } }),
  },
  'GET /api/v1/meetings/{id}/minutes.docx': {
    url: () => `/api/v1/meetings/${meetingId}/minutes.docx`,
    action: 'meeting.minutes_export',
    entry: () => ({ entityType: 'meeting', entityId: meetingId, pairId, cityId: gzCity, after: { file: '联席会议-会议纪要.docx' } }),
  },
  'GET /api/v1/bulletins/{id}/bulletin.docx': {
    url: () => `/api/v1/bulletins/${bulletinId}/bulletin.docx`,
    action: 'bulletin.export',
    entry: () => ({ entityType: 'supervision_bulletin', entityId: bulletinId, pairId, cityId: gzCity, after: { file: expect.stringMatching(/\.docx$/) } }),
  },
  'GET /api/v1/scoring/rule-sets/{id}/scores.xlsx': {
    url: () => `/api/v1/scoring/rule-sets/${ruleSetId}/scores.xlsx?period=quarter&index=1`,
    action: 'scoring.export',
    entry: () => ({
      entityType: 'scoring_rule_set',
      entityId: ruleSetId,
      pairId,
      cityId: gzCity,
      after: { file: expect.stringMatching(/考评-\d{8}\.xlsx$/), period: { period: 'quarter', index: 1 }, rows: expect.any(Number) },
    }),
  },
  'GET /api/v1/attachments/{id}/content': {
    url: () => `/api/v1/attachments/${attachmentId}/content`,
    action: 'attachment.download',
    entry: () => ({ entityType: 'attachment', entityId: attachmentId, pairId, after: expect.objectContaining({ file: '接待名单.pdf', ownerType: 'task' }) }),
  },
};

describe('every download leaves an audit entry', () => {
  it('the OpenAPI document’s file responses are exactly the downloads listed here', async () => {
    const doc = (await t.agent().get('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
    };
    const files: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = Object.values(operation.responses['200']?.content ?? {})[0]?.schema;
        // A file is declared with no JSON shape at all (`xlsxResponse`, the attachment's bytes); so is
        // the change notices' event stream, which carries topic names only and is no download.
        if (`${method.toUpperCase()} ${path}` === 'GET /api/v1/events') continue;
        if (schema && !('type' in schema) && !('$ref' in schema) && !('properties' in schema) && !('anyOf' in schema))
          files.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(files.sort()).toEqual(Object.keys(DOWNLOADS).sort());
  });

  for (const [route, download] of Object.entries(DOWNLOADS)) {
    it(`${route}: 200, and the entry names who took which file, with the filter`, async () => {
      const response = await office.get(download.url());
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
      expect(String(response.headers['content-disposition'])).toMatch(/^attachment;/);
      // Read as the system administrator: a template belongs to no pair, so its entry is deployment-wide.
      const [entry] = (await admin.get('/api/v1/audit?pageSize=1')).body.items;
      expect(entry).toMatchObject({ action: download.action, actorName: 'gz-office', ip: '127.0.0.1', ...download.entry() });
    });
  }

  it('a download changes nothing: the caches keep what they hold (the pair’s dashboard is not read again)', async () => {
    const dashboard = `/api/v1/dashboard?planId=${planId}`;
    expect((await office.get(dashboard)).status).toBe(200);
    for (const download of Object.values(DOWNLOADS)) expect((await office.get(download.url())).status).toBe(200);
    const misses = t.ctx.cache.stats().misses;
    expect((await office.get(dashboard)).status).toBe(200);
    expect(t.ctx.cache.stats().misses).toBe(misses);
  });
});
