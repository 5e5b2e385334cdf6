import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { ChangeFeed } from './db/change-feed.js';
import type { Database, DatabaseKind } from './db/client.js';
import type { ReadCache } from './db/read-cache.js';
import type { WorkPool } from './work/pool.js';

/** What every service receives: the database handle (never a global), the clock and the configuration. */
export interface ServiceContext {
  db: Database;
  dbKind: DatabaseKind;
  clock: Clock;
  config: Config;
  /** Tells this and the other platform processes what changed (see db/change-feed.ts). */
  feed: ChangeFeed;
  /** Derived reads kept between requests, dropped on news of a change (see db/read-cache.ts). */
  cache: ReadCache;
  /** Threads for heavy work (uploads, plan parsing, draws): never on the HTTP thread (see work/pool.ts). */
  work: WorkPool;
}
