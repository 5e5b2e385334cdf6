import type { ScopeGrant } from '@duikou/domain';
import { describe, expect, it } from 'vitest';
import { ChangeFeed, RESET } from './change-feed.js';
import { anyPair, pairTags, ReadCache, scopeSignature } from './read-cache.js';

/** A feed of this process only (like the embedded database's), always reliable. */
function localCache(options: { maxBytes?: number; ttlMs?: number; now?: () => number } = {}) {
  const feed = new ChangeFeed(null);
  return { feed, cache: new ReadCache(feed, options) };
}

function counter<T>(value: () => T) {
  let calls = 0;
  return {
    load: async () => {
      calls++;
      return value();
    },
    get calls() {
      return calls;
    },
  };
}

const fixed = { tags: ['pair:a'], bytes: () => 100 };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ReadCache', () => {
  it('serves a stored value until news of a change to one of its topics arrives', async () => {
    const { feed, cache } = localCache();
    let version = 1;
    const source = counter(() => version);
    expect(await cache.get('k', source.load, fixed)).toBe(1);
    version = 2;
    expect(await cache.get('k', source.load, fixed)).toBe(1);
    expect(source.calls).toBe(1);
    feed.announce(['pair:b']);
    expect(await cache.get('k', source.load, fixed)).toBe(1);
    feed.announce(['pair:a']);
    expect(await cache.get('k', source.load, fixed)).toBe(2);
    expect(source.calls).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, entries: 1 });
  });

  it('never stores a value whose topic changed while it was being computed', async () => {
    const { feed, cache } = localCache();
    const gate = deferred<string>();
    const first = cache.get('k', () => gate.promise, fixed);
    // The write commits (and is announced) while the read is still running: the read may have seen old data.
    feed.announce(['pair:a']);
    gate.resolve('read before the write');
    expect(await first).toBe('read before the write');
    const source = counter(() => 'read after the write');
    expect(await cache.get('k', source.load, fixed)).toBe('read after the write');
    expect(source.calls).toBe(1);
  });

  it('works out topics from the value (a session names its user) and honours changes of them during the load', async () => {
    const { feed, cache } = localCache();
    const byValue = { tags: (v: { user: string }) => [`user:${v.user}`], bytes: () => 10 };
    const gate = deferred<{ user: string }>();
    const pending = cache.get('session', () => gate.promise, byValue);
    feed.announce(['user:u1']);
    gate.resolve({ user: 'u1' });
    await pending;
    const source = counter(() => ({ user: 'u1' }));
    await cache.get('session', source.load, byValue);
    expect(source.calls).toBe(1);
    await cache.get('session', source.load, byValue);
    expect(source.calls).toBe(1);
    feed.announce(['user:u2']);
    await cache.get('session', source.load, byValue);
    expect(source.calls).toBe(1);
    feed.announce(['user:u1']);
    await cache.get('session', source.load, byValue);
    expect(source.calls).toBe(2);
  });

  it('lets concurrent misses share one computation, but not across news of a change', async () => {
    const { feed, cache } = localCache();
    const source = counter(() => 'v');
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', source.load, fixed)));
    expect(results).toEqual(Array(20).fill('v'));
    expect(source.calls).toBe(1);

    const gate = deferred<string>();
    const before = cache.get('other', () => gate.promise, fixed);
    feed.announce(['pair:z']);
    const after = counter(() => 'fresh');
    expect(await cache.get('other', after.load, fixed)).toBe('fresh');
    gate.resolve('old');
    expect(await before).toBe('old');
    expect(after.calls).toBe(1);
  });

  it('a change of any pair invalidates deployment-wide reads of its kind; a reset or "all" drops everything', async () => {
    const { feed, cache } = localCache();
    const wide = counter(() => 'wide');
    const narrow = counter(() => 'narrow');
    await cache.get('wide', wide.load, { tags: [anyPair('pair')], bytes: () => 1 });
    await cache.get('narrow', narrow.load, { tags: ['pair:b'], bytes: () => 1 });
    feed.announce(['pair:a']);
    await cache.get('wide', wide.load, { tags: [anyPair('pair')], bytes: () => 1 });
    await cache.get('narrow', narrow.load, { tags: ['pair:b'], bytes: () => 1 });
    expect([wide.calls, narrow.calls]).toEqual([2, 1]);
    const lists = counter(() => 'lists');
    await cache.get('lists', lists.load, { tags: [anyPair('task-lists')], bytes: () => 1 });
    feed.announce(['pair:a']);
    await cache.get('lists', lists.load, { tags: [anyPair('task-lists')], bytes: () => 1 });
    feed.announce(['task-lists:a']);
    await cache.get('lists', lists.load, { tags: [anyPair('task-lists')], bytes: () => 1 });
    expect(lists.calls).toBe(2);
    feed.announce(['all']);
    await cache.get('narrow', narrow.load, { tags: ['pair:b'], bytes: () => 1 });
    expect(narrow.calls).toBe(2);
    (feed as unknown as { emit(topic: string): void }).emit(RESET);
    expect(cache.stats().entries).toBe(0);
  });

  it('stands aside while the feed may miss changes (no listener connected)', async () => {
    const feed = new ChangeFeed({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const cache = new ReadCache(feed);
    const source = counter(() => 'v');
    await cache.get('k', source.load, fixed);
    await cache.get('k', source.load, fixed);
    expect(feed.reliable).toBe(false);
    expect(cache.active).toBe(false);
    expect(source.calls).toBe(2);
  });

  it('keeps within its byte budget, dropping the least recently used; never stores nothing-found', async () => {
    const { cache } = localCache({ maxBytes: 1000 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key, { tags: [], bytes: () => 240 });
    await cache.get('a', async () => 'again', { tags: [], bytes: () => 240 });
    await cache.get('d', async () => 'd', { tags: [], bytes: () => 240 });
    await cache.get('e', async () => 'e', { tags: [], bytes: () => 240 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    const b = counter(() => 'b2');
    const a = counter(() => 'a2');
    expect(await cache.get('b', b.load, { tags: [], bytes: () => 240 })).toBe('b2');
    expect(await cache.get('a', a.load, { tags: [], bytes: () => 240 })).toBe('a');
    const missing = counter(() => undefined);
    await cache.get('nothing', missing.load, { tags: [], bytes: () => 1 });
    await cache.get('nothing', missing.load, { tags: [], bytes: () => 1 });
    expect(missing.calls).toBe(2);
    const huge = counter(() => 'huge');
    await cache.get('huge', huge.load, { tags: [], bytes: () => 600 });
    await cache.get('huge', huge.load, { tags: [], bytes: () => 600 });
    expect(huge.calls).toBe(2);
  });

  it('reads an entry again after its time to live even without news, serving the old value meanwhile', async () => {
    let now = 0;
    const { cache } = localCache({ ttlMs: 1000, now: () => now });
    const source = counter(() => now);
    await cache.get('k', source.load, fixed);
    now = 999;
    expect(await cache.get('k', source.load, fixed)).toBe(0);
    now = 1001;
    expect(await cache.get('k', source.load, fixed)).toBe(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(source.calls).toBe(2);
    expect(await cache.get('k', source.load, fixed)).toBe(1001);
    expect(source.calls).toBe(2);
  });

  it('a failed read after the time to live drops the entry: the next request reads it and meets the error', async () => {
    let now = 0;
    const { cache } = localCache({ ttlMs: 1000, now: () => now });
    await cache.get('k', async () => 'old', fixed);
    now = 2000;
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    expect(await cache.get('k', failing, fixed)).toBe('old');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(cache.get('k', failing, fixed)).rejects.toThrow('database down');
  });

  it('is off with a zero budget', async () => {
    const { cache } = localCache({ maxBytes: 0 });
    const source = counter(() => 'v');
    await cache.get('k', source.load, fixed);
    await cache.get('k', source.load, fixed);
    expect(source.calls).toBe(2);
  });
});

describe('scope keys', () => {
  const grant = (g: Partial<ScopeGrant>): ScopeGrant => ({ role: 'viewer', scope: 'all', pairId: 'p1', cityId: null, unitId: null, unitPath: null, ...g });
  it('callers with the same grants share a signature whatever the role or order; "self" adds the caller', () => {
    const a = [grant({ role: 'viewer' }), grant({ scope: 'unit', unitId: 'u1' })];
    const b = [grant({ scope: 'unit', unitId: 'u1', role: 'unit_reporter' }), grant({ role: 'office_admin' })];
    expect(scopeSignature(a, 'x')).toBe(scopeSignature(b, 'y'));
    expect(scopeSignature([grant({ scope: 'unit', unitId: 'u2' })], 'x')).not.toBe(scopeSignature([grant({ scope: 'unit', unitId: 'u1' })], 'x'));
    expect(scopeSignature([grant({ scope: 'self' })], 'x')).not.toBe(scopeSignature([grant({ scope: 'self' })], 'y'));
  });
  it('names the pairs a read can touch', () => {
    expect(pairTags([grant({ pairId: 'p2' }), grant({ pairId: 'p1' })], undefined)).toEqual(['pair:p1', 'pair:p2']);
    expect(pairTags([grant({ pairId: null })], undefined)).toEqual([anyPair('pair')]);
    expect(pairTags([grant({ pairId: null })], 'p3')).toEqual(['pair:p3']);
    expect(pairTags([grant({ pairId: null })], undefined, 'task-lists')).toEqual(['task-lists:*']);
    expect(pairTags([grant({ pairId: 'p1' })], undefined, 'task-lists')).toEqual(['task-lists:p1']);
  });
});
