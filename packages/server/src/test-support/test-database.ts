import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** Set when the suite runs against a PostgreSQL server (DATABASE_URL): a database made for this file. */
  databaseUrl: string | null;
  /** The embedded database's folder otherwise. */
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database per test file: with DATABASE_URL set, a new database on that server
 * (dropped afterwards); otherwise a new embedded data folder.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-test-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { databaseUrl: null, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `duikou_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
