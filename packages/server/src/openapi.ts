import { buildApp } from './app.js';
import { type Config, loadRateLimits } from './config.js';
import type { ServiceContext } from './context.js';
import { DEFAULT_INFLATED_BYTES } from './uploads/limits.js';

/**
 * The OpenAPI document, produced from the route schemas without a database: registering routes
 * touches no data, so a context whose database is never called is enough. The web app's typed
 * client is generated from this document (`npm run gen:api`).
 */
export async function openApiDocument(): Promise<unknown> {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: '',
    databaseUrl: null,
    adminPassword: null,
    sessionIdleMinutes: 30,
    secureCookies: false,
    logLevel: 'silent',
    trustProxy: false,
    webDistDir: '/nonexistent',
    reminderDays: 3,
    jobIntervalMinutes: 0,
    cacheMegabytes: 64,
    responseChecks: 'strip',
    rateLimits: loadRateLimits(),
    uploadInflatedBytes: DEFAULT_INFLATED_BYTES,
    work: { workers: 1, queue: 0, timeoutSeconds: 1, filesHeapMb: 64, drawHeapMb: 64 },
    defaultPlan: false,
  };
  const noDatabase = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the OpenAPI generator has no database');
      },
    },
  );
  const ctx = { db: noDatabase, dbKind: 'embedded', clock: () => new Date(), config } as unknown as ServiceContext;
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
