import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../src/test-support/test-database.js';

const BIN = fileURLToPath(new URL('../bin/duikou.js', import.meta.url));
const ADMIN_PASSWORD = 'Cli#Pass2026xy';
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key];
  return env;
}

function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `duikou start` and resolves once it listens, with everything it printed so far. */
function startServer(
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'start'], { env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 90_000);
    const check = setInterval(() => {
      if (output.includes('listening on')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => output, exited });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
}

async function stop(child: ChildProcessWithoutNullStreams, exited: Promise<number | null>): Promise<number | null> {
  child.kill('SIGTERM');
  return exited;
}

describe('duikou start on the embedded database', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts with the default pair, prints a generated admin password once, and a second process on the same folder refuses to start', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env = baseEnv({ DUIKOU_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: undefined, DUIKOU_ADMIN_PASSWORD: undefined });
    const first = await startServer(env);
    try {
      const printed = /initial password \(shown once, change it at first login\): (\S+)/.exec(first.output());
      expect(printed).not.toBeNull();
      // The built web app is served by the same process, client-side routes included.
      for (const page of ['/', '/tasks/123']) {
        const html = await fetch(`http://127.0.0.1:${port}${page}`);
        expect(html.status).toBe(200);
        expect(await html.text()).toContain('<div id="root"></div>');
      }
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: printed![1] }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).user.mustChangePassword).toBe(true);

      const second = runCli(['start'], { ...env, PORT: String(port + 1) });
      expect(second.code).toBe(3);
      expect(second.stderr).toContain('正被另一个 Duikou 进程');
      expect(second.stderr).toContain(`PID ${first.child.pid}`);
    } finally {
      expect(await stop(first.child, first.exited)).toBe(0);
    }
    // After a clean stop the folder is free again, the data is still there and no new password is printed.
    const again = await startServer(env);
    expect(again.output()).not.toContain('initial password');
    await stop(again.child, again.exited);
    // Three process starts of the real platform: generous on a loaded two-core machine.
  }, 240_000);
});

describe('the data folder’s lock lets a platform start after its predecessor died (embedded database)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-lock-cli-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A module run before `duikou` in the same process (`node --import`), to play a container's part. */
  function preload(name: string, source: string): string {
    const file = path.join(root, name);
    fs.writeFileSync(file, source);
    return pathToFileURL(file).href;
  }
  function envFor(dataDir: string): NodeJS.ProcessEnv {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    return baseEnv({ DUIKOU_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: undefined, DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD });
  }

  it('a live holder under another host name refuses a second start (exit 3, naming it); once it is killed with -9 the next start succeeds', async () => {
    const dataDir = path.join(root, 'killed');
    const env = envFor(dataDir);
    // The holder runs as a container whose host name will not come back.
    const oldContainer = preload('old-container.mjs', "import os from 'node:os';\nos.hostname = () => 'old-container';\n");
    const holder = await startServer(env, ['--import', oldContainer]);
    const second = runCli(['start'], { ...env, PORT: String(Number(env.PORT) + 1) });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('正被另一个 Duikou 进程');
    expect(second.stderr).toContain(`PID ${holder.child.pid}`);
    expect(second.stderr).toContain('old-container');

    holder.child.kill('SIGKILL');
    await holder.exited;
    const next = await startServer(env);
    expect(await stop(next.child, next.exited)).toBe(0);
  }, 240_000);

  it('a stale lock file from another host name, or one naming the new process’s own pid (pid 1 in a container), does not stop a start', async () => {
    const dataDir = path.join(root, 'stale');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'duikou.lock'), JSON.stringify({ pid: 4242, host: 'gone-container', since: '2026-01-01T00:00:00.000Z' }));
    const env = envFor(dataDir);
    const first = await startServer(env);
    expect(await stop(first.child, first.exited)).toBe(0);

    const ownPid = preload(
      'own-pid.mjs',
      "import fs from 'node:fs';\nimport os from 'node:os';\n" +
        "fs.writeFileSync(process.env.DUIKOU_DATA_DIR + '/duikou.lock', JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));\n",
    );
    const second = await startServer(env, ['--import', ownPid]);
    expect(await stop(second.child, second.exited)).toBe(0);
  }, 240_000);
});

describe('duikou CLI commands', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = baseEnv({ DUIKOU_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? undefined, DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD });
  });
  afterAll(async () => db?.drop());

  it('--help lists the commands', () => {
    const result = runCli(['--help'], env);
    expect(result.code).toBe(0);
    for (const command of ['start', 'migrate', 'user add', 'user reset-password', 'audit verify']) expect(result.stdout).toContain(`duikou ${command}`);
  });

  it('parse-plan prints the outline of the default plan as JSON and needs no database', () => {
    const result = runCli(['parse-plan', PLAN_FILE], baseEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DUIKOU_DATA_DIR: '/nonexistent' }));
    expect(result.code).toBe(0);
    const outline = JSON.parse(result.stdout) as {
      chapters: { number: string; title: string; articles: { number: string; title: string }[] }[];
      organisations: string[];
    };
    expect(outline.chapters.map((c) => c.number)).toEqual(['一', '二', '三', '四', '五', '六', '七']);
    const articles = outline.chapters.flatMap((c) => c.articles);
    expect(articles.map((a) => a.number)).toEqual([
      '一',
      '二',
      '三',
      '四',
      '五',
      '六',
      '七',
      '八',
      '九',
      '十',
      '十一',
      '十二',
      '十三',
      '十四',
      '十五',
      '十六',
      '十七',
      '十八',
      '十九',
      '二十',
    ]);
    expect(articles[19]!.title).toBe('积极宣传发动');
    expect(outline.organisations).toContain('中国稀土集团');
    expect(runCli(['parse-plan', '/nonexistent/plan.txt'], env).code).toBe(2);
  });

  it('parse-plan adds the headings at every depth, responsibilities, task tables and warnings, and exits 2 when it finds no structure', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-parse-'));
    const planFile = path.join(dir, 'plan.txt');
    fs.writeFileSync(
      planFile,
      [
        '一、重点任务',
        '（一）扩大消费。举办消费季活动。（市商务局牵头，区发改局配合）',
        '1.办好展销会',
        '（三）重复编号。',
        '附件',
        '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
        '1\t举办消费季活动\t市商务局\t区发改局\t2025年底前',
      ].join('\n'),
    );
    const result = runCli(['parse-plan', planFile], env);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      chapters: unknown[];
      headings: { path: string[]; title: string }[];
      responsibilities: { path: string[]; lead: string[]; supporting: string[] }[];
      taskTables: { rows: { task: string; lead: string[]; deadline: { kind: string; date?: string }; link: { path: string[] | null } }[] }[];
      unitNames: string[];
      warnings: string[];
    };
    expect(parsed.chapters).toHaveLength(1);
    expect(parsed.headings.map((h) => `${h.path.join('/')} ${h.title}`)).toEqual(['一 重点任务', '一/一 扩大消费', '一/一/1 办好展销会', '一/三 重复编号']);
    expect(parsed.responsibilities).toMatchObject([{ path: ['一', '一'], lead: ['市商务局'], supporting: ['区发改局'] }]);
    expect(parsed.taskTables[0]?.rows).toMatchObject([
      { task: '举办消费季活动', lead: ['市商务局'], deadline: { kind: 'date', date: '2025-12-31' }, link: { path: ['一', '一'] } },
    ]);
    expect(parsed.unitNames).toEqual(['市商务局', '区发改局']);
    expect(parsed.warnings).toEqual(['第（一）条之后出现（三），缺少（二）']);
    expect(result.stderr).toContain('警告 warning: 第（一）条之后出现（三），缺少（二）');

    const prose = path.join(dir, 'prose.txt');
    fs.writeFileSync(prose, '两市加强合作，共同推动发展。\n没有任何编号的段落。');
    const nothing = runCli(['parse-plan', prose], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('未识别到任何章节或条目编号，全文计入前言');
    expect(nothing.stderr).toContain('未识别出任何章节或条目 no chapters or items found');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an unknown command exits 2 with the help', () => {
    const result = runCli(['frobnicate'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });

  // Five CLI processes, each opening the embedded database: minutes when the whole suite shares two cores.
  it('migrate, user add, user reset-password and audit verify work on a fresh database', () => {
    const migrated = runCli(['migrate'], env);
    expect(migrated.code).toBe(0);
    // The first start of the database publishes the built-in plan; the import below is a plan of the office's own.
    expect(migrated.stdout).toContain('default plans published: shenzhen-ganzhou');
    const added = runCli(
      [
        'user',
        'add',
        '--username',
        'xingguo-cli',
        '--name',
        '兴国县填报员',
        '--role',
        'unit_reporter',
        '--scope',
        'unit',
        '--pair',
        'shenzhen-ganzhou',
        '--unit',
        '兴国县',
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/initial password \(shown once\): \S{16}/);
    const weak = runCli(['user', 'add', '--username', 'weak-one', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('PASSWORD_POLICY');
    const reset = runCli(['user', 'reset-password', 'xingguo-cli', '--password-stdin'], env, 'Reset#Pass2026\n');
    expect(reset.code).toBe(0);
    const imported = runCli(['import-plan', PLAN_FILE, '--publish'], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/v1 .*: 7 chapters, 20 articles/);
    expect(imported.stdout).toContain('published');
    const again = runCli(['import-plan', PLAN_FILE], env);
    expect(again.stdout).toMatch(/v2 .*\n.*\+0 \/ -0 articles, 0 retitled, 0 with changed measures/);
    const rebuilt = runCli(['stats', 'rebuild'], env);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/对口合作实施方案 \(.+\): 0 summary rows/);
    const jobs = runCli(['jobs', 'run'], env);
    expect(jobs.code).toBe(0);
    expect(JSON.parse(jobs.stdout)).toMatchObject({ ran: true, reportDue: 0 });
    const verify = runCli(['audit', 'verify'], env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit chain intact: \d+ entries/);
    // The head to keep elsewhere, to prove later that nothing up to it was cut or rewritten.
    expect(verify.stdout).toMatch(/head: \d+ entries, last #\d+ [0-9a-f]{64}/);
  }, 240_000);

  // Tampering as an operator does it in psql, with the platform stopped (the embedded folder is then free).
  async function asOperator(statements: string[]): Promise<void> {
    const handle = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    const client = await handle.pool.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      client.release();
      await handle.close();
    }
  }

  it('audit verify exits 1 naming what is wrong when the newest entries were removed, and when the log was truncated', async () => {
    await asOperator([
      'alter table audit_log disable trigger user',
      'delete from audit_log where id in (select id from audit_log order by id desc limit 3)',
      'alter table audit_log enable trigger user',
    ]);
    const cut = runCli(['audit', 'verify'], env);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('[tail_missing]');
    expect(cut.stdout).toContain('末尾的记录被删除');
    expect(cut.stdout).toMatch(/\((\d+) entries found, the head counts (\d+)\)/);
    const [, found, counted] = /\((\d+) entries found, the head counts (\d+)\)/.exec(cut.stdout)!;
    expect(Number(counted) - Number(found)).toBe(3);

    await asOperator(['begin', 'set local session_replication_role = replica', 'truncate audit_log', 'commit']);
    const emptied = runCli(['audit', 'verify'], env);
    expect(emptied.code).toBe(1);
    expect(emptied.stdout).toContain('[tail_missing]');
    expect(emptied.stdout).toContain('(0 entries found');
  }, 240_000);
});
