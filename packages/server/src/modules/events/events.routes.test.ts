import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';
import { STREAMS_PER_SESSION } from './events.service.js';

let t: TestApp;
let base: string;
let admin: Agent;
let office: Agent & { userId: string };
let xingguo: Agent & { userId: string };
let gzPair: string;
let taskId: string;
let indicatorId: string;
let periodId: string;
const xingguoUnit: { id: string } = { id: '' };

/** An open event stream seen from the client: its status, and every message (and comment) so far. */
interface Stream {
  status: number;
  contentType: string;
  body: string;
  ended: boolean;
  topics(): string[];
  close(): void;
}

function open(agent: Agent | null, accept = 'text/event-stream'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept };
    if (agent?.cookie) headers.cookie = agent.cookie;
    const request = http.get(`${base}/api/v1/events`, { headers }, (response) => {
      const stream: Stream = {
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        body: '',
        ended: false,
        topics: () => [...stream.body.matchAll(/^data: (.*)$/gm)].map((m) => m[1]!),
        close: () => request.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        stream.body += chunk;
      });
      response.on('end', () => {
        stream.ended = true;
      });
      response.on('error', () => undefined);
      // The headers are the stream's start; the body goes on arriving.
      resolve(stream);
    });
    request.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
  });
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await t.admin();
  const gz = await t.unit('gz-office');
  gzPair = gz.pairId;
  xingguoUnit.id = (await t.unit('gz-xingguo')).id;
  office = await t.userAgent({ username: 'ev-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gz.pairId });
  xingguo = await t.userAgent({ username: 'ev-xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  const { planId } = await publishDefaultPlan(office, gz.pairId);
  const task = await office.post('/api/v1/tasks', {
    planId,
    articleNo: '四',
    title: '兴国县红色研学接待',
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
    leadUnitIds: [xingguoUnit.id],
    indicators: [{ name: '接待研学人次', unitOfMeasure: '人次', target: '2000' }],
  });
  taskId = task.body.id;
  indicatorId = task.body.indicators[0].id;
  const periods = await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 });
  periodId = periods.body.items[0].id;
}, 120_000);
afterAll(async () => t?.close());

describe('GET /api/v1/events', () => {
  it('401 without a session, 406 for a client that does not ask for an event stream', async () => {
    const anonymous = await open(null);
    expect(anonymous.status).toBe(401);
    await until('the 401 body', () => anonymous.ended);
    expect(JSON.parse(anonymous.body).error.code).toBe('UNAUTHENTICATED');
    const plain = await open(office, 'application/json');
    expect(plain.status).toBe(406);
    await until('the 406 body', () => plain.ended);
    expect(JSON.parse(plain.body).error.code).toBe('NOT_ACCEPTABLE');
  });

  it('a report submitted in a county reaches the office of its pair as pair:<id>, the reporter’s notices as user:<id>; never a topic of a pair the caller is not in', async () => {
    const officeStream = await open(office);
    const reporterStream = await open(xingguo);
    const adminStream = await open(admin);
    expect(officeStream.status).toBe(200);
    expect(officeStream.contentType).toContain('text/event-stream');
    await until('the streams to open', () => [officeStream, reporterStream, adminStream].every((s) => s.body.includes(': open')));

    const report = {
      taskId,
      unitId: xingguoUnit.id,
      periodId,
      narrative: '已接待研学团队12批。',
      progress: 20,
      values: [{ indicatorId, value: '600' }],
      submit: true,
    };
    const submitted = await xingguo.put('/api/v1/reports', report);
    expect(submitted.status).toBe(200);
    await until('the office to hear of the report', () => officeStream.topics().includes(`pair:${gzPair}`));

    // A pair the office is not in: the deployment's administrator hears of it, the office does not.
    const other = await admin.post('/api/v1/pairs', {
      code: 'shenzhen-baise',
      name: '深圳市—百色市',
      nameEn: 'Shenzhen–Baise',
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '4510', name: '百色市' },
      ],
    });
    expect(other.status).toBe(201);
    await until('the administrator to hear of the new pair', () => adminStream.topics().includes(`pair:${other.body.id}`));

    // Returning the report notifies its reporter: their user topic, no one else's.
    const returned = await office.post(`/api/v1/reports/${submitted.body.id}/review`, { decision: 'return', comment: '请补充佐证材料' });
    expect(returned.status).toBe(200);
    await until('the reporter to hear of the notice', () => reporterStream.topics().includes(`user:${xingguo.userId}`));
    await new Promise((r) => setTimeout(r, 300));

    for (const topic of officeStream.topics()) expect([`pair:${gzPair}`, `user:${office.userId}`, 'all']).toContain(topic);
    for (const topic of reporterStream.topics()) expect([`pair:${gzPair}`, `user:${xingguo.userId}`, 'all']).toContain(topic);
    expect(officeStream.body).not.toContain(other.body.id);
    expect(reporterStream.body).not.toContain(other.body.id);
    // Names only: nothing of the report itself travels on the stream.
    expect(officeStream.body).not.toContain(submitted.body.id);
    for (const s of [officeStream, reporterStream, adminStream]) s.close();
  });

  it('the stream ends when its session ends (logout), and when the account is disabled', async () => {
    const other = await t.userAgent({ username: 'ev-office-2', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gzPair });
    const stream = await open(other);
    expect(stream.status).toBe(200);
    expect((await other.post('/api/v1/auth/logout')).status).toBe(200);
    await until('the stream to end', () => stream.ended);
    expect(stream.body).toContain('event: end');

    const disabled = await t.userAgent({ username: 'ev-office-3', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: gzPair });
    const second = await open(disabled);
    expect(second.status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${disabled.userId}`, { status: 'disabled' })).status).toBe(200);
    await until('the stream of the disabled account to end', () => second.ended);
  });

  it(`at most ${STREAMS_PER_SESSION} streams per session: the next answers 429 RATE_LIMITED; closing one makes room`, async () => {
    const streams = [];
    for (let i = 0; i < STREAMS_PER_SESSION; i++) streams.push(await open(office));
    expect(streams.map((s) => s.status)).toEqual(streams.map(() => 200));
    const refused = await open(office);
    expect(refused.status).toBe(429);
    await until('the 429 body', () => refused.ended);
    expect(JSON.parse(refused.body).error.code).toBe('RATE_LIMITED');
    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await open(office);
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });

  it('a change made through another platform process reaches the stream (PostgreSQL: NOTIFY/LISTEN)', async (context) => {
    const sibling = await t.sibling();
    if (!sibling) return context.skip('one process owns the embedded database');
    const stream = await open(office);
    await until('the stream to open', () => stream.body.includes(': open'));
    const before = stream.topics().length;
    const other = sibling.as(xingguo);
    const saved = await other.put('/api/v1/reports', {
      taskId,
      unitId: xingguoUnit.id,
      periodId,
      narrative: '补充：已接待研学团队13批。',
      progress: 25,
      values: [{ indicatorId, value: '650' }],
      submit: true,
    });
    expect(saved.status).toBe(200);
    await until('the office to hear of the change made elsewhere', () => stream.topics().slice(before).includes(`pair:${gzPair}`));
    stream.close();
  });

  it('closing the app ends the open streams instead of waiting for them', async () => {
    const stream = await open(office);
    expect(stream.status).toBe(200);
    const closing = t.close();
    await until('the stream to end', () => stream.ended);
    await closing;
    t = null as unknown as TestApp;
  }, 30_000);
});
