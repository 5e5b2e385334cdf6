import { createHash } from 'node:crypto';
import type { WindowLimit } from '../../config.js';
import type { ServiceContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { clientKey } from '../../http/rate-limit.js';
import * as repo from './auth.repository.js';

/** The counts one login attempt reserved, to give back when its password turns out right. */
export interface ThrottleReservation {
  counts: repo.ThrottleCount[];
  /** Over a limit: the attempt is refused unchecked. */
  refused: boolean;
  /** Milliseconds until every exceeded window has ended. */
  retryAfterMs: number;
}

// People type their password into the username field: the counters keep only digests.
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

// Expired counters are deleted now and then by whichever process is logging people in.
const PRUNE_EVERY_MS = 10 * 60_000;
const lastPrune = new WeakMap<Database, number>();

/**
 * Counts a login attempt as a failure for its client address and for its username before the
 * password is checked (a reservation: parallel attempts cannot all slip under the limit), in the
 * database, so the limits hold across processes. An attempt beyond either limit is refused
 * without checking the password. Unknown usernames are counted exactly like real ones, so the
 * answers do not tell which names exist.
 */
export async function reserveLoginFailure(ctx: ServiceContext, ip: string | null, username: string, now: Date): Promise<ThrottleReservation> {
  const { loginFailuresPerAddress, loginFailuresPerUsername } = ctx.config.rateLimits;
  const keys = new Map<string, WindowLimit>([
    [digest(`address ${clientKey(ip ?? 'unknown')}`), loginFailuresPerAddress],
    [digest(`username ${username.trim().toLowerCase()}`), loginFailuresPerUsername],
  ]);
  if ((lastPrune.get(ctx.db) ?? 0) + PRUNE_EVERY_MS <= now.getTime()) {
    lastPrune.set(ctx.db, now.getTime());
    await repo.pruneThrottle(ctx.db, now);
  }
  const counts = await repo.countThrottleFailures(
    ctx.db,
    [...keys].map(([key, limit]) => ({ key, windowEnd: new Date(now.getTime() + limit.windowMinutes * 60_000) })),
    now,
  );
  const exceeded = counts.filter((c) => c.failures > keys.get(c.key)!.max);
  const retryAfterMs = exceeded.reduce((wait, c) => Math.max(wait, c.windowEnd.getTime() - now.getTime()), 0);
  return { counts, refused: exceeded.length > 0, retryAfterMs };
}

/** The password was right: the attempt was no failure after all. */
export async function refundLoginFailure(ctx: ServiceContext, reservation: ThrottleReservation): Promise<void> {
  await repo.refundThrottleFailures(ctx.db, reservation.counts);
}
