// Clients with think time: each of N clients sends a request, waits for the answer, then pauses
// for an exponentially distributed time (mean `meanThinkMs`) before the next, independently of
// the others — the classic model of people (or pages) using a system. Unlike autocannon's rate
// limit, whose connections all fire on the same timer tick, the arrivals are spread out as real
// independent clients spread them.
import http from 'node:http';
import { type LoadFigures, percentile } from './load.js';

export interface ThinkTimeOptions {
  origin: string;
  headers: Record<string, string>;
  clients: number;
  meanThinkMs: number;
  seconds: number;
  warmupSeconds: number;
  nextPath: () => string;
  /** Seeded for repeatable pauses; the arrivals still depend on the server's answers. */
  seed?: number;
}

/** A small deterministic generator (mulberry32), so that two runs pause alike. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function get(agent: http.Agent, origin: URL, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: origin.hostname, port: origin.port, path, method: 'GET', headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
    request.end();
  });
}

export async function runThinkTimeClients(options: ThinkTimeOptions): Promise<LoadFigures & { meanThinkMs: number }> {
  const origin = new URL(options.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const random = generator(options.seed ?? 2026);
  const think = () => -Math.log(1 - random()) * options.meanThinkMs;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const warmupEnds = performance.now() + options.warmupSeconds * 1000;
  const ends = warmupEnds + options.seconds * 1000;
  const client = async () => {
    // Clients start spread over one think time, not all at once.
    await new Promise((resolve) => setTimeout(resolve, random() * options.meanThinkMs));
    while (performance.now() < ends) {
      const measured = performance.now() >= warmupEnds;
      const started = performance.now();
      if (measured) sent++;
      try {
        const status = await get(agent, origin, options.nextPath(), options.headers);
        if (measured) {
          if (status >= 200 && status < 300) latencies.push(performance.now() - started);
          else non2xx++;
        }
      } catch {
        if (measured) errors++;
      }
      await new Promise((resolve) => setTimeout(resolve, think()));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    url: `${options.origin}${options.nextPath()}`,
    seconds: options.seconds,
    rps: latencies.length / options.seconds,
    totalRequests: latencies.length,
    sent,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? null,
    non2xx,
    errors,
    timeouts: 0,
    connections: options.clients,
    meanThinkMs: options.meanThinkMs,
  };
}
