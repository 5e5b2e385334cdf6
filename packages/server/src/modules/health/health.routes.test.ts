import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('GET /api/v1/health', () => {
  it('200 without a session, naming the database kind in use', async () => {
    const response = await t.agent().get('/api/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'embedded' });
  });

  it('sets defensive headers on every response', async () => {
    const response = await t.agent().get('/api/v1/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('sends the Content-Security-Policy with the API documentation and the error pages too', async () => {
    for (const url of ['/api/v1/docs/static/index.html', '/api/v1/docs', '/api/v1/no-such-route']) {
      const response = await t.app.inject({ method: 'GET', url });
      const policy = String(response.headers['content-security-policy'] ?? '');
      expect({
        url,
        scripts: policy.includes("script-src 'self'"),
        inlineScripts: /script-src[^;]*unsafe-inline/.test(policy),
        frames: policy.includes("frame-ancestors 'none'"),
      }).toEqual({
        url,
        scripts: true,
        inlineScripts: false,
        frames: true,
      });
    }
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('200 with an OpenAPI 3.1 document listing every API route', async () => {
    const response = await t.agent().get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const paths = Object.keys(response.body.paths);
    for (const p of [
      '/api/v1/health',
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/users/{id}/roles',
      '/api/v1/units/{id}',
      '/api/v1/pairs',
      '/api/v1/audit/verify',
    ]) {
      expect(paths).toContain(p);
    }
    expect(response.body.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('username');
  });

  it('serves browsable documentation at /api/v1/docs without a session', async () => {
    const response = await t.agent().get('/api/v1/docs/');
    expect(response.status).toBe(200);
    expect(String(response.body)).toContain('swagger');
  });
});

describe('unknown routes', () => {
  it('404 with the catalogue shape under /api', async () => {
    const response = await t.agent().get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.body.error.message).toBe('记录不存在');
  });
});
