import { type SQLWrapper, sql } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * The total number of matching rows, computed in the same statement as the page (a window
 * count), so a list is one round trip: on the embedded database every statement queues behind
 * the others, so fewer statements per request mean shorter waits.
 */
export const totalOver = sql<number>`(count(*) over())::int`;

/** The total from a page fetched with `totalOver`; only a page past the end needs a separate count. */
export async function totalOf(rows: readonly { total: number }[], offset: number, count: () => Promise<number>): Promise<number> {
  if (rows.length > 0) return rows[0]!.total;
  return offset === 0 ? 0 : count();
}

/**
 * The ids an ordered query selects (its one column `id`), in its order: what a kept list order
 * holds. Read as one comma-separated text rather than a row per id: decoding 100,000 rows was most
 * of the time an office's task-list order took (66 ms; docs/benchmarks.md, reference scale). The aggregate
 * reads the ordered subquery in its order, which PostgreSQL keeps (its manual, "Aggregate
 * Expressions"), so an index still gives the order without a sort.
 */
export async function orderedIds(db: Executor, ordered: SQLWrapper): Promise<string[]> {
  const result = await db.execute<{ ids: string | null }>(sql`select string_agg(ordered.id::text, ',') as ids from (${ordered.getSQL()}) as ordered`);
  const ids = result.rows[0]?.ids;
  return ids ? ids.split(',') : [];
}
