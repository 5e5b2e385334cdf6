import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { PlatformClient, survivePoolClientErrors } from './connection-loss.js';
import { type EmbeddedServer, startEmbeddedServer } from './embedded.js';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = PgTransaction<NodePgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
/** What repositories accept: the database or a transaction opened by a service. */
export type Executor = Database | Transaction;
export type DatabaseKind = 'embedded' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  kind: DatabaseKind;
  /** Where psql can reach the embedded database (its socket folder); null on a server. */
  embeddedSocketDir: string | null;
  /** The embedded database's worker (null on a server): for tests of its restart. */
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  embeddedSocketDir?: string;
}

/** How long a request waits for a database connection before it is answered 503. */
export const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Opens the platform's database: a PostgreSQL server when a URL is given, otherwise the embedded
 * PGlite served from a worker thread. Both are reached through node-postgres, so value types
 * (numeric as string, timestamptz as Date) and transaction behaviour are the same in both modes.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      Client: PlatformClient,
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A server that stops answering without closing the connection (a network partition, a
      // failover behind a virtual address) is found by TCP keepalive instead of after minutes, and
      // a request waits at most this long for a connection: then 503 DATABASE_UNAVAILABLE.
      keepAlive: true,
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    });
    survivePoolClientErrors(pool);
    return {
      db: drizzle(pool, { schema }),
      pool,
      kind: 'postgres',
      embeddedSocketDir: null,
      embedded: null,
      close: () => pool.end(),
    };
  }
  // PGlite runs one statement at a time whatever the number of connections; a few connections
  // let the pool pipeline requests while transactions keep their own connection.
  const poolSize = options.poolSize ?? 4;
  const server = await startEmbeddedServer(options.dataDir, poolSize + 4, options.embeddedSocketDir);
  const pool = new pg.Pool({ Client: PlatformClient, ...server.connection, max: poolSize });
  survivePoolClientErrors(pool);
  return {
    db: drizzle(pool, { schema }),
    pool,
    kind: 'embedded',
    embeddedSocketDir: server.socketDir,
    embedded: server,
    async close() {
      await pool.end();
      await server.stop();
    },
  };
}
