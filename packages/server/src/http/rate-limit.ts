import { isIPv6 } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { BucketLimit, RateLimits } from '../config.js';
import type { ServiceContext } from '../context.js';
import { rateLimited } from './errors.js';
import { ErrorResponse } from './schemas.js';

/** The named bucket limits of `RateLimits` a route can choose. */
export type RatePolicy = keyof Pick<RateLimits, 'publicRoutes' | 'publicHeavy' | 'health'>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's request limit per client address. Public routes (and unmatched API paths) take
     * `publicRoutes` unless they name another policy or opt out with `false`, so a new public
     * route is limited the day it is added; routes behind a session are not limited here.
     */
    rateLimit?: RatePolicy | false;
  }
}

/**
 * The key of a client address for limits: an IPv4 address as it is, an IPv4-mapped IPv6 address
 * as its IPv4 address, and any other IPv6 address by its /64 prefix (one subscriber line usually
 * gets a whole /64, so keying by full address would hand an attacker 2^64 fresh buckets).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.split('%')[0]!;
  if (!isIPv6(bare)) return ip;
  const [head = '', tail] = bare.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Token buckets kept in this process's memory, keyed by policy and client address. Per process on
 * purpose: the public read routes are cheap to answer and the limit only has to stop one client
 * from monopolising a process; limits that must hold across processes (failed logins) are counted
 * in the database instead (modules/auth/login-throttle.repository.ts).
 *
 * Memory is bounded: at most `maxEntries` buckets, the least recently used dropped first (a Map
 * keeps insertion order, and every use re-inserts its key). A dropped client starts again with a
 * full bucket, which only a caller spread over more addresses than the cap could exploit.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly maxEntries: number) {}

  /** Takes one token: 0 when granted, otherwise the milliseconds until one is available. */
  take(key: string, limit: BucketLimit, nowMs: number): number {
    const perMs = limit.perMinute / 60_000;
    const entry = this.buckets.get(key);
    let tokens = limit.burst;
    if (entry) {
      tokens = Math.min(limit.burst, entry.tokens + Math.max(0, nowMs - entry.at) * perMs);
      this.buckets.delete(key);
    }
    const granted = tokens >= 1;
    if (granted) tokens -= 1;
    this.buckets.set(key, { tokens, at: nowMs });
    while (this.buckets.size > this.maxEntries) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return granted ? 0 : Math.ceil((1 - tokens) / perMs);
  }

  get size(): number {
    return this.buckets.size;
  }
}

function policyOf(config: { public?: boolean; rateLimit?: RatePolicy | false }, unmatched: boolean): RatePolicy | null {
  if (config.rateLimit === false) return null;
  if (config.rateLimit) return config.rateLimit;
  return config.public || unmatched ? 'publicRoutes' : null;
}

/**
 * The request limits of the API, read from each route's `config.rateLimit` by one hook that runs
 * before the session is looked up (a flood is refused before it costs a database round trip).
 * Exceeding a limit answers 429 RATE_LIMITED with Retry-After. Registered before the routes, so
 * that each limited route also documents its 429.
 */
export function registerRateLimit(app: FastifyInstance, ctx: ServiceContext): void {
  const buckets = new TokenBuckets(ctx.config.rateLimits.maxTrackedClients);
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (!route.url.startsWith('/api/') || !response || '429' in response || policyOf(route.config ?? {}, false) === null) return;
    route.schema = { ...route.schema, response: { ...response, 429: ErrorResponse } };
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const policy = policyOf(request.routeOptions.config, request.routeOptions.url === undefined);
    if (policy === null) return;
    const wait = buckets.take(`${policy} ${clientKey(request.ip)}`, ctx.config.rateLimits[policy], ctx.clock().getTime());
    if (wait > 0) throw rateLimited(wait);
  });
}
