import { and, eq, like, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, supervisionEvents, supervisionItems, units, users } from '../../db/schema.js';
import { Agent, createTestApp, type JsonBody, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';

/*
 * 情况通报 through the real HTTP app. Supervision items and their events are written straight
 * into the tables (the events are what the figures count), as a worked quarter of Ganzhou:
 *
 * item  owner   events in Q1 2026 (China dates)                                  counts for
 * A     兴国县   assigned 01-05, closed on time 02-10                              兴国: raised, on time
 * B     兴国县   assigned 01-10, overdue 02-01, chased 02-02 and 02-05, closed late 03-01
 *                                                                                兴国: raised, overdue, chased (2 times), late
 * C     兴国县   (assigned 2025-12-20), extension approved 01-15, overdue 03-31   兴国: extended, overdue
 * D     兴国县   assigned 04-01 (after the period)                                 nothing
 * E     宁都县   assigned 01-02, closed on time 01-20                              宁都: raised, on time
 * F     宁都县   assigned 03-31, chased 03-31                                      宁都: raised, chased
 * J     宁都县   chased 03-10 while it was 兴国县's, chased 03-20 as 宁都县's       兴国 chased 1, 宁都 chased 1; the city 1 item
 * G     于都县   assigned 2025-06-01 only                                          于都 listed with zeros (active unit with an item)
 * H     福田区   assigned 02-01 (Shenzhen)                                         not in Ganzhou's bulletin
 */

let t: TestApp;
let office: Agent & { userId: string };
let szOffice: Agent & { userId: string };
let xingguo: Agent & { userId: string };
let pairId: string;
let gzCity: string;
let szCity: string;
const unit: Record<string, { id: string; name: string }> = {};

const Q1 = { from: '2026-01-01', to: '2026-03-31' };

async function item(unitKey: string): Promise<string> {
  const [row] = await t.ctx.db
    .insert(supervisionItems)
    .values({ pairId, unitId: unit[unitKey]!.id, requirement: `督办事项 ${unitKey}`, deadline: '2026-02-28', originalDeadline: '2026-02-28' })
    .returning({ id: supervisionItems.id });
  return row!.id;
}

async function event(itemId: string, unitKey: string, kind: string, onDate: string, data: Record<string, unknown> = {}) {
  const [unitRow] = await t.ctx.db.select({ cityId: units.cityId }).from(units).where(eq(units.id, unit[unitKey]!.id));
  await t.ctx.db.insert(supervisionEvents).values({
    itemId,
    pairId,
    cityId: unitRow!.cityId,
    unitId: unit[unitKey]!.id,
    kind,
    at: new Date(`${onDate}T10:00:00+08:00`),
    onDate,
    data,
  });
}

async function download(agent: Agent, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

const noticesOf = async (bulletinId: string) =>
  t.ctx.db
    .select()
    .from(notifications)
    .where(like(notifications.dedupeKey, `bulletin:${bulletinId}:%`));

/** Active accounts whose unit is in the city: who a published bulletin of the city reaches. */
async function activeUsersOf(cityId: string): Promise<string[]> {
  const rows = await t.ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(units.cityId, cityId), eq(users.status, 'active')));
  return rows.map((r) => r.id).sort();
}

const create = (agent: Agent, body: Record<string, unknown> = {}) => agent.post('/api/v1/bulletins', { cityId: gzCity, ...Q1, ...body });
const rowOf = (figures: JsonBody, key: string) => figures.rows.find((r: { unitId: string }) => r.unitId === unit[key]!.id);

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'gz-yudu', 'gz-office', 'sz-futian', 'sz-office']) unit[key] = await t.unit(key);
  pairId = (await t.unit('gz-office')).pairId;
  gzCity = (await t.unit('gz-office')).cityId;
  szCity = (await t.unit('sz-office')).cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'city', unitKey: 'gz-office', cityId: gzCity });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: szCity });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  const quiet = await t.userAgent({ username: 'quiet', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-yudu' });
  // A disabled account of the city gets no notice.
  await t.ctx.db.update(users).set({ status: 'disabled' }).where(eq(users.id, quiet.userId));

  const A = await item('gz-xingguo');
  await event(A, 'gz-xingguo', 'assigned', '2026-01-05');
  await event(A, 'gz-xingguo', 'signed', '2026-01-06');
  await event(A, 'gz-xingguo', 'closed', '2026-02-10', { late: false });
  const B = await item('gz-xingguo');
  await event(B, 'gz-xingguo', 'assigned', '2026-01-10');
  await event(B, 'gz-xingguo', 'overdue', '2026-02-01');
  await event(B, 'gz-xingguo', 'chased', '2026-02-02');
  await event(B, 'gz-xingguo', 'chased', '2026-02-05');
  await event(B, 'gz-xingguo', 'closed', '2026-03-01', { late: true });
  const C = await item('gz-xingguo');
  await event(C, 'gz-xingguo', 'assigned', '2025-12-20');
  await event(C, 'gz-xingguo', 'extension_requested', '2026-01-12');
  await event(C, 'gz-xingguo', 'extension_approved', '2026-01-15');
  await event(C, 'gz-xingguo', 'overdue', '2026-03-31');
  const D = await item('gz-xingguo');
  await event(D, 'gz-xingguo', 'assigned', '2026-04-01');
  const E = await item('gz-ningdu');
  await event(E, 'gz-ningdu', 'assigned', '2026-01-02');
  await event(E, 'gz-ningdu', 'closed', '2026-01-20', { late: false });
  const F = await item('gz-ningdu');
  await event(F, 'gz-ningdu', 'assigned', '2026-03-31');
  await event(F, 'gz-ningdu', 'chased', '2026-03-31');
  const J = await item('gz-ningdu');
  await event(J, 'gz-xingguo', 'chased', '2026-03-10');
  await event(J, 'gz-ningdu', 'chased', '2026-03-20');
  const G = await item('gz-yudu');
  await event(G, 'gz-yudu', 'assigned', '2025-06-01');
  const H = await item('sz-futian');
  await event(H, 'sz-futian', 'assigned', '2026-02-01');
}, 120_000);
afterAll(async () => t?.close());

describe('GET /api/v1/bulletins/preview', () => {
  it('counts the worked quarter per unit and for the city, ranked by on-time close rate, with the text', async () => {
    const r = await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=${Q1.from}&to=${Q1.to}`);
    expect(r.status).toBe(200);
    const f = r.body;
    expect(f).toMatchObject({ cityId: gzCity, cityName: '赣州市', officeName: unit['gz-office']!.name, periodFrom: Q1.from, periodTo: Q1.to });
    expect(rowOf(f, 'gz-xingguo')).toMatchObject({ raised: 2, closedOnTime: 1, closedLate: 1, extended: 1, overdue: 2, chased: 2, chaseTimes: 3, rank: 2 });
    expect(rowOf(f, 'gz-xingguo').rate).toBeCloseTo(0.25, 10);
    expect(rowOf(f, 'gz-ningdu')).toMatchObject({
      raised: 2,
      closedOnTime: 1,
      closedLate: 0,
      extended: 0,
      overdue: 0,
      chased: 2,
      chaseTimes: 2,
      rate: 1,
      rank: 1,
    });
    expect(rowOf(f, 'gz-yudu')).toMatchObject({ raised: 0, closedOnTime: 0, overdue: 0, chased: 0, rate: null, rank: null });
    expect(f.rows.map((x: { unitId: string }) => x.unitId)).toEqual([unit['gz-ningdu']!.id, unit['gz-xingguo']!.id, unit['gz-yudu']!.id]);
    // J is one item of the city though two units chased it.
    expect(f.totals).toMatchObject({ raised: 4, closedOnTime: 2, closedLate: 1, extended: 1, overdue: 2, chased: 3, chaseTimes: 5 });
    expect(f.totals.rate).toBeCloseTo(0.4, 10);
    expect(f.rows.some((x: { unitId: string }) => x.unitId === unit['sz-futian']!.id)).toBe(false);
    expect(f.sections[0].paragraphs[0]).toBe(
      '2026年1月1日至2026年3月31日，赣州市本期共交办督办事项4件，按期办结2件，逾期办结1件，申请延期1件，逾期未办结2件，催办5次。',
    );
    expect(f.sections[2].paragraphs[0]).toContain('兴国县（2件）存在逾期未办结事项');
  });

  it('cuts the period by the events’ China dates, both ends inclusive', async () => {
    const march = (await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=2026-03-31&to=2026-03-31`)).body;
    expect(march.totals).toMatchObject({ raised: 1, overdue: 1, chased: 1, chaseTimes: 1, closedOnTime: 0 });
    const april = (await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=2026-04-01&to=2026-04-30`)).body;
    expect(april.totals.raised).toBe(1);
  });

  it('refuses a reversed period naming the field; a unit reporter 403; another city’s office 403; a missing city 404', async () => {
    const reversed = await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=2026-03-31&to=2026-01-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].field).toBe('to');
    expect((await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=2025-01-01&to=2026-12-31`)).status).toBe(400);
    expect((await xingguo.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=${Q1.from}&to=${Q1.to}`)).status).toBe(403);
    expect((await szOffice.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=${Q1.from}&to=${Q1.to}`)).status).toBe(403);
    const missing = await office.get(`/api/v1/bulletins/preview?cityId=6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11&from=${Q1.from}&to=${Q1.to}`);
    expect(missing.status).toBe(404);
  });
});

describe('drafts, publishing and scope', () => {
  let draft: JsonBody;

  it('a draft freezes the figures, takes the city’s next issue number and is audited', async () => {
    const preview = (await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=${Q1.from}&to=${Q1.to}`)).body;
    const r = await create(office);
    expect(r.status).toBe(201);
    draft = r.body;
    expect(draft).toMatchObject({
      cityId: gzCity,
      cityName: '赣州市',
      status: 'draft',
      issueNumber: 1,
      title: '督办工作情况通报（2026年第1期）',
      canWrite: true,
    });
    expect(draft.figures).toEqual(preview);
    const second = await create(office, { from: '2026-01-01', to: '2026-01-31' });
    expect(second.body).toMatchObject({ issueNumber: 2, title: '督办工作情况通报（2026年第2期）' });
    // Shenzhen numbers its own bulletins.
    expect((await create(szOffice, { cityId: szCity })).body.issueNumber).toBe(1);
    // A later event changes the preview, not the draft.
    const K = await item('gz-xingguo');
    await event(K, 'gz-xingguo', 'assigned', '2026-02-15');
    expect((await office.get(`/api/v1/bulletins/${draft.id}`)).body.figures.totals.raised).toBe(4);
    expect((await office.get(`/api/v1/bulletins/preview?cityId=${gzCity}&from=${Q1.from}&to=${Q1.to}`)).body.totals.raised).toBe(5);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'bulletin.create'), eq(auditLog.entityId, draft.id)));
    expect(audits).toHaveLength(1);
  });

  it('a unit reporter cannot draft (403) nor see drafts; another city’s office cannot see the draft (404)', async () => {
    expect((await create(xingguo)).status).toBe(403);
    expect((await xingguo.get(`/api/v1/bulletins/${draft.id}`)).status).toBe(404);
    expect((await xingguo.get('/api/v1/bulletins')).body.items).toEqual([]);
    expect((await szOffice.get(`/api/v1/bulletins/${draft.id}`)).status).toBe(404);
    expect((await szOffice.post(`/api/v1/bulletins/${draft.id}/publish`)).status).toBe(404);
    expect((await szOffice.request('DELETE', `/api/v1/bulletins/${draft.id}`)).status).toBe(404);
    expect((await create(szOffice)).status).toBe(403);
    const szList = (await szOffice.get('/api/v1/bulletins')).body.items.map((b: { cityId: string }) => b.cityId);
    expect(szList).toEqual([szCity]);
    const gzList = (await office.get(`/api/v1/bulletins?pairId=${pairId}`)).body;
    expect(gzList.items.map((b: { issueNumber: number }) => b.issueNumber)).toEqual([1, 2]);
  });

  it('publishing notifies every active account of the city’s units once; a second publish is 409 STALE_STATE', async () => {
    const r = await office.post(`/api/v1/bulletins/${draft.id}/publish`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'published', publishedByName: 'gz-office' });
    const notices = await noticesOf(draft.id);
    const expected = await activeUsersOf(gzCity);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(notices.map((n) => n.userId).sort()).toEqual(expected);
    expect(notices[0]).toMatchObject({ kind: 'bulletin', link: `/supervision/bulletins/${draft.id}` });
    const again = await office.post(`/api/v1/bulletins/${draft.id}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('STALE_STATE');
    expect(await noticesOf(draft.id)).toHaveLength(expected.length);
    // The reporter now sees it, in the list and by id, and finds the notice in its own list.
    expect((await xingguo.get(`/api/v1/bulletins/${draft.id}`)).body).toMatchObject({ status: 'published', canWrite: false });
    expect((await xingguo.get('/api/v1/bulletins')).body.items.map((b: { id: string }) => b.id)).toEqual([draft.id]);
    const mine = (await xingguo.get('/api/v1/notifications')).body.items;
    expect(mine.filter((n: { link: string }) => n.link === `/supervision/bulletins/${draft.id}`)).toHaveLength(1);
    // Shenzhen's accounts hear nothing of it.
    expect(notices.some((n) => n.userId === szOffice.userId)).toBe(false);
  });

  it('a reporter cannot publish or delete what it sees (403); a published bulletin cannot be deleted; a draft can', async () => {
    expect((await xingguo.post(`/api/v1/bulletins/${draft.id}/publish`)).status).toBe(403);
    expect((await xingguo.request('DELETE', `/api/v1/bulletins/${draft.id}`)).status).toBe(403);
    const published = await office.request('DELETE', `/api/v1/bulletins/${draft.id}`);
    expect(published.status).toBe(409);
    expect(published.body.error.code).toBe('INVALID_STATE');
    const other = await create(office, { from: '2026-02-01', to: '2026-02-28' });
    expect((await office.request('DELETE', `/api/v1/bulletins/${other.body.id}`)).status).toBe(200);
    expect((await office.get(`/api/v1/bulletins/${other.body.id}`)).status).toBe(404);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'bulletin.delete'), eq(auditLog.entityId, other.body.id)));
    expect(audits).toHaveLength(1);
  });

  it('downloads as a Word document with the title, the issue, the office, the sections and each unit', async () => {
    expect((await download(t.agent(), `/api/v1/bulletins/${draft.id}/bulletin.docx`)).status).toBe(401);
    expect((await download(szOffice, `/api/v1/bulletins/${draft.id}/bulletin.docx`)).status).toBe(404);
    const file = await download(xingguo, `/api/v1/bulletins/${draft.id}/bulletin.docx`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('赣州市督办工作情况通报（2026年第1期）.docx'));
    const zip = await JSZip.loadAsync(file.bytes);
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const expected of [
      '督办工作情况通报',
      '2026年第1期',
      unit['gz-office']!.name,
      '一、总体情况',
      '本期共交办督办事项4件',
      '二、各单位办理情况',
      '兴国县',
      '宁都县',
      '于都县',
      '25%',
      '三、存在问题',
      '四、下步工作',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('草稿');
  });
});

describe('two concurrent publishes of one draft', () => {
  it('exactly one wins; the others answer 409 STALE_STATE; the notices go out once', async () => {
    const draft = (await create(office, { from: '2026-03-01', to: '2026-03-31' })).body;
    const sessions = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const agent = new Agent(t.app);
        expect((await agent.login('gz-office', USER_PASSWORD)).status).toBe(200);
        return agent;
      }),
    );
    const responses = await Promise.all([office, ...sessions].map((a) => a.post(`/api/v1/bulletins/${draft.id}/publish`)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = responses.filter((r) => r.status !== 200);
    expect(losers.map((r) => [r.status, r.body.error.code])).toEqual(losers.map(() => [409, 'STALE_STATE']));
    expect(await noticesOf(draft.id)).toHaveLength((await activeUsersOf(gzCity)).length);
    const published = await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'bulletin.publish'), eq(auditLog.entityId, draft.id)));
    expect(published[0]!.n).toBe(1);
  });
});
