import { creditCodeCheckCharacter, type Permission, type Role, roleHasPermission } from '@duikou/domain';
import { inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications } from '../db/schema.js';
import { publishDefaultPlan } from '../test-support/plans.js';
import { Agent, createTestApp, type JsonBody, type Response, type TestApp, USER_PASSWORD } from '../test-support/test-app.js';

/*
 * The authorization sweep: every route of the OpenAPI document, called by users of each role and
 * scope with the ids of records they may not see, answers exactly as for an id that does not
 * exist (404 on a path, the same answer for a query or body reference), and writes nothing.
 * The routes come from the document, so a new route is covered the day it is added: one whose
 * path id has no kind in PATH_KINDS fails the first test until it gets one.
 *
 * The world: pair 1 (the default Shenzhen–Ganzhou) and pair 2 (Shenzhen–Baise, made through the
 * API). Every kind of record with a path id exists three times: in pair 2 (`p2`), in pair 1 on the
 * Ganzhou side at 兴国县 (`gz`) and on the Shenzhen side at 福田区 (`sz`); a kind that belongs to a
 * whole pair (a plan, an agreement) once per pair (`gz` stands for pair 1).
 */

let t: TestApp;
const MISSING = '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11';
const SIDES = ['p2', 'gz', 'sz'] as const;
type Side = (typeof SIDES)[number];

type Kind =
  | 'pair'
  | 'city'
  | 'unit'
  | 'user'
  | 'plan'
  | 'planVersion'
  | 'period'
  | 'task'
  | 'report'
  | 'notification'
  | 'supervision'
  | 'meeting'
  | 'attachment'
  | 'registryRecord'
  | 'rollup'
  | 'section'
  | 'agreement'
  | 'entity'
  | 'inspector'
  | 'inspectionPlan'
  | 'inspection'
  | 'instruction'
  | 'unitAlias'
  | 'bulletin'
  | 'scoringRuleSet';

/**
 * Who reads a kind (`own`: only its owner, whatever the role) and whether it belongs to a whole
 * pair (anyone of the pair with the right sees it) or is scoped (a city or county grant sees only
 * its side's).
 */
const KINDS: Record<Kind, { read: Permission | 'own'; level: 'pair' | 'scoped' }> = {
  pair: { read: 'pairs.read', level: 'pair' },
  city: { read: 'pairs.read', level: 'pair' },
  unit: { read: 'units.read', level: 'scoped' },
  user: { read: 'users.read', level: 'scoped' },
  plan: { read: 'plans.read', level: 'pair' },
  planVersion: { read: 'plans.read', level: 'pair' },
  period: { read: 'tasks.read', level: 'pair' },
  task: { read: 'tasks.read', level: 'scoped' },
  report: { read: 'tasks.read', level: 'scoped' },
  notification: { read: 'own', level: 'scoped' },
  supervision: { read: 'supervision.read', level: 'scoped' },
  meeting: { read: 'meetings.read', level: 'scoped' },
  attachment: { read: 'tasks.read', level: 'scoped' },
  registryRecord: { read: 'registries.read', level: 'scoped' },
  rollup: { read: 'registries.read', level: 'pair' },
  section: { read: 'water.read', level: 'scoped' },
  agreement: { read: 'water.read', level: 'pair' },
  entity: { read: 'inspections.read', level: 'scoped' },
  inspector: { read: 'inspections.read', level: 'scoped' },
  inspectionPlan: { read: 'inspections.read', level: 'scoped' },
  inspection: { read: 'inspections.read', level: 'scoped' },
  instruction: { read: 'supervision.read', level: 'scoped' },
  unitAlias: { read: 'plans.read', level: 'pair' },
  // A city's bulletins: its office and viewers see drafts too, its units the published ones (the fixtures are drafts).
  bulletin: { read: 'supervision.read', level: 'scoped' },
  // A city's 考评 rules are read by anyone of the pair; the scores behind them are cut to the caller's units.
  scoringRuleSet: { read: 'supervision.read', level: 'pair' },
};

/**
 * A pair, its cities, units and accounts are named to all its members (the session's grants, task
 * lists, meetings, reports' history): inside a pair they are not secret, only another pair's are.
 * A path id of theirs outside the caller's scope still answers 404.
 */
const COMMON_IN_PAIR: ReadonlySet<Kind> = new Set<Kind>(['pair', 'unit', 'city', 'user']);

/**
 * The kind of record each path id names. A new route with a path parameter must be added here
 * (and, if it writes, its body to BODIES): the sweep then calls it with hidden ids for every user.
 */
const PATH_KINDS: Record<string, Kind | 'public' | 'not-a-record'> = {
  '/api/v1/pairs/{id}': 'pair',
  '/api/v1/units/{id}': 'unit',
  '/api/v1/users/{id}': 'user',
  '/api/v1/users/{id}/reset-password': 'user',
  '/api/v1/users/{id}/roles': 'user',
  '/api/v1/plans/{id}/report-periods': 'plan',
  '/api/v1/plans/{id}/report-periods/preview': 'plan',
  '/api/v1/report-periods/{id}': 'period',
  '/api/v1/report-periods/{id}/close': 'period',
  '/api/v1/report-periods/{id}/reopen': 'period',
  '/api/v1/plans/{id}/tree': 'plan',
  '/api/v1/reports/{id}': 'report',
  '/api/v1/reports/{id}/review': 'report',
  '/api/v1/notifications/{id}/read': 'notification',
  '/api/v1/plan-versions/{id}': 'planVersion',
  '/api/v1/plan-versions/{id}/diff': 'planVersion',
  '/api/v1/plan-versions/{id}/outline': 'planVersion',
  '/api/v1/plan-versions/{id}/publish': 'planVersion',
  '/api/v1/plan-versions/{id}/table-tasks': 'planVersion',
  '/api/v1/unit-aliases/{id}': 'unitAlias',
  '/api/v1/tasks/{id}': 'task',
  '/api/v1/supervision/{id}': 'supervision',
  '/api/v1/supervision/{id}/replies': 'supervision',
  '/api/v1/supervision/{id}/close': 'supervision',
  '/api/v1/supervision/{id}/sign': 'supervision',
  '/api/v1/supervision/{id}/extensions': 'supervision',
  '/api/v1/supervision/{id}/extension-decision': 'supervision',
  '/api/v1/supervision/{id}/completion': 'supervision',
  '/api/v1/supervision/{id}/return': 'supervision',
  '/api/v1/supervision/{id}/chase': 'supervision',
  '/api/v1/pairs/{id}/supervision-settings': 'pair',
  '/api/v1/bulletins/{id}': 'bulletin',
  '/api/v1/bulletins/{id}/publish': 'bulletin',
  '/api/v1/bulletins/{id}/bulletin.docx': 'bulletin',
  '/api/v1/meetings/{id}': 'meeting',
  '/api/v1/meetings/{id}/hold': 'meeting',
  '/api/v1/meetings/{id}/minutes.docx': 'meeting',
  '/api/v1/attachments/{id}/content': 'attachment',
  '/api/v1/registries/{type}/records/{id}': 'registryRecord',
  '/api/v1/registries/{type}/records/{id}/stage': 'registryRecord',
  '/api/v1/rollups/{id}': 'rollup',
  '/api/v1/water/sections/{id}': 'section',
  '/api/v1/water/sections/{id}/samples': 'section',
  '/api/v1/water/sections/{id}/summary': 'section',
  '/api/v1/water/agreements/{id}': 'agreement',
  '/api/v1/inspections/entities/{id}': 'entity',
  '/api/v1/inspections/inspectors/{id}': 'inspector',
  '/api/v1/inspections/plans/{id}': 'inspectionPlan',
  '/api/v1/inspections/plans/{id}/fix': 'inspectionPlan',
  '/api/v1/inspections/plans/{id}/draw': 'inspectionPlan',
  '/api/v1/inspections/plans/{id}/publish': 'inspectionPlan',
  '/api/v1/inspections/inspections/{id}/findings': 'inspection',
  '/api/v1/instructions/{id}': 'instruction',
  '/api/v1/scoring/rule-sets/{id}': 'scoringRuleSet',
  '/api/v1/scoring/rule-sets/{id}/rebuild': 'scoringRuleSet',
  '/api/v1/scoring/rule-sets/{id}/scores': 'scoringRuleSet',
  '/api/v1/scoring/rule-sets/{id}/breakdown': 'scoringRuleSet',
  '/api/v1/scoring/rule-sets/{id}/scores.xlsx': 'scoringRuleSet',
  // Published plans are public on purpose (双随机、一公开); route-guard.test.ts keeps that list.
  '/api/v1/public/inspection-plans/{id}': 'public',
  '/api/v1/public/inspection-plans/{id}/inputs': 'public',
  '/api/v1/public/inspection-plans/{id}/verify': 'public',
  // A kind of registry or an option list, not a record: their pairId is swept as a query reference.
  '/api/v1/registries/{type}/records': 'not-a-record',
  '/api/v1/registries/{type}/by-location': 'not-a-record',
  '/api/v1/registries/{type}/template.xlsx': 'not-a-record',
  '/api/v1/registries/{type}/import': 'not-a-record',
  '/api/v1/registries/{type}/export.xlsx': 'not-a-record',
  '/api/v1/registry-options/{list}': 'not-a-record',
};

/** Path parameters that are not record ids, and the value the sweep gives them. */
const PATH_VALUES: Record<string, string> = { type: 'project', list: 'industry' };

/** Query strings a route needs besides its id (validated before the record is looked up). */
const PATH_QUERIES: Record<string, string> = {
  '/api/v1/water/sections/{id}/samples': 'year=2026',
  '/api/v1/water/sections/{id}/summary': 'year=2026',
};

/** Query parameters that name a record, by kind. Another query parameter ending in `Id` fails the sweep until it is added. */
const QUERY_KINDS: Record<string, Kind> = {
  pairId: 'pair',
  cityId: 'city',
  unitId: 'unit',
  parentId: 'unit',
  actorId: 'user',
  planId: 'plan',
  periodId: 'period',
  taskId: 'task',
  sectionId: 'section',
  instructionId: 'instruction',
  // The audit log and attachments name any record; a task stands for them.
  entityId: 'task',
  ownerId: 'task',
};

let meetingBody: JsonBody;

/** A body that passes each write route's schema, so the call reaches the record lookup. Absent: `{}`. */
const BODIES: Record<string, () => unknown> = {
  'PATCH /api/v1/units/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/users/{id}': () => ({ displayName: '改名' }),
  'PUT /api/v1/users/{id}/roles': () => ({ roles: [] }),
  'POST /api/v1/plans/{id}/report-periods': () => ({ kind: 'monthly', from: '2026-04-01', to: '2026-05-31', dueDays: 10 }),
  'POST /api/v1/plans/{id}/report-periods/preview': () => ({ kind: 'monthly', from: '2026-04-01', to: '2026-05-31', dueDays: 10 }),
  'PATCH /api/v1/report-periods/{id}': () => ({ dueOn: '2026-12-31' }),
  'POST /api/v1/reports/{id}/review': () => ({ decision: 'accept' }),
  'PUT /api/v1/plan-versions/{id}/outline': () => ({ outline: { chapters: [{ number: '一', title: '总则', articles: [] }] } }),
  'POST /api/v1/plan-versions/{id}/table-tasks': () => ({ tasks: [{ articleNo: '四', title: '任务', leadUnitIds: [MISSING] }] }),
  'PATCH /api/v1/tasks/{id}': () => ({ title: '改名' }),
  'PATCH /api/v1/supervision/{id}': () => ({ requirement: '改' }),
  'POST /api/v1/supervision/{id}/replies': () => ({ body: '回复' }),
  'POST /api/v1/supervision/{id}/extensions': () => ({ reason: '理由', newDeadline: '2026-12-31' }),
  'POST /api/v1/supervision/{id}/extension-decision': () => ({ extensionId: MISSING, decision: 'refuse' }),
  'POST /api/v1/supervision/{id}/completion': () => ({ result: '已办结' }),
  'POST /api/v1/supervision/{id}/return': () => ({ reason: '退回' }),
  'PUT /api/v1/pairs/{id}/supervision-settings': () => ({ warnDays: 3, signDays: 2, escalateDays: 2 }),
  'PUT /api/v1/meetings/{id}': () => meetingBody,
  'PATCH /api/v1/registries/{type}/records/{id}': () => ({ data: { name: '改名' } }),
  'POST /api/v1/registries/{type}/records/{id}/stage': () => ({ stage: '签约' }),
  'PATCH /api/v1/rollups/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/water/sections/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/water/agreements/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/inspections/entities/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/inspections/inspectors/{id}': () => ({ name: '改名' }),
  'PATCH /api/v1/inspections/plans/{id}': () => ({ title: '改名' }),
  'PATCH /api/v1/instructions/{id}': () => ({ leaderName: '改名' }),
  'PUT /api/v1/inspections/inspections/{id}/findings': () => ({ outcome: 'no_issue', findings: '未发现问题', inspectedOn: '2026-03-10' }),
};

/**
 * Every write route without a path id, and where the records its body names are swept. A new one
 * fails the sweep until it is added here; a reference it stores belongs in the body-reference
 * tests at the end of this file.
 */
const BODY_REFERENCES: Record<string, string> = {
  'POST /api/v1/auth/login': 'none: the caller’s own account',
  'POST /api/v1/auth/logout': 'none: the caller’s own session',
  'POST /api/v1/auth/password': 'none: the caller’s own account',
  'POST /api/v1/pairs': 'none (system administrators only)',
  'POST /api/v1/units': 'cityId, parentId: body references',
  'PUT /api/v1/unit-aliases': 'pairId, unitIds: body references (units of the pair only)',
  'POST /api/v1/users': 'unitId, roles’ pairId, cityId and unitId: body references',
  'PUT /api/v1/reports': 'taskId: body references (unitId and periodId must belong to the task)',
  'POST /api/v1/notifications/read-all': 'none: the caller’s own notices',
  'POST /api/v1/plans/parse': 'pairId: body references',
  'POST /api/v1/plans/import': 'pairId: body references',
  'POST /api/v1/tasks': 'planId, leadUnitIds, supportUnitIds: body references',
  'POST /api/v1/tasks/import': 'planId: body references; unit names within the plan’s pair',
  'POST /api/v1/supervision': 'unitId, taskId, ownerUserId, coUnitIds, instructionId, reportId, inspectionId: body references',
  'POST /api/v1/meetings': 'hostCityId, units, agenda links: body references',
  'POST /api/v1/bulletins': 'cityId: body references',
  'POST /api/v1/attachments': 'ownerId: body references',
  'POST /api/v1/registries/{type}/records': 'ownerUnitId, parkId: body references',
  'POST /api/v1/registries/{type}/import': 'pairId: body references; names of units of the pair and records in the caller’s scope',
  'PUT /api/v1/registry-options/{list}': 'pairId: body references',
  'POST /api/v1/rollups': 'pairId: body references',
  'POST /api/v1/water/sections': 'unitIds: body references',
  'POST /api/v1/water/agreements': 'sectionIds: body references',
  'POST /api/v1/water/samples/import': 'pairId: body references; section codes within the caller’s reporting scope (water.routes.test.ts)',
  'POST /api/v1/water/samples/columns': 'pairId: body references',
  'POST /api/v1/inspections/entities': 'relatedUnitIds: body references',
  'POST /api/v1/inspections/entities/import': 'pairId: body references; unit names of the pair',
  'POST /api/v1/inspections/inspectors': 'userId, unitId: body references',
  'POST /api/v1/inspections/inspectors/import':
    'pairId: body references; 平台账号 usernames: inspections.routes.test.ts (an inspector’s account stays in its pair)',
  'POST /api/v1/inspections/plans': 'previousPlanId: body references',
  'POST /api/v1/instructions': 'cityId: body references',
  'PUT /api/v1/scoring/rule-sets': 'cityId: body references',
};

interface Sweeper {
  name: string;
  agent: Agent;
  role: Role;
  /** The pair of its grant (null: every pair). */
  pair: 1 | 2 | null;
  /** Its reach inside the pair: everything, or one side (a city or a county of it). */
  reach: 'all' | 'gz' | 'sz';
  userId: string;
}

interface Route {
  method: string;
  path: string;
  query: { name: string; required: boolean }[];
}

const fixtures = {} as Record<Kind, Partial<Record<Side, string>>>;
const sweepers: Sweeper[] = [];
const routes: Route[] = [];
const pairIds: Record<1 | 2, string> = { 1: '', 2: '' };
const planIds: Record<1 | 2, string> = { 1: '', 2: '' };
const u = {} as Record<'xingguo' | 'futian' | 'gzOffice' | 'szOffice' | 'p2a' | 'p2b', string>;
const cities = {} as Record<'gz' | 'sz' | 'p2a' | 'p2b', string>;

const code = (n: number) => {
  const first17 = `91360700MA35${String(n).padStart(5, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};

async function ok(response: Promise<Response>, status = [200, 201]): Promise<JsonBody> {
  const r = await response;
  if (!status.includes(r.status)) throw new Error(`setup failed (${r.status}): ${JSON.stringify(r.body)}`);
  return r.body;
}

async function account(username: string, unitId: string, role: Role, scope: string, anchor: { pairId?: string; cityId?: string; unitId?: string } = {}) {
  const admin = await t.admin();
  const created = await ok(
    admin.post('/api/v1/users', {
      username,
      displayName: username,
      unitId,
      password: USER_PASSWORD,
      mustChangePassword: false,
      roles: [{ role, scope, pairId: anchor.pairId ?? null, cityId: anchor.cityId ?? null, unitId: anchor.unitId ?? null }],
    }),
  );
  const agent = new Agent(t.app);
  await ok(agent.login(username, USER_PASSWORD));
  return Object.assign(agent, { userId: created.user.id as string });
}

/** The ids the sweeper may not see, of a kind. `strict`: a pair's units, cities and accounts count as seen inside it. */
function hiddenIds(s: Sweeper, kind: Kind, strict = false): string[] {
  if (s.pair === null) return [];
  const meta = KINDS[kind];
  const of = (sides: readonly Side[]) => sides.flatMap((side) => (fixtures[kind][side] ? [fixtures[kind][side]!] : []));
  const otherPair: Side[] = s.pair === 1 ? ['p2'] : ['gz', 'sz'];
  if (strict && COMMON_IN_PAIR.has(kind)) return of(otherPair);
  if (meta.read === 'own' || !roleHasPermission(s.role, meta.read)) return of(SIDES);
  const hidden = new Set<Side>(otherPair);
  if (meta.level === 'scoped' && s.pair === 1 && s.reach !== 'all') hidden.add(s.reach === 'gz' ? 'sz' : 'gz');
  return of(SIDES.filter((side) => hidden.has(side)));
}

const urlOf = (path: string, id: string) =>
  path.replace('{id}', id).replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? `{${name}}`) + (PATH_QUERIES[path] ? `?${PATH_QUERIES[path]}` : '');

/** A response as compared between a hidden and a missing reference: the request id apart. */
function shapeOf(r: Response) {
  const json = typeof r.body === 'object' && r.body !== null;
  if (!json) return { status: r.status, type: String(r.headers['content-type'] ?? '') };
  return { status: r.status, body: JSON.parse(JSON.stringify(r.body, (key, value) => (key === 'requestId' ? undefined : value))) };
}

const auditCount = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
const readNotices = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(isNotNull(notifications.readAt)))[0]!.n;

async function buildWorld(): Promise<void> {
  const admin = await t.admin();
  for (const key of ['gz-xingguo', 'sz-futian', 'gz-office', 'sz-office'] as const) {
    const unit = await t.unit(key);
    u[({ 'gz-xingguo': 'xingguo', 'sz-futian': 'futian', 'gz-office': 'gzOffice', 'sz-office': 'szOffice' } as const)[key]] = unit.id;
    pairIds[1] = unit.pairId;
    if (key === 'gz-office') cities.gz = unit.cityId;
    if (key === 'sz-office') cities.sz = unit.cityId;
  }
  const pair2 = await ok(
    admin.post('/api/v1/pairs', {
      code: 'shenzhen-baise',
      name: '深圳市—百色市',
      nameEn: 'Shenzhen–Baise',
      cities: [
        { code: '4403', name: '深圳市' },
        { code: '4510', name: '百色市' },
      ],
    }),
  );
  pairIds[2] = pair2.id;
  cities.p2a = pair2.cities[0].id;
  cities.p2b = pair2.cities[1].id;
  const p2Units = (await ok(admin.get(`/api/v1/units?pairId=${pairIds[2]}`))).items as { id: string; cityId: string }[];
  u.p2a = p2Units.find((x) => x.cityId === cities.p2a)!.id;
  u.p2b = p2Units.find((x) => x.cityId === cities.p2b)!.id;

  // The callers swept, one per role and scope.
  const p1 = pairIds[1];
  const p2 = pairIds[2];
  const p2office = await account('p2-office', u.p2a, 'office_admin', 'all', { pairId: p2 });
  const add = (name: string, agent: Agent & { userId: string }, role: Role, pair: 1 | 2 | null, reach: Sweeper['reach']) =>
    sweepers.push({ name, agent, role, pair, reach, userId: agent.userId });
  add('system admin', Object.assign(admin, { userId: '' }), 'system_admin', null, 'all');
  add('pair 2 office (all)', p2office, 'office_admin', 2, 'all');
  add('Shenzhen city office', await account('sz-city-office', u.szOffice, 'office_admin', 'city', { cityId: cities.sz }), 'office_admin', 1, 'sz');
  add('Xingguo reporter (unit)', await account('xg-unit', u.xingguo, 'unit_reporter', 'unit', { unitId: u.xingguo }), 'unit_reporter', 1, 'gz');
  add('Xingguo reporter (unit_tree)', await account('xg-tree', u.xingguo, 'unit_reporter', 'unit_tree', { unitId: u.xingguo }), 'unit_reporter', 1, 'gz');
  add('Xingguo reporter (self)', await account('xg-self', u.xingguo, 'unit_reporter', 'self'), 'unit_reporter', 1, 'gz');
  add('Shenzhen viewer (city)', await account('sz-viewer', u.szOffice, 'viewer', 'city', { cityId: cities.sz }), 'viewer', 1, 'sz');
  add('external user', await account('outsider', u.gzOffice, 'external', 'self'), 'external', 1, 'all');

  // Who makes the records: pair 1's office and a reporter per side (their notices are the ones swept).
  const p1office = await account('p1-office', u.gzOffice, 'office_admin', 'all', { pairId: p1 });
  const gzReporter = await account('gz-reporter', u.xingguo, 'unit_reporter', 'unit', { unitId: u.xingguo });
  const szReporter = await account('sz-reporter', u.futian, 'unit_reporter', 'unit', { unitId: u.futian });
  const p2Reporter = await account('p2-reporter', u.p2a, 'unit_reporter', 'unit', { unitId: u.p2a });
  const office = { gz: p1office, sz: p1office, p2: p2office };
  const reporter = { gz: gzReporter, sz: szReporter, p2: p2Reporter };
  const unitOf = { gz: u.xingguo, sz: u.futian, p2: u.p2a };
  const cityOf = { gz: cities.gz, sz: cities.sz, p2: cities.p2a };
  const pairOf = { gz: p1, sz: p1, p2 };

  fixtures.pair = { gz: p1, p2 };
  fixtures.city = { gz: cities.gz, p2: cities.p2a };
  fixtures.unit = { ...unitOf };
  fixtures.user = { gz: gzReporter.userId, sz: szReporter.userId, p2: p2Reporter.userId };

  const plan1 = await publishDefaultPlan(p1office, p1);
  const plan2 = await publishDefaultPlan(p2office, p2);
  planIds[1] = plan1.planId;
  planIds[2] = plan2.planId;
  fixtures.plan = { gz: plan1.planId, p2: plan2.planId };
  fixtures.planVersion = { gz: plan1.versionId, p2: plan2.versionId };
  const planOf = { gz: plan1.planId, sz: plan1.planId, p2: plan2.planId };
  const periodsBody = { kind: 'monthly', from: '2026-01-01', to: '2026-03-31', dueDays: 10 };
  const periods1 = (await ok(p1office.post(`/api/v1/plans/${plan1.planId}/report-periods`, periodsBody))).items;
  const periods2 = (await ok(p2office.post(`/api/v1/plans/${plan2.planId}/report-periods`, periodsBody))).items;
  fixtures.period = { gz: periods1[0].id, p2: periods2[0].id };
  const periodOf = { gz: periods1[0].id, sz: periods1[0].id, p2: periods2[0].id };

  fixtures.task = {};
  fixtures.report = {};
  fixtures.supervision = {};
  fixtures.attachment = {};
  fixtures.registryRecord = {};
  fixtures.section = {};
  fixtures.entity = {};
  fixtures.inspector = {};
  fixtures.inspectionPlan = {};
  fixtures.inspection = {};
  fixtures.meeting = {};
  fixtures.bulletin = {};
  fixtures.instruction = {};
  const parks: Partial<Record<Side, string>> = {};
  for (const side of SIDES) {
    const task = await ok(
      office[side].post('/api/v1/tasks', { planId: planOf[side], articleNo: '四', title: `${side} 任务`, dueOn: '2026-12-31', leadUnitIds: [unitOf[side]] }),
    );
    fixtures.task[side] = task.id;
    const report = await ok(
      reporter[side].put('/api/v1/reports', {
        taskId: task.id,
        unitId: unitOf[side],
        periodId: periodOf[side],
        narrative: '按计划推进',
        progress: 10,
        values: [],
        submit: true,
      }),
    );
    fixtures.report[side] = report.id;
    const item = await ok(
      office[side].post('/api/v1/supervision', {
        unitId: unitOf[side],
        taskId: task.id,
        requirement: `${side} 督办`,
        deadline: '2026-06-30',
        ownerUserId: reporter[side].userId,
      }),
    );
    fixtures.supervision[side] = item.id;
    const file = await ok(
      office[side].post('/api/v1/attachments', {
        ownerType: 'task',
        ownerId: task.id,
        fileName: '方案.pdf',
        fileBase64: Buffer.from('%PDF-1.4 test').toString('base64'),
      }),
    );
    fixtures.attachment[side] = file.id;
    const locationCode = side === 'gz' ? '360732' : '440304';
    const park = await ok(
      office[side].post('/api/v1/registries/park/records', {
        pairId: pairOf[side],
        data: { name: `${side} 产业园`, mode: '轻资产', locationCode, ownerUnitId: unitOf[side] },
      }),
    );
    parks[side] = park.id;
    const project = await ok(
      office[side].post('/api/v1/registries/project/records', {
        pairId: pairOf[side],
        data: {
          name: `${side} 项目`,
          investor: '深圳某科技有限公司',
          originCityId: side === 'p2' ? cities.p2a : cities.sz,
          locationCode,
          parkId: park.id,
          industry: '稀土新材料',
          plannedInvestment: '100',
          stage: '洽谈',
          ownerUnitId: unitOf[side],
        },
      }),
    );
    fixtures.registryRecord[side] = project.id;
    const section = await ok(
      office[side].post('/api/v1/water/sections', {
        pairId: pairOf[side],
        code: `SW-${side}`,
        name: `${side} 断面`,
        river: '东江',
        cityId: cityOf[side],
        targetClass: 3,
        unitIds: [unitOf[side]],
      }),
    );
    fixtures.section[side] = section.id;
    // A register of two entities and two inspectors, drawn in full (100 %), so that each side has an inspection.
    for (const n of [1, 2]) {
      const entity = await ok(
        office[side].post('/api/v1/inspections/entities', {
          pairId: pairOf[side],
          cityId: cityOf[side],
          creditCode: code(SIDES.indexOf(side) * 10 + n),
          name: `${side} 企业${n}`,
          creditGrade: 'A',
          industry: '电子信息',
          location: '园区',
        }),
      );
      fixtures.entity[side] ??= entity.id;
      const inspector = await ok(
        office[side].post('/api/v1/inspections/inspectors', {
          pairId: pairOf[side],
          cityId: cityOf[side],
          badgeNo: `${side}-${n}`,
          name: `${side} 检查员${n}`,
          unitId: unitOf[side],
          ...(n === 1 ? { userId: reporter[side].userId } : {}),
        }),
      );
      fixtures.inspector[side] ??= inspector.id;
    }
    const plan = await ok(
      office[side].post('/api/v1/inspections/plans', {
        pairId: pairOf[side],
        cityId: cityOf[side],
        title: `${side} 抽查`,
        grades: ['A'],
        ratiosPercent: { A: 100 },
      }),
    );
    await ok(office[side].post(`/api/v1/inspections/plans/${plan.id}/fix`, {}));
    const drawn = await ok(office[side].post(`/api/v1/inspections/plans/${plan.id}/draw`));
    fixtures.inspectionPlan[side] = plan.id;
    fixtures.inspection[side] = drawn.inspections[0].id;
    const meeting = await ok(
      office[side].post('/api/v1/meetings', {
        pairId: pairOf[side],
        title: `${side} 联席会议`,
        startsAt: '2026-03-01T09:30:00+08:00',
        place: '会议室',
        hostCityId: cityOf[side],
        chairs: [{ name: '李明', title: '副市长', cityId: cityOf[side] }],
        attendees: [{ unitId: unitOf[side] }],
        agenda: [{ title: '审议任务', link: { kind: 'task', id: task.id } }],
        decisions: [{ text: `${side} 议定事项`, ownerUnitId: unitOf[side], deadline: '2026-04-30' }],
        minutesHtml: '<p>纪要</p>',
      }),
    );
    fixtures.meeting[side] = meeting.id;
    const instruction = await ok(
      office[side].post('/api/v1/instructions', { cityId: cityOf[side], leaderName: '李市长', content: `${side} 批示`, instructedOn: '2026-02-20' }),
    );
    fixtures.instruction[side] = instruction.id;
    await ok(
      office[side].post('/api/v1/attachments', {
        ownerType: 'instruction',
        ownerId: instruction.id,
        fileName: '批示件.pdf',
        fileBase64: Buffer.from('%PDF-1.4 test').toString('base64'),
      }),
    );
    // Held: its decision is raised as a supervision item and the meeting is what GET /meetings/new starts from.
    await ok(office[side].post(`/api/v1/meetings/${meeting.id}/hold`));
    fixtures.bulletin[side] = (await ok(office[side].post('/api/v1/bulletins', { cityId: cityOf[side], from: '2026-01-01', to: '2026-03-31' }))).id;
  }
  meetingBody = {
    title: '改',
    startsAt: '2026-03-01T09:30:00+08:00',
    place: '会议室',
    hostCityId: cities.gz,
    chairs: [],
    attendees: [],
    agenda: [],
    decisions: [],
    minutesHtml: '',
  };
  const alias = (pairId: string, unitId: string) => ({ pairId, alias: '市直有关单位', unitIds: [unitId] });
  fixtures.unitAlias = {
    gz: (await ok(p1office.put('/api/v1/unit-aliases', alias(p1, unitOf.gz)))).id,
    p2: (await ok(p2office.put('/api/v1/unit-aliases', alias(p2, unitOf.p2)))).id,
  };
  fixtures.rollup = {
    gz: (await ok(p1office.get(`/api/v1/rollups?pairId=${p1}`))).items[0].id,
    p2: (await ok(p2office.get(`/api/v1/rollups?pairId=${p2}`))).items[0].id,
  };
  const agreement = (pairId: string, sectionIds: string[]) => ({
    pairId,
    name: '东江流域上下游横向生态补偿协议',
    upstreamParty: '江西省',
    downstreamParty: '广东省',
    fromYear: 2026,
    toYear: 2027,
    upstreamAmount: '1',
    downstreamAmount: '1',
    sectionIds,
    rule: { kind: 'compliance', amounts: { pass: '1', fail: '0' } },
  });
  fixtures.agreement = {
    gz: (await ok(p1office.post('/api/v1/water/agreements', agreement(p1, [fixtures.section.gz!, fixtures.section.sz!])))).id,
    p2: (await ok(p2office.post('/api/v1/water/agreements', agreement(p2, [fixtures.section.p2!])))).id,
  };
  const scoringRules = (cityId: string) => ({
    cityId,
    year: 2026,
    base: 100,
    categories: [{ key: 'supervision', name: '督办落实', gainCap: 10, lossCap: 10 }],
    rules: [{ key: 'supervision_overdue', category: 'supervision', points: -2 }],
  });
  fixtures.scoringRuleSet = {
    gz: (await ok(p1office.put('/api/v1/scoring/rule-sets', scoringRules(cities.gz)))).id,
    p2: (await ok(p2office.put('/api/v1/scoring/rule-sets', scoringRules(cities.p2a)))).id,
  };
  const notices = await t.ctx.db
    .select({ id: notifications.id, userId: notifications.userId })
    .from(notifications)
    .where(inArray(notifications.userId, [gzReporter.userId, szReporter.userId, p2Reporter.userId]));
  fixtures.notification = {};
  for (const side of SIDES) fixtures.notification[side] = notices.find((n) => n.userId === reporter[side].userId)!.id;
  worldParks = parks;
}

let worldParks: Partial<Record<Side, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  await buildWorld();
  const doc = (await t.agent().get('/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>>;
  };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true }));
      routes.push({ method: method.toUpperCase(), path, query });
    }
  }
}, 300_000);
afterAll(async () => t?.close());

const idRoutes = () => routes.filter((r) => r.path.includes('{') && PATH_KINDS[r.path] !== 'public' && PATH_KINDS[r.path] !== 'not-a-record');

describe('the sweep covers every route of the OpenAPI document', () => {
  it('every route with a path parameter has a kind in PATH_KINDS (add a new one there, with its body in BODIES if it writes)', () => {
    expect(routes.length).toBeGreaterThan(100);
    const unmapped = routes.filter((r) => r.path.includes('{') && !(r.path in PATH_KINDS)).map((r) => `${r.method} ${r.path}`);
    expect(unmapped, 'add these paths to PATH_KINDS in scope-sweep.test.ts with the kind of record their id names').toEqual([]);
    const noFixture = idRoutes().filter((r) => SIDES.every((side) => !fixtures[PATH_KINDS[r.path] as Kind]?.[side]));
    expect(noFixture.map((r) => r.path)).toEqual([]);
  });

  it('every write route without a path id says in BODY_REFERENCES where the records its body names are swept', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && !r.path.includes('{id}')).map((r) => `${r.method} ${r.path}`);
    expect(
      writes.filter((w) => !(w in BODY_REFERENCES)),
      'add these to BODY_REFERENCES in scope-sweep.test.ts (and their references to the body-reference tests)',
    ).toEqual([]);
    expect(Object.keys(BODY_REFERENCES).filter((w) => !writes.includes(w) && !w.includes('{id}'))).toEqual([]);
  });

  it('every query parameter naming a record has a kind in QUERY_KINDS', () => {
    const unmapped = routes.flatMap((r) =>
      r.query.filter((q) => /Id$/.test(q.name) && !(q.name in QUERY_KINDS)).map((q) => `${r.method} ${r.path} ?${q.name}`),
    );
    expect(unmapped, 'add these query parameters to QUERY_KINDS in scope-sweep.test.ts').toEqual([]);
  });
});

describe('authorization sweep: ids of records the caller may not see', () => {
  it('answer 404 NOT_FOUND on every route with a path id, for every role and scope, reads and writes alike; nothing is written', async () => {
    const failures: string[] = [];
    const audits = await auditCount();
    const read = await readNotices();
    for (const route of idRoutes()) {
      const kind = PATH_KINDS[route.path] as Kind;
      const body = route.method === 'GET' ? undefined : (BODIES[`${route.method} ${route.path}`]?.() ?? {});
      for (const s of sweepers) {
        for (const id of [...hiddenIds(s, kind), MISSING]) {
          const response = await s.agent.request(route.method as 'GET', urlOf(route.path, id), body);
          const got = { status: response.status, code: response.body?.error?.code, message: response.body?.error?.message };
          if (got.status !== 404 || got.code !== 'NOT_FOUND' || got.message !== '记录不存在') {
            const hint = got.status === 400 ? ` (a body that passes the schema belongs in BODIES: ${JSON.stringify(response.body?.error?.details)})` : '';
            failures.push(`${route.method} ${route.path} as ${s.name}, ${id === MISSING ? 'missing id' : `hidden ${kind}`}: ${got.status} ${got.code}${hint}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await auditCount()).toBe(audits);
    expect(await readNotices()).toBe(read);
  });

  it('a read-only viewer writing to records it sees gets 403 FORBIDDEN (404 for those it does not see); nothing is written', async () => {
    const viewer = sweepers.find((s) => s.role === 'viewer')!;
    const failures: string[] = [];
    const audits = await auditCount();
    for (const route of idRoutes().filter((r) => r.method !== 'GET')) {
      const kind = PATH_KINDS[route.path] as Kind;
      const visible = fixtures[kind][KINDS[kind].level === 'pair' ? 'gz' : 'sz'];
      if (!visible) continue;
      const expected = hiddenIds(viewer, kind).includes(visible) || KINDS[kind].read === 'own' ? 404 : 403;
      const body = BODIES[`${route.method} ${route.path}`]?.() ?? {};
      const response = await viewer.agent.request(route.method as 'POST', urlOf(route.path, visible), body);
      if (response.status !== expected) failures.push(`${route.method} ${route.path}: ${response.status} ${response.body?.error?.code}, expected ${expected}`);
    }
    expect(failures).toEqual([]);
    expect(await auditCount()).toBe(audits);
  });

  it('query references to records outside the caller’s reach answer exactly like references to missing ones', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && PATH_KINDS[r.path] !== 'public')) {
      for (const param of route.query.filter((q) => q.name in QUERY_KINDS)) {
        for (const s of sweepers) {
          for (const id of hiddenIds(s, QUERY_KINDS[param.name]!, true)) {
            const query = (value: string) => queryOf(route, s, { [param.name]: value });
            const hidden = await s.agent.get(withQuery(urlOf(route.path, MISSING), query(id)));
            const missing = await s.agent.get(withQuery(urlOf(route.path, MISSING), query(MISSING)));
            try {
              expect(shapeOf(hidden)).toEqual(shapeOf(missing));
            } catch {
              failures.push(`GET ${route.path}?${param.name}=<hidden ${QUERY_KINDS[param.name]}> as ${s.name}: ${hidden.status}, missing ${missing.status}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('no list or lookup shows the id of a record outside the caller’s reach', async () => {
    const failures: string[] = [];
    for (const route of routes.filter(
      (r) => r.method === 'GET' && !r.path.includes('{id}') && PATH_KINDS[r.path] !== 'public' && r.path !== '/api/v1/openapi.json',
    )) {
      for (const s of sweepers.filter((x) => x.pair !== null)) {
        const response = await s.agent.get(withQuery(urlOf(route.path, MISSING), queryOf(route, s, {})));
        if (response.status >= 500) failures.push(`GET ${route.path} as ${s.name}: ${response.status}`);
        const text = typeof response.body === 'string' ? '' : JSON.stringify(response.body);
        for (const kind of Object.keys(KINDS) as Kind[]) {
          for (const id of hiddenIds(s, kind, true)) {
            if (text.includes(id)) failures.push(`GET ${route.path} as ${s.name} shows the hidden ${kind} ${id}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

const withQuery = (url: string, query: string) => (query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`);

/** The query string of a call: the references under test, and the caller's own values for what the route requires. */
function queryOf(route: Route, s: Sweeper, given: Record<string, string>): string {
  const own = s.pair ?? 1;
  const fill: Record<string, string> = {
    pairId: pairIds[own],
    planId: planIds[own],
    year: '2026',
    ownerType: 'task',
    ownerId: MISSING,
    kind: 'task',
    cityId: MISSING,
    from: '2026-01-01',
    to: '2026-03-31',
  };
  const params = new URLSearchParams(given);
  for (const q of route.query) {
    if (!q.required || q.name in given) continue;
    if (!(q.name in fill)) throw new Error(`GET ${route.path} requires ?${q.name}: give the sweep a value for it in queryOf`);
    params.set(q.name, fill[q.name]!);
  }
  return params.toString();
}

describe('body references: a record outside the caller’s reach is named like a missing one', () => {
  const same = async (agent: Agent, method: 'POST' | 'PUT' | 'PATCH', url: string, body: (ref: string) => unknown, ref: string) => {
    const audits = await auditCount();
    const hidden = await agent.request(method, url, body(ref));
    const missing = await agent.request(method, url, body(MISSING));
    expect(hidden.status).toBeGreaterThanOrEqual(400);
    expect(shapeOf(hidden)).toEqual(shapeOf(missing));
    expect(await auditCount()).toBe(audits);
    return hidden;
  };
  const as = (name: string) => sweepers.find((s) => s.name === name)!.agent;

  it('pair 2’s office: pair 1’s plan, units, tasks, accounts, sections, records and previous plans', async () => {
    const p2 = as('pair 2 office (all)');
    const pairId = pairIds[2];
    const task = (over: Record<string, unknown>) => ({
      planId: planIds[2],
      articleNo: '四',
      title: '任务',
      dueOn: '2026-12-31',
      leadUnitIds: [u.p2a],
      ...over,
    });
    await same(p2, 'POST', '/api/v1/tasks', (ref) => task({ planId: ref }), planIds[1]);
    await same(p2, 'POST', '/api/v1/tasks', (ref) => task({ leadUnitIds: [ref] }), u.xingguo);
    await same(p2, 'POST', '/api/v1/tasks', (ref) => task({ supportUnitIds: [ref] }), u.futian);
    const item = (over: Record<string, unknown>) => ({ unitId: u.p2a, requirement: '督办', deadline: '2026-06-30', ...over });
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ unitId: ref }), u.xingguo);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ taskId: ref }), fixtures.task.gz!);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ ownerUserId: ref }), fixtures.user.gz!);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ coUnitIds: [ref] }), u.xingguo);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ instructionId: ref }), fixtures.instruction.gz!);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ reportId: ref }), fixtures.report.gz!);
    await same(p2, 'POST', '/api/v1/supervision', (ref) => item({ inspectionId: ref }), fixtures.inspection.gz!);
    await same(p2, 'PATCH', `/api/v1/supervision/${fixtures.supervision.p2}`, (ref) => ({ coUnitIds: [ref] }), u.xingguo);
    await same(p2, 'PATCH', `/api/v1/supervision/${fixtures.supervision.p2}`, (ref) => ({ ownerUserId: ref }), fixtures.user.gz!);
    const meeting = (over: Record<string, unknown>) => ({ ...meetingBody, pairId, hostCityId: cities.p2a, ...over });
    await same(p2, 'POST', '/api/v1/meetings', (ref) => meeting({ attendees: [{ unitId: ref }] }), u.xingguo);
    await same(p2, 'POST', '/api/v1/meetings', (ref) => meeting({ hostCityId: ref }), cities.gz);
    await same(p2, 'POST', '/api/v1/bulletins', (ref) => ({ cityId: ref, from: '2026-01-01', to: '2026-03-31' }), cities.gz);
    await same(p2, 'POST', '/api/v1/meetings', (ref) => meeting({ agenda: [{ title: '议题', link: { kind: 'task', id: ref } }] }), fixtures.task.gz!);
    await same(
      p2,
      'POST',
      '/api/v1/meetings',
      (ref) => meeting({ agenda: [{ title: '议题', link: { kind: 'supervision', id: ref } }] }),
      fixtures.supervision.gz!,
    );
    await same(
      p2,
      'POST',
      '/api/v1/meetings',
      (ref) => meeting({ agenda: [{ title: '议题', link: { kind: 'project', id: ref } }] }),
      fixtures.registryRecord.gz!,
    );
    await same(p2, 'POST', '/api/v1/meetings', (ref) => meeting({ decisions: [{ text: '事项', ownerUnitId: ref, deadline: '2026-04-30' }] }), u.xingguo);
    const inspector = (over: Record<string, unknown>) => ({ pairId, cityId: cities.p2a, badgeNo: 'X-1', name: '检查员', unitId: u.p2a, ...over });
    await same(p2, 'POST', '/api/v1/inspections/inspectors', (ref) => inspector({ userId: ref }), fixtures.user.gz!);
    await same(p2, 'POST', '/api/v1/inspections/inspectors', (ref) => inspector({ unitId: ref }), u.xingguo);
    await same(p2, 'PATCH', `/api/v1/inspections/inspectors/${fixtures.inspector.p2}`, (ref) => ({ userId: ref }), fixtures.user.gz!);
    await same(
      p2,
      'POST',
      '/api/v1/inspections/entities',
      (ref) => ({
        pairId,
        cityId: cities.p2a,
        creditCode: code(99),
        name: '企业',
        creditGrade: 'A',
        industry: '电子信息',
        location: '园区',
        relatedUnitIds: [ref],
      }),
      u.xingguo,
    );
    await same(
      p2,
      'POST',
      '/api/v1/inspections/plans',
      (ref) => ({ pairId, cityId: cities.p2a, title: '抽查', previousPlanId: ref }),
      fixtures.inspectionPlan.gz!,
    );
    const agreement = (ref: string) => ({
      pairId,
      name: '协议',
      upstreamParty: '甲',
      downstreamParty: '乙',
      fromYear: 2026,
      toYear: 2026,
      upstreamAmount: '1',
      downstreamAmount: '1',
      sectionIds: [ref],
      rule: { kind: 'compliance', amounts: { pass: '1', fail: '0' } },
    });
    await same(p2, 'POST', '/api/v1/water/agreements', agreement, fixtures.section.gz!);
    await same(
      p2,
      'POST',
      '/api/v1/water/sections',
      (ref) => ({ pairId, code: 'X', name: '断面', river: '河', cityId: cities.p2a, targetClass: 3, unitIds: [ref] }),
      u.xingguo,
    );
    const project = (over: Record<string, unknown>) => ({
      pairId,
      data: {
        name: '项目',
        investor: '投资方',
        originCityId: cities.p2a,
        locationCode: '440304',
        industry: '稀土新材料',
        plannedInvestment: '1',
        stage: '洽谈',
        ownerUnitId: u.p2a,
        ...over,
      },
    });
    await same(p2, 'POST', '/api/v1/registries/project/records', (ref) => project({ parkId: ref }), worldParks.gz!);
    await same(p2, 'POST', '/api/v1/registries/project/records', (ref) => project({ ownerUnitId: ref }), u.xingguo);
    await same(p2, 'POST', '/api/v1/attachments', (ref) => ({ ownerType: 'task', ownerId: ref, fileName: 'a.pdf', fileBase64: 'JVBERg==' }), fixtures.task.gz!);
    await same(
      p2,
      'POST',
      '/api/v1/attachments',
      (ref) => ({ ownerType: 'instruction', ownerId: ref, fileName: 'a.pdf', fileBase64: 'JVBERg==' }),
      fixtures.instruction.gz!,
    );
    await same(p2, 'POST', '/api/v1/instructions', (ref) => ({ cityId: ref, leaderName: '李市长', content: '批示', instructedOn: '2026-02-20' }), cities.gz);
    // The pair or plan a request works in: 404 like a missing one, before the file is read.
    await same(p2, 'POST', '/api/v1/plans/import', (ref) => ({ pairId: ref, title: '方案', source: { text: '一、总则' } }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/plans/parse', (ref) => ({ pairId: ref, source: { text: '一、总则' } }), pairIds[1]);
    const file = { fileBase64: 'UEsDBA==', fileName: '导入.xlsx' };
    await same(p2, 'POST', '/api/v1/tasks/import', (ref) => ({ planId: ref, ...file }), planIds[1]);
    await same(p2, 'POST', '/api/v1/registries/project/import', (ref) => ({ pairId: ref, ...file }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/inspections/entities/import', (ref) => ({ pairId: ref, cityId: cities.p2a, ...file }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/inspections/inspectors/import', (ref) => ({ pairId: ref, cityId: cities.p2a, ...file }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/water/samples/import', (ref) => ({ pairId: ref, ...file }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/water/samples/columns', (ref) => ({ pairId: ref, ...file }), pairIds[1]);
    await same(
      p2,
      'PUT',
      '/api/v1/registry-options/industry',
      (ref) => ({ pairId: ref, items: [{ value: '农业', zh: '农业', en: 'Agriculture' }] }),
      pairIds[1],
    );
    const rollup = (ref: string) => ({
      pairId: ref,
      key: 'new-count',
      name: '新指标',
      unitOfMeasure: '个',
      registryType: 'project',
      aggregate: 'count',
      period: 'all',
    });
    await same(p2, 'POST', '/api/v1/rollups', rollup, pairIds[1]);
    await same(p2, 'POST', '/api/v1/units', (ref) => ({ cityId: ref, type: 'department', name: '新单位' }), cities.gz);
    await same(
      p2,
      'PUT',
      '/api/v1/scoring/rule-sets',
      (ref) => ({ cityId: ref, year: 2026, base: 100, categories: [{ key: 'a', name: '甲' }], rules: [] }),
      cities.gz,
    );
    await same(p2, 'PATCH', `/api/v1/units/${u.p2a}`, (ref) => ({ headUserId: ref }), fixtures.user.gz!);
    await same(p2, 'PATCH', `/api/v1/units/${u.p2a}`, (ref) => ({ parentId: ref }), u.xingguo);
    const user = (over: Record<string, unknown>) => ({
      username: 'new-user',
      displayName: '新用户',
      unitId: u.p2a,
      roles: [{ role: 'viewer', scope: 'all', pairId }],
      ...over,
    });
    await same(p2, 'POST', '/api/v1/users', (ref) => user({ unitId: ref }), u.xingguo);
    await same(p2, 'POST', '/api/v1/users', (ref) => user({ roles: [{ role: 'viewer', scope: 'all', pairId: ref }] }), pairIds[1]);
    await same(p2, 'POST', '/api/v1/users', (ref) => user({ roles: [{ role: 'viewer', scope: 'city', cityId: ref }] }), cities.gz);
    await same(p2, 'POST', '/api/v1/users', (ref) => user({ roles: [{ role: 'viewer', scope: 'unit_tree', unitId: ref }] }), u.xingguo);
  });

  it('inside pair 1: the Shenzhen city office names Ganzhou’s records, a Xingguo reporter Shenzhen’s, like missing ones', async () => {
    const sz = as('Shenzhen city office');
    const pairId = pairIds[1];
    const meeting = (ref: string) => ({ ...meetingBody, pairId, hostCityId: cities.sz, agenda: [{ title: '议题', link: { kind: 'task', id: ref } }] });
    await same(sz, 'POST', '/api/v1/meetings', meeting, fixtures.task.gz!);
    await same(sz, 'POST', '/api/v1/supervision', (ref) => ({ unitId: u.futian, requirement: '督办', deadline: '2026-06-30', taskId: ref }), fixtures.task.gz!);
    const agreement = (ref: string) => ({
      pairId,
      name: '协议',
      upstreamParty: '甲',
      downstreamParty: '乙',
      fromYear: 2026,
      toYear: 2026,
      upstreamAmount: '1',
      downstreamAmount: '1',
      sectionIds: [ref],
      rule: { kind: 'compliance', amounts: { pass: '1', fail: '0' } },
    });
    await same(sz, 'POST', '/api/v1/water/agreements', agreement, fixtures.section.gz!);
    const project = (ref: string) => ({
      pairId,
      data: {
        name: '项目',
        investor: '投资方',
        originCityId: cities.sz,
        locationCode: '440304',
        parkId: ref,
        industry: '稀土新材料',
        plannedInvestment: '1',
        stage: '洽谈',
        ownerUnitId: u.futian,
      },
    });
    await same(sz, 'POST', '/api/v1/registries/project/records', project, worldParks.gz!);
    const xg = as('Xingguo reporter (unit)');
    const report = (ref: string) => ({ taskId: ref, unitId: u.xingguo, periodId: fixtures.period.gz, narrative: '进展', progress: 1, values: [] });
    await same(xg, 'PUT', '/api/v1/reports', report, fixtures.task.sz!);
    await same(
      xg,
      'POST',
      '/api/v1/attachments',
      (ref) => ({ ownerType: 'supervision', ownerId: ref, fileName: 'a.pdf', fileBase64: 'JVBERg==' }),
      fixtures.supervision.sz!,
    );
    // An instruction of the other city, named as the owner of a file: like a missing one.
    await same(
      xg,
      'POST',
      '/api/v1/attachments',
      (ref) => ({ ownerType: 'instruction', ownerId: ref, fileName: 'a.pdf', fileBase64: 'JVBERg==' }),
      fixtures.instruction.sz!,
    );
    await same(
      sz,
      'POST',
      '/api/v1/attachments',
      (ref) => ({ ownerType: 'instruction', ownerId: ref, fileName: 'a.pdf', fileBase64: 'JVBERg==' }),
      fixtures.instruction.gz!,
    );
  });
});
