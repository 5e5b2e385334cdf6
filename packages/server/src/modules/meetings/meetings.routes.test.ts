import { creditCodeCheckCharacter } from '@duikou/domain';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetings, supervisionItems } from '../../db/schema.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type JsonBody, type TestApp } from '../../test-support/test-app.js';
import { sanitizeMinutes } from './meetings.minutes.js';

let t: TestApp;
type UserAgent = Agent & { userId: string };
let office: UserAgent;
let szOffice: UserAgent;
let xingguo: UserAgent;
let ningdu: UserAgent;
let viewer: UserAgent;
let pairId: string;
let gzCity: string;
let szCity: string;
let taskId: string;
let ningduTaskId: string;
const ids: Record<string, string> = {};
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';

// The test clock starts on 2026-03-02 09:00 (China time); the first meeting was the day before.
const newMeeting = (over: Record<string, unknown> = {}) => ({
  pairId,
  title: '深圳市与赣州市对口合作联席会议第一次会议',
  startsAt: '2026-03-01T09:30:00+08:00',
  place: '赣州市人民政府第一会议室',
  hostCityId: gzCity,
  chairs: [{ name: '李明', title: '副市长', cityId: gzCity }],
  attendees: [{ unitId: ids['gz-xingguo'] }, { unitId: ids['gz-office'], name: '陈静', title: '主任' }],
  agenda: [{ title: '审议红色研学合作任务推进情况', link: { kind: 'task', id: taskId } }, { title: '研究下一阶段工作安排' }],
  decisions: [{ text: '兴国县牵头制定红色研学线路方案', ownerUnitId: ids['gz-xingguo'], deadline: '2026-04-30' }],
  minutesHtml: '<p>会议由<strong>李明</strong>副市长主持。</p>',
  ...over,
});

async function create(over: Record<string, unknown> = {}): Promise<JsonBody> {
  const response = await office.post('/api/v1/meetings', newMeeting(over));
  if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The body a PUT sends back for a meeting as the API showed it. */
function bodyOf(meeting: JsonBody, over: Record<string, unknown> = {}) {
  return {
    title: meeting.title,
    startsAt: meeting.startsAt,
    place: meeting.place,
    hostCityId: meeting.hostCityId,
    chairs: meeting.chairs.map((c: JsonBody) => ({ name: c.name, title: c.title, cityId: c.cityId })),
    attendees: meeting.attendees.map((a: JsonBody) => ({ unitId: a.unitId, name: a.name, title: a.title })),
    agenda: meeting.agenda.map((a: JsonBody) => ({ title: a.title, link: a.link ? { kind: a.link.kind, id: a.link.id } : null })),
    decisions: meeting.decisions.map((d: JsonBody) => ({ id: d.id, text: d.text, ownerUnitId: d.ownerUnitId, deadline: d.deadline })),
    minutesHtml: meeting.minutesHtml,
    ...over,
  };
}

const fieldsOf = (body: JsonBody): string[] => body.error?.details?.map((d: { field: string }) => d.field) ?? [];
const itemCount = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(supervisionItems))[0]!.n;
const auditOf = async (entityType: string, entityId: string, action: string) =>
  (await (await t.admin()).get(`/api/v1/audit?entityType=${entityType}&entityId=${entityId}&action=${action}`)).body;

async function download(agent: Agent, url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'gz-office', 'sz-futian', 'sz-office']) ids[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  gzCity = gz.cityId;
  szCity = sz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: szCity });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit_tree', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  viewer = await t.userAgent({ username: 'gz-leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gzCity });
  const { planId } = await publishDefaultPlan(office, pairId);
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
  const other = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '十',
    title: '宁都县蔬菜基地直供深圳',
    dueOn: '2026-12-31',
    leadUnitIds: [ids['gz-ningdu']],
  });
  expect(other.status).toBe(201);
  ningduTaskId = other.body.id;
});
afterAll(async () => t?.close());

describe('POST /api/v1/meetings', () => {
  it('401 without a session; 403 for a unit reporter and for a leader; 404 for a pair the caller has no grant in', async () => {
    expect((await t.agent().post('/api/v1/meetings', newMeeting())).status).toBe(401);
    expect((await xingguo.post('/api/v1/meetings', newMeeting())).status).toBe(403);
    expect((await viewer.post('/api/v1/meetings', newMeeting())).status).toBe(403);
    expect((await office.post('/api/v1/meetings', newMeeting({ pairId: MISSING }))).status).toBe(404);
  });

  it('403 naming hostCityId when the Shenzhen office records a meeting hosted by Ganzhou', async () => {
    const response = await szOffice.post('/api/v1/meetings', newMeeting({ agenda: [] }));
    expect(response.status).toBe(403);
    expect(fieldsOf(response.body)).toEqual(['hostCityId']);
  });

  it('400 naming the field, the decision without an owner first', async () => {
    const decision = { text: '兴国县牵头制定红色研学线路方案', deadline: '2026-04-30' };
    const cases: [Record<string, unknown>, string][] = [
      [{ decisions: [decision] }, 'decisions.0.ownerUnitId'],
      [{ decisions: [{ ...decision, ownerUnitId: ids['gz-xingguo'], deadline: '2026/04/30' }] }, 'decisions.0.deadline'],
      [{ decisions: [{ ...decision, ownerUnitId: ids['gz-xingguo'], deadline: '2026-02-28' }] }, 'decisions.0.deadline'],
      [{ decisions: [{ ...decision, ownerUnitId: MISSING }] }, 'decisions.0.ownerUnitId'],
      [{ decisions: [{ ...decision, text: ' ', ownerUnitId: ids['gz-xingguo'] }] }, 'decisions.0.text'],
      [{ title: '' }, 'title'],
      [{ startsAt: '2026-03-01 09:30' }, 'startsAt'],
      [{ place: undefined }, 'place'],
      [{ hostCityId: MISSING }, 'hostCityId'],
      [{ chairs: [{ name: '李明', title: '副市长', cityId: MISSING }] }, 'chairs.0.cityId'],
      [{ chairs: [{ name: '', title: '副市长', cityId: gzCity }] }, 'chairs.0.name'],
      [{ attendees: [{ unitId: MISSING }] }, 'attendees.0.unitId'],
      [{ attendees: [{ unitId: ids['gz-xingguo'] }, { unitId: ids['gz-xingguo'] }] }, 'attendees.1.unitId'],
      [{ agenda: [{ title: '议题', link: { kind: 'task', id: MISSING } }] }, 'agenda.0.link.id'],
      [{ agenda: [{ title: '议题' }, { title: '议题', link: { kind: 'supervision', id: taskId } }] }, 'agenda.1.link.id'],
      [{ agenda: [{ title: '议题', link: { kind: 'project', id: taskId } }] }, 'agenda.0.link.id'],
      [{ agenda: [{ title: '议题', link: { kind: 'invoice', id: taskId } }] }, 'agenda.0.link.kind'],
      [{ agenda: [{ title: '' }] }, 'agenda.0.title'],
      [{ minutesHtml: 'x'.repeat(200_001) }, 'minutesHtml'],
    ];
    for (const [change, field] of cases) {
      const response = await office.post('/api/v1/meetings', newMeeting(change));
      expect({ field, status: response.status, got: fieldsOf(response.body)[0] }).toEqual({ field, status: 400, got: field });
    }
  });

  it('400 naming agenda.0.link.id for a task outside the caller’s reach (the Shenzhen office and a Ganzhou-only task)', async () => {
    const meeting = newMeeting({ hostCityId: szCity, attendees: [{ unitId: ids['sz-futian'] }], decisions: [] });
    const response = await szOffice.post('/api/v1/meetings', { ...meeting, agenda: [{ title: '宁都蔬菜基地', link: { kind: 'task', id: ningduTaskId } }] });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['agenda.0.link.id']);
    // The task both cities take part in is in its reach.
    const linked = await szOffice.post('/api/v1/meetings', { ...meeting, agenda: [{ title: '红色研学', link: { kind: 'task', id: taskId } }] });
    expect(linked.status).toBe(201);
  });

  it('201: the meeting as recorded, planned, the decision not raised yet; audited with the pair', async () => {
    const items = await itemCount();
    const response = await office.post('/api/v1/meetings', newMeeting());
    expect(response.status).toBe(201);
    const meeting = response.body;
    expect(meeting).toMatchObject({
      pairId,
      title: '深圳市与赣州市对口合作联席会议第一次会议',
      startsAt: '2026-03-01T01:30:00.000Z',
      place: '赣州市人民政府第一会议室',
      hostCityId: gzCity,
      hostCityName: '赣州市',
      status: 'planned',
      chairs: [{ name: '李明', title: '副市长', cityId: gzCity, cityName: '赣州市' }],
      attendees: [
        { unitId: ids['gz-xingguo'], unitName: '兴国县', cityName: '赣州市', name: null, title: null },
        { unitId: ids['gz-office'], name: '陈静', title: '主任' },
      ],
      agenda: [
        { title: '审议红色研学合作任务推进情况', link: { kind: 'task', id: taskId, label: '组织深圳中小学生赴兴国开展红色研学', state: '未启动' } },
        { title: '研究下一阶段工作安排', link: null },
      ],
      decisions: [
        {
          text: '兴国县牵头制定红色研学线路方案',
          ownerUnitId: ids['gz-xingguo'],
          ownerUnitName: '兴国县',
          deadline: '2026-04-30',
          raised: false,
          supervision: null,
        },
      ],
      minutesHtml: '<p>会议由<strong>李明</strong>副市长主持。</p>',
      heldMarkedAt: null,
      canEdit: true,
      createdBy: office.userId,
      createdByName: 'gz-office',
      updatedBy: office.userId,
    });
    expect(await itemCount()).toBe(items);
    const audit = await auditOf('meeting', meeting.id, 'meeting.create');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({ pairId, after: expect.objectContaining({ title: meeting.title }) });
  });
});

describe('minutes are sanitized', () => {
  it('scripts, event handlers, styles, images and javascript: links are stripped; the allowed tags stay, without attributes', async () => {
    const dirty = [
      '<h2 style="color:red" onclick="steal()">一、会议情况</h2>',
      '<p class="x">会议<b>听取</b>了<i>汇报</i>。<script>alert(document.cookie)</script></p>',
      '<p><a href="javascript:alert(1)">点击这里</a><img src=x onerror="alert(2)"></p>',
      '<iframe src="https://example.invalid"></iframe><style>p{display:none}</style>',
      '<ul><li onmouseover="x()">甲</li></ul><table border="1"><tbody><tr><td>兴国县</td></tr></tbody></table>',
      '<blockquote>引用<u>下划线</u></blockquote><svg><script>alert(3)</script></svg>',
    ].join('');
    const meeting = await create({ minutesHtml: dirty });
    const stored = meeting.minutesHtml as string;
    expect(stored).toBe(
      '<h2>一、会议情况</h2><p>会议<strong>听取</strong>了<em>汇报</em>。</p><p>点击这里</p><ul><li>甲</li></ul><table><tbody><tr><td>兴国县</td></tr></tbody></table><blockquote>引用<u>下划线</u></blockquote>',
    );
    for (const bad of ['<script', 'onclick', 'onerror', 'onmouseover', 'javascript:', 'style', 'href', '<img', '<iframe', '<a ', 'class=', 'alert']) {
      expect(stored).not.toContain(bad);
    }
    const [row] = await t.ctx.db.select({ html: meetings.minutesHtml }).from(meetings).where(eq(meetings.id, meeting.id));
    expect(row!.html).toBe(stored);
  });

  it('an editor’s empty document is no minutes; entities stay escaped', () => {
    expect(sanitizeMinutes('<p><br></p>')).toBe('');
    expect(sanitizeMinutes('<p>a &lt;script&gt; b</p>')).toBe('<p>a &lt;script&gt; b</p>');
    expect(sanitizeMinutes('<p onclick=alert(1)>甲<br>乙</p>')).toBe('<p>甲<br />乙</p>');
  });
});

describe('GET /api/v1/meetings and /api/v1/meetings/:id: data scope', () => {
  let gzMeeting: JsonBody;
  let szHosted: JsonBody;
  beforeAll(async () => {
    gzMeeting = await create({ title: '赣州片区对口合作调度会', startsAt: '2026-02-10T15:00:00+08:00', place: '兴国县政府', decisions: [] });
    szHosted = await create({
      title: '深圳对口合作专题会',
      startsAt: '2026-02-20T10:00:00+08:00',
      place: '深圳市民中心',
      hostCityId: szCity,
      attendees: [{ unitId: ids['sz-futian'] }],
      decisions: [{ text: '宁都县报送蔬菜基地建设方案', ownerUnitId: ids['gz-ningdu'], deadline: '2026-05-31' }],
      agenda: [{ title: '蔬菜基地', link: { kind: 'task', id: ningduTaskId } }],
    });
  });

  it('401 without a session; 400 naming status, from, pairId and id', async () => {
    expect((await t.agent().get('/api/v1/meetings')).status).toBe(401);
    expect((await t.agent().get(`/api/v1/meetings/${gzMeeting.id}`)).status).toBe(401);
    expect(fieldsOf((await office.get('/api/v1/meetings?status=done')).body)).toEqual(['status']);
    expect(fieldsOf((await office.get('/api/v1/meetings?from=yesterday')).body)).toEqual(['from']);
    expect(fieldsOf((await office.get('/api/v1/meetings?pairId=x')).body)).toEqual(['pairId']);
    expect(fieldsOf((await office.get('/api/v1/meetings/123')).body)).toEqual(['id']);
  });

  it('the office and the leader see every meeting; a county sees those it attends or owns a decision of; the Shenzhen office those of its city', async () => {
    const idsOf = (body: JsonBody) => body.items.map((m: { id: string }) => m.id);
    const all = (await office.get('/api/v1/meetings?pageSize=200')).body;
    expect(idsOf(all)).toEqual(expect.arrayContaining([gzMeeting.id, szHosted.id]));
    // The Ganzhou leader sees what Ganzhou hosts or takes part in: all but the Shenzhen-only meeting.
    const leader = idsOf((await viewer.get('/api/v1/meetings?pageSize=200')).body);
    expect(leader).toEqual(expect.arrayContaining([gzMeeting.id, szHosted.id]));
    expect(leader).toHaveLength(all.total - 1);
    const own = idsOf((await xingguo.get('/api/v1/meetings?pageSize=200')).body);
    expect(own).toContain(gzMeeting.id);
    expect(own).not.toContain(szHosted.id);
    expect(idsOf((await ningdu.get('/api/v1/meetings?pageSize=200')).body)).toEqual([szHosted.id]);
    const shenzhen = idsOf((await szOffice.get('/api/v1/meetings?pageSize=200')).body);
    expect(shenzhen).toContain(szHosted.id);
    expect(shenzhen).not.toContain(gzMeeting.id);
  });

  it('latest first, paged with the total; filters by text, status and China dates', async () => {
    const all = (await office.get('/api/v1/meetings?pageSize=200')).body;
    const starts = all.items.map((m: { startsAt: string }) => m.startsAt);
    expect(starts).toEqual([...starts].sort().reverse());
    const page = (await office.get('/api/v1/meetings?page=2&pageSize=2')).body;
    expect(page.total).toBe(all.total);
    expect(page.items.map((m: { id: string }) => m.id)).toEqual(all.items.slice(2, 4).map((m: { id: string }) => m.id));
    expect((await office.get('/api/v1/meetings?page=99&pageSize=2')).body).toEqual({ items: [], total: all.total });
    const found = (await office.get(`/api/v1/meetings?q=${encodeURIComponent('市民中心')}`)).body;
    expect(found.items.map((m: { id: string }) => m.id)).toEqual([szHosted.id]);
    expect(found.items[0]).toMatchObject({ hostCityName: '深圳市', status: 'planned', agendaCount: 1, decisionCount: 1, openDecisionCount: 0 });
    const day = (await office.get('/api/v1/meetings?from=2026-02-10&to=2026-02-10')).body;
    expect(day.items.map((m: { id: string }) => m.id)).toEqual([gzMeeting.id]);
    expect((await office.get('/api/v1/meetings?status=held')).body.total).toBe(0);
  });

  it('404 for a meeting out of scope and a missing one; 200 with what the reader may see of the links', async () => {
    expect((await ningdu.get(`/api/v1/meetings/${gzMeeting.id}`)).status).toBe(404);
    expect((await szOffice.get(`/api/v1/meetings/${gzMeeting.id}`)).status).toBe(404);
    expect((await office.get(`/api/v1/meetings/${MISSING}`)).status).toBe(404);
    const seen = await ningdu.get(`/api/v1/meetings/${szHosted.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ canEdit: false, agenda: [{ link: { kind: 'task', id: ningduTaskId, label: '宁都县蔬菜基地直供深圳' } }] });
    // The Shenzhen office sees the meeting it hosts but not the Ganzhou-only task its agenda names.
    const shenzhen = (await szOffice.get(`/api/v1/meetings/${szHosted.id}`)).body;
    expect(shenzhen.agenda[0].link).toEqual({ kind: 'task', id: ningduTaskId, label: null, state: null });
    expect(shenzhen.canEdit).toBe(true);
  });
});

describe('PUT /api/v1/meetings/:id', () => {
  let meeting: JsonBody;
  beforeAll(async () => {
    meeting = await create({ title: '联席会议（待修改）' });
  });

  it('401 without a session; 404 out of scope; 403 for the attending county and the leader; 400 naming the field', async () => {
    expect((await t.agent().put(`/api/v1/meetings/${meeting.id}`, bodyOf(meeting))).status).toBe(401);
    expect((await ningdu.put(`/api/v1/meetings/${meeting.id}`, bodyOf(meeting))).status).toBe(404);
    expect((await szOffice.put(`/api/v1/meetings/${meeting.id}`, bodyOf(meeting))).status).toBe(404);
    expect((await xingguo.put(`/api/v1/meetings/${meeting.id}`, bodyOf(meeting))).status).toBe(403);
    expect((await viewer.put(`/api/v1/meetings/${meeting.id}`, bodyOf(meeting))).status).toBe(403);
    const noOwner = bodyOf(meeting, { decisions: [{ text: '新事项', deadline: '2026-05-01' }] });
    expect(fieldsOf((await office.put(`/api/v1/meetings/${meeting.id}`, noOwner)).body)).toEqual(['decisions.0.ownerUnitId']);
    const foreign = bodyOf(meeting, { decisions: [{ id: MISSING, text: '新事项', ownerUnitId: ids['gz-ningdu'], deadline: '2026-05-01' }] });
    expect(fieldsOf((await office.put(`/api/v1/meetings/${meeting.id}`, foreign)).body)).toEqual(['decisions.0.id']);
  });

  it('200: details, reordered agenda and decisions replaced; audited with before and after', async () => {
    const body = bodyOf(meeting, {
      title: '深圳市与赣州市对口合作联席会议第二次会议',
      agenda: [...bodyOf(meeting).agenda].reverse(),
      decisions: [
        { ...bodyOf(meeting).decisions[0], deadline: '2026-05-15' },
        { text: '宁都县报送蔬菜基地建设方案', ownerUnitId: ids['gz-ningdu'], deadline: '2026-05-31' },
      ],
    });
    const response = await office.put(`/api/v1/meetings/${meeting.id}`, body);
    expect(response.status).toBe(200);
    expect(response.body.title).toBe('深圳市与赣州市对口合作联席会议第二次会议');
    expect(response.body.agenda.map((a: { title: string }) => a.title)).toEqual(['研究下一阶段工作安排', '审议红色研学合作任务推进情况']);
    expect(response.body.decisions).toMatchObject([
      { id: meeting.decisions[0].id, deadline: '2026-05-15' },
      { ownerUnitName: '宁都县', raised: false },
    ]);
    const audit = await auditOf('meeting', meeting.id, 'meeting.update');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({ pairId, before: { title: '联席会议（待修改）' }, after: { title: '深圳市与赣州市对口合作联席会议第二次会议' } });
  });
});

describe('POST /api/v1/meetings/:id/hold: decisions become supervision items', () => {
  let meeting: JsonBody;
  beforeAll(async () => {
    meeting = await create({
      title: '对口合作联席会议（审议红色研学）',
      decisions: [
        { text: '兴国县牵头制定红色研学线路方案', ownerUnitId: ids['gz-xingguo'], deadline: '2026-04-30' },
        { text: '福田区组织首批学生赴兴国研学', ownerUnitId: ids['sz-futian'], deadline: '2026-06-30' },
      ],
    });
  });

  it('401 without a session; 404 out of scope; 403 for the attending county and the leader', async () => {
    expect((await t.agent().post(`/api/v1/meetings/${meeting.id}/hold`)).status).toBe(401);
    expect((await ningdu.post(`/api/v1/meetings/${meeting.id}/hold`)).status).toBe(404);
    expect((await office.post(`/api/v1/meetings/${MISSING}/hold`)).status).toBe(404);
    expect((await xingguo.post(`/api/v1/meetings/${meeting.id}/hold`)).status).toBe(403);
    expect((await viewer.post(`/api/v1/meetings/${meeting.id}/hold`)).status).toBe(403);
    expect(fieldsOf((await office.post('/api/v1/meetings/x/hold')).body)).toEqual(['id']);
  });

  it('409 naming startsAt for a meeting still to come', async () => {
    const later = await create({ startsAt: '2026-03-20T09:30:00+08:00' });
    const response = await office.post(`/api/v1/meetings/${later.id}/hold`);
    expect(response.status).toBe(409);
    expect(fieldsOf(response.body)).toEqual(['startsAt']);
  });

  it('nothing is written when one decision cannot become an item: 400 naming it, the meeting stays planned', async () => {
    // Decided on 2026-02-20 with a deadline that passed before it was marked held (today is 2026-03-02).
    const late = await create({
      startsAt: '2026-02-20T09:30:00+08:00',
      decisions: [
        { text: '兴国县报送研学基地清单', ownerUnitId: ids['gz-xingguo'], deadline: '2026-04-30' },
        { text: '宁都县报送蔬菜基地情况', ownerUnitId: ids['gz-ningdu'], deadline: '2026-02-25' },
      ],
    });
    const items = await itemCount();
    const response = await office.post(`/api/v1/meetings/${late.id}/hold`);
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['decisions.1.deadline']);
    expect(await itemCount()).toBe(items);
    expect((await office.get(`/api/v1/meetings/${late.id}`)).body).toMatchObject({ status: 'planned', decisions: [{ raised: false }, { raised: false }] });
    expect((await auditOf('meeting', late.id, 'meeting.hold')).total).toBe(0);
  });

  it('a failure after the items were written rolls them, the status and every audit entry back', async () => {
    const items = await itemCount();
    const audited = (await (await t.admin()).get('/api/v1/audit?action=supervision.create')).body.total;
    // Make the last write of the transaction (the meeting's new status) fail.
    await t.ctx.db.execute(sql.raw(`create function refuse_hold() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`));
    await t.ctx.db.execute(sql.raw('create trigger refuse_hold before update on meetings for each row execute function refuse_hold()'));
    try {
      expect((await office.post(`/api/v1/meetings/${meeting.id}/hold`)).status).toBe(500);
    } finally {
      await t.ctx.db.execute(sql.raw('drop trigger refuse_hold on meetings'));
      await t.ctx.db.execute(sql.raw('drop function refuse_hold()'));
    }
    expect(await itemCount()).toBe(items);
    expect((await (await t.admin()).get('/api/v1/audit?action=supervision.create')).body.total).toBe(audited);
    expect((await office.get(`/api/v1/meetings/${meeting.id}`)).body.status).toBe('planned');
    expect((await (await t.admin()).get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('200: held; each decision is a supervision item of its owner unit (source meeting), seen there and on the meeting; audited', async () => {
    const response = await office.post(`/api/v1/meetings/${meeting.id}/hold`);
    expect(response.status).toBe(200);
    const held = response.body;
    expect(held).toMatchObject({ status: 'held', heldMarkedAt: t.clock.now().toISOString() });
    expect(held.decisions).toMatchObject([
      { raised: true, supervision: { status: 'assigned', overdue: false } },
      { raised: true, supervision: { status: 'assigned', overdue: false } },
    ]);
    const [first, second] = held.decisions;
    const item = (await xingguo.get(`/api/v1/supervision/${first.supervision.id}`)).body;
    expect(item).toMatchObject({
      unitId: ids['gz-xingguo'],
      unitName: '兴国县',
      deadline: '2026-04-30',
      status: 'assigned',
      source: 'meeting',
      meetingId: meeting.id,
      requirement: '兴国县牵头制定红色研学线路方案（对口合作联席会议（审议红色研学）议定事项）',
    });
    const list = (await xingguo.get('/api/v1/supervision?pageSize=200')).body.items.map((i: { id: string }) => i.id);
    expect(list).toContain(first.supervision.id);
    expect(list).not.toContain(second.supervision.id);
    // Xingguo reads the meeting (it attends) but only its own decision's item.
    const asXingguo = (await xingguo.get(`/api/v1/meetings/${meeting.id}`)).body;
    expect(asXingguo.decisions.map((d: JsonBody) => [d.raised, d.supervision?.id ?? null])).toEqual([
      [true, first.supervision.id],
      [true, null],
    ]);
    const audit = await auditOf('meeting', meeting.id, 'meeting.hold');
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({
      pairId,
      before: { status: 'planned' },
      after: { status: 'held', supervisionItemIds: [first.supervision.id, second.supervision.id] },
    });
    expect((await auditOf('supervision', first.supervision.id, 'supervision.create')).items[0]).toMatchObject({ pairId });
    const listed = (await office.get(`/api/v1/meetings?status=held`)).body.items.find((m: { id: string }) => m.id === meeting.id);
    expect(listed).toMatchObject({ decisionCount: 2, openDecisionCount: 2 });
  });

  it('409 when marked held again; nothing raised twice', async () => {
    const items = await itemCount();
    const again = await office.post(`/api/v1/meetings/${meeting.id}/hold`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    expect(await itemCount()).toBe(items);
  });

  it('on a held meeting a new decision becomes an item at once; raised ones cannot be changed or removed', async () => {
    const current = (await office.get(`/api/v1/meetings/${meeting.id}`)).body;
    const base = bodyOf(current);
    const changed = await office.put(`/api/v1/meetings/${meeting.id}`, {
      ...base,
      decisions: [{ ...base.decisions[0], text: '改过的事项' }, base.decisions[1]],
    });
    expect(changed.status).toBe(400);
    expect(fieldsOf(changed.body)).toEqual(['decisions.0.text']);
    const removed = await office.put(`/api/v1/meetings/${meeting.id}`, { ...base, decisions: [base.decisions[1]] });
    expect(fieldsOf(removed.body)).toEqual(['decisions']);
    const pastDeadline = await office.put(`/api/v1/meetings/${meeting.id}`, {
      ...base,
      decisions: [...base.decisions, { text: '宁都县报送情况', ownerUnitId: ids['gz-ningdu'], deadline: '2026-03-01' }],
    });
    expect(fieldsOf(pastDeadline.body)).toEqual(['decisions.2.deadline']);

    const items = await itemCount();
    const added = await office.put(`/api/v1/meetings/${meeting.id}`, {
      ...base,
      minutesHtml: '<p>会议议定三项事项。</p>',
      decisions: [base.decisions[1], base.decisions[0], { text: '宁都县报送蔬菜基地建设方案', ownerUnitId: ids['gz-ningdu'], deadline: '2026-05-31' }],
    });
    expect(added.status).toBe(200);
    expect(await itemCount()).toBe(items + 1);
    expect(added.body.decisions.map((d: JsonBody) => [d.id, d.raised, d.supervision?.status])).toEqual([
      [current.decisions[1].id, true, 'assigned'],
      [current.decisions[0].id, true, 'assigned'],
      [expect.any(String), true, 'assigned'],
    ]);
    const newItem = (await ningdu.get(`/api/v1/supervision/${added.body.decisions[2].supervision.id}`)).body;
    expect(newItem).toMatchObject({ unitName: '宁都县', source: 'meeting', meetingId: meeting.id });
  });
});

describe('GET /api/v1/meetings/new: the next meeting starts with the open decisions', () => {
  let previousId: string;
  let openItemId: string;
  it('401 without a session; 403 for a county; 404 for a pair the caller has no grant in; 400 naming pairId', async () => {
    expect((await t.agent().get(`/api/v1/meetings/new?pairId=${pairId}`)).status).toBe(401);
    expect((await xingguo.get(`/api/v1/meetings/new?pairId=${pairId}`)).status).toBe(403);
    expect((await office.get(`/api/v1/meetings/new?pairId=${MISSING}`)).status).toBe(404);
    expect(fieldsOf((await office.get('/api/v1/meetings/new')).body)).toEqual(['pairId']);
  });

  it('200: the agenda lists the not-closed items of the latest held meeting, linked to them; a closed one drops out', async () => {
    const previous = await create({
      title: '联席会议第三次会议',
      startsAt: '2026-03-02T08:00:00+08:00',
      decisions: [
        { text: '兴国县完善研学接待设施', ownerUnitId: ids['gz-xingguo'], deadline: '2026-04-15' },
        { text: '宁都县建设蔬菜直供基地', ownerUnitId: ids['gz-ningdu'], deadline: '2026-05-15' },
      ],
    });
    const held = (await office.post(`/api/v1/meetings/${previous.id}/hold`)).body;
    const [first, second] = held.decisions.map((d: JsonBody) => d.supervision.id);
    const draft = (await office.get(`/api/v1/meetings/new?pairId=${pairId}`)).body;
    expect(draft.previousMeeting).toMatchObject({ id: previous.id, title: '联席会议第三次会议' });
    expect(draft.agenda).toEqual([
      {
        title: '落实上次会议议定事项：兴国县完善研学接待设施',
        link: { kind: 'supervision', id: first, label: expect.stringContaining('兴国县完善研学接待设施'), state: '待签收' },
      },
      { title: '落实上次会议议定事项：宁都县建设蔬菜直供基地', link: { kind: 'supervision', id: second, label: expect.any(String), state: '待签收' } },
    ]);
    // The county signs and applies to close; the office closes it.
    expect((await xingguo.post(`/api/v1/supervision/${first}/sign`)).status).toBe(200);
    expect((await xingguo.post(`/api/v1/supervision/${first}/completion`, { result: '接待设施已完善' })).status).toBe(200);
    expect((await office.post(`/api/v1/supervision/${first}/close`, { comment: '已完成' })).status).toBe(200);
    const after = (await office.get(`/api/v1/meetings/new?pairId=${pairId}`)).body;
    expect(after.agenda.map((a: JsonBody) => a.link.id)).toEqual([second]);
    previousId = previous.id;
    openItemId = second;
    // The agenda as drafted is accepted as it is.
    const next = await office.post(
      '/api/v1/meetings',
      newMeeting({
        startsAt: '2026-04-01T09:30:00+08:00',
        agenda: after.agenda.map((a: JsonBody) => ({ title: a.title, link: { kind: a.link.kind, id: a.link.id } })),
        decisions: [],
      }),
    );
    expect(next.status).toBe(201);
    expect(next.body.agenda[0].link).toMatchObject({ kind: 'supervision', id: second, state: '待签收' });
  });

  it('the Shenzhen city office, for which that Ganzhou meeting is 404, gets neither it nor its open decisions', async () => {
    expect((await szOffice.get(`/api/v1/meetings/${previousId}`)).status).toBe(404);
    expect((await szOffice.get(`/api/v1/supervision/${openItemId}`)).status).toBe(404);
    const draft = await szOffice.get(`/api/v1/meetings/new?pairId=${pairId}`);
    expect(draft.status).toBe(200);
    expect(draft.body.previousMeeting?.id).not.toBe(previousId);
    const text = JSON.stringify(draft.body);
    expect(text).not.toContain(openItemId);
    expect(text).not.toContain('宁都县建设蔬菜直供基地');
    // The Ganzhou office that held it still starts from it.
    expect((await office.get(`/api/v1/meetings/new?pairId=${pairId}`)).body.previousMeeting.id).toBe(previousId);
  });
});

describe('GET /api/v1/meetings/link-targets', () => {
  it('401 without a session; 403 for a county; 400 naming kind', async () => {
    expect((await t.agent().get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=task`)).status).toBe(401);
    expect((await xingguo.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=task`)).status).toBe(403);
    expect(fieldsOf((await office.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=invoice`)).body)).toEqual(['kind']);
  });

  it('200: tasks and supervision items of the pair matching the text, in the caller’s reach', async () => {
    const tasks = (await office.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=task&q=${encodeURIComponent('研学')}`)).body;
    expect(tasks.items).toEqual([{ kind: 'task', id: taskId, label: '组织深圳中小学生赴兴国开展红色研学', state: '未启动', unitNames: ['兴国县'] }]);
    const shenzhen = (await szOffice.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=task`)).body;
    expect(shenzhen.items.map((i: { id: string }) => i.id)).toEqual([taskId]);
    const items = (await office.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=supervision&q=${encodeURIComponent('蔬菜')}`)).body;
    expect(items.total).toBeGreaterThan(0);
    expect(items.items.every((i: { label: string }) => i.label.includes('蔬菜'))).toBe(true);
  });

  it('200: projects of the project registry with their stage; an agenda item links one and shows it', async () => {
    const first17 = '91440300MA5DC0BT1';
    const project = await office.post('/api/v1/registries/project/records', {
      pairId,
      data: {
        name: '兴国稀土永磁电机产业园项目',
        investor: '深圳某新能源科技有限公司',
        investorCreditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
        originCityId: szCity,
        locationCode: '360732',
        industry: '稀土新材料',
        plannedInvestment: '5000',
        stage: '洽谈',
        ownerUnitId: ids['gz-xingguo'],
      },
    });
    expect(project.status).toBe(201);
    const found = (await office.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=project&q=${encodeURIComponent('永磁')}`)).body;
    expect(found.items).toEqual([{ kind: 'project', id: project.body.id, label: '兴国稀土永磁电机产业园项目', state: '洽谈', unitNames: ['兴国县'] }]);
    const missing = (await office.get(`/api/v1/meetings/link-targets?pairId=${pairId}&kind=project&q=${encodeURIComponent('不存在的项目')}`)).body;
    expect(missing.items).toEqual([]);
    const meeting = await create({ title: '项目推进专题会议', agenda: [{ title: '研究稀土项目落地', link: { kind: 'project', id: project.body.id } }] });
    const read = (await office.get(`/api/v1/meetings/${meeting.id}`)).body;
    expect(read.agenda[0].link).toMatchObject({ kind: 'project', id: project.body.id, label: '兴国稀土永磁电机产业园项目', state: '洽谈' });
  });
});

describe('GET /api/v1/meetings/:id/minutes.docx', () => {
  let meeting: JsonBody;
  beforeAll(async () => {
    const created = await create({
      title: '深圳市与赣州市对口合作联席会议第四次会议',
      minutesHtml: '<h2>一、会议听取的汇报</h2><p>会议听取了<strong>兴国县</strong>红色研学工作汇报。</p><ul><li>研学线路三条</li></ul>',
      decisions: [
        { text: '兴国县牵头制定红色研学线路方案', ownerUnitId: ids['gz-xingguo'], deadline: '2026-04-30' },
        { text: '福田区组织首批学生赴兴国研学', ownerUnitId: ids['sz-futian'], deadline: '2026-06-30' },
      ],
    });
    meeting = (await office.post(`/api/v1/meetings/${created.id}/hold`)).body;
  });

  it('401 without a session; 404 out of scope; 400 naming id', async () => {
    expect((await download(t.agent(), `/api/v1/meetings/${meeting.id}/minutes.docx`)).status).toBe(401);
    expect((await download(ningdu, `/api/v1/meetings/${meeting.id}/minutes.docx`)).status).toBe(404);
    expect((await download(office, '/api/v1/meetings/x/minutes.docx')).status).toBe(400);
  });

  it('200: a Word document with the title, date, place, chairs, attendees, agenda, minutes and each decision with owner and deadline', async () => {
    const file = await download(xingguo, `/api/v1/meetings/${meeting.id}/minutes.docx`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(String(file.headers['content-disposition'])).toContain(
      `filename*=UTF-8''${encodeURIComponent('深圳市与赣州市对口合作联席会议第四次会议-会议纪要.docx')}`,
    );
    const zip = await JSZip.loadAsync(file.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      '深圳市与赣州市对口合作联席会议第四次会议',
      '2026年3月1日 09:30',
      '赣州市人民政府第一会议室',
      '李明（赣州市副市长）',
      '兴国县',
      '赣州市领导小组办公室（陈静 主任）'.replace('赣州市领导小组办公室', meeting.attendees[1].unitName),
      '1. 审议红色研学合作任务推进情况',
      '一、会议听取的汇报',
      '红色研学工作汇报',
      '研学线路三条',
      '兴国县牵头制定红色研学线路方案',
      '福田区组织首批学生赴兴国研学',
      '2026年4月30日',
      '2026年6月30日',
      '待签收',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
