import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../app.js';
import type { Config, RateLimits, WorkConfig } from '../config.js';
import type { ServiceContext } from '../context.js';
import { ReadCache } from '../db/read-cache.js';
import { units } from '../db/schema.js';
import { seedDatabase } from '../db/seed.js';
import { openPlatform, type Platform } from '../platform.js';
import { DEFAULT_INFLATED_BYTES } from '../uploads/limits.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_PASSWORD = 'Duikou#Pass2026';
export const USER_PASSWORD = 'Unit#Pass2026x';

/** A clock the tests move forward by hand, to cross idle timeouts and lockouts without waiting. */
export class TestClock {
  private current = new Date('2026-03-02T09:00:00+08:00');
  readonly now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Response bodies in API tests are checked field by field with expect(), against the real JSON
 * the server sent; typing them statically would only restate the schemas under test.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; confined to test code.
export type JsonBody = any;

export interface Response<T = JsonBody> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookie: string | null = null;
  csrfToken: string | null = null;
  /** The client address the server sees (app.inject's default is 127.0.0.1), for per-address limits. */
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  async request<T = JsonBody>(method: InjectOptions['method'], url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in extraHeaders)) headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const setCookie = response.cookies.find((c) => c.name === 'duikou_session');
    if (setCookie) this.cookie = setCookie.value ? `duikou_session=${setCookie.value}` : null;
    const isJson = String(response.headers['content-type'] ?? '').includes('application/json');
    const parsed = isJson && response.body ? (JSON.parse(response.body) as T) : (response.body as T);
    if (url === '/api/v1/auth/login' && response.statusCode === 200) this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: response.statusCode, body: parsed, headers: response.headers };
  }
  get<T = JsonBody>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = JsonBody>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  patch<T = JsonBody>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = JsonBody>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }
  delete<T = JsonBody>(url: string) {
    return this.request<T>('DELETE', url);
  }
  async login(username: string, password: string): Promise<Response> {
    const response = await this.post('/api/v1/auth/login', { username, password });
    return response;
  }
}

export interface TestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  platform: Platform;
  clock: TestClock;
  db: TestDatabase;
  /** An anonymous client, from 127.0.0.1 or the address given. */
  agent(remoteAddress?: string): Agent;
  /** A client logged in as `admin` (deployment-wide system administrator). */
  admin(): Promise<Agent>;
  /** The seeded unit with this default-data key (e.g. 'gz-xingguo'). */
  unit(seedKey: string): Promise<{ id: string; pairId: string; cityId: string; name: string }>;
  /**
   * Creates a user through the API (as admin) with one role and logs it in. Builds what it needs,
   * like a factory: the unit comes from the default data by key.
   */
  userAgent(spec: {
    username: string;
    role: string;
    scope: string;
    unitKey?: string;
    anchorUnitKey?: string;
    cityId?: string;
    pairId?: string;
  }): Promise<Agent & { userId: string }>;
  /**
   * Another platform process on the same PostgreSQL database, with its own change feed and read
   * cache (null on the embedded database, which one process owns). Closed with the test app.
   */
  sibling(): Promise<Peer | null>;
  /** The same database and clock behind an app whose read cache is off: what every read gives without caching. */
  uncached(): Promise<Peer>;
  close(): Promise<void>;
}

/** A second HTTP app over the same data; `as(agent)` carries an agent's session over to it. */
export interface Peer {
  app: FastifyInstance;
  ctx: ServiceContext;
  as(agent: Agent): Agent;
}

function peerOf(app: FastifyInstance, ctx: ServiceContext): Peer {
  return {
    app,
    ctx,
    as(agent) {
      const twin = new Agent(app);
      twin.cookie = agent.cookie;
      twin.csrfToken = agent.csrfToken;
      return twin;
    },
  };
}

/**
 * Limits so high that no test meets them: the suite logs in many times from one address
 * (127.0.0.1 in app.inject). Tests of the limits pass `loadRateLimits()`, the production defaults.
 */
export const UNLIMITED: RateLimits = {
  publicRoutes: { burst: 1_000_000, perMinute: 1_000_000 },
  publicHeavy: { burst: 1_000_000, perMinute: 1_000_000 },
  health: { burst: 1_000_000, perMinute: 1_000_000 },
  loginFailuresPerAddress: { max: 1_000_000, windowMinutes: 15 },
  loginFailuresPerUsername: { max: 1_000_000, windowMinutes: 15 },
  maxTrackedClients: 10_000,
};

/** What a test may set of the configuration (limits, idle timeout, the work pool's settings). */
export interface TestAppOptions extends Partial<Omit<Config, 'work'>> {
  /** The work pool's settings (a queue of 0 to see 503 BUSY, a short timeout). */
  work?: Partial<WorkConfig>;
}

/** A fresh database and app; `options` override the test configuration. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { work, ...overrides } = options;
  const db = await createTestDatabase();
  const clock = new TestClock();
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    adminPassword: ADMIN_PASSWORD,
    sessionIdleMinutes: 30,
    secureCookies: false,
    logLevel: 'silent',
    trustProxy: false,
    webDistDir: '/nonexistent',
    reminderDays: 3,
    jobIntervalMinutes: 0,
    cacheMegabytes: 64,
    // Every response the tests produce is checked by Zod and by the production projection, which must agree.
    responseChecks: 'compare',
    rateLimits: UNLIMITED,
    uploadInflatedBytes: DEFAULT_INFLATED_BYTES,
    // One thread per test file: files run two at a time on a shared machine.
    work: { workers: 1, queue: 16, timeoutSeconds: 120, filesHeapMb: 256, drawHeapMb: 1024, ...work },
    // A fresh test database starts without a plan, so each test imports the one it means; `defaultPlan: true` asks for the built-in one.
    defaultPlan: false,
    ...overrides,
  };
  const platform = await openPlatform(config, clock.now);
  await seedDatabase(platform.ctx, ADMIN_PASSWORD);
  // DUIKOU_TEST_LOG=1 shows the server's error log while debugging a test.
  const logger = process.env.DUIKOU_TEST_LOG ? { level: 'error' } : false;
  const app = await buildApp(platform.ctx, { logger });
  await app.ready();
  let adminAgent: Agent | null = null;
  const closers: (() => Promise<void>)[] = [];

  const testApp: TestApp = {
    app,
    ctx: platform.ctx,
    platform,
    clock,
    db,
    agent: (remoteAddress) => new Agent(app, remoteAddress),
    async admin() {
      // The cached session may have idled out when a test moved the clock.
      if (adminAgent && (await adminAgent.get('/api/v1/auth/session')).status === 200) return adminAgent;
      const agent = new Agent(app);
      const response = await agent.login('admin', ADMIN_PASSWORD);
      if (response.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(response.body)}`);
      adminAgent = agent;
      return agent;
    },
    async unit(seedKey) {
      const [row] = await platform.ctx.db.select().from(units).where(eq(units.seedKey, seedKey));
      if (!row) throw new Error(`no seeded unit ${seedKey}`);
      return row;
    },
    async userAgent(spec) {
      const admin = await testApp.admin();
      const unit = spec.unitKey ? await testApp.unit(spec.unitKey) : null;
      const anchor = spec.anchorUnitKey ? await testApp.unit(spec.anchorUnitKey) : unit;
      const created = await admin.post('/api/v1/users', {
        username: spec.username,
        displayName: spec.username,
        unitId: unit?.id ?? null,
        password: USER_PASSWORD,
        mustChangePassword: false,
        roles: [{ role: spec.role, scope: spec.scope, pairId: spec.pairId ?? unit?.pairId ?? null, cityId: spec.cityId ?? null, unitId: anchor?.id ?? null }],
      });
      if (created.status !== 201) throw new Error(`creating ${spec.username} failed: ${JSON.stringify(created.body)}`);
      const agent = new Agent(app);
      const login = await agent.login(spec.username, USER_PASSWORD);
      if (login.status !== 200) throw new Error(`login of ${spec.username} failed: ${JSON.stringify(login.body)}`);
      return Object.assign(agent, { userId: created.body.user.id as string });
    },
    async sibling() {
      if (!config.databaseUrl) return null;
      const other = await openPlatform(config, clock.now);
      const otherApp = await buildApp(other.ctx, { logger });
      await otherApp.ready();
      closers.push(async () => {
        await otherApp.close();
        await other.close();
      });
      return peerOf(otherApp, other.ctx);
    },
    async uncached() {
      const ctx: ServiceContext = { ...platform.ctx, cache: new ReadCache(platform.ctx.feed, { maxBytes: 0 }) };
      const uncachedApp = await buildApp(ctx, { logger });
      await uncachedApp.ready();
      closers.push(() => uncachedApp.close());
      return peerOf(uncachedApp, ctx);
    },
    async close() {
      for (const closeOne of closers) await closeOne();
      await app.close();
      await platform.close();
      await db.drop();
    },
  };
  return testApp;
}
