import pg from 'pg';

/**
 * SQLSTATEs that mean "the connection is gone or cannot be had", not "this statement is wrong":
 * class 08 (connection exception) and these.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown, a failover
  '57P02', // crash_shutdown: another backend crashed and the server restarts
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections: no connection slot at all
]);

/** Socket errors of the driver's connection (TCP, or the embedded database's Unix socket). */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres and pg-pool report a dead or unobtainable connection with plain `Error`s that
 * carry no code, only these fixed messages (pg 8.x `client.js`, pg-pool 3.x `index.js`). They are
 * matched here and nowhere else, whole and exactly; an upgrade that rewords them makes the
 * connection-loss test fail (it expects 503, never 500), rather than silently misfiling errors.
 */
function isNodePostgresConnectionMessage(error: Error): boolean {
  return NODE_POSTGRES_CONNECTION_MESSAGES.has(error.message);
}
const NODE_POSTGRES_CONNECTION_MESSAGES = new Set([
  // The socket closed under a running or queued query.
  'Connection terminated unexpectedly',
  // A query on a client whose connection already failed (a transaction's next statement, its ROLLBACK).
  'Client has encountered a connection error and is not queryable',
  // pg-pool: no connection could be had within `connectionTimeoutMillis` (every one busy, or the
  // server not answering a connect); the request is refused rather than left hanging.
  'timeout exceeded when trying to connect',
  // pg: the server did not finish a connect within `connectionTimeoutMillis` (a network partition).
  'Connection terminated due to connection timeout',
]);

/**
 * A new connection could not be opened, whatever the server or the network said (refused, starting
 * up, out of slots, the database closed to connections, a rejected password): the database is
 * unavailable to this process. Connecting is the one step where any error means that, so the
 * pool's clients mark it here instead of the handler guessing from codes that also occur mid-session.
 */
export class DatabaseUnreachableError extends Error {
  constructor(cause: Error) {
    super(`cannot connect to the database: ${cause.message}`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

/** The pools' client: node-postgres's, with connection failures marked as such. */
export class PlatformClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | undefined {
    if (callback) {
      const done = callback as (err: Error | null, c?: pg.Client) => void;
      super.connect(((err: Error | null, c?: pg.Client) => done(err ? new DatabaseUnreachableError(err) : err, c)) as (err: Error) => void);
      return;
    }
    return super.connect().catch((err: Error) => {
      throw new DatabaseUnreachableError(err);
    });
  }
}

/**
 * Whether an error means the database could not be reached (a restart, a failover, an
 * administrator ending backends), as opposed to a fault of the statement or of the code. Searched
 * along the cause chain, because Drizzle wraps the driver's error (`DrizzleQueryError.cause`), and
 * through `AggregateError`s (Node reports a connect to every address of a host name as one).
 */
export function isConnectionLoss(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code.startsWith('08') && code.length === 5) return true;
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true;
      // A Unix socket that is gone (the embedded database's worker stopped and removed it); only
      // on connect, so that a missing file elsewhere is not mistaken for it.
      if (code === 'ENOENT' && (current as { syscall?: unknown }).syscall === 'connect') return true;
    }
    if (current instanceof DatabaseUnreachableError) return true;
    if (current instanceof Error && isNodePostgresConnectionMessage(current)) return true;
    queue.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return false;
}

/**
 * Makes the pool survive the loss of a connection that is checked out, and give its slot back.
 *
 * pg-pool listens for a client's 'error' only while the client sits idle in the pool; a client
 * checked out for a transaction (Drizzle's `db.transaction`, the migration lock) had no listener,
 * so the server ending the connection between two statements (57P01, or the socket closing) was an
 * unhandled 'error' event and the process exited. Now the error is absorbed here, and the client
 * goes back to the pool at once as broken (`release(err)`: the pool closes it and opens a fresh one
 * when needed). Releasing it here, rather than trusting the holder, matters: Drizzle sends BEGIN
 * outside its try/finally, so a transaction whose BEGIN meets a dead connection never releases its
 * client, and each such race would cost the pool a slot for good until every request hung. The
 * holder's own later `release()` is then a no-op; its statements fail with the connection error
 * (the request answers 503).
 */
export function survivePoolClientErrors(pool: pg.Pool): void {
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      // An idle client is the pool's own business: its listener removes it.
      if (!checkedOut.has(client)) return;
      const release = client.release;
      client.release = () => undefined;
      release(error);
    });
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool has removed it and opens another when needed.
  });
}
