import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ChangeFeed, publishChange, RESET } from './change-feed.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

function recorder(feed: ChangeFeed) {
  const heard: string[] = [];
  const stop = feed.subscribe((topic) => heard.push(topic));
  return { heard, stop };
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('publishChange in this process', () => {
  it('announces a transaction’s changes once, after it commits', async () => {
    const { heard, stop } = recorder(t.ctx.feed);
    let heardInside: string[] = [];
    await t.ctx.db.transaction(async (tx) => {
      await publishChange(tx, 'pair:p1');
      await publishChange(tx, 'pair:p1', 'user:u1');
      await tx.execute(sql`select 1`);
      heardInside = [...heard];
    });
    stop();
    expect(heardInside).toEqual([]);
    expect(heard).toEqual(['pair:p1', 'user:u1']);
  });

  it('announces nothing when the transaction rolls back', async () => {
    const { heard, stop } = recorder(t.ctx.feed);
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await publishChange(tx, 'pair:p2');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    stop();
    expect(heard).toEqual([]);
  });

  it('folds a nested transaction’s changes into the outer one', async () => {
    const { heard, stop } = recorder(t.ctx.feed);
    let afterNested: string[] = [];
    await t.ctx.db.transaction(async (tx) => {
      await tx.transaction(async (inner) => publishChange(inner, 'pair:p3'));
      afterNested = [...heard];
    });
    stop();
    expect(afterNested).toEqual([]);
    expect(heard).toEqual(['pair:p3']);
  });

  it('announces at once outside a transaction (the statement has committed by itself)', async () => {
    const { heard, stop } = recorder(t.ctx.feed);
    await publishChange(t.ctx.db, 'auth');
    stop();
    expect(heard).toEqual(['auth']);
  });
});

// Several processes share a PostgreSQL server only; the embedded database belongs to one process.
describe.runIf(Boolean(process.env.DATABASE_URL))('between processes (PostgreSQL server)', () => {
  it('delivers committed changes to the other processes, not back to the sender; a lost listener makes the feed unreliable until it reconnects', async () => {
    const url = t.db.databaseUrl!;
    const other = new ChangeFeed({ connectionString: url });
    await other.start();
    try {
      expect(t.ctx.feed.reliable).toBe(true);
      expect(other.reliable).toBe(true);
      const mine = recorder(t.ctx.feed);
      const theirs = recorder(other);
      await t.ctx.db.transaction(async (tx) => publishChange(tx, 'pair:shared'));
      await expect(
        t.ctx.db.transaction(async (tx) => {
          await publishChange(tx, 'pair:rolled-back');
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      await until(() => theirs.heard.includes('pair:shared'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(theirs.heard).toEqual(['pair:shared']);
      // The sender heard it once, from its own commit, not again from the server.
      expect(mine.heard).toEqual(['pair:shared']);

      // The server drops the listening connection: the other process must stop trusting its cache.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'listen %' and pid <> pg_backend_pid()`,
      );
      await admin.end();
      await until(() => theirs.heard.includes(RESET));
      await until(() => other.reliable, 10_000);
      theirs.heard.length = 0;
      await t.ctx.db.transaction(async (tx) => publishChange(tx, 'user:after-reconnect'));
      await until(() => theirs.heard.includes('user:after-reconnect'));
      mine.stop();
      theirs.stop();
    } finally {
      await other.close();
    }
    expect(other.reliable).toBe(false);
  });
});
