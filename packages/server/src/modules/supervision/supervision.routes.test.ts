import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, supervisionItems, units } from '../../db/schema.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';
import { insertNotification } from './supervision.repository.js';

let t: TestApp;
type UserAgent = Agent & { userId: string };
let office: UserAgent;
let szOffice: UserAgent;
let xingguo: UserAgent;
let ningdu: UserAgent;
let viewer: UserAgent;
let center: UserAgent;
let taskId: string;
const ids: Record<string, string> = {};
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

// The test clock starts on 2026-03-02 (China time).
const newItem = (over: Record<string, unknown> = {}) => ({
  unitId: ids['gz-xingguo'],
  requirement: '请于月底前报送红色研学基地建设进展及存在问题',
  deadline: '2026-03-31',
  ...over,
});

async function create(over: Record<string, unknown> = {}): Promise<string> {
  const response = await office.post('/api/v1/supervision', newItem(over));
  if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return response.body.id;
}

async function auditOf(id: string, action: string) {
  return (await (await t.admin()).get(`/api/v1/audit?entityType=supervision&entityId=${id}&action=${action}`)).body;
}

const noticesFor = (dedupeKey: string) => t.ctx.db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
const itemCount = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(supervisionItems))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'sz-futian']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit_tree', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  viewer = await t.userAgent({ username: 'gz-leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gz.cityId });
  // A unit below Xingguo county, with a user who may own Xingguo's items.
  const sub = await (await t.admin()).post('/api/v1/units', {
    cityId: gz.cityId,
    parentId: ids['gz-xingguo'],
    type: 'institution',
    name: '兴国县红色研学服务中心',
  });
  expect(sub.status).toBe(201);
  ids['xingguo-center'] = sub.body.id;
  const centerUser = await (await t.admin()).post('/api/v1/users', {
    username: 'xingguo-center',
    displayName: 'xingguo-center',
    unitId: ids['xingguo-center'],
    password: USER_PASSWORD,
    mustChangePassword: false,
    roles: [{ role: 'unit_reporter', scope: 'unit', pairId: gz.pairId, cityId: null, unitId: ids['xingguo-center'] }],
  });
  expect(centerUser.status).toBe(201);
  center = Object.assign(t.agent(), { userId: centerUser.body.user.id as string });
  expect((await center.login('xingguo-center', USER_PASSWORD)).status).toBe(200);
  await t.ctx.db.update(units).set({ headUserId: ningdu.userId }).where(eq(units.id, ids['gz-ningdu']));
  const { planId } = await publishDefaultPlan(office, gz.pairId);
  const task = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '四',
    title: '组织深圳中小学生赴兴国开展红色研学',
    dueOn: '2026-12-31',
    leadUnitIds: [ids['gz-xingguo']],
    supportUnitIds: [ids['sz-futian']],
  });
  expect(task.status).toBe(201);
  taskId = task.body.id;
});
afterAll(async () => t?.close());

describe('POST /api/v1/supervision', () => {
  it('401 without a session; 403 for a unit reporter; 403 naming unitId for the Shenzhen office on a Ganzhou county', async () => {
    expect((await t.agent().post('/api/v1/supervision', newItem())).status).toBe(401);
    expect((await xingguo.post('/api/v1/supervision', newItem())).status).toBe(403);
    const other = await szOffice.post('/api/v1/supervision', newItem());
    expect(other.status).toBe(403);
    expect(other.body.error.details[0].field).toBe('unitId');
  });

  it('400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ deadline: '2026-03-01' }, 'deadline'],
      [{ deadline: '2026/03/31' }, 'deadline'],
      [{ unitId: undefined }, 'unitId'],
      [{ unitId: MISSING }, 'unitId'],
      [{ requirement: '  ' }, 'requirement'],
      [{ requirement: '要'.repeat(2001) }, 'requirement'],
      [{ ownerUserId: MISSING }, 'ownerUserId'],
      [{ ownerUserId: ningdu.userId }, 'ownerUserId'],
      [{ taskId: MISSING }, 'taskId'],
      [{ taskId, unitId: ids['gz-ningdu'] }, 'unitId'],
    ];
    for (const [change, field] of cases) {
      const response = await office.post('/api/v1/supervision', newItem(change));
      expect({ field, status: response.status, got: response.body.error?.details?.[0]?.field }).toEqual({ field, status: 400, got: field });
    }
  });

  it('201 on a task, owned by a user of a unit below; audited; the owner is notified exactly once', async () => {
    const response = await office.post('/api/v1/supervision', newItem({ taskId, ownerUserId: center.userId }));
    expect(response.status).toBe(201);
    const item = response.body;
    expect(item).toMatchObject({
      taskId,
      taskTitle: '组织深圳中小学生赴兴国开展红色研学',
      unitId: ids['gz-xingguo'],
      unitName: '兴国县',
      ownerUserId: center.userId,
      ownerName: 'xingguo-center',
      deadline: '2026-03-31',
      status: 'assigned',
      light: 'green',
      overdue: false,
      source: 'task',
      sourceLink: `/tasks/${taskId}`,
      createdBy: office.userId,
      closedAt: null,
      closedByName: null,
      closeComment: null,
      replies: [],
    });
    const audit = await auditOf(item.id, 'supervision.create');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({ entityType: 'supervision', after: expect.objectContaining({ requirement: newItem().requirement }) });

    const key = `supervision:${item.id}:created:${center.userId}`;
    const notices = await noticesFor(key);
    expect(notices).toEqual([
      expect.objectContaining({ userId: center.userId, kind: 'supervision', title: `督办事项：${newItem().requirement}`, link: `/supervision/${item.id}` }),
    ]);
    // The same notice inserted again (a retry, a second process) is not sent twice.
    await insertNotification(t.ctx.db, { userId: center.userId, kind: 'supervision', title: 'again', link: null, dedupeKey: key });
    expect(await noticesFor(key)).toHaveLength(1);
  });

  it("without an owner the unit's head is notified; the title keeps the first 30 characters", async () => {
    const requirement = '请宁都县对照方案逐条梳理对口合作任务推进情况，形成书面材料报送市对口合作办公室';
    const id = await create({ unitId: ids['gz-ningdu'], requirement });
    const notices = await noticesFor(`supervision:${id}:created:${ningdu.userId}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe(`督办事项：${Array.from(requirement).slice(0, 30).join('')}`);
    // Xingguo has no head: an item without owner notifies the county's reporters.
    const quiet = await create();
    expect(
      (
        await t.ctx.db
          .select()
          .from(notifications)
          .where(sql`${notifications.dedupeKey} like ${`supervision:${quiet}:%`}`)
      ).map((n) => n.userId),
    ).toEqual([xingguo.userId]);
  });

  it('a failure writes nothing: a refused owner leaves no item; a failure after the insert rolls the item and its audit entry back', async () => {
    const items = await itemCount();
    const audited = (await (await t.admin()).get('/api/v1/audit?action=supervision.create')).body.total;
    expect((await office.post('/api/v1/supervision', newItem({ ownerUserId: ningdu.userId }))).status).toBe(400);
    expect(await itemCount()).toBe(items);
    // Make the last write of the transaction (the notice) fail.
    await t.ctx.db.execute(sql.raw(`create function refuse_notice() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`));
    await t.ctx.db.execute(sql.raw('create trigger refuse_notice before insert on notifications for each row execute function refuse_notice()'));
    try {
      expect((await office.post('/api/v1/supervision', newItem({ ownerUserId: xingguo.userId }))).status).toBe(500);
    } finally {
      await t.ctx.db.execute(sql.raw('drop trigger refuse_notice on notifications'));
      await t.ctx.db.execute(sql.raw('drop function refuse_notice()'));
    }
    expect(await itemCount()).toBe(items);
    expect((await (await t.admin()).get('/api/v1/audit?action=supervision.create')).body.total).toBe(audited);
    expect((await (await t.admin()).get('/api/v1/audit/verify')).body.ok).toBe(true);
  });
});

describe('GET /api/v1/supervision and /api/v1/supervision/:id: data scope', () => {
  let xingguoItem: string;
  let centerItem: string;
  let ningduItem: string;
  beforeAll(async () => {
    xingguoItem = await create({ requirement: '兴国县研学接待情况', deadline: '2026-04-10' });
    centerItem = await create({ requirement: '研学服务中心设施清单', unitId: ids['xingguo-center'], deadline: '2026-04-11' });
    ningduItem = await create({ requirement: '宁都县研学接待情况', unitId: ids['gz-ningdu'], deadline: '2026-04-12' });
  });

  it('401 without a session; 400 naming status, overdue, unitId', async () => {
    expect((await t.agent().get('/api/v1/supervision')).status).toBe(401);
    expect((await t.agent().get(`/api/v1/supervision/${xingguoItem}`)).status).toBe(401);
    expect((await office.get('/api/v1/supervision?status=done')).body.error.details[0].field).toBe('status');
    expect((await office.get('/api/v1/supervision?overdue=yes')).body.error.details[0].field).toBe('overdue');
    expect((await office.get('/api/v1/supervision?unitId=x')).body.error.details[0].field).toBe('unitId');
    expect((await office.get('/api/v1/supervision/123')).body.error.details[0].field).toBe('id');
  });

  it('a county reporter lists its county and the units below; a unit-scoped reporter its unit; the office and the leader everything', async () => {
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
    const own = (await xingguo.get('/api/v1/supervision?pageSize=200')).body;
    expect(idsOf(own)).toEqual(expect.arrayContaining([xingguoItem, centerItem]));
    expect(idsOf(own)).not.toContain(ningduItem);
    const ningduOwn = (await ningdu.get('/api/v1/supervision?pageSize=200')).body;
    expect(ningduOwn.items.every((i: { unitId: string }) => i.unitId === ids['gz-ningdu'])).toBe(true);
    expect(idsOf(ningduOwn)).toContain(ningduItem);
    const all = (await office.get('/api/v1/supervision?pageSize=200')).body;
    expect(all.total).toBe(own.total + ningduOwn.total);
    expect((await viewer.get('/api/v1/supervision?pageSize=200')).body.total).toBe(all.total);
    expect((await szOffice.get('/api/v1/supervision')).body).toEqual({ items: [], total: 0 });
  });

  it('pages with the total, past the end too; filters by unit, task and status', async () => {
    const all = (await office.get('/api/v1/supervision?pageSize=200')).body;
    const page = (await office.get('/api/v1/supervision?page=2&pageSize=2')).body;
    expect(page.total).toBe(all.total);
    expect(page.items.map((i: { id: string }) => i.id)).toEqual(all.items.slice(2, 4).map((i: { id: string }) => i.id));
    expect((await office.get('/api/v1/supervision?page=50&pageSize=2')).body).toEqual({ items: [], total: all.total });
    const byUnit = (await office.get(`/api/v1/supervision?unitId=${ids['xingguo-center']}`)).body;
    expect(byUnit.items.map((i: { id: string }) => i.id)).toEqual([centerItem]);
    const byTask = (await office.get(`/api/v1/supervision?taskId=${taskId}`)).body;
    expect(byTask.total).toBe(1);
    expect(byTask.items[0].taskTitle).toBe('组织深圳中小学生赴兴国开展红色研学');
    expect((await office.get('/api/v1/supervision?status=closed')).body.total).toBe(0);
    expect((await office.get('/api/v1/supervision?status=assigned')).body.total).toBe(all.total);
  });

  it("404 for another county's item (and for the other city's office); 200 with replies and names for its own", async () => {
    expect((await ningdu.get(`/api/v1/supervision/${xingguoItem}`)).status).toBe(404);
    expect((await szOffice.get(`/api/v1/supervision/${xingguoItem}`)).status).toBe(404);
    expect((await office.get(`/api/v1/supervision/${MISSING}`)).status).toBe(404);
    const own = await xingguo.get(`/api/v1/supervision/${centerItem}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: centerItem, unitName: '兴国县红色研学服务中心', taskTitle: null, overdue: false, replies: [] });
    // A reporter of the unit below sees its own unit's item, not the county's.
    expect((await center.get(`/api/v1/supervision/${centerItem}`)).status).toBe(200);
    expect((await center.get(`/api/v1/supervision/${xingguoItem}`)).status).toBe(404);
  });
});

describe('POST /api/v1/supervision/:id/replies', () => {
  let itemId: string;
  beforeAll(async () => {
    itemId = await create({ requirement: '请说明研学线路确定情况', ownerUserId: xingguo.userId });
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/sign`)).status).toBe(200);
  });

  it('401 without a session; 404 for another county; 403 for a read-only leader; 400 naming body', async () => {
    expect((await t.agent().post(`/api/v1/supervision/${itemId}/replies`, { body: '已完成' })).status).toBe(401);
    expect((await ningdu.post(`/api/v1/supervision/${itemId}/replies`, { body: '已完成' })).status).toBe(404);
    expect((await szOffice.post(`/api/v1/supervision/${itemId}/replies`, { body: '已完成' })).status).toBe(404);
    expect((await viewer.post(`/api/v1/supervision/${itemId}/replies`, { body: '已完成' })).status).toBe(403);
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/replies`, { body: '' })).body.error.details[0].field).toBe('body');
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/replies`, { body: '字'.repeat(5001) })).body.error.details[0].field).toBe('body');
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/replies`, {})).body.error.details[0].field).toBe('body');
  });

  it('201: the unit replies while handling the item, the creator is notified; the office replies too; replies oldest first; audited', async () => {
    const first = await xingguo.post(`/api/v1/supervision/${itemId}/replies`, { body: '研学线路已确定，共三条。' });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('in_progress');
    expect(first.body.replies).toEqual([expect.objectContaining({ body: '研学线路已确定，共三条。', authorId: xingguo.userId, authorName: 'xingguo' })]);
    const replyId = first.body.replies[0].id;
    expect(await noticesFor(`supervision:${itemId}:reply:${replyId}:${office.userId}`)).toEqual([
      expect.objectContaining({ userId: office.userId, kind: 'supervision', link: `/supervision/${itemId}` }),
    ]);
    t.clock.advance(60_000);
    const second = await office.post(`/api/v1/supervision/${itemId}/replies`, { body: '请补充每条线路的接待能力。' });
    expect(second.status).toBe(201);
    // The office does not notify itself.
    expect(
      await t.ctx.db
        .select()
        .from(notifications)
        .where(sql`${notifications.dedupeKey} like ${`supervision:${itemId}:reply:${second.body.replies[1].id}:%`}`),
    ).toEqual([]);
    const detail = (await xingguo.get(`/api/v1/supervision/${itemId}`)).body;
    expect(detail.status).toBe('in_progress');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['assigned', 'signed', 'progress', 'progress']);
    expect(detail.replies.map((r: { body: string }) => r.body)).toEqual(['研学线路已确定，共三条。', '请补充每条线路的接待能力。']);
    const audit = await auditOf(itemId, 'supervision.reply');
    expect(audit.total).toBe(2);
    expect(audit.items[1]).toMatchObject({ before: { status: 'in_progress' }, after: { status: 'in_progress', note: '研学线路已确定，共三条。' } });
  });
});

describe('POST /api/v1/supervision/:id/close and PATCH /api/v1/supervision/:id', () => {
  let itemId: string;
  beforeAll(async () => {
    itemId = await create({ requirement: '请报送研学基地验收材料', deadline: '2026-05-31' });
  });

  it('PATCH: 401 without a session; 404 for another county; 403 for its own reporter; 400 naming the field', async () => {
    expect((await t.agent().patch(`/api/v1/supervision/${itemId}`, { deadline: '2026-06-30' })).status).toBe(401);
    expect((await ningdu.patch(`/api/v1/supervision/${itemId}`, { deadline: '2026-06-30' })).status).toBe(404);
    expect((await xingguo.patch(`/api/v1/supervision/${itemId}`, { deadline: '2026-06-30' })).status).toBe(403);
    expect((await office.patch(`/api/v1/supervision/${itemId}`, {})).status).toBe(400);
    const cases: [Record<string, unknown>, string][] = [
      [{ deadline: '2026-02-28' }, 'deadline'],
      [{ requirement: '' }, 'requirement'],
      [{ ownerUserId: ningdu.userId }, 'ownerUserId'],
      [{ ownerUserId: 'nobody' }, 'ownerUserId'],
    ];
    for (const [change, field] of cases) {
      const response = await office.patch(`/api/v1/supervision/${itemId}`, change);
      expect({ field, status: response.status, got: response.body.error?.details?.[0]?.field }).toEqual({ field, status: 400, got: field });
    }
  });

  it('PATCH 200: new deadline and owner; audited with before and after; the new owner is notified', async () => {
    const response = await office.patch(`/api/v1/supervision/${itemId}`, { deadline: '2026-06-30', ownerUserId: center.userId });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ deadline: '2026-06-30', ownerUserId: center.userId, ownerName: 'xingguo-center', status: 'assigned' });
    const audit = await auditOf(itemId, 'supervision.update');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({
      before: { deadline: '2026-05-31', ownerUserId: null },
      after: { deadline: '2026-06-30', ownerUserId: center.userId },
    });
    expect(await noticesFor(`supervision:${itemId}:assigned:${center.userId}`)).toHaveLength(1);
    const cleared = await office.patch(`/api/v1/supervision/${itemId}`, { ownerUserId: null });
    expect(cleared.body.ownerUserId).toBeNull();
  });

  it('close: 401 without a session; 404 for another county; 403 for its own reporter and for the leader; 400 naming comment', async () => {
    expect((await t.agent().post(`/api/v1/supervision/${itemId}/close`, {})).status).toBe(401);
    expect((await ningdu.post(`/api/v1/supervision/${itemId}/close`, {})).status).toBe(404);
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/close`, {})).status).toBe(403);
    expect((await viewer.post(`/api/v1/supervision/${itemId}/close`, {})).status).toBe(403);
    expect((await office.post(`/api/v1/supervision/${itemId}/close`, { comment: '办'.repeat(2001) })).body.error.details[0].field).toBe('comment');
  });

  it('assigned → signed → replied → applied → closed; a closed item refuses a second close, replies and edits with 409', async () => {
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/sign`)).body.status).toBe('in_progress');
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/replies`, { body: '验收材料已报送。' })).body.status).toBe('in_progress');
    expect((await xingguo.post(`/api/v1/supervision/${itemId}/completion`, { result: '验收材料已报送市文广新旅局。' })).body.status).toBe(
      'completion_requested',
    );
    const closed = await office.post(`/api/v1/supervision/${itemId}/close`, { comment: '材料齐全，予以办结' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', overdue: false, closedAt: t.clock.now().toISOString() });
    expect(closed.body.replies).toHaveLength(1);
    const audit = await auditOf(itemId, 'supervision.close');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({
      before: { status: 'completion_requested' },
      after: { status: 'closed', closeComment: '材料齐全，予以办结', closedLate: false },
    });
    for (const response of [
      await office.post(`/api/v1/supervision/${itemId}/close`),
      await xingguo.post(`/api/v1/supervision/${itemId}/replies`, { body: '补充材料' }),
      await office.patch(`/api/v1/supervision/${itemId}`, { deadline: '2026-07-31' }),
    ]) {
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('INVALID_STATE');
    }
    expect((await office.get(`/api/v1/supervision/${itemId}`)).body.replies).toHaveLength(1);
    expect((await office.get(`/api/v1/supervision?status=closed`)).body.items.map((i: { id: string }) => i.id)).toEqual([itemId]);
  });

  it('the 办结意见 is kept with the item, with who closed it and when: the office and the owner unit both read it', async () => {
    const closedAt = (await office.get(`/api/v1/supervision/${itemId}`)).body.closedAt;
    expect(closedAt).not.toBeNull();
    for (const reader of [office, xingguo]) {
      const detail = await reader.get(`/api/v1/supervision/${itemId}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ status: 'closed', closeComment: '材料齐全，予以办结', closedByName: 'gz-office', closedAt });
      const listed = (await reader.get('/api/v1/supervision?status=closed')).body.items.find((i: { id: string }) => i.id === itemId);
      expect(listed).toMatchObject({ closeComment: '材料齐全，予以办结', closedByName: 'gz-office' });
    }
    // A second, refused close leaves the comment as it was.
    expect((await office.post(`/api/v1/supervision/${itemId}/close`, { comment: '另一条意见' })).status).toBe(409);
    expect((await xingguo.get(`/api/v1/supervision/${itemId}`)).body.closeComment).toBe('材料齐全，予以办结');
    // Closed without a comment: none is shown, but who closed it still is.
    const bare = await create();
    await xingguo.post(`/api/v1/supervision/${bare}/sign`);
    await xingguo.post(`/api/v1/supervision/${bare}/completion`, { result: '已办结' });
    const closed = await office.post(`/api/v1/supervision/${bare}/close`);
    expect(closed.body).toMatchObject({ closeComment: null, closedByName: 'gz-office' });
  });
});

describe('overdue', () => {
  it('flips when the clock passes the deadline; overdue items come first; closing clears the flag', async () => {
    const soon = await create({ requirement: '三日内报送研学安全预案', deadline: '2026-03-05' });
    expect((await office.get(`/api/v1/supervision/${soon}`)).body.overdue).toBe(false);
    expect((await office.get('/api/v1/supervision?overdue=true')).body.total).toBe(0);

    t.clock.advance(4 * 86_400_000); // 2026-03-06: the deadline 2026-03-05 has passed.
    // Four days idle end every session: log everyone in again.
    for (const [agent, name] of [
      [office, 'gz-office'],
      [xingguo, 'xingguo'],
    ] as const) {
      expect((await agent.login(name, USER_PASSWORD)).status).toBe(200);
    }
    expect((await xingguo.get(`/api/v1/supervision/${soon}`)).body).toMatchObject({ overdue: true, light: 'red', status: 'assigned' });
    const overdue = (await office.get('/api/v1/supervision?overdue=true')).body;
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([soon]);
    const all = (await office.get('/api/v1/supervision?pageSize=200')).body;
    expect(all.items[0]).toMatchObject({ id: soon, overdue: true });
    const rest = all.items.slice(1);
    expect(rest.every((i: { overdue: boolean }) => !i.overdue)).toBe(true);
    // Then the open items by deadline, the closed ones last.
    const firstClosed = rest.findIndex((i: { status: string }) => i.status === 'closed');
    expect(rest.slice(firstClosed).every((i: { status: string }) => i.status === 'closed')).toBe(true);
    const deadlines = rest.slice(0, firstClosed).map((i: { deadline: string }) => i.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect((await office.get('/api/v1/supervision?overdue=false')).body.total).toBe(all.total - 1);

    // A new deadline must not be in the past: "today" has moved too.
    expect((await office.patch(`/api/v1/supervision/${soon}`, { deadline: '2026-03-05' })).body.error.details[0].field).toBe('deadline');
    await xingguo.post(`/api/v1/supervision/${soon}/sign`);
    const applied = await xingguo.post(`/api/v1/supervision/${soon}/completion`, { result: '预案已报送' });
    // Made up: yellow while the office reviews it, not red.
    expect(applied.body).toMatchObject({ status: 'completion_requested', light: 'yellow' });
    const closed = await office.post(`/api/v1/supervision/${soon}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', overdue: false, light: 'done', closedLate: true });
    expect((await office.get('/api/v1/supervision?overdue=true')).body.total).toBe(0);
    const stored = await t.ctx.db
      .select()
      .from(supervisionItems)
      .where(and(eq(supervisionItems.id, soon), eq(supervisionItems.status, 'closed')));
    expect(stored).toHaveLength(1);
  });
});
