// HTTP load with autocannon: a warm-up run that is thrown away, then the measured run.
import autocannon from 'autocannon';
import { withTimeout } from './processes.js';

export const CONNECTIONS = 10;

export interface LoadFigures {
  url: string;
  seconds: number;
  /** Mean requests per second over the measured run. */
  rps: number;
  /** Responses received during the measured run. */
  totalRequests: number;
  /** Requests sent; those still waiting for a response when the run ended are not in the latencies. */
  sent: number;
  /** Latency percentiles of the completed responses; null when none completed. */
  p50Ms: number | null;
  p90Ms: number | null;
  /** From the raw latencies of the 2xx responses (autocannon's histogram has no p95); nearest rank. */
  p95Ms?: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  non2xx: number;
  errors: number;
  timeouts: number;
  connections?: number;
  /** Set for clients with think time: the mean pause between an answer and the client's next request. */
  meanThinkMs?: number;
}

export interface LoadOptions {
  /** Concurrent connections (default CONNECTIONS). */
  connections?: number;
  /** When set, each request's path (and query) comes from this function instead of the URL's. */
  nextPath?: () => string;
}

/** Nearest-rank percentile of a sorted array; null when it is empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

async function fire(url: string, headers: Record<string, string>, seconds: number, options: LoadOptions, latencies?: number[]) {
  // Responses slower than the run itself are not counted by autocannon; the timeout is set well
  // above any latency seen here so a slow response is measured instead of dropped as an error.
  const nextPath = options.nextPath;
  const run = autocannon({
    url,
    connections: options.connections ?? CONNECTIONS,
    duration: seconds,
    timeout: 30,
    headers,
    ...(nextPath ? { requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }] } : {}),
  });
  if (latencies) {
    run.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  }
  return withTimeout(run, (seconds + 60) * 1000, `autocannon ${url}`).catch((error: unknown) => {
    run.stop();
    throw error;
  });
}

export async function measure(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  warmupSeconds: number,
  options: LoadOptions = {},
): Promise<LoadFigures> {
  // One plain request first: a wrong cookie or a broken route must fail loudly, not be benchmarked.
  const probeUrl = options.nextPath ? new URL(options.nextPath(), url).toString() : url;
  const probe = await fetch(probeUrl, { headers, signal: AbortSignal.timeout(60_000) });
  const body = await probe.text();
  if (!probe.ok) throw new Error(`GET ${probeUrl} answered ${probe.status}: ${body.slice(0, 200)}`);
  if (warmupSeconds > 0) await fire(url, headers, warmupSeconds, options);
  const latencies: number[] = [];
  const result = await fire(url, headers, seconds, options, latencies);
  const completed = result.requests.total > 0;
  latencies.sort((a, b) => a - b);
  return {
    url,
    seconds,
    rps: result.requests.average,
    totalRequests: result.requests.total,
    sent: result.requests.sent,
    p50Ms: completed ? result.latency.p50 : null,
    p90Ms: completed ? result.latency.p90 : null,
    p95Ms: percentile(latencies, 95),
    p99Ms: completed ? result.latency.p99 : null,
    maxMs: completed ? result.latency.max : null,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    connections: options.connections ?? CONNECTIONS,
  };
}
