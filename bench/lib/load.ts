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
  p99Ms: number | null;
  maxMs: number | null;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function fire(url: string, headers: Record<string, string>, seconds: number) {
  // Responses slower than the run itself are not counted by autocannon; the timeout is set well
  // above any latency seen here so a slow response is measured instead of dropped as an error.
  const run = autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 30, headers });
  return withTimeout(run, (seconds + 60) * 1000, `autocannon ${url}`).catch((error: unknown) => {
    run.stop();
    throw error;
  });
}

export async function measure(url: string, headers: Record<string, string>, seconds: number, warmupSeconds: number): Promise<LoadFigures> {
  // One plain request first: a wrong cookie or a broken route must fail loudly, not be benchmarked.
  const probe = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const body = await probe.text();
  if (!probe.ok) throw new Error(`GET ${url} answered ${probe.status}: ${body.slice(0, 200)}`);
  if (warmupSeconds > 0) await fire(url, headers, warmupSeconds);
  const result = await fire(url, headers, seconds);
  const completed = result.requests.total > 0;
  return {
    url,
    seconds,
    rps: result.requests.average,
    totalRequests: result.requests.total,
    sent: result.requests.sent,
    p50Ms: completed ? result.latency.p50 : null,
    p90Ms: completed ? result.latency.p90 : null,
    p99Ms: completed ? result.latency.p99 : null,
    maxMs: completed ? result.latency.max : null,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
