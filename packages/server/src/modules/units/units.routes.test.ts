import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let xingguoReporter: Agent;
let shenzhenOffice: Agent;
let ganzhou: { cityId: string; pairId: string };
let shenzhenCityId: string;

beforeAll(async () => {
  t = await createTestApp();
  const gzOffice = await t.unit('gz-office');
  const szOffice = await t.unit('sz-office');
  ganzhou = { cityId: gzOffice.cityId, pairId: gzOffice.pairId };
  shenzhenCityId = szOffice.cityId;
  xingguoReporter = await t.userAgent({ username: 'xingguo-reporter', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  shenzhenOffice = await t.userAgent({ username: 'sz-office-admin', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: szOffice.cityId });
});
afterAll(async () => t?.close());

describe('GET /api/v1/units', () => {
  it('401 without a session', async () => {
    expect((await t.agent().get('/api/v1/units')).status).toBe(401);
  });

  it('400 naming the field for a bad page size or unknown type', async () => {
    const admin = await t.admin();
    const badPage = await admin.get('/api/v1/units?pageSize=0');
    expect(badPage.status).toBe(400);
    expect(badPage.body.error.details[0].field).toBe('pageSize');
    const badType = await admin.get('/api/v1/units?type=planet');
    expect(badType.body.error.details[0].field).toBe('type');
  });

  it("200 with the default data: Ganzhou's 18 county-level divisions with their GB/T 2260 codes", async () => {
    const admin = await t.admin();
    const response = await admin.get(`/api/v1/units?cityId=${ganzhou.cityId}&type=county&pageSize=50`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(18);
    const codes = response.body.items.map((u: { adminCode: string }) => u.adminCode).sort();
    expect(codes).toEqual([
      '360702',
      '360703',
      '360704',
      '360722',
      '360723',
      '360724',
      '360725',
      '360726',
      '360728',
      '360729',
      '360730',
      '360731',
      '360732',
      '360733',
      '360734',
      '360735',
      '360781',
      '360783',
    ]);
  });

  it('pages with {items,total} and filters by name', async () => {
    const admin = await t.admin();
    const page1 = await admin.get('/api/v1/units?pageSize=5&page=1');
    const page2 = await admin.get('/api/v1/units?pageSize=5&page=2');
    expect(page1.body.items).toHaveLength(5);
    expect(page1.body.total).toBe(page2.body.total);
    expect(page1.body.items[0].id).not.toBe(page2.body.items[0].id);
    const search = await admin.get(`/api/v1/units?q=${encodeURIComponent('兴国')}`);
    expect(search.body.items.map((u: { name: string }) => u.name)).toEqual(['兴国县']);
  });

  it('a county reporter sees only its own county; a city office admin only its city', async () => {
    const own = await xingguoReporter.get('/api/v1/units?pageSize=200');
    expect(own.status).toBe(200);
    expect(own.body.items.map((u: { name: string }) => u.name)).toEqual(['兴国县']);
    const city = await shenzhenOffice.get('/api/v1/units?pageSize=200');
    expect(city.body.total).toBeGreaterThan(10);
    expect(city.body.items.every((u: { cityId: string }) => u.cityId === shenzhenCityId)).toBe(true);
  });
});

describe('GET /api/v1/units/:id', () => {
  it('401 without a session', async () => {
    const unit = await t.unit('gz-xingguo');
    expect((await t.agent().get(`/api/v1/units/${unit.id}`)).status).toBe(401);
  });

  it('400 naming id when it is not a uuid', async () => {
    const response = await xingguoReporter.get('/api/v1/units/42');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('id');
  });

  it("404 for another county's unit, exactly as for an id that does not exist", async () => {
    const other = await t.unit('gz-ningdu');
    const response = await xingguoReporter.get(`/api/v1/units/${other.id}`);
    expect(response.status).toBe(404);
    const missing = await xingguoReporter.get('/api/v1/units/6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11');
    expect(missing.body.error.code).toBe(response.body.error.code);
  });

  it('200 for its own unit', async () => {
    const own = await t.unit('gz-xingguo');
    const response = await xingguoReporter.get(`/api/v1/units/${own.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: '兴国县', type: 'county', adminCode: '360732', depth: 0 });
    expect(response.body).not.toHaveProperty('path');
  });
});

describe('POST /api/v1/units', () => {
  const body = () => ({ cityId: ganzhou.cityId, type: 'enterprise', name: '赣州稀土测试企业有限公司', creditCode: '91440300MA5F000007' });

  it('401 without a session', async () => {
    expect((await t.agent().post('/api/v1/units', body())).status).toBe(401);
  });

  it('403 for a unit reporter, and for an office admin of the other city', async () => {
    expect((await xingguoReporter.post('/api/v1/units', body())).status).toBe(403);
    const response = await shenzhenOffice.post('/api/v1/units', body());
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('400 naming the field: missing name, bad credit code checksum, a code outside the city', async () => {
    const admin = await t.admin();
    const noName = await admin.post('/api/v1/units', { ...body(), name: undefined });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details[0].field).toBe('name');
    const badCode = await admin.post('/api/v1/units', { ...body(), creditCode: '91440300MA5F000008' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error).toMatchObject({ code: 'INVALID_CREDIT_CODE', details: [{ field: 'creditCode', reason: '统一社会信用代码校验码不正确' }] });
    const outside = await admin.post('/api/v1/units', { cityId: ganzhou.cityId, type: 'county', name: '福田测试', adminCode: '440304' });
    expect(outside.body.error).toMatchObject({ code: 'INVALID_ADMIN_CODE', details: [expect.objectContaining({ field: 'adminCode' })] });
  });

  it('201 creates the unit under its parent, audits it; 409 naming name for a duplicate', async () => {
    const admin = await t.admin();
    const parent = await t.unit('gz-xingguo');
    const created = await admin.post('/api/v1/units', { ...body(), parentId: parent.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: body().name, parentId: parent.id, depth: 1, creditCode: '91440300MA5F000007' });
    // The county's reporter has scope "unit", not "unit and below": the new enterprise stays out of its view.
    expect((await xingguoReporter.get(`/api/v1/units/${created.body.id}`)).status).toBe(404);
    const audit = await admin.get(`/api/v1/audit?entityType=unit&entityId=${created.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'unit.create', actorName: 'admin', after: { name: body().name } });
    const duplicate = await admin.post('/api/v1/units', body());
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details[0].field).toBe('name');
  });
});

describe('PATCH /api/v1/units/:id', () => {
  it('401 without a session', async () => {
    const unit = await t.unit('gz-xingguo');
    expect((await t.agent().patch(`/api/v1/units/${unit.id}`, { shortName: 'x' })).status).toBe(401);
  });

  it('404 outside the scope, 403 inside it without the right to write', async () => {
    const other = await t.unit('gz-ningdu');
    expect((await xingguoReporter.patch(`/api/v1/units/${other.id}`, { shortName: 'x' })).status).toBe(404);
    const own = await t.unit('gz-xingguo');
    expect((await xingguoReporter.patch(`/api/v1/units/${own.id}`, { shortName: 'x' })).status).toBe(403);
  });

  it('400 for an empty change', async () => {
    const admin = await t.admin();
    const own = await t.unit('gz-xingguo');
    const response = await admin.patch(`/api/v1/units/${own.id}`, {});
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('moves a subtree (paths follow, so "unit and below" scopes follow), refuses a cycle with 409', async () => {
    const admin = await t.admin();
    const office = await t.unit('gz-office');
    const a = (await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '测试机构甲' })).body;
    const b = (await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '测试机构乙', parentId: a.id })).body;
    const c = (await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '测试机构丙', parentId: b.id })).body;
    const cycle = await admin.patch(`/api/v1/units/${a.id}`, { parentId: c.id });
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.details[0].field).toBe('parentId');

    const officeViewer = await t.userAgent({ username: 'gz-office-viewer', role: 'viewer', scope: 'unit_tree', unitKey: 'gz-office' });
    expect((await officeViewer.get(`/api/v1/units/${c.id}`)).status).toBe(404);
    const moved = await admin.patch(`/api/v1/units/${b.id}`, { parentId: office.id });
    expect(moved.status).toBe(200);
    expect(moved.body.depth).toBe(1);
    expect((await admin.get(`/api/v1/units/${c.id}`)).body.depth).toBe(2);
    expect((await officeViewer.get(`/api/v1/units/${c.id}`)).status).toBe(200);
  });

  it('disables a unit: gone from the default list, shown with includeDisabled=true, audited with before and after', async () => {
    const admin = await t.admin();
    const office = await t.unit('gz-office');
    const unit = (await admin.post('/api/v1/units', { cityId: office.cityId, type: 'institution', name: '将停用的机构' })).body;
    const response = await admin.patch(`/api/v1/units/${unit.id}`, { disabled: true });
    expect(response.status).toBe(200);
    const q = encodeURIComponent('将停用');
    expect((await admin.get(`/api/v1/units?q=${q}`)).body.total).toBe(0);
    expect((await admin.get(`/api/v1/units?q=${q}&includeDisabled=true`)).body.total).toBe(1);
    const audit = await admin.get(`/api/v1/audit?entityId=${unit.id}&action=unit.disable`);
    expect(audit.body.items[0]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
  });
});
