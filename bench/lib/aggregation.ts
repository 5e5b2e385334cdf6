import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { forEachKeySlice } from '../../packages/server/src/db/key-slices.js';
// The heavy query the benchmark runs next to the HTTP load, and a time-bounded loop running it.

export const CREATE_BENCH_ROWS = 'create table bench_rows(id int primary key, k int, v numeric)';
export const FILL_BENCH_ROWS = 'insert into bench_rows select g, g % 100, g * 1.5 from generate_series(1, 1000000) g';
export const AGGREGATION = 'select k, count(*), sum(v) from bench_rows group by k';

export interface AggregationStats {
  iterations: number;
  meanMs: number;
  maxMs: number;
  error: string | null;
}

/** Anything that runs a query: a node-postgres client, or PGlite in the naive server. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

/** One aggregation over the whole table. */
export type AggregationRun = () => Promise<unknown>;

/** The aggregation as one statement: how an ad-hoc query would run it. */
export function singleStatement(db: Queryable): AggregationRun {
  return () => db.query(AGGREGATION);
}

/** Rows per slice for the sliced aggregation: a few milliseconds of PGlite time each on the reference machine. */
export const SLICE_ROWS = 10_000;

/**
 * The same aggregation the way the platform runs heavy reads: in key-range slices
 * (packages/server/src/db/key-slices.ts), partial results merged here. Counts and sums merge
 * exactly; the sums are summed as JavaScript numbers, which is fine for a benchmark.
 */
export function sliced(client: pg.Client): AggregationRun {
  const db = drizzle(client);
  return async () => {
    const totals = new Map<number, { n: number; sum: number }>();
    await forEachKeySlice(db, { table: 'bench_rows', key: 'id', sliceRows: SLICE_ROWS }, async (range) => {
      const result = await db.execute(sql`select k, count(*)::int as n, sum(v) as s from bench_rows where ${range} group by k`);
      for (const row of result.rows as { k: number; n: number; s: string }[]) {
        const acc = totals.get(row.k) ?? { n: 0, sum: 0 };
        totals.set(row.k, { n: acc.n + row.n, sum: acc.sum + Number(row.s) });
      }
    });
    if (totals.size !== 100) throw new Error(`sliced aggregation found ${totals.size} groups, expected 100`);
    return totals;
  };
}

/**
 * Runs an aggregation back to back until `stop()` or `maxSeconds`, whichever comes first.
 * `yieldBetween` gives the event loop a turn between two runs (used in-process, where the query
 * itself never yields; without it no other request could be served at all).
 */
export class AggregationLoop {
  private stopping = false;
  private readonly durations: number[] = [];
  private error: string | null = null;
  private readonly running: Promise<void>;

  constructor(
    private readonly run: AggregationRun,
    maxSeconds: number,
    private readonly yieldBetween = false,
  ) {
    const deadline = Date.now() + maxSeconds * 1000;
    this.running = (async () => {
      while (!this.stopping && Date.now() < deadline) {
        const started = performance.now();
        try {
          await this.run();
        } catch (error) {
          this.error = error instanceof Error ? error.message : String(error);
          return;
        }
        this.durations.push(performance.now() - started);
        if (this.yieldBetween) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
  }

  stats(): AggregationStats {
    const n = this.durations.length;
    const total = this.durations.reduce((sum, d) => sum + d, 0);
    return {
      iterations: n,
      meanMs: n ? total / n : 0,
      maxMs: n ? Math.max(...this.durations) : 0,
      error: this.error,
    };
  }

  /** Stops after the query in flight; gives up waiting after `timeoutMs`. */
  async stop(timeoutMs = 60_000): Promise<AggregationStats> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.running.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const stats = this.stats();
    if (!finished) stats.error ??= `aggregation still running ${timeoutMs} ms after stop`;
    return stats;
  }
}
