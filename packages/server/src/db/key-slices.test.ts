import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { forEachKeySlice } from './key-slices.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // 10,007 rows with gaps in the key (every third id is missing).
  await t.ctx.db.execute(sql`create table slice_rows(id int primary key, k int not null, v numeric not null)`);
  await t.ctx.db.execute(sql`insert into slice_rows select g, g % 7, g * 1.5 from generate_series(1, 15010) g where g % 3 <> 0`);
});
afterAll(async () => t?.close());

describe('forEachKeySlice', () => {
  it('visits every row exactly once, in slices of at most sliceRows rows, and a sliced aggregation equals the single statement', async () => {
    const sizes: number[] = [];
    const sums = new Map<number, { n: number; v: number }>();
    const slices = await forEachKeySlice(t.ctx.db, { table: 'slice_rows', key: 'id', sliceRows: 1000 }, async (range) => {
      const result = await t.ctx.db.execute(sql`select k, count(*)::int as n, sum(v)::float8 as v from slice_rows where ${range} group by k`);
      let size = 0;
      for (const row of result.rows as { k: number; n: number; v: number }[]) {
        size += row.n;
        const acc = sums.get(row.k) ?? { n: 0, v: 0 };
        sums.set(row.k, { n: acc.n + row.n, v: acc.v + row.v });
      }
      sizes.push(size);
    });
    expect(slices).toBe(11);
    expect(sizes.slice(0, 10)).toEqual(Array(10).fill(1000));
    expect(sizes[10]).toBe(7);
    const whole = await t.ctx.db.execute(sql`select k, count(*)::int as n, sum(v)::float8 as v from slice_rows group by k order by k`);
    expect([...sums.entries()].sort(([a], [b]) => a - b).map(([k, s]) => ({ k, ...s }))).toEqual(whole.rows);
  });

  it('visits nothing on an empty table', async () => {
    await t.ctx.db.execute(sql`create table empty_rows(id int primary key)`);
    let visited = 0;
    expect(await forEachKeySlice(t.ctx.db, { table: 'empty_rows', key: 'id', sliceRows: 10 }, async () => void visited++)).toBe(0);
    expect(visited).toBe(0);
  });
});
