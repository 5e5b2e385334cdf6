import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let reporter: Agent;
let defaultPairId: string;

beforeAll(async () => {
  t = await createTestApp();
  defaultPairId = (await t.unit('gz-office')).pairId;
  reporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
});
afterAll(async () => t?.close());

const newPair = (code: string) => ({
  code,
  name: '深圳市—百色市',
  nameEn: 'Shenzhen–Baise',
  cities: [
    { code: '4403', name: '深圳市' },
    { code: '4510', name: '百色市' },
  ],
});

describe('GET /api/v1/pairs', () => {
  it('401 without a session', async () => {
    expect((await t.agent().get('/api/v1/pairs')).status).toBe(401);
  });
  it('200: the default Shenzhen–Ganzhou pair with its two cities, visible to its own county reporter', async () => {
    const response = await reporter.get('/api/v1/pairs');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    expect(response.body.items[0]).toMatchObject({
      code: 'shenzhen-ganzhou',
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '3607', name: '赣州市' },
      ],
    });
  });
});

describe('GET /api/v1/pairs/:id', () => {
  it('401 without a session; 400 naming id for a non-uuid', async () => {
    expect((await t.agent().get(`/api/v1/pairs/${defaultPairId}`)).status).toBe(401);
    expect((await reporter.get('/api/v1/pairs/shenzhen')).body.error.details[0].field).toBe('id');
  });
  it('200 with its cities for a member of the pair; 404 for an id that does not exist', async () => {
    const response = await reporter.get(`/api/v1/pairs/${defaultPairId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: defaultPairId, name: expect.stringContaining('赣州'), cities: [{ name: '深圳市' }, { name: '赣州市' }] });
    expect((await reporter.get('/api/v1/pairs/6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11')).status).toBe(404);
  });
});

describe('POST /api/v1/pairs and isolation between pairs', () => {
  it('401 without a session; 403 for anyone but a deployment administrator', async () => {
    expect((await t.agent().post('/api/v1/pairs', newPair('shenzhen-baise'))).status).toBe(401);
    const office = await t.userAgent({ username: 'office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: defaultPairId });
    expect((await office.post('/api/v1/pairs', newPair('shenzhen-baise'))).status).toBe(403);
  });

  it('400 naming the field: a city code that is not 4 digits, the same city twice', async () => {
    const admin = await t.admin();
    const bad = await admin.post('/api/v1/pairs', {
      ...newPair('x-y'),
      cities: [
        { code: '44', name: '深圳市' },
        { code: '4510', name: '百色市' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('cities.0.code');
    const same = await admin.post('/api/v1/pairs', {
      ...newPair('x-y'),
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '4403', name: '深圳市' },
      ],
    });
    expect(same.body.error.details[0].field).toBe('cities.1.code');
  });

  it('201 creates the pair with a coordination office per city; 409 for a taken code; other pairs stay invisible', async () => {
    const admin = await t.admin();
    const created = await admin.post('/api/v1/pairs', newPair('shenzhen-baise'));
    expect(created.status).toBe(201);
    const baise = created.body.cities[1];
    const offices = await admin.get(`/api/v1/units?cityId=${baise.id}`);
    expect(offices.body.items).toEqual([expect.objectContaining({ type: 'coordination_office', name: '百色市对口合作工作领导小组办公室' })]);
    expect((await admin.post('/api/v1/pairs', newPair('shenzhen-baise'))).status).toBe(409);

    // An office admin of the default pair sees neither the new pair nor its units.
    const office = await t.userAgent({ username: 'gz-office-2', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId: defaultPairId });
    expect((await office.get('/api/v1/pairs')).body.items.map((p: { code: string }) => p.code)).toEqual(['shenzhen-ganzhou']);
    expect((await office.get(`/api/v1/pairs/${created.body.id}`)).status).toBe(404);
    expect((await office.get(`/api/v1/units/${offices.body.items[0].id}`)).status).toBe(404);
  });
});
