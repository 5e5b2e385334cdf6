import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/test-support/test-database.js';

const BIN = fileURLToPath(new URL('../bin/duikou.js', import.meta.url));
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

let db: TestDatabase;
let env: NodeJS.ProcessEnv;

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase();
  env = { ...process.env, LOG_LEVEL: 'warn', DUIKOU_DATA_DIR: db.dataDir, DUIKOU_ADMIN_PASSWORD: 'Cli#Pass2026xy' };
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
  else delete env.DATABASE_URL;
});
afterAll(async () => db?.drop());

describe('duikou periods', () => {
  it('--help lists periods create and periods list', () => {
    const help = runCli(['--help']);
    expect(help.stdout).toContain('duikou periods create [--plan ID] --kind monthly|quarterly --from YYYY-MM-DD --to YYYY-MM-DD [--due-days N]');
    expect(help.stdout).toContain('duikou periods list [--plan ID]');
  });

  // Several CLI processes, each opening the database: slow on a shared machine.
  it('creates quarterly periods for a year through the service (bad input named, nothing duplicated) and lists them', () => {
    // A database started without the built-in plan: the office has not imported one yet.
    env.DUIKOU_DEFAULT_PLAN = 'off';
    expect(runCli(['migrate']).code).toBe(0);
    const noPlan = runCli(['periods', 'list']);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain('no plan yet');
    expect(runCli(['import-plan', PLAN_FILE, '--publish']).code).toBe(0);
    const bad = runCli(['periods', 'create', '--kind', 'weekly', '--from', '2026-01-01', '--to', '2026-12-31']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/VALIDATION_FAILED.*kind/);
    const backwards = runCli(['periods', 'create', '--kind', 'quarterly', '--from', '2026-12-31', '--to', '2026-01-01']);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('to: 结束日期不能早于开始日期');
    const created = runCli(['periods', 'create', '--kind', 'quarterly', '--from', '2026-01-01', '--to', '2026-12-31', '--due-days', '15']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('新生成 created 4 个报送期 new periods; 共 4 total');
    expect(created.stdout).toMatch(/2026年第一季度\tquarterly\t2026-01-01~2026-03-31\t报送截止 due 2026-04-15\t开放 open/);
    const again = runCli(['periods', 'create', '--kind', 'quarterly', '--from', '2026-04-01', '--to', '2026-06-30']);
    expect(again.stdout).toContain('新生成 created 0 个报送期 new periods; 共 4 total');
    const listed = runCli(['periods', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.match(/^2026年第.季度\t/gm)).toEqual(['2026年第一季度\t', '2026年第二季度\t', '2026年第三季度\t', '2026年第四季度\t']);
    expect(listed.stdout).toContain('报送截止 due 2027-01-15');
  }, 300_000);
});
