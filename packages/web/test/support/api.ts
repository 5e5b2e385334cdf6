import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../src/api/schema.js';

export type ApiClient = Client<paths>;

/**
 * A typed API client for test set-up (users, plans), logged in as `username`: it keeps the session
 * cookie and sends the CSRF token, like the web app's client does in the browser.
 */
export async function apiSession(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  let cookie: string | null = null;
  let csrfToken: string | null = null;
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      if (cookie) request.headers.set('Cookie', cookie);
      if (csrfToken && request.method !== 'GET') request.headers.set('X-CSRF-Token', csrfToken);
      return request;
    },
    onResponse({ response }) {
      const session = response.headers.getSetCookie().find((c) => c.startsWith('duikou_session='));
      if (session) cookie = session.split(';')[0] ?? null;
      return response;
    },
  });
  const login = await client.POST('/api/v1/auth/login', { body: { username, password } });
  if (!login.data) throw new Error(`login of ${username} failed: ${JSON.stringify(login.error)}`);
  csrfToken = login.data.csrfToken;
  return client;
}

/** Throws with the error body unless the call succeeded; returns its data. */
export function ok<D>(result: { data?: D; error?: unknown; response: Response }): D {
  if (!result.response.ok || result.data === undefined) {
    throw new Error(`${result.response.url} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** The plan the first start published for the pair (the built-in default plan), for tests that start from it. */
export async function defaultPlanId(client: ApiClient, pairId: string): Promise<string> {
  const plans = ok(await client.GET('/api/v1/plans', { params: { query: { pairId } } })).items;
  const published = plans.find((plan) => plan.versions.some((version) => version.status === 'published'));
  if (!published) throw new Error('the first start published no plan for the pair');
  return published.id;
}
