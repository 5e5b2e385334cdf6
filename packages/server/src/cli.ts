import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePlan, planAnalysis, planOutline, ROLE_ALLOWED_SCOPES, ROLES, type Role, SCOPES, type Scope } from '@duikou/domain';
import { and, eq, sql } from 'drizzle-orm';
import { loadConfig } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { cities, pairs, plans, rollupDefinitions, units, users } from './db/schema.js';
import { type SeedResult, seedDatabase } from './db/seed.js';
import { DrawVerifyInputError, verifyPublishedDraw } from './draw-verify.js';
import { AppError, issuesError } from './http/errors.js';
import type { Actor, Principal } from './http/principal.js';
import { runReminders } from './jobs/reminders.js';
import { type ChainProblem, recordAudit, verifyChain } from './modules/audit/audit.service.js';
import { rebuildReportStats } from './modules/dashboard/report-stats.js';
import { rebuildTaskStats } from './modules/dashboard/task-stats.js';
import { planSourceText } from './modules/plans/plan-source.js';
import { importPlan, publish } from './modules/plans/plans.service.js';
import { PeriodsBody } from './modules/reports/reports.schema.js';
import { createPeriods, listPeriods } from './modules/reports/reports.service.js';
import { rebuildRollup } from './modules/rollups/rollups.service.js';
import { rebuildRuleSet } from './modules/scoring/scoring.hooks.js';
import { allRuleSets } from './modules/scoring/scoring.repository.js';
import { createUser, resetPassword } from './modules/users/users.service.js';
import { openPlatform, type Platform, startServer } from './platform.js';

const HELP = `duikou — 对口合作平台 Duikou command line

Usage:
  duikou start                         启动平台 Start the platform (HTTP on $PORT, default 8080)
  duikou migrate                       执行数据库迁移并载入初始数据 Apply migrations, load the
                                       default pairs (with their published plan on the first
                                       start) and first administrator, and exit
  duikou user add --username NAME [--name 显示名] [--role ROLE] [--scope SCOPE]
                  [--pair CODE] [--city CODE] [--unit 单位名称] [--password-stdin]
                                       新增用户 Create a user (password generated and printed
                                       unless --password-stdin)
  duikou user reset-password USERNAME [--password-stdin]
                                       重置密码 Reset a password (must be changed at next login)
  duikou parse-plan FILE               解析方案（.txt/.docx/.xlsx）并输出 JSON，不写入数据 Print a plan's
                                       parsed structure as JSON; writes nothing
  duikou import-plan FILE [--pair CODE] [--title 标题] [--publish]
                                       导入方案为草稿版本（可直接发布） Import a plan as a draft
                                       version of the pair's plan (and publish it)
  duikou periods create [--plan ID] --kind monthly|quarterly --from YYYY-MM-DD --to YYYY-MM-DD [--due-days N]
                                       生成报送期（已有的不重复生成）Create a plan's report periods
                                       over a span, each due N days (default 10) after it ends;
                                       --plan may be left out when there is one plan
  duikou periods list [--plan ID]      列出报送期 List a plan's report periods (deadline, state, reports)
  duikou jobs run                      立即执行提醒任务 Run the reminder job once (reminders,
                                       overdue escalation, traffic lights)
  duikou stats rebuild                 重建工作台统计与自动汇总指标 Rebuild the dashboard summaries and the registry indicators
                                       from the tasks (after a bulk load, or as a repair)
  duikou scores rebuild [--year YYYY] 重算考评得分 Recompute the score entries of every city's scoring
                                       rules (of one year) from the events (a repair; audited)
  duikou audit verify                  校验审计日志哈希链 Verify the audit log's hash chain
  duikou draw verify <FILE|URL>        重新验证双随机抽取 Re-run a published draw from its inputs
                                       (GET /api/v1/public/inspection-plans/ID/inputs) and compare;
                                       exit 0 when identical, 1 with the differences; no database
  duikou --help                        显示本帮助 Show this help

Roles: ${ROLES.join(', ')}
Scopes: ${SCOPES.join(', ')}
Configuration comes from the environment: DATABASE_URL, DUIKOU_DATA_DIR, PORT, HOST,
DUIKOU_ADMIN_PASSWORD, DUIKOU_DEFAULT_PLAN, DUIKOU_SESSION_IDLE_MINUTES, LOG_LEVEL (see docs/configuration.md).
`;

function cliActor(): Actor {
  return { userId: null, name: `cli:${os.userInfo().username}`, ip: null, userAgent: 'duikou-cli' };
}

/** The command line acts with deployment-wide administrator rights: whoever runs it already holds the database. */
function cliPrincipal(): Principal {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'cli',
    displayName: 'CLI',
    unitId: null,
    sessionId: '',
    csrfToken: '',
    mustChangePassword: false,
    grants: [{ role: 'system_admin', scope: 'all', pairId: null, cityId: null, unitId: null, unitPath: null }],
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function withPlatform<T>(run: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(loadConfig());
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

async function userAdd(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'system_admin' },
      scope: { type: 'string' },
      pair: { type: 'string' },
      city: { type: 'string' },
      unit: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (!values.username) throw new UsageError('--username is required');
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const role = values.role as Role;
  const scope = (values.scope ?? ROLE_ALLOWED_SCOPES[role][0]) as Scope;
  if (!SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}`);
  const password = values['password-stdin'] ? await readStdin() : undefined;
  return withPlatform(async ({ ctx }) => {
    const pair = values.pair ? (await ctx.db.select().from(pairs).where(eq(pairs.code, values.pair)))[0] : undefined;
    if (values.pair && !pair) throw new UsageError(`no pair with code ${values.pair}`);
    const city = values.city
      ? (
          await ctx.db
            .select()
            .from(cities)
            .where(and(eq(cities.code, values.city), pair ? eq(cities.pairId, pair.id) : undefined))
        )[0]
      : undefined;
    if (values.city && !city) throw new UsageError(`no city with code ${values.city}`);
    const unit = values.unit
      ? (
          await ctx.db
            .select()
            .from(units)
            .where(and(sql`(${units.name} = ${values.unit} or ${units.id}::text = ${values.unit})`, pair ? eq(units.pairId, pair.id) : undefined))
        )[0]
      : undefined;
    if (values.unit && !unit) throw new UsageError(`no unit named ${values.unit}`);
    const result = await createUser(ctx, cliPrincipal(), cliActor(), {
      username: values.username!,
      displayName: values.name ?? values.username!,
      unitId: unit?.id ?? null,
      password,
      mustChangePassword: password === undefined,
      roles: [{ role, scope, pairId: pair?.id ?? null, cityId: city?.id ?? null, unitId: unit?.id ?? null }],
    });
    console.log(`已创建用户 created user ${result.user.username} (${result.user.id})`);
    if (result.initialPassword) console.log(`初始密码 initial password (shown once): ${result.initialPassword}`);
    return 0;
  });
}

async function userResetPassword(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'password-stdin': { type: 'boolean', default: false } } });
  const username = positionals[0];
  if (!username) throw new UsageError('USERNAME is required');
  const password = values['password-stdin'] ? await readStdin() : undefined;
  return withPlatform(async ({ ctx }) => {
    const [user] = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
    if (!user) throw new UsageError(`no user ${username}`);
    const result = await resetPassword(ctx, cliPrincipal(), cliActor(), user.id, { password });
    console.log(`已重置 password reset for ${username}; it must be changed at next login`);
    if (result.temporaryPassword) console.log(`临时密码 temporary password (shown once): ${result.temporaryPassword}`);
    return 0;
  });
}

async function readPlanFile(file: string | undefined) {
  if (!file) throw new UsageError('FILE is required');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  return { fileName: path.basename(file).replace(/^(?!.*\.(txt|docx|xlsx)$)(.*)$/i, '$2.txt'), fileBase64: bytes.toString('base64') };
}

/**
 * Parses a plan file and prints its outline and what else the parser found (docs/configuration.md
 * lists the fields); touches no database, so it works anywhere. The warnings go to stderr as well,
 * and a text in which no structure was found exits 2: an empty outline is not a success.
 */
async function parsePlanCommand(args: string[]): Promise<number> {
  const source = await readPlanFile(args[0]);
  const { text } = await planSourceText(source);
  const parsed = parsePlan(text);
  process.stdout.write(`${JSON.stringify({ ...planOutline(parsed), ...planAnalysis(parsed), warnings: parsed.warnings }, null, 2)}\n`);
  for (const warning of parsed.warnings) process.stderr.write(`警告 warning: ${warning}\n`);
  if (parsed.sections.length === 0) {
    process.stderr.write('未识别出任何章节或条目 no chapters or items found\n');
    return 2;
  }
  return 0;
}

async function importPlanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { pair: { type: 'string', default: 'shenzhen-ganzhou' }, title: { type: 'string' }, publish: { type: 'boolean', default: false } },
  });
  const source = await readPlanFile(positionals[0]);
  return withPlatform(async ({ ctx }) => {
    const [pair] = await ctx.db.select().from(pairs).where(eq(pairs.code, values.pair!));
    if (!pair) throw new UsageError(`no pair with code ${values.pair}`);
    const result = await importPlan(ctx, cliPrincipal(), cliActor(), { pairId: pair.id, title: values.title ?? '对口合作实施方案', source });
    const { version, diff } = result;
    const articles = version.outline.chapters.reduce((n, c) => n + c.articles.length, 0);
    console.log(
      `已导入 imported ${version.planTitle} v${version.versionNo} (${version.id}): ${version.outline.chapters.length} chapters, ${articles} articles`,
    );
    for (const warning of version.warnings) console.log(`  警告 warning: ${warning}`);
    if (diff.againstVersionId) {
      const a = diff.articles;
      console.log(
        `  与上一发布版本相比 since the last published version: +${a.added.length} / -${a.removed.length} articles, ${a.retitled.length} retitled, ${a.measuresChanged.length} with changed measures`,
      );
    }
    if (values.publish) {
      await publish(ctx, cliPrincipal(), cliActor(), version.id);
      console.log('  已发布 published');
    }
    return 0;
  });
}

/** The plan named by --plan, or the only plan there is. */
async function planFor(ctx: Platform['ctx'], id: string | undefined) {
  const all = await ctx.db.select({ id: plans.id, title: plans.title }).from(plans);
  if (id) {
    const plan = all.find((p) => p.id === id);
    if (!plan) throw new UsageError(`no plan ${id}`);
    return plan;
  }
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new UsageError('no plan yet: import one first (duikou import-plan FILE --publish)');
  throw new UsageError(`--plan is required; plans:\n${all.map((p) => `  ${p.id}  ${p.title}`).join('\n')}`);
}

function printPeriods(items: Awaited<ReturnType<typeof listPeriods>>['items']): void {
  for (const p of items) {
    const state = p.closedAt ? '已关闭 closed' : '开放 open';
    console.log(
      `${p.label}\t${p.kind}\t${p.startsOn}~${p.endsOn}\t报送截止 due ${p.dueOn}\t${state}\t已报送 submitted ${p.submitted} / 已通过 accepted ${p.accepted}\t${p.id}`,
    );
  }
}

async function periodsCommand(sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { plan: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'due-days': { type: 'string' } },
  });
  if (sub !== 'create' && sub !== 'list') throw new UsageError(`unknown command: periods ${sub ?? ''}`);
  let body: ReturnType<typeof PeriodsBody.parse> | undefined;
  if (sub === 'create') {
    // The same schema as the API's, so a bad value is named the same way (kind, from, to, dueDays).
    const parsed = PeriodsBody.safeParse({
      kind: values.kind,
      from: values.from,
      to: values.to,
      dueDays: values['due-days'] === undefined ? undefined : Number(values['due-days']),
    });
    if (!parsed.success)
      throw issuesError(
        'VALIDATION_FAILED',
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })),
      );
    body = parsed.data;
  }
  return withPlatform(async ({ ctx }) => {
    const plan = await planFor(ctx, values.plan);
    if (body) {
      const result = await createPeriods(ctx, cliPrincipal(), cliActor(), plan.id, body);
      console.log(`${plan.title} (${plan.id}): 新生成 created ${result.created} 个报送期 new periods; 共 ${result.total} total`);
      printPeriods(result.items);
      return 0;
    }
    const result = await listPeriods(ctx, cliPrincipal(), plan.id);
    console.log(`${plan.title} (${plan.id}): ${result.total} 个报送期 periods`);
    printPeriods(result.items);
    return 0;
  });
}

const CHAIN_PROBLEMS: Record<ChainProblem, string> = {
  hash_mismatch: '内容被改动 content altered',
  chain_broken: '链接断开（有记录被删除或插入）chain broken (a row was removed or inserted)',
  tail_missing: '记录少于锚点所记（末尾的记录被删除，或日志被清空）fewer entries than the head counts (the newest were removed, or the log was emptied)',
  head_mismatch:
    '日志末端与锚点不符（有记录绕过触发器写入，或日志被改写）the log does not end where the head says (entries written past the triggers, or the log rewritten)',
  head_missing: '锚点 audit_head 被删除，无法证明日志末尾完整 the head (audit_head) was removed: the end of the log cannot be vouched for',
};

async function auditVerify(): Promise<number> {
  return withPlatform(async ({ ctx }) => {
    const check = await verifyChain(ctx.db);
    if (check.ok) {
      console.log(`审计链完整 audit chain intact: ${check.checked} entries`);
      // Kept somewhere else (a ticket, a log server), this line proves later that nothing up to it was cut or rewritten.
      if (check.head?.lastId) console.log(`锚点 head: ${check.head.entries} entries, last #${check.head.lastId} ${check.head.lastHash}`);
      return 0;
    }
    const where = check.firstBrokenId === null ? '' : `，第 ${check.firstBrokenId} 条 at entry ${check.firstBrokenId}`;
    const counts = check.head ? ` (${check.checked} entries found, the head counts ${check.head.entries})` : '';
    console.log(`审计链校验失败 audit chain check failed [${check.reason}]${where}: ${CHAIN_PROBLEMS[check.reason!]}${counts}`);
    return 1;
  });
}

function printGeneratedAdminPassword(seed: SeedResult): void {
  if (!seed.generatedAdminPassword) return;
  // Printed once, straight to the terminal rather than through the log pipeline.
  process.stdout.write(
    `\n  管理员账号 administrator: admin\n  初始密码 initial password (shown once, change it at first login): ${seed.generatedAdminPassword}\n\n`,
  );
}

/** Schema migrations plus the first-start data (default pairs, first administrator), without serving HTTP. */
async function migrate(): Promise<number> {
  const config = loadConfig();
  return withPlatform(async ({ ctx }) => {
    const seed = await seedDatabase(ctx, config.adminPassword);
    console.log('数据库已是最新 database schema is up to date');
    if (seed.pairsCreated.length > 0) console.log(`已载入默认结对城市 default pairs loaded: ${seed.pairsCreated.join(', ')}`);
    if (seed.plansLoaded.length > 0) console.log(`已载入并发布默认实施方案 default plans published: ${seed.plansLoaded.join(', ')}`);
    printGeneratedAdminPassword(seed);
    return 0;
  });
}

async function start(): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config);
  const log = server.app.log;
  log.info({ url: server.url, database: server.platform.handle.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'Duikou started');
  if (server.platform.handle.embeddedSocketDir)
    log.info({ psql: `psql -h ${server.platform.handle.embeddedSocketDir} -U postgres postgres` }, 'embedded database socket');
  if (server.seed.pairsCreated.length > 0) log.info({ pairs: server.seed.pairsCreated }, 'default city pairs loaded');
  if (server.seed.plansLoaded.length > 0) log.info({ pairs: server.seed.plansLoaded }, 'default plans published');
  printGeneratedAdminPassword(server.seed);
  // The handlers go in before the line that tells a supervisor (or a test) the platform is up: a
  // SIGTERM sent right after it met no handler yet, and its default action killed the process
  // without closing the database or releasing the data folder.
  const stopped = new Promise<void>((resolve) => {
    const shutdown = () => {
      log.info('shutting down');
      void server.stop().then(resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  console.log(`Duikou 对口合作平台 listening on ${server.url}`);
  await stopped;
  return 0;
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? 1 : 0;
    }
    if (command === 'start') return await start();
    if (command === 'migrate') return await migrate();
    if (command === 'user' && sub === 'add') return await userAdd(rest);
    if (command === 'user' && sub === 'reset-password') return await userResetPassword(rest);
    if (command === 'audit' && sub === 'verify') return await auditVerify();
    if (command === 'periods') return await periodsCommand(sub, rest);
    if (command === 'jobs' && sub === 'run') {
      const config = loadConfig();
      return await withPlatform(async ({ ctx }) => {
        const result = await runReminders(ctx, config.reminderDays);
        console.log(JSON.stringify(result));
        return 0;
      });
    }
    if (command === 'stats' && sub === 'rebuild') {
      return await withPlatform(async ({ ctx }) => {
        for (const plan of await ctx.db.select({ id: plans.id, title: plans.title }).from(plans)) {
          const rows = await ctx.db.transaction(async (tx) => (await rebuildTaskStats(tx, plan.id)) + (await rebuildReportStats(tx, plan.id)));
          console.log(`${plan.title} (${plan.id}): ${rows} summary rows`);
        }
        // Indicators that add themselves up, computed afresh from the registries.
        for (const row of await ctx.db.select().from(rollupDefinitions)) {
          await ctx.db.transaction((tx) => rebuildRollup(tx, ctx.clock, row));
          console.log(`${row.name} (${row.key}): recomputed`);
        }
        return 0;
      });
    }
    if (command === 'scores' && sub === 'rebuild') {
      const { values } = parseArgs({ args: rest, options: { year: { type: 'string' } }, strict: true });
      const year = values.year === undefined ? null : Number(values.year);
      if (year !== null && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) throw new UsageError('--year must be a year (2000–2100)');
      return await withPlatform(async ({ ctx }) => {
        for (const set of (await allRuleSets(ctx.db)).filter((s) => year === null || s.year === year)) {
          const entries = await ctx.db.transaction(async (tx) => {
            const n = await rebuildRuleSet(tx, set);
            await recordAudit(tx, ctx.clock, cliActor(), {
              action: 'scoring.rebuild',
              entityType: 'scoring_rule_set',
              entityId: set.id,
              pairId: set.pairId,
              cityId: set.cityId,
              after: { year: set.year, entries: n },
            });
            return n;
          });
          console.log(`${set.year} ${set.cityId}: ${entries} score entries`);
        }
        return 0;
      });
    }
    if (command === 'draw' && sub === 'verify') {
      if (!rest[0]) throw new UsageError('FILE or URL is required');
      const outcome = await verifyPublishedDraw(rest[0]);
      for (const line of outcome.lines) console.log(line);
      return outcome.identical ? 0 : 1;
    }
    if (command === 'parse-plan') return await parsePlanCommand(argv.slice(1));
    if (command === 'import-plan') return await importPlanCommand(argv.slice(1));
    throw new UsageError(`unknown command: ${argv.join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`duikou: ${error.message}\n\n${HELP}`);
      return 2;
    }
    if (error instanceof DrawVerifyInputError) {
      console.error(`duikou: ${error.message}`);
      return 2;
    }
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      return 3;
    }
    if (error instanceof AppError) {
      const details = error.details.map((d) => `${d.field}: ${d.reason}`).join('; ');
      console.error(`duikou: ${error.code} ${error.message}${details && !error.message.includes(details) ? ` (${details})` : ''}`);
      return 1;
    }
    throw error;
  }
}
