import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, DatabaseKind } from './db/client.js';

/** What every service receives: the database handle (never a global), the clock and the configuration. */
export interface ServiceContext {
  db: Database;
  dbKind: DatabaseKind;
  clock: Clock;
  config: Config;
}
