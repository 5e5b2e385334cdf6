import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, users } from '../../db/schema.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let office: Agent;
let xingguo: Agent;
let ningdu: Agent;
let viewer: Agent;
let taskId: string;
let planId: string;
const pdf = Buffer.from('%PDF-1.4\n% 兴国县研学接待名单\n');

beforeAll(async () => {
  t = await createTestApp();
  const gz = await t.unit('gz-office');
  const xingguoUnit = await t.unit('gz-xingguo');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  viewer = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  ({ planId } = await publishDefaultPlan(office, gz.pairId));
  taskId = (
    await office.post('/api/v1/tasks', {
      planId,
      articleNo: '四',
      title: '研学接待',
      startOn: '2026-01-01',
      dueOn: '2026-12-31',
      leadUnitIds: [xingguoUnit.id],
    })
  ).body.id;
});
afterAll(async () => t?.close());

const upload = (over: Record<string, unknown> = {}) => ({
  ownerType: 'task',
  ownerId: taskId,
  fileName: '接待名单.pdf',
  fileBase64: pdf.toString('base64'),
  ...over,
});

describe('POST /api/v1/attachments', () => {
  it('401 without a session; 404 for a task of another county; 403 for a read-only leader', async () => {
    expect((await t.agent().post('/api/v1/attachments', upload())).status).toBe(401);
    expect((await ningdu.post('/api/v1/attachments', upload())).status).toBe(404);
    expect((await viewer.post('/api/v1/attachments', upload())).status).toBe(403);
  });

  it('400 naming the field: an executable, text that is not base64, an unknown owner type', async () => {
    expect((await xingguo.post('/api/v1/attachments', upload({ fileName: 'setup.exe' }))).body.error.details[0].field).toBe('fileName');
    expect((await xingguo.post('/api/v1/attachments', upload({ fileBase64: '不是base64' }))).body.error.details[0].field).toBe('fileBase64');
    expect((await xingguo.post('/api/v1/attachments', upload({ ownerType: 'meeting' }))).body.error.details[0].field).toBe('ownerType');
  });

  it('400 naming the file name for names whose extension only an object inherits (x.constructor, x.__proto__, x.toString); a file stored under one is served as application/octet-stream', async () => {
    for (const fileName of ['x.constructor', 'x.__proto__', 'x.toString', 'x.hasOwnProperty', 'x.valueOf']) {
      const refused = await xingguo.post('/api/v1/attachments', upload({ fileName }));
      expect({ fileName, status: refused.status, field: refused.body.error?.details[0].field }).toEqual({ fileName, status: 400, field: 'fileName' });
    }
    // What the old lookup stored for such a name (the type was the Object constructor's text): answered as an opaque download.
    const [stored] = await t.ctx.db
      .insert(attachments)
      .values({
        pairId: (await t.unit('gz-xingguo')).pairId,
        ownerType: 'task',
        ownerId: taskId,
        fileName: 'x.constructor',
        contentType: 'function Object() { [native code] }',
        sizeBytes: pdf.length,
        sha256: '0'.repeat(64),
        content: pdf,
        uploadedBy: (await t.ctx.db.select().from(users).where(eq(users.username, 'xingguo')))[0]!.id,
        createdAt: new Date(),
      })
      .returning({ id: attachments.id });
    const file = await office.app.inject({ method: 'GET', url: `/api/v1/attachments/${stored!.id}/content`, headers: { cookie: office.cookie! } });
    expect(file.headers['content-type']).toBe('application/octet-stream');
    const list = await office.get(`/api/v1/attachments?ownerType=task&ownerId=${taskId}`);
    expect(list.body.items.find((a: { id: string }) => a.id === stored!.id).contentType).toBe('application/octet-stream');
    await t.ctx.db.delete(attachments).where(eq(attachments.id, stored!.id));
  });

  it('201 for the responsible unit; listed for the office; downloaded byte for byte with a safe disposition', async () => {
    const created = await xingguo.post('/api/v1/attachments', upload());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fileName: '接待名单.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });
    expect(created.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const list = await office.get(`/api/v1/attachments?ownerType=task&ownerId=${taskId}`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const file = await office.app.inject({ method: 'GET', url: `/api/v1/attachments/${created.body.id}/content`, headers: { cookie: office.cookie! } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('接待名单.pdf')}`);
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect((await ningdu.get(`/api/v1/attachments/${created.body.id}/content`)).status).toBe(404);
    expect((await ningdu.get(`/api/v1/attachments?ownerType=task&ownerId=${taskId}`)).status).toBe(404);
  });

  it("a report's files can be added while it is a draft, not once it is submitted", async () => {
    const periods = await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-03-31' });
    const report = { taskId, unitId: (await t.unit('gz-xingguo')).id, periodId: periods.body.items[0].id, narrative: '一季度进展', progress: 10 };
    const draft = await xingguo.put('/api/v1/reports', report);
    expect((await xingguo.post('/api/v1/attachments', upload({ ownerType: 'report', ownerId: draft.body.id, fileName: '佐证.jpg' }))).status).toBe(201);
    await xingguo.put('/api/v1/reports', { ...report, submit: true });
    const late = await xingguo.post('/api/v1/attachments', upload({ ownerType: 'report', ownerId: draft.body.id }));
    expect(late.status).toBe(409);
    expect((await office.get(`/api/v1/attachments?ownerType=report&ownerId=${draft.body.id}`)).body.total).toBe(1);
  });
});

describe('an external user of the pair', () => {
  it('404 for an attachment’s content and for the files of a task, as for ids that do not exist', async () => {
    const outsider = await t.userAgent({ username: 'outsider', role: 'external', scope: 'self', unitKey: 'gz-office' });
    const created = await office.post('/api/v1/attachments', upload({ fileName: '外部不可见.pdf' }));
    expect(created.status).toBe(201);
    const missing = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
    for (const id of [created.body.id, missing]) {
      const response = await outsider.get(`/api/v1/attachments/${id}/content`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    for (const id of [taskId, missing]) expect((await outsider.get(`/api/v1/attachments?ownerType=task&ownerId=${id}`)).status).toBe(404);
    expect((await outsider.post('/api/v1/attachments', upload())).status).toBe(404);
  });
});
