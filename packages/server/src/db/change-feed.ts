import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database, Executor } from './client.js';
import { isConnectionLoss } from './connection-loss.js';

/**
 * What changed, as far as the read caches care: `pair:<id>` for any data of a pair (tasks,
 * reports, plans, units, supervision…); `task-lists:<id>` when a task of the pair may have moved
 * in or out of a task list or within its order (a new task, another status, light, article,
 * title, due date or units; units and plans changing); `user:<id>` for an account, its sessions
 * and roles; `auth` for what every session depends on (unit paths); `all` for anything.
 */
export type ChangeTopic = `pair:${string}` | `task-lists:${string}` | `user:${string}` | 'auth' | 'all';

/** Topic that no publisher sends: listeners receive it when they may have missed changes. */
export const RESET = 'reset';

const CHANNEL = 'duikou_changes';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

type Listener = (topic: ChangeTopic | typeof RESET) => void;

interface TxState {
  feed: ChangeFeed;
  topics: Set<ChangeTopic>;
}

/**
 * Tells every platform process which data changed, once the change has committed, so that each
 * can drop what it cached from before.
 *
 * - In this process a change is announced right after its transaction commits (never before:
 *   a read that starts between the write and the commit would otherwise cache the old data
 *   under the new generation).
 * - Other processes learn it through PostgreSQL's NOTIFY, which the server delivers only on
 *   commit; each process LISTENs on one dedicated connection. While that connection is down,
 *   `reliable` is false and the caches stand aside, because changes may be missed.
 * - The embedded database serves one process only (the data folder is locked), so announcing in
 *   this process is enough there; PGlite's socket does not forward notifications anyway.
 */
export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private connected: boolean;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;

  /**
   * @param connection node-postgres settings of a PostgreSQL server to LISTEN on, or null when
   *   this process is the only one using the database (embedded).
   */
  constructor(private readonly connection: pg.ClientConfig | null) {
    this.connected = connection === null;
  }

  /** Whether every committed change, made by any process, reaches this one. */
  get reliable(): boolean {
    return this.connected && !this.closed;
  }

  /** Whether changes must also be announced to other processes through NOTIFY. */
  get shared(): boolean {
    return this.connection !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts listening for other processes' changes (a no-op on the embedded database). */
  async start(): Promise<void> {
    if (this.connection === null || this.closed) return;
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.connected = this.connection === null;
    await client?.end().catch(() => undefined);
  }

  /** Announces changes in this process (after their commit). */
  announce(topics: Iterable<ChangeTopic>): void {
    for (const topic of topics) this.emit(topic);
  }

  /** The NOTIFY payload of a topic: the sender is named so that it ignores its own echo. */
  payloadOf(topic: ChangeTopic): string {
    return `${this.origin} ${topic}`;
  }

  private emit(topic: ChangeTopic | typeof RESET): void {
    for (const listener of this.listeners) listener(topic);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.connection!);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      const space = message.payload.indexOf(' ');
      if (space < 0 || message.payload.slice(0, space) === this.origin) return;
      this.emit(message.payload.slice(space + 1) as ChangeTopic);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.connected = false;
      // Changes may have been missed: whatever was cached is suspect.
      this.emit(RESET);
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      if (!this.client && !this.closed) this.scheduleReconnect();
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Anything cached before the listener was up may predate a change it did not hear about.
    this.emit(RESET);
    this.connected = true;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(RECONNECT_MAX_MS, delay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch(() => undefined);
    }, delay);
    this.reconnectTimer.unref();
  }
}

const feedOfDatabase = new WeakMap<object, ChangeFeed>();
const stateOfTransaction = new WeakMap<object, TxState>();

type TransactionRunner = (fn: (tx: Executor) => Promise<unknown>, config?: unknown) => Promise<unknown>;

/** Makes the transactions of `handle` (and of its nested savepoints) collect the changes they publish. */
function wrapTransactions(handle: Executor, state: () => TxState | undefined, feed: ChangeFeed): void {
  const target = handle as unknown as { transaction: TransactionRunner };
  const original = target.transaction.bind(handle);
  target.transaction = async (fn, config) => {
    const outer = state();
    const own: TxState = outer ?? { feed, topics: new Set() };
    let result: unknown;
    try {
      result = await original(async (tx) => {
        stateOfTransaction.set(tx, own);
        wrapTransactions(tx, () => own, feed);
        return fn(tx);
      }, config);
    } catch (error) {
      // A connection lost during COMMIT leaves the outcome unknown: the change may have
      // committed (and other processes then hear it through NOTIFY). Announcing it here too costs
      // a needless re-read at worst; not announcing it could serve the old data for a minute.
      if (!outer && isConnectionLoss(error)) feed.announce(own.topics);
      throw error;
    }
    // Only the outermost transaction commits; its changes are announced once it has.
    if (!outer) feed.announce(own.topics);
    return result;
  };
}

/** Connects a database handle to its change feed: every write transaction will announce what it published. */
export function installChangeFeed(db: Database, feed: ChangeFeed): void {
  feedOfDatabase.set(db, feed);
  wrapTransactions(db, () => undefined, feed);
}

/**
 * Records that `topic` changed. Inside a transaction the news goes out after the commit (and not
 * at all on rollback); on the bare database handle, where each statement commits by itself, at
 * once. Call it after (or beside) the write it describes.
 */
export async function publishChange(db: Executor, ...topics: ChangeTopic[]): Promise<void> {
  const state = stateOfTransaction.get(db);
  const feed = state?.feed ?? feedOfDatabase.get(db);
  if (!feed) return;
  const fresh = state ? topics.filter((t) => !state.topics.has(t)) : topics;
  if (fresh.length === 0) return;
  if (feed.shared) {
    // Delivered by the server to the other processes when (and only if) this commits.
    await db.execute(sql`select pg_notify(${CHANNEL}, p) from unnest(${`{${fresh.map((t) => `"${feed.payloadOf(t)}"`).join(',')}}`}::text[]) p`);
  }
  if (state) for (const topic of fresh) state.topics.add(topic);
  else feed.announce(fresh);
}

/** Topic helpers, so that names are spelled one way. */
export const changed = {
  pair: (pairId: string): ChangeTopic => `pair:${pairId}`,
  taskLists: (pairId: string): ChangeTopic => `task-lists:${pairId}`,
  user: (userId: string): ChangeTopic => `user:${userId}`,
  auth: 'auth' as const,
};
