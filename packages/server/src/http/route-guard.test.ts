import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
const routes: { method: string; url: string; isPublic: boolean }[] = [];
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

beforeAll(async () => {
  t = await createTestApp();
  // Enumerate every API route the application registered, so a route added later is covered too.
  const doc = (await t.agent().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const url = path.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000');
      routes.push({ method: method.toUpperCase(), url, isPublic: PUBLIC_ROUTES.includes(`${method.toUpperCase()} ${path}`) });
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
