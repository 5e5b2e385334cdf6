import { sql } from 'drizzle-orm';

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
