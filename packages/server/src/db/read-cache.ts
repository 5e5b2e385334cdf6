import type { ScopeGrant } from '@duikou/domain';
import { type ChangeFeed, type ChangeTopic, changed, RESET } from './change-feed.js';

/**
 * Topics that come per pair (`pair:<id>`, `task-lists:<id>`) also count as a change of the same
 * kind in any pair (`pair:*`): what a deployment-wide read (a system administrator's) depends on.
 */
const PER_PAIR_KINDS = ['pair', 'task-lists'] as const;
type PerPairKind = (typeof PER_PAIR_KINDS)[number];
export const anyPair = (kind: PerPairKind) => `${kind}:*`;

export interface ReadCacheOptions {
  /** Upper bound of what the cache holds, by the estimates its callers give (default 64 MB). */
  maxBytes: number;
  /**
   * After how long an entry is read again even without news of a change (default 60 s): a bound
   * for changes made outside the platform. The old value is served while it is read again.
   */
  ttlMs: number;
  /** Monotonic milliseconds; injected for tests. */
  now?: () => number;
}

interface Entry {
  value: unknown;
  tags: readonly string[];
  /** The sequence number of each tag's last change when the entry was stored. */
  versions: readonly number[];
  expiresAt: number;
  bytes: number;
}

interface Pending {
  promise: Promise<unknown>;
  startedAt: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Misses by kind of key (the part before the first ':': `session`, `dashboard`, `tasks`…). */
  missesByKind: Record<string, number>;
  entries: number;
  bytes: number;
}

export interface CacheGetOptions<T> {
  /** What the value is derived from; a function when the value itself names it (a session names its user). */
  tags: readonly string[] | ((value: T) => readonly string[]);
  /** An estimate of the value's size, for the cache's budget. */
  bytes: (value: T) => number;
}

/**
 * A bounded, in-process cache of derived read results (a dashboard, the order of a task list, a
 * session's principal), for reads that would otherwise cost database round trips on every request.
 *
 * Correctness rests on the change feed. Each piece of news gets the next sequence number, and
 * each topic (`pair:<id>`, `user:<id>`…) remembers the number of its last change. A value is
 * stored only if none of its topics changed after its computation started, and served only while
 * none has changed since it was stored. So a value computed from data that changed meanwhile is
 * never served, however the read and the write interleave. While the feed is not reliable (the
 * LISTEN connection to the server is down) the cache stands aside and every read goes to the
 * database.
 *
 * Concurrent misses of the same key share one computation (while no news arrives), so a change
 * followed by many requests costs one query, not one per request.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private readonly lastChange = new Map<string, number>();
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private sequence = 0;
  private clearedAt = 0;
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private readonly missesByKind = new Map<string, number>();

  constructor(
    private readonly feed: ChangeFeed,
    options: Partial<ReadCacheOptions> = {},
  ) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
    feed.subscribe((topic) => {
      if (topic === RESET || topic === 'all') this.clear();
      else this.invalidate(topic);
    });
  }

  /** Whether values are kept at all now (not while the feed may miss changes, nor when configured off). */
  get active(): boolean {
    return this.feed.reliable && this.maxBytes > 0;
  }

  /** The value cached under `key`, or the result of `load`, kept when its topics did not change while it ran. */
  async get<T>(key: string, load: () => Promise<T>, options: CacheGetOptions<T>): Promise<T> {
    if (!this.active) return load();
    const entry = this.entries.get(key);
    if (entry && this.unchanged(entry)) {
      this.hits++;
      // Most recently used goes last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, entry);
      // Past its time to live but with no news of a change: served while it is read again, so
      // the expiry of a large value (a long list's order) never holds requests up.
      if (entry.expiresAt <= this.now() && !this.pending.has(key)) {
        this.loadAndStore(key, load, options).catch(() => {
          // The next request reads it itself and meets the error there.
          if (this.entries.get(key) === entry) this.drop(key, entry);
        });
      }
      return entry.value as T;
    }
    if (entry) this.drop(key, entry);
    const inFlight = this.pending.get(key);
    if (inFlight && inFlight.startedAt === this.sequence) return inFlight.promise as Promise<T>;
    this.misses++;
    const kind = key.slice(0, key.indexOf(':') >>> 0);
    this.missesByKind.set(kind, (this.missesByKind.get(kind) ?? 0) + 1);
    return this.loadAndStore(key, load, options);
  }

  /** Runs `load` once for all who ask meanwhile and keeps the value unless its topics changed while it ran. */
  private async loadAndStore<T>(key: string, load: () => Promise<T>, options: CacheGetOptions<T>): Promise<T> {
    const startedAt = this.sequence;
    const promise = load();
    const pending: Pending = { promise, startedAt };
    this.pending.set(key, pending);
    try {
      const value = await promise;
      const tags = typeof options.tags === 'function' ? options.tags(value) : options.tags;
      const versions = tags.map((t) => this.lastChange.get(t) ?? 0);
      const changedMeanwhile = this.clearedAt > startedAt || versions.some((v) => v > startedAt);
      // Nothing found is not kept: a guessed key must not push out what was found.
      if (value !== undefined && this.feed.reliable && !changedMeanwhile)
        this.store(key, { value, tags, versions, expiresAt: this.now() + this.ttlMs, bytes: options.bytes(value) });
      return value;
    } finally {
      if (this.pending.get(key) === pending) this.pending.delete(key);
    }
  }

  /** News of a change: nothing derived from `topic` before now is served again. */
  invalidate(topic: ChangeTopic): void {
    const at = ++this.sequence;
    this.lastChange.set(topic, at);
    const kind = topic.slice(0, topic.indexOf(':'));
    if ((PER_PAIR_KINDS as readonly string[]).includes(kind)) this.lastChange.set(anyPair(kind as PerPairKind), at);
  }

  /** Forgets one entry (its holder knows it may be out of date). */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry) this.drop(key, entry);
  }

  /** Forgets everything (the feed may have missed changes). */
  clear(): void {
    this.clearedAt = ++this.sequence;
    this.entries.clear();
    this.pending.clear();
    this.bytes = 0;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, missesByKind: Object.fromEntries(this.missesByKind), entries: this.entries.size, bytes: this.bytes };
  }

  private unchanged(entry: Entry): boolean {
    for (let i = 0; i < entry.tags.length; i++) if ((this.lastChange.get(entry.tags[i]!) ?? 0) !== entry.versions[i]) return false;
    return true;
  }

  private store(key: string, entry: Entry): void {
    if (entry.bytes > this.maxBytes / 4) return;
    const previous = this.entries.get(key);
    if (previous) this.drop(key, previous);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, old);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/**
 * A cache key part for "what these grants reach": callers with the same grants see the same rows
 * and share entries; "self" grants reach the caller's own rows, so the caller is part of it.
 */
export function scopeSignature(grants: readonly ScopeGrant[], userId: string): string {
  const parts = grants.map((g) => `${g.scope}|${g.pairId ?? '*'}|${g.cityId ?? ''}|${g.unitId ?? ''}|${g.unitPath ?? ''}`).sort();
  const self = grants.some((g) => g.scope === 'self') ? `@${userId}` : '';
  return `${[...new Set(parts)].join(';')}${self}`;
}

/**
 * The pairs a read over these grants can touch, as cache tags of one kind (`pair` or
 * `task-lists`); a read limited to one pair names only it.
 */
export function pairTags(grants: readonly ScopeGrant[], pairId: string | undefined, kind: PerPairKind = 'pair'): string[] {
  const tag = kind === 'pair' ? changed.pair : changed.taskLists;
  if (pairId) return [tag(pairId)];
  if (grants.some((g) => g.pairId === null)) return [anyPair(kind)];
  return [...new Set(grants.map((g) => tag(g.pairId!)))].sort();
}

/** A rough size of a JSON-like value, for the cache's budget (UTF-16 strings, a little per object). */
export function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length + 16;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 8;
  if (value instanceof Date) return 24;
  if (Array.isArray(value)) {
    let n = 16;
    for (const item of value) n += 8 + estimateBytes(item);
    return n;
  }
  let n = 32;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) n += 2 * k.length + 8 + estimateBytes(v);
  return n;
}
