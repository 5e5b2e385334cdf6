import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, leaderInstructions, supervisionItems } from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
type UserAgent = Agent & { userId: string };
let office: UserAgent;
let szOffice: UserAgent;
let gzViewer: UserAgent;
let xingguo: UserAgent;
let ningdu: UserAgent;
let otherOffice: UserAgent;
const ids: Record<string, string> = {};
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

// The test clock starts on 2026-03-02 (China time).
const body = (over: Record<string, unknown> = {}) => ({
  cityId: ids.gzCity,
  leaderName: '李市长',
  content: '请市发展改革委牵头，抓紧推进深赣产业园建设，每月报告进展。',
  instructedOn: '2026-02-26',
  documentTitle: '关于深赣产业园建设情况的报告（赣市发改〔2026〕12号）',
  ...over,
});

async function create(agent: Agent, over: Record<string, unknown> = {}): Promise<string> {
  const response = await agent.post('/api/v1/instructions', body(over));
  if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** A supervision item raised from the instruction, written straight to the table (the create route is another module's). */
async function raiseItem(instructionId: string, unitId: string, status = 'assigned'): Promise<string> {
  const [row] = await t.ctx.db
    .insert(supervisionItems)
    .values({
      pairId: ids.pair!,
      unitId,
      requirement: '按批示要求推进',
      deadline: '2026-04-30',
      originalDeadline: '2026-04-30',
      status,
      source: 'instruction',
      instructionId,
    })
    .returning({ id: supervisionItems.id });
  return row!.id;
}

async function auditOf(id: string, action: string) {
  return (await (await t.admin()).get(`/api/v1/audit?entityType=instruction&entityId=${id}&action=${action}`)).body;
}

const fieldsOf = (response: { body: { error?: { details: { field: string }[] } } }) => response.body.error?.details.map((d) => d.field) ?? [];

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  ids.pair = gz.pairId;
  ids.gzCity = gz.cityId;
  ids.szCity = sz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  gzViewer = await t.userAgent({ username: 'gz-leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit_tree', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  const admin = await t.admin();
  const pair2 = await admin.post('/api/v1/pairs', {
    code: 'shenzhen-baise',
    name: '深圳市—百色市',
    nameEn: 'Shenzhen–Baise',
    cities: [
      { code: '4403', name: '深圳市' },
      { code: '4510', name: '百色市' },
    ],
  });
  expect(pair2.status).toBe(201);
  ids.pair2 = pair2.body.id;
  ids.p2City = pair2.body.cities[1].id;
  const p2Units = (await admin.get(`/api/v1/units?pairId=${ids.pair2}`)).body.items as { id: string }[];
  const p2User = await admin.post('/api/v1/users', {
    username: 'p2-office',
    displayName: 'p2-office',
    unitId: p2Units[0]!.id,
    password: 'Unit#Pass2026x',
    mustChangePassword: false,
    roles: [{ role: 'office_admin', scope: 'all', pairId: ids.pair2, cityId: null, unitId: null }],
  });
  expect(p2User.status).toBe(201);
  otherOffice = Object.assign(t.agent(), { userId: p2User.body.user.id as string });
  expect((await otherOffice.login('p2-office', 'Unit#Pass2026x')).status).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

describe('recording an instruction', () => {
  it('the office records one for its city: stored as sent, shown with its city and writer, audited', async () => {
    const response = await office.post('/api/v1/instructions', body());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      pairId: ids.pair,
      cityId: ids.gzCity,
      cityName: '赣州市',
      leaderName: '李市长',
      instructedOn: '2026-02-26',
      documentTitle: '关于深赣产业园建设情况的报告（赣市发改〔2026〕12号）',
      itemCount: 0,
      openItemCount: 0,
      canEdit: true,
      createdBy: office.userId,
      createdByName: 'gz-office',
      itemsByStatus: { assigned: 0, in_progress: 0, completion_requested: 0, closed: 0 },
    });
    const [stored] = await t.ctx.db.select().from(leaderInstructions).where(eq(leaderInstructions.id, response.body.id));
    expect(stored).toMatchObject({ leaderName: '李市长', content: body().content, cityId: ids.gzCity, createdBy: office.userId });
    const audit = await auditOf(response.body.id, 'instruction.create');
    expect(audit.total).toBe(1);
    expect(audit.items[0].after).toMatchObject({ id: response.body.id, leaderName: '李市长' });
  });

  it('refuses bad input naming each field: lengths, a date in the future or outside the platform’s range, a missing leader', async () => {
    const before = (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(leaderInstructions))[0]!.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ leaderName: '李'.repeat(51) }, 'leaderName'],
      [{ leaderName: '   ' }, 'leaderName'],
      [{ content: '批'.repeat(5001) }, 'content'],
      [{ content: '' }, 'content'],
      [{ documentTitle: '文'.repeat(201) }, 'documentTitle'],
      [{ instructedOn: '2026-03-03' }, 'instructedOn'],
      [{ instructedOn: '1899-12-31' }, 'instructedOn'],
      [{ instructedOn: '2026-02-30' }, 'instructedOn'],
      [{ cityId: 'not-a-uuid' }, 'cityId'],
      [{ cityId: MISSING }, 'cityId'],
    ];
    for (const [over, field] of cases) {
      const response = await office.post('/api/v1/instructions', body(over));
      expect(response.status, JSON.stringify(over).slice(0, 80)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response), JSON.stringify(over).slice(0, 80)).toEqual([field]);
    }
    const future = await office.post('/api/v1/instructions', body({ instructedOn: '2026-03-03' }));
    expect(future.body.error.details[0].reason).toContain('不能晚于今天');
    // Today is accepted, and the limits themselves.
    const atLimits = await office.post(
      '/api/v1/instructions',
      body({ instructedOn: '2026-03-02', leaderName: '李'.repeat(50), content: '批'.repeat(5000), documentTitle: '文'.repeat(200) }),
    );
    expect(atLimits.status).toBe(201);
    expect((await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(leaderInstructions))[0]!.n).toBe(before + 1);
  });

  it('a city of another pair is named like a missing one; a city office cannot record for the other city; reporters and leaders cannot record', async () => {
    const hidden = await office.post('/api/v1/instructions', body({ cityId: ids.p2City }));
    const missing = await office.post('/api/v1/instructions', body({ cityId: MISSING }));
    expect(hidden.status).toBe(400);
    expect({ ...hidden.body.error, requestId: null }).toEqual({ ...missing.body.error, requestId: null });
    const otherCity = await szOffice.post('/api/v1/instructions', body());
    expect(otherCity.status).toBe(403);
    expect(fieldsOf(otherCity)).toEqual(['cityId']);
    expect((await szOffice.post('/api/v1/instructions', body({ cityId: ids.szCity }))).status).toBe(201);
    expect((await gzViewer.post('/api/v1/instructions', body())).status).toBe(403);
    expect((await xingguo.post('/api/v1/instructions', body())).status).toBe(403);
  });
});

describe('who reads instructions', () => {
  let gzId: string;
  let szId: string;
  beforeAll(async () => {
    gzId = await create(office, { leaderName: '王书记', content: '赣州范围的批示：请兴国县落实红色研学' });
    szId = await create(szOffice, { cityId: ids.szCity, leaderName: '陈市长', content: '深圳范围的批示：请福田区做好对接' });
  });

  it('the pair’s office sees both cities; a city office and a city leader only their city’s; another pair’s office none', async () => {
    const idsOf = async (agent: Agent, query = '') =>
      ((await agent.get(`/api/v1/instructions?pageSize=200${query}`)).body.items as { id: string }[]).map((i) => i.id);
    expect(await idsOf(office)).toEqual(expect.arrayContaining([gzId, szId]));
    expect(await idsOf(szOffice)).toContain(szId);
    expect(await idsOf(szOffice)).not.toContain(gzId);
    expect(await idsOf(gzViewer)).toContain(gzId);
    expect(await idsOf(gzViewer)).not.toContain(szId);
    expect(await idsOf(otherOffice)).toEqual([]);
    expect(await idsOf(otherOffice, `&pairId=${ids.pair}`)).toEqual([]);
    // By id: outside the reach is 404, like a missing id.
    expect((await szOffice.get(`/api/v1/instructions/${gzId}`)).status).toBe(404);
    expect((await gzViewer.get(`/api/v1/instructions/${szId}`)).status).toBe(404);
    expect((await otherOffice.get(`/api/v1/instructions/${gzId}`)).status).toBe(404);
    expect((await gzViewer.get(`/api/v1/instructions/${gzId}`)).body).toMatchObject({ id: gzId, canEdit: false });
    expect((await office.get(`/api/v1/instructions/${szId}`)).body).toMatchObject({ id: szId, canEdit: true });
  });

  it('filters by city and text, and pages', async () => {
    const list = async (query: string) => (await office.get(`/api/v1/instructions?${query}`)).body;
    const sz = await list(`cityId=${ids.szCity}&pageSize=200`);
    expect(sz.items.length).toBeGreaterThan(0);
    expect(sz.items.every((i: { cityId: string }) => i.cityId === ids.szCity)).toBe(true);
    expect((await list('q=红色研学')).items.map((i: { id: string }) => i.id)).toEqual([gzId]);
    expect((await list('q=陈市长')).items.map((i: { id: string }) => i.id)).toEqual([szId]);
    expect((await list('q=12号')).total).toBeGreaterThan(1);
    // % and _ match themselves.
    expect((await list('q=%25')).total).toBe(0);
    const all = await list('pageSize=200');
    const pageTwo = await list('pageSize=2&page=2');
    expect(pageTwo.total).toBe(all.total);
    expect(pageTwo.items.map((i: { id: string }) => i.id)).toEqual(all.items.slice(2, 4).map((i: { id: string }) => i.id));
    // Latest instruction first.
    const dates = all.items.map((i: { instructedOn: string }) => i.instructedOn);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('a unit reporter has no list (403) and reads an instruction only once an item on its unit was raised from it', async () => {
    expect((await xingguo.get('/api/v1/instructions')).status).toBe(403);
    expect((await xingguo.get(`/api/v1/instructions/${gzId}`)).status).toBe(404);
    const itemId = await raiseItem(gzId, ids['gz-xingguo']!);
    const seen = await xingguo.get(`/api/v1/instructions/${gzId}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: gzId, canEdit: false, itemCount: 1, itemsByStatus: { assigned: 1 } });
    // Ningdu's reporter sees none of it: the item is Xingguo's.
    expect((await ningdu.get(`/api/v1/instructions/${gzId}`)).status).toBe(404);
    expect((await xingguo.patch(`/api/v1/instructions/${gzId}`, { leaderName: '改' })).status).toBe(403);
    await t.ctx.db.delete(supervisionItems).where(eq(supervisionItems.id, itemId));
  });
});

describe('the items raised from an instruction', () => {
  it('are counted by status, over the items the caller can see', async () => {
    const id = await create(office);
    await raiseItem(id, ids['gz-xingguo']!, 'assigned');
    await raiseItem(id, ids['gz-xingguo']!, 'in_progress');
    await raiseItem(id, ids['gz-ningdu']!, 'closed');
    await raiseItem(id, ids['sz-futian']!, 'completion_requested');
    const all = (await office.get(`/api/v1/instructions/${id}`)).body;
    expect(all).toMatchObject({ itemCount: 4, openItemCount: 3, itemsByStatus: { assigned: 1, in_progress: 1, completion_requested: 1, closed: 1 } });
    const listed = (await office.get('/api/v1/instructions?pageSize=200')).body.items.find((i: { id: string }) => i.id === id);
    expect(listed).toMatchObject({ itemCount: 4, openItemCount: 3 });
    // Ganzhou's leader sees the Ganzhou units' items only; Xingguo's reporter its own.
    expect((await gzViewer.get(`/api/v1/instructions/${id}`)).body).toMatchObject({ itemCount: 3, openItemCount: 2 });
    expect((await xingguo.get(`/api/v1/instructions/${id}`)).body).toMatchObject({
      itemCount: 2,
      itemsByStatus: { assigned: 1, in_progress: 1, completion_requested: 0, closed: 0 },
    });
  });
});

describe('changing and removing an instruction', () => {
  it('the office changes its fields; the change is audited with before and after; a future date is refused', async () => {
    const id = await create(office);
    const response = await office.patch(`/api/v1/instructions/${id}`, { leaderName: '张副市长', documentTitle: null, instructedOn: '2026-02-01' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ leaderName: '张副市长', documentTitle: null, instructedOn: '2026-02-01', content: body().content });
    const audit = await auditOf(id, 'instruction.update');
    expect(audit.total).toBe(1);
    expect(audit.items[0].before).toMatchObject({ leaderName: '李市长' });
    expect(audit.items[0].after).toMatchObject({ leaderName: '张副市长' });
    const future = await office.patch(`/api/v1/instructions/${id}`, { instructedOn: '2026-04-01' });
    expect(future.status).toBe(400);
    expect(fieldsOf(future)).toEqual(['instructedOn']);
    const long = await office.patch(`/api/v1/instructions/${id}`, { content: 'x'.repeat(5001) });
    expect(fieldsOf(long)).toEqual(['content']);
    expect((await office.patch(`/api/v1/instructions/${id}`, {})).status).toBe(400);
    expect((await szOffice.patch(`/api/v1/instructions/${id}`, { leaderName: '改' })).status).toBe(404);
    expect((await gzViewer.patch(`/api/v1/instructions/${id}`, { leaderName: '改' })).status).toBe(403);
    expect((await office.get(`/api/v1/instructions/${id}`)).body.leaderName).toBe('张副市长');
  });

  it('is refused (409) while an item raised from it exists, whoever can see that item; then removed with its document, audited', async () => {
    const id = await create(office);
    const file = await office.post('/api/v1/attachments', {
      ownerType: 'instruction',
      ownerId: id,
      fileName: '批示件.pdf',
      fileBase64: Buffer.from('%PDF-1.4 批示').toString('base64'),
    });
    expect(file.status).toBe(201);
    // An item on a Shenzhen unit: not one the Ganzhou leader or a Ganzhou county sees, but it still holds the instruction.
    const itemId = await raiseItem(id, ids['sz-futian']!);
    const refused = await office.delete(`/api/v1/instructions/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INVALID_STATE');
    expect(refused.body.error.details[0].reason).toContain('已据此交办 1 项督办事项');
    expect((await office.get(`/api/v1/instructions/${id}`)).status).toBe(200);
    expect((await auditOf(id, 'instruction.delete')).total).toBe(0);
    await t.ctx.db.delete(supervisionItems).where(eq(supervisionItems.id, itemId));
    expect((await gzViewer.delete(`/api/v1/instructions/${id}`)).status).toBe(403);
    expect((await szOffice.delete(`/api/v1/instructions/${id}`)).status).toBe(404);
    const removed = await office.delete(`/api/v1/instructions/${id}`);
    expect(removed.status).toBe(200);
    expect((await office.get(`/api/v1/instructions/${id}`)).status).toBe(404);
    expect(await t.ctx.db.select({ id: attachments.id }).from(attachments).where(eq(attachments.ownerId, id))).toEqual([]);
    const audit = await auditOf(id, 'instruction.delete');
    expect(audit.total).toBe(1);
    expect(audit.items[0].before).toMatchObject({ id, leaderName: '李市长' });
    expect((await office.delete(`/api/v1/instructions/${id}`)).status).toBe(404);
  });

  it('two removals at once: one removes it, the other waits for its lock and answers 404', async () => {
    const id = await create(office);
    const answers = await Promise.all([office.delete(`/api/v1/instructions/${id}`), office.delete(`/api/v1/instructions/${id}`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    expect((await auditOf(id, 'instruction.delete')).total).toBe(1);
  });
});

describe('the instruction’s document (attachments of owner type instruction)', () => {
  it('the office uploads it; readers of the instruction list and download it; others are told it does not exist', async () => {
    const id = await create(office);
    const upload = (agent: Agent) =>
      agent.post('/api/v1/attachments', {
        ownerType: 'instruction',
        ownerId: id,
        fileName: '市领导批示.pdf',
        fileBase64: Buffer.from('%PDF-1.4 批示件').toString('base64'),
      });
    const uploaded = await upload(office);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ ownerType: 'instruction', ownerId: id, fileName: '市领导批示.pdf' });
    expect((await upload(gzViewer)).status).toBe(403);
    expect((await upload(szOffice)).status).toBe(404);
    expect((await upload(xingguo)).status).toBe(404);
    const listed = await gzViewer.get(`/api/v1/attachments?ownerType=instruction&ownerId=${id}`);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([uploaded.body.id]);
    const download = await gzViewer.get(`/api/v1/attachments/${uploaded.body.id}/content`);
    expect(download.status).toBe(200);
    expect(download.body).toBe('%PDF-1.4 批示件');
    expect((await szOffice.get(`/api/v1/attachments/${uploaded.body.id}/content`)).status).toBe(404);
    expect((await xingguo.get(`/api/v1/attachments/${uploaded.body.id}/content`)).status).toBe(404);
    // Through an item raised on its county, Xingguo's reporter reads the document too.
    await raiseItem(id, ids['gz-xingguo']!);
    expect((await xingguo.get(`/api/v1/attachments/${uploaded.body.id}/content`)).status).toBe(200);
    const audited = await (await t.admin()).get(`/api/v1/audit?entityType=instruction&entityId=${id}&action=attachment.upload`);
    expect(audited.body.total).toBe(1);
  });
});
