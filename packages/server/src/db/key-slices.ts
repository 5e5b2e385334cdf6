import { type SQL, sql } from 'drizzle-orm';

/** Any Drizzle node-postgres handle: the platform's database or a transaction, or one made over a single client. */
interface AnyPg {
  execute(query: SQL): Promise<{ rows: unknown[] }>;
}

export interface KeySliceOptions {
  /** Table name (a trusted identifier, never user input). */
  table: string;
  /** A unique, indexed, ordered column: the primary key. */
  key: string;
  /** Rows per slice. */
  sliceRows: number;
}

/**
 * Visits a large table in consecutive key ranges of at most `sliceRows` rows, handing each range's
 * condition to `visit`. Why: the embedded database (PGlite) runs one statement at a time on one
 * thread and cannot interrupt it, so a single statement over a million rows makes every request
 * wait for it (measured in `npm run bench`: the list endpoint's p99 ~90× while such a statement
 * runs). Split into slices of a few tens of thousands of rows, the other requests' statements take
 * their turn between two slices. Heavy reads (reports, exports, rebuilding summaries) use this; on
 * a PostgreSQL server it costs a few extra index lookups and nothing else.
 *
 * Each boundary is found by walking the key index (`order by key limit n`), so sparse keys still
 * give full slices. Rows inserted during the walk may or may not be seen, as with any scan that is
 * not one snapshot; callers that need one snapshot run the walk inside a repeatable-read
 * transaction (which, on the embedded database, again holds it for the whole walk).
 */
export async function forEachKeySlice(db: AnyPg, options: KeySliceOptions, visit: (range: SQL) => Promise<void>): Promise<number> {
  const table = sql.identifier(options.table);
  const key = sql.identifier(options.key);
  let after: unknown = null;
  let slices = 0;
  for (;;) {
    const lowerBound = after === null ? sql`true` : sql`${key} > ${after}`;
    const result = await db.execute(
      sql`select max(k) as "upTo" from (select ${key} as k from ${table} where ${lowerBound} order by ${key} limit ${options.sliceRows}) slice`,
    );
    const upTo = (result.rows[0] as { upTo: unknown } | undefined)?.upTo ?? null;
    if (upTo === null) return slices;
    await visit(sql`${lowerBound} and ${key} <= ${upTo}`);
    slices++;
    after = upTo;
  }
}
