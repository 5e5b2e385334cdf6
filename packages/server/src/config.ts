import os from 'node:os';
import path from 'node:path';
import { RESPONSE_CHECKS, type ResponseChecks } from './http/response-serializer.js';
import { DEFAULT_INFLATED_BYTES } from './uploads/limits.js';

/** Runtime configuration, read once from the environment (see docs/configuration.md). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminPassword: string | null;
  sessionIdleMinutes: number;
  /** Set the Secure flag on the session cookie (on when served over HTTPS behind a proxy). */
  secureCookies: boolean;
  logLevel: string;
  /** Trust X-Forwarded-* from a reverse proxy (for the client address in the audit log). */
  trustProxy: boolean;
  webDistDir: string | null;
  /** Days before a report or milestone deadline when its reminder goes out. */
  reminderDays: number;
  /** Minutes between runs of the reminder job in `duikou start`; 0 turns it off (run `duikou jobs run` instead). */
  jobIntervalMinutes: number;
  /** Megabytes of derived reads (sessions, dashboards, list orders) each process keeps; 0 turns the cache off. */
  cacheMegabytes: number;
  /** How responses are checked against their schemas: `strip` (default), `full` or `compare` (the tests). */
  responseChecks: ResponseChecks;
  /** Request and login-failure limits (see `RateLimits`). */
  rateLimits: RateLimits;
  /** Bytes one uploaded .xlsx or .docx may inflate to, all parts read together (uploads/limits.ts). */
  uploadInflatedBytes: number;
  /** The work pool that reads uploads and runs draws off the HTTP thread (work/pool.ts). */
  work: WorkConfig;
  /** Load and publish a built-in pair's plan when the pair is created (first start); `DUIKOU_DEFAULT_PLAN=off` starts without it. */
  defaultPlan: boolean;
}

/** A token bucket per client address: up to `burst` requests at once, refilled at `perMinute`. */
export interface BucketLimit {
  burst: number;
  perMinute: number;
}

/** At most `max` events per key within `windowMinutes`, counted from the first one (a fixed window). */
export interface WindowLimit {
  max: number;
  windowMinutes: number;
}

/**
 * How much an anonymous caller may ask of the platform. Exceeding a limit answers 429
 * RATE_LIMITED with Retry-After.
 *
 * Login failures follow 等保 2.0 (GB/T 22239-2019 8.1.4.1 a, "应具有登录失败处理功能…限制非法登录
 * 次数"): on top of the account lockout (domain `LOGIN_MAX_FAILED_ATTEMPTS` wrong passwords in a row
 * lock the account for `LOGIN_LOCK_MINUTES`), failures are counted per client address and per
 * username in the database, so the counts hold across every process sharing it. Only failures
 * count: many colleagues behind one office address logging in correctly are never throttled.
 *
 * The bucket limits of the public routes are kept in each process (see http/rate-limit.ts): behind
 * a load balancer over N processes a client may get up to N times as much.
 */
export interface RateLimits {
  /**
   * Public routes without a limit of their own (the published inspections, login, the API
   * document): 60 a minute is far above a person reading the public pages and cuts a scraper to one
   * request a second.
   */
  publicRoutes: BucketLimit;
  /** Public routes that do heavy work (re-running a double-random draw on up to 30 MB of inputs). */
  publicHeavy: BucketLimit;
  /** The health check: load balancers and monitors poll it, often several behind one address. */
  health: BucketLimit;
  /**
   * Failed logins per client address (unknown names, wrong passwords, locked or disabled
   * accounts): 30 in 15 minutes is well above a busy office's typing errors behind one address and
   * far below a guessing script (the 60 in 19 s).
   */
  loginFailuresPerAddress: WindowLimit;
  /**
   * Failed logins per username, known or not (so that unknown names answer exactly like real ones):
   * 10 in 15 minutes. The lockout resets on a correct password; this window does not, so guesses
   * spread over many addresses stay bounded even when the owner logs in between them.
   */
  loginFailuresPerUsername: WindowLimit;
  /** Client addresses each process keeps buckets for; beyond this the least recently seen are dropped (bounded memory). */
  maxTrackedClients: number;
}

/** The limits of a deployment that sets none of the variables. */
export function loadRateLimits(env: NodeJS.ProcessEnv = {}): RateLimits {
  const publicPerMinute = intFromEnv(env, 'DUIKOU_RATE_PUBLIC_PER_MINUTE', 60);
  const heavyPerMinute = intFromEnv(env, 'DUIKOU_RATE_HEAVY_PER_MINUTE', 6);
  const healthPerMinute = intFromEnv(env, 'DUIKOU_RATE_HEALTH_PER_MINUTE', 600);
  const loginWindowMinutes = intFromEnv(env, 'DUIKOU_LOGIN_FAILURE_WINDOW_MINUTES', 15);
  return {
    publicRoutes: { burst: intFromEnv(env, 'DUIKOU_RATE_PUBLIC_BURST', publicPerMinute), perMinute: publicPerMinute },
    publicHeavy: { burst: intFromEnv(env, 'DUIKOU_RATE_HEAVY_BURST', 3), perMinute: heavyPerMinute },
    health: { burst: healthPerMinute, perMinute: healthPerMinute },
    loginFailuresPerAddress: { max: intFromEnv(env, 'DUIKOU_LOGIN_FAILURES_PER_ADDRESS', 30), windowMinutes: loginWindowMinutes },
    loginFailuresPerUsername: { max: intFromEnv(env, 'DUIKOU_LOGIN_FAILURES_PER_USERNAME', 10), windowMinutes: loginWindowMinutes },
    maxTrackedClients: intFromEnv(env, 'DUIKOU_RATE_MAX_CLIENTS', 10_000),
  };
}

export interface WorkConfig {
  /** Threads. */
  workers: number;
  /** Jobs that may wait for a thread before requests are refused with 503 BUSY. */
  queue: number;
  /** A job running longer is stopped. */
  timeoutSeconds: number;
  /** Heap of a thread reading files, MB: what a file past every reader limit may cost before its thread is stopped. */
  filesHeapMb: number;
  /** Heap of a thread running a draw, MB: a register of 1,000,000 entities needs about 1 GB. */
  drawHeapMb: number;
}

/**
 * One thread leaves a core to the HTTP thread (and to the embedded database's thread) on a small
 * machine; two where there are four cores or more.
 */
const defaultWorkers = () => (os.availableParallelism() >= 4 ? 2 : 1);

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function responseChecksFromEnv(env: NodeJS.ProcessEnv): ResponseChecks {
  const raw = env.DUIKOU_RESPONSE_CHECKS;
  if (raw === undefined || raw === '') return 'strip';
  if (!(RESPONSE_CHECKS as readonly string[]).includes(raw)) {
    throw new Error(`DUIKOU_RESPONSE_CHECKS must be one of ${RESPONSE_CHECKS.join(', ')}, got "${raw}"`);
  }
  return raw as ResponseChecks;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, 'PORT', 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DUIKOU_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null,
    adminPassword: env.DUIKOU_ADMIN_PASSWORD && env.DUIKOU_ADMIN_PASSWORD !== '' ? env.DUIKOU_ADMIN_PASSWORD : null,
    sessionIdleMinutes: intFromEnv(env, 'DUIKOU_SESSION_IDLE_MINUTES', 30),
    secureCookies: env.DUIKOU_SECURE_COOKIES === '1' || env.DUIKOU_SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.DUIKOU_TRUST_PROXY === '1' || env.DUIKOU_TRUST_PROXY === 'true',
    webDistDir: env.DUIKOU_WEB_DIST ?? null,
    reminderDays: intFromEnv(env, 'DUIKOU_REMINDER_DAYS', 3, 0),
    jobIntervalMinutes: intFromEnv(env, 'DUIKOU_JOB_INTERVAL_MINUTES', 60, 0),
    cacheMegabytes: intFromEnv(env, 'DUIKOU_CACHE_MB', 64, 0),
    responseChecks: responseChecksFromEnv(env),
    rateLimits: loadRateLimits(env),
    uploadInflatedBytes: intFromEnv(env, 'DUIKOU_UPLOAD_INFLATED_MB', DEFAULT_INFLATED_BYTES / (1024 * 1024)) * 1024 * 1024,
    work: {
      workers: intFromEnv(env, 'DUIKOU_WORKERS', defaultWorkers()),
      queue: intFromEnv(env, 'DUIKOU_WORK_QUEUE', 16, 0),
      timeoutSeconds: intFromEnv(env, 'DUIKOU_WORK_TIMEOUT_SECONDS', 120),
      filesHeapMb: intFromEnv(env, 'DUIKOU_WORKER_MEMORY_MB', 256, 64),
      drawHeapMb: intFromEnv(env, 'DUIKOU_DRAW_MEMORY_MB', 2048, 64),
    },
    defaultPlan: switchFromEnv(env, 'DUIKOU_DEFAULT_PLAN', true),
  };
}

/** `on`/`off` (also 1/0, true/false, yes/no); anything else is refused rather than guessed. */
function switchFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', '1', 'true', 'yes'].includes(raw)) return true;
  if (['off', '0', 'false', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off, not "${env[name]}"`);
}
