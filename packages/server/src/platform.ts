import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import type { ServiceContext } from './context.js';
import { ChangeFeed, installChangeFeed } from './db/change-feed.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { ReadCache } from './db/read-cache.js';
import { type SeedResult, seedDatabase } from './db/seed.js';
import { scheduleReminders } from './jobs/reminders.js';
import { WorkPool } from './work/pool.js';

export interface Platform {
  ctx: ServiceContext;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** Opens the database named by the configuration and brings its schema up to date. */
export async function openPlatform(config: Config, clock: Clock = systemClock): Promise<Platform> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedSocketDir: process.env.DUIKOU_EMBEDDED_SOCKET_DIR });
  try {
    await runMigrations(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const feed = new ChangeFeed(config.databaseUrl ? { connectionString: config.databaseUrl } : null);
  installChangeFeed(handle.db, feed);
  // Without the listener the caches stand aside (and it keeps reconnecting), so a failure here
  // costs speed, not correctness.
  await feed.start().catch(() => undefined);
  const cache = new ReadCache(feed, { maxBytes: config.cacheMegabytes * 1024 * 1024 });
  // Threads start on the first job: commands that never parse a file or draw never start one.
  const work = new WorkPool({
    workers: config.work.workers,
    queue: config.work.queue,
    timeoutMs: config.work.timeoutSeconds * 1000,
    heapMb: { files: config.work.filesHeapMb, draw: config.work.drawHeapMb },
  });
  return {
    ctx: { db: handle.db, dbKind: handle.kind, clock, config, feed, cache, work },
    handle,
    async close() {
      await work.close();
      await feed.close();
      await handle.close();
    },
  };
}

export interface RunningServer {
  app: FastifyInstance;
  platform: Platform;
  seed: SeedResult;
  url: string;
  stop(): Promise<void>;
}

/** Everything `duikou start` does: database, migrations, first-start data, HTTP server. */
export async function startServer(config: Config, options: BuildAppOptions & { clock?: Clock } = {}): Promise<RunningServer> {
  const platform = await openPlatform(config, options.clock);
  let app: FastifyInstance | null = null;
  try {
    const seed = await seedDatabase(platform.ctx, config.adminPassword);
    app = await buildApp(platform.ctx, options);
    const url = await app.listen({ port: config.port, host: config.host });
    const stopJobs = config.jobIntervalMinutes > 0 ? scheduleReminders(platform.ctx, config.reminderDays, config.jobIntervalMinutes, app.log) : () => undefined;
    let stopping: Promise<void> | null = null;
    return {
      app,
      platform,
      seed,
      url,
      stop() {
        stopping ??= (async () => {
          stopJobs();
          await app!.close();
          await platform.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close();
    await platform.close();
    throw error;
  }
}
