import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRateLimits } from '../config.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let doc: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
const routes: { method: string; url: string; key: string; isPublic: boolean }[] = [];
// The only routes open without a session: a new public route must be added here on purpose.
// The published double-random inspections are open to the public (article 九, 双随机、一公开);
// verifying a draw re-computes it and changes nothing, so it needs neither a session nor a CSRF token.
const PUBLIC_ROUTES = [
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'GET /api/v1/openapi.json',
  'GET /api/v1/public/inspection-plans',
  'GET /api/v1/public/inspection-plans/{id}',
  'GET /api/v1/public/inspection-plans/{id}/inputs',
  'POST /api/v1/public/inspection-plans/{id}/verify',
];

// Public routes with a limit of their own instead of the shared public bucket: probes poll the
// health check, and re-running a draw is heavy (a smaller bucket).
const OWN_LIMIT_ROUTES = ['GET /api/v1/health', 'POST /api/v1/public/inspection-plans/{id}/verify'];

beforeAll(async () => {
  // The production limits, so that the sweep below meets them as a client would.
  t = await createTestApp({ rateLimits: loadRateLimits() });
  // Enumerate every API route the application registered, so a route added later is covered too.
  doc = (await t.agent().get('/api/v1/openapi.json')).body;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const url = path.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000');
      const key = `${method.toUpperCase()} ${path}`;
      routes.push({ method: method.toUpperCase(), url, key, isPublic: PUBLIC_ROUTES.includes(key) });
    }
  }
});
afterAll(async () => t?.close());

describe('every API route is closed by default', () => {
  it('lists the routes of the foundation', () => {
    expect(routes.length).toBeGreaterThanOrEqual(16);
  });

  it('the public routes answer without a session (a missing plan is 404, not 401)', async () => {
    const open = routes.filter((r) => r.isPublic && r.url.includes('/public/'));
    expect(open).toHaveLength(PUBLIC_ROUTES.filter((r) => r.includes('/public/')).length);
    for (const route of open) {
      const response = await t.agent().request(route.method as 'GET', route.url, route.method === 'GET' ? undefined : {});
      expect({ route: `${route.method} ${route.url}`, unauthenticated: response.status === 401 }).toEqual({
        route: `${route.method} ${route.url}`,
        unauthenticated: false,
      });
    }
  });

  it('401 UNAUTHENTICATED without a session on every route but health, login, the API document and the public pages', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const response = await t.agent().request(route.method as 'GET', route.url, route.method === 'GET' ? undefined : {});
      expect({ route: `${route.method} ${route.url}`, status: response.status, code: response.body.error?.code }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('403 CSRF_FAILED on every state-changing route called with a session but without the CSRF token', async () => {
    const agent = t.agent();
    await agent.login('admin', ADMIN_PASSWORD);
    agent.csrfToken = null;
    for (const route of routes.filter((r) => !r.isPublic && r.method !== 'GET')) {
      const response = await agent.request(route.method as 'POST', route.url, {});
      expect({ route: `${route.method} ${route.url}`, code: response.body.error?.code }).toEqual({
        route: `${route.method} ${route.url}`,
        code: 'CSRF_FAILED',
      });
    }
  });
});

describe('every public route is limited per client address', () => {
  it('documents 429 on every public route', () => {
    for (const route of routes.filter((r) => r.isPublic)) {
      const [method, path] = route.key.split(' ') as [string, string];
      expect({ route: route.key, documents429: Boolean(doc.paths[path]?.[method.toLowerCase()]?.responses?.['429']) }).toEqual({
        route: route.key,
        documents429: true,
      });
    }
  });

  it('429 RATE_LIMITED with Retry-After on every public route (and unknown API paths) once the address has used its bucket; other addresses go on', async () => {
    const from = '203.0.113.50';
    const { publicRoutes } = loadRateLimits();
    for (let i = 0; i < publicRoutes.burst; i++) expect((await t.agent(from).get('/api/v1/public/inspection-plans')).status).toBe(200);
    for (const route of [...routes.filter((r) => r.isPublic), { method: 'GET', url: '/api/v1/public/no-such-page', key: 'GET /api/v1/public/no-such-page' }]) {
      const response = await t.agent(from).request(route.method as 'GET', route.url, route.method === 'GET' ? undefined : {});
      const seen = { route: route.key, status: response.status, code: response.body.error?.code, retryAfter: Number(response.headers['retry-after'] ?? 0) };
      if (OWN_LIMIT_ROUTES.includes(route.key)) expect(seen.status).not.toBe(429);
      else expect(seen).toEqual({ route: route.key, status: 429, code: 'RATE_LIMITED', retryAfter: 1 });
    }
    expect((await t.agent('203.0.113.51').get('/api/v1/public/inspection-plans')).status).toBe(200);
    // One request a second comes back.
    t.clock.advance(1000);
    expect((await t.agent(from).get('/api/v1/public/inspection-plans')).status).toBe(200);
    expect((await t.agent(from).get('/api/v1/public/inspection-plans')).status).toBe(429);
  });

  it('re-running a draw has a smaller bucket of its own: the 4th check at once answers 429 for 10 seconds', async () => {
    const url = '/api/v1/public/inspection-plans/00000000-0000-4000-8000-000000000000/verify';
    const from = '203.0.113.60';
    for (let i = 0; i < 3; i++) expect((await t.agent(from).post(url, {})).status).toBe(404);
    const refused = await t.agent(from).post(url, {});
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
  });
});
