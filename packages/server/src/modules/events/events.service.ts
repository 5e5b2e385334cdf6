import { PassThrough } from 'node:stream';
import type { ServiceContext } from '../../context.js';
import { type ChangeTopic, RESET } from '../../db/change-feed.js';
import { AppError } from '../../http/errors.js';
import type { Principal } from '../../http/principal.js';
import { peekSession } from '../auth/auth.service.js';

/**
 * Streams per session: a browser speaking HTTP/1.1 opens at most six connections to one host for
 * all its tabs together; with four streams two are left for the reads themselves. A fifth tab
 * gets 429 and re-reads on navigation and focus only (its client retries later).
 */
export const STREAMS_PER_SESSION = 4;
/** Streams per user (several browsers or devices). */
export const STREAMS_PER_USER = 8;
/** Streams per process: each costs a socket and a little memory, no database connection. */
export const STREAMS_PER_PROCESS = 1000;
/** A comment this often keeps proxies and load balancers from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;
/** How often every stream's session is looked at again (it may have gone idle without news). */
export const SESSION_CHECK_MS = 60_000;
/** Bursts (an import, a publish) are sent as one message per topic within this window. */
const COALESCE_MS = 100;
/** Browsers reconnect after this long when a stream breaks. */
const RETRY_MS = 3000;

/** What a stream may hear: the pairs its caller belongs to (all of them for a deployment-wide grant). */
interface Audience {
  userId: string;
  allPairs: boolean;
  pairs: Set<string>;
}

function audienceOf(principal: Principal): Audience {
  return {
    userId: principal.userId,
    allPairs: principal.grants.some((g) => g.pairId === null),
    pairs: new Set(principal.grants.flatMap((g) => (g.pairId ? [g.pairId] : []))),
  };
}

export class EventStream {
  readonly body = new PassThrough();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly hub: EventHub,
    readonly sessionId: string,
    public audience: Audience,
  ) {
    this.body.write(`retry: ${RETRY_MS}\n: open\n\n`);
  }

  get userId(): string {
    return this.audience.userId;
  }

  /** Whether a change of this topic concerns the caller; the name sent is the topic itself. */
  hears(topic: ChangeTopic | typeof RESET): boolean {
    if (topic === 'all' || topic === RESET) return true;
    if (topic.startsWith('pair:')) return this.audience.allPairs || this.audience.pairs.has(topic.slice(5));
    if (topic.startsWith('user:')) return topic.slice(5) === this.audience.userId;
    // task-lists:<id> always comes with pair:<id>; auth (unit paths) changes no data by itself.
    return false;
  }

  send(topic: string): void {
    if (this.closed) return;
    this.pending.add(topic);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  comment(text: string): void {
    if (!this.closed) this.body.write(`: ${text}\n\n`);
  }

  private flush(): void {
    this.timer = null;
    if (this.closed || this.pending.size === 0) return;
    const topics = [...this.pending];
    this.pending.clear();
    this.body.write(topics.map((topic) => `data: ${topic}\n\n`).join(''));
  }

  /** Ends the stream (the session ended, the server stops, or the client went away). */
  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    // The client must not come back on its own: its session is over.
    if (reason) this.body.write(`event: end\ndata: ${reason}\n\n`);
    this.body.end();
    this.hub.forget(this);
  }
}

/**
 * The open event streams of this process. They hear the change feed (this process's commits and,
 * on PostgreSQL, every other process's through NOTIFY) and pass on the topic names each caller may
 * see: never data; the client re-reads through the normal routes, whose scope filters decide what
 * it gets.
 */
export class EventHub {
  private readonly streams = new Set<EventStream>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sessionCheck: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly ctx: ServiceContext) {
    this.unsubscribe = ctx.feed.subscribe((topic) => this.hear(topic));
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.comment('heartbeat');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.sessionCheck = setInterval(() => void this.checkSessions(), SESSION_CHECK_MS);
    this.sessionCheck.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Opens a stream for the caller, within the limits (429 for one session or user, 503 for the process). */
  open(principal: Principal): EventStream {
    if (this.closing) throw new AppError('BUSY', [], undefined, { retryAfterSeconds: 5 });
    let ofSession = 0;
    let ofUser = 0;
    for (const s of this.streams) {
      if (s.sessionId === principal.sessionId) ofSession += 1;
      if (s.userId === principal.userId) ofUser += 1;
    }
    if (ofSession >= STREAMS_PER_SESSION || ofUser >= STREAMS_PER_USER) throw new AppError('RATE_LIMITED', [], undefined, { retryAfterSeconds: 60 });
    if (this.streams.size >= STREAMS_PER_PROCESS) throw new AppError('BUSY', [], undefined, { retryAfterSeconds: 30 });
    const stream = new EventStream(this, principal.sessionId, audienceOf(principal));
    this.streams.add(stream);
    return stream;
  }

  forget(stream: EventStream): void {
    this.streams.delete(stream);
  }

  /** Looks at every stream's session again; ends those whose session is over. */
  async checkSessions(filter: (stream: EventStream) => boolean = () => true): Promise<void> {
    const bySession = new Map<string, EventStream[]>();
    for (const stream of this.streams) {
      if (!filter(stream)) continue;
      bySession.set(stream.sessionId, [...(bySession.get(stream.sessionId) ?? []), stream]);
    }
    for (const [sessionId, streams] of bySession) {
      let principal: Principal | null;
      try {
        principal = await peekSession(this.ctx, sessionId);
      } catch {
        // The database is away: the next check decides.
        continue;
      }
      for (const stream of streams) {
        if (!principal) stream.close('session');
        // Roles may have changed: the stream hears the pairs the session reaches now.
        else stream.audience = audienceOf(principal);
      }
    }
  }

  private hear(topic: ChangeTopic | typeof RESET): void {
    if (topic.startsWith('user:')) {
      // The account changed (logout, disabled, roles, a notice): check its sessions before telling them.
      const userId = topic.slice(5);
      void this.checkSessions((s) => s.userId === userId).then(() => {
        for (const stream of this.streams) if (stream.hears(topic)) stream.send(topic);
      });
      return;
    }
    for (const stream of this.streams) if (stream.hears(topic)) stream.send(topic);
  }

  /** Ends every stream (the server is stopping); new ones are refused. */
  close(): void {
    this.closing = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    clearInterval(this.sessionCheck);
    for (const stream of [...this.streams]) stream.close();
  }
}
