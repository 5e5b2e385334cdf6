import { describe, expect, it } from 'vitest';
import { loadRateLimits } from '../config.js';
import { clientKey, TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  const limit = { burst: 3, perMinute: 6 };

  it('grants the burst at once, then one request per refill interval, telling how long to wait', () => {
    const buckets = new TokenBuckets(100);
    expect([0, 0, 0].map((at) => buckets.take('a', limit, at))).toEqual([0, 0, 0]);
    expect(buckets.take('a', limit, 0)).toBe(10_000);
    expect(buckets.take('a', limit, 9_999)).toBe(1);
    expect(buckets.take('a', limit, 10_000)).toBe(0);
    expect(buckets.take('a', limit, 10_000)).toBe(10_000);
  });

  it('refills up to the burst, never beyond', () => {
    const buckets = new TokenBuckets(100);
    for (let i = 0; i < 3; i++) buckets.take('a', limit, 0);
    const later = 60 * 60_000;
    expect([0, 0, 0, 0].map(() => buckets.take('a', limit, later))).toEqual([0, 0, 0, 10_000]);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets(100);
    for (let i = 0; i < 3; i++) buckets.take('a', limit, 0);
    expect(buckets.take('a', limit, 0)).toBeGreaterThan(0);
    expect(buckets.take('b', limit, 0)).toBe(0);
  });

  it('keeps at most maxEntries buckets, dropping the least recently used', () => {
    const buckets = new TokenBuckets(2);
    for (let i = 0; i < 3; i++) buckets.take('a', limit, 0);
    for (let i = 0; i < 3; i++) buckets.take('b', limit, 0);
    buckets.take('a', limit, 0); // a is now the most recently used
    buckets.take('c', limit, 0); // b goes
    expect(buckets.size).toBe(2);
    expect(buckets.take('a', limit, 0)).toBeGreaterThan(0);
    expect(buckets.take('b', limit, 0)).toBe(0);
    for (let i = 0; i < 10_000; i++) buckets.take(`flood-${i}`, limit, 0);
    expect(buckets.size).toBe(2);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s → %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe('loadRateLimits', () => {
  it('has the documented defaults and takes overrides from the environment', () => {
    expect(loadRateLimits({})).toEqual({
      publicRoutes: { burst: 60, perMinute: 60 },
      publicHeavy: { burst: 3, perMinute: 6 },
      health: { burst: 600, perMinute: 600 },
      loginFailuresPerAddress: { max: 30, windowMinutes: 15 },
      loginFailuresPerUsername: { max: 10, windowMinutes: 15 },
      maxTrackedClients: 10_000,
    });
    const custom = loadRateLimits({ DUIKOU_RATE_PUBLIC_PER_MINUTE: '120', DUIKOU_LOGIN_FAILURES_PER_ADDRESS: '50', DUIKOU_LOGIN_FAILURE_WINDOW_MINUTES: '30' });
    expect(custom.publicRoutes).toEqual({ burst: 120, perMinute: 120 });
    expect(custom.loginFailuresPerAddress).toEqual({ max: 50, windowMinutes: 30 });
    expect(() => loadRateLimits({ DUIKOU_LOGIN_FAILURES_PER_USERNAME: '0' })).toThrow(/DUIKOU_LOGIN_FAILURES_PER_USERNAME/);
  });
});
