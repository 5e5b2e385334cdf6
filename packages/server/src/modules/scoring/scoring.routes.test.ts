import { and, eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, scoreEntries, supervisionItems, tasks } from '../../db/schema.js';
import { publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp, USER_PASSWORD } from '../../test-support/test-app.js';
import { recordSupervisionEvent } from '../supervision/supervision.events.js';

let t: TestApp;
let office: Agent;
let szOffice: Agent;
let viewer: Agent;
let xingguo: Agent;
let ningdu: Agent;
let pairId: string;
let gzCity: string;
let planId: string;
let q1: string;
let taskX: string;
let taskN: string;
let itemId: string;
let ruleSetId: string;
const unit: Record<string, string> = {};

const RULES = {
  base: 80,
  categories: [
    { key: 'report', name: '进展报送', gainCap: 5, lossCap: 3 },
    { key: 'supervision', name: '督办落实', gainCap: 6, lossCap: 10 },
    { key: 'task', name: '任务完成', gainCap: null, lossCap: null },
  ],
  rules: [
    { key: 'report_on_time', category: 'report', points: 1 },
    { key: 'report_late', category: 'report', points: -1.5 },
    { key: 'supervision_closed_on_time', category: 'supervision', points: 2 },
    { key: 'supervision_closed_late', category: 'supervision', points: -0.5 },
    { key: 'supervision_overdue', category: 'supervision', points: -2 },
    { key: 'supervision_extension', category: 'supervision', points: -0.5 },
    { key: 'supervision_chased', category: 'supervision', points: -1 },
    { key: 'task_completed', category: 'task', points: 1.5 },
  ],
};

/** The stored entries of the rule set, without their row ids: what a rebuild must reproduce exactly. */
async function entriesNow() {
  const rows = await t.ctx.db.select().from(scoreEntries).where(eq(scoreEntries.ruleSetId, ruleSetId));
  return rows.map(({ id: _id, ...rest }) => rest).sort((a, b) => `${a.sourceId}${a.unitId}${a.ruleKey}`.localeCompare(`${b.sourceId}${b.unitId}${b.ruleKey}`));
}

/** A step of the 督办 lifecycle as the supervision service records it (the hook runs inside). */
async function step(kind: 'closed' | 'overdue' | 'chased' | 'extension_approved' | 'progress', data: Record<string, unknown> = {}) {
  await t.ctx.db.transaction(async (tx) => {
    const [item] = await tx.select().from(supervisionItems).where(eq(supervisionItems.id, itemId));
    await recordSupervisionEvent(tx, { itemId, pairId, cityId: gzCity, unitId: item!.unitId, kind, at: t.clock.now(), actorId: null, data });
  });
}

const day = 24 * 3600_000;

/** Moves the clock; the sessions idle out meanwhile, so everyone signs in again. */
async function advance(ms: number) {
  t.clock.advance(ms);
  for (const [agent, name] of [
    [office, 'gz-office'],
    [szOffice, 'sz-office'],
    [viewer, 'gz-leader'],
    [xingguo, 'xingguo'],
    [ningdu, 'ningdu'],
  ] as const) {
    await agent.login(name, USER_PASSWORD);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of ['gz-xingguo', 'gz-ningdu', 'gz-office', 'sz-office']) unit[key] = (await t.unit(key)).id;
  const gz = await t.unit('gz-office');
  const sz = await t.unit('sz-office');
  pairId = gz.pairId;
  gzCity = gz.cityId;
  office = await t.userAgent({ username: 'gz-office', role: 'office_admin', scope: 'all', unitKey: 'gz-office', pairId });
  szOffice = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'city', unitKey: 'sz-office', cityId: sz.cityId });
  viewer = await t.userAgent({ username: 'gz-leader', role: 'viewer', scope: 'city', unitKey: 'gz-office', cityId: gzCity });
  xingguo = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  ningdu = await t.userAgent({ username: 'ningdu', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-ningdu' });
  ({ planId } = await publishDefaultPlan(office, pairId));
  const periods = await office.post(`/api/v1/plans/${planId}/report-periods`, { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 });
  q1 = periods.body.items[0].id;
  const task = async (title: string, unitId: string) =>
    (await office.post('/api/v1/tasks', { planId, articleNo: '四', title, startOn: '2026-01-01', dueOn: '2026-12-31', leadUnitIds: [unitId] })).body
      .id as string;
  taskX = await task('兴国县红色研学接待', unit['gz-xingguo']!);
  taskN = await task('宁都县产业园建设', unit['gz-ningdu']!);
  await t.ctx.db.update(tasks).set({ weight: '2.5' }).where(eq(tasks.id, taskX));
  // The item as the supervision service raises it (its lifecycle's steps are recorded below through recordSupervisionEvent).
  const [item] = await t.ctx.db
    .insert(supervisionItems)
    .values({ pairId, taskId: taskX, unitId: unit['gz-xingguo']!, requirement: '加快研学基地建设', deadline: '2026-03-20', originalDeadline: '2026-03-20' })
    .returning();
  itemId = item!.id;
});
afterAll(async () => t?.close());

describe('rule sets', () => {
  const body = (over: Record<string, unknown> = {}) => ({ cityId: gzCity, year: 2026, ...RULES, ...over });

  it('PUT /api/v1/scoring/rule-sets: 401; 403 for a reporter, a leader and the other city’s office; 400 naming the field', async () => {
    expect((await t.agent().put('/api/v1/scoring/rule-sets', body())).status).toBe(401);
    for (const who of [xingguo, viewer, szOffice]) expect((await who.put('/api/v1/scoring/rule-sets', body())).status).toBe(403);
    const bad = await office.put('/api/v1/scoring/rule-sets', body({ rules: [{ key: 'report_late', category: 'nope', points: -1 }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'rules.0.category', reason: '须为已定义的类别' }]);
    const decimals = await office.put('/api/v1/scoring/rule-sets', body({ base: 80.125 }));
    expect(decimals.body.error.details).toEqual([{ field: 'base', reason: '最多两位小数' }]);
    const missing = await office.put('/api/v1/scoring/rule-sets', body({ cityId: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11' }));
    expect([missing.status, missing.body.error.details[0].field]).toEqual([400, 'cityId']);
  });

  it('the office creates the year’s rules; everyone of the pair reads them, only its office may edit', async () => {
    const created = await office.put('/api/v1/scoring/rule-sets', body());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ cityId: gzCity, year: 2026, base: 80, canEdit: true });
    expect(created.body.categories[2]).toEqual({ key: 'task', name: '任务完成', gainCap: null, lossCap: null });
    ruleSetId = created.body.id;
    expect((await xingguo.get(`/api/v1/scoring/rule-sets/${ruleSetId}`)).body.canEdit).toBe(false);
    expect((await szOffice.get(`/api/v1/scoring/rule-sets/${ruleSetId}`)).body.canEdit).toBe(false);
    const list = await viewer.get(`/api/v1/scoring/rule-sets?cityId=${gzCity}`);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([ruleSetId]);
    // Saving again replaces the rules of the same year (one set per city and year).
    const again = await office.put('/api/v1/scoring/rule-sets', body());
    expect(again.body.id).toBe(ruleSetId);
  });
});

describe('scores kept current as events happen', () => {
  it('a first submission on time, one late, a task done, supervision steps: each earns its entry at once', async () => {
    const report = (taskId: string, unitId: string) => ({ taskId, unitId, periodId: q1, narrative: '按计划推进', progress: 20, values: [], submit: true });
    // 2026-03-02: Xingguo's Q1 report, due 2026-04-10 → on time.
    expect((await xingguo.put('/api/v1/reports', report(taskX, unit['gz-xingguo']!))).status).toBe(200);
    await advance(20 * day); // 2026-03-22: the item's deadline (03-20) has passed.
    await step('chased');
    await step('overdue');
    await step('progress'); // a reply scores nothing
    await advance(24 * day); // 2026-04-15
    expect((await ningdu.put('/api/v1/reports', report(taskN, unit['gz-ningdu']!))).status).toBe(200);
    await step('closed', { late: true });
    expect((await office.patch(`/api/v1/tasks/${taskX}`, { status: 'done' })).status).toBe(200);

    const entries = await entriesNow();
    expect(entries.map((e) => [e.unitId === unit['gz-xingguo'] ? 'xingguo' : 'ningdu', e.ruleKey, e.points, e.onDate])).toEqual(
      expect.arrayContaining([
        ['xingguo', 'report_on_time', '1.00', '2026-03-02'],
        ['xingguo', 'supervision_chased', '-1.00', '2026-03-22'],
        ['xingguo', 'supervision_overdue', '-2.00', '2026-03-22'],
        ['xingguo', 'supervision_closed_late', '-0.50', '2026-04-15'],
        ['xingguo', 'task_completed', '3.75', '2026-04-15'],
        ['ningdu', 'report_late', '-1.50', '2026-04-15'],
      ]),
    );
    expect(entries).toHaveLength(6);
    const [done] = await t.ctx.db.select({ doneAt: tasks.doneAt }).from(tasks).where(eq(tasks.id, taskX));
    expect(done!.doneAt?.toISOString()).toBe(t.clock.now().toISOString());
  });

  it('GET …/scores: the office and the city’s leader see every unit ranked; a reporter only its own row, unranked', async () => {
    const scores = await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/scores?period=year`);
    expect(scores.status).toBe(200);
    expect(scores.body.ranked).toBe(true);
    expect(scores.body.period).toEqual({ kind: 'year', index: null, from: '2026-01-01', to: '2026-12-31', label: '2026年度' });
    const row = (id: string) => scores.body.items.find((s: { unitId: string }) => s.unitId === id);
    // 兴国县: 80 + 1 (report) + (−1 −2 −0.5 = −3.5) + 3.75 = 81.25; 宁都县: 80 − 1.5 = 78.5; every other unit: 80.
    expect(row(unit['gz-xingguo']!)).toMatchObject({ total: '81.25', rank: 1 });
    expect(row(unit['gz-ningdu']!)).toMatchObject({ total: '78.50' });
    expect(row(unit['gz-ningdu']!).rank).toBe(scores.body.items.length);
    // Units with nothing share rank 2; the coordination office itself is not ranked.
    expect(scores.body.items.filter((s: { rank: number }) => s.rank === 2).length).toBe(scores.body.items.length - 2);
    expect(row(unit['gz-office']!)).toBeUndefined();
    expect((await viewer.get(`/api/v1/scoring/rule-sets/${ruleSetId}/scores`)).body.items).toHaveLength(scores.body.items.length);

    const own = await xingguo.get(`/api/v1/scoring/rule-sets/${ruleSetId}/scores`);
    expect(own.body.ranked).toBe(false);
    expect(own.body.items).toEqual([expect.objectContaining({ unitId: unit['gz-xingguo'], total: '81.25', rank: null })]);

    // The first quarter holds the report and the two March steps: 80 + 1 − 3 = 78.
    const q = await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/scores?period=quarter&index=1`);
    expect(q.body.items.find((s: { unitId: string }) => s.unitId === unit['gz-xingguo']).total).toBe('78.00');
    expect((await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/scores?period=quarter&index=5`)).body.error.details[0].field).toBe('index');
  });

  it('GET …/breakdown: every contributing entry with its rule, subject and link; a reporter sees its own unit only', async () => {
    const breakdown = await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/breakdown?unitId=${unit['gz-xingguo']}`);
    expect(breakdown.status).toBe(200);
    expect(breakdown.body.score).toMatchObject({ total: '81.25', rank: 1, base: '80.00' });
    expect(breakdown.body.entries.map((e: Record<string, string>) => [e.ruleLabel, e.points, e.subject, e.link])).toEqual([
      ['按时报送进展', '1.00', '兴国县红色研学接待（2026年第一季度）', expect.stringMatching(/^\/reports\//)],
      ['督办事项被催办', '-1.00', '加快研学基地建设', `/supervision/${itemId}`],
      ['督办事项逾期未办结', '-2.00', '加快研学基地建设', `/supervision/${itemId}`],
      ['督办事项逾期办结', '-0.50', '加快研学基地建设', `/supervision/${itemId}`],
      ['完成任务（分值 × 任务权重）', '3.75', '兴国县红色研学接待', `/tasks/${taskX}`],
    ]);
    // The entries add up to the total: base + Σ subtotals (no cap reached here).
    const sum = breakdown.body.entries.reduce((s: number, e: { points: string }) => s + Math.round(Number(e.points) * 100), 8000);
    expect((sum / 100).toFixed(2)).toBe(breakdown.body.score.total);

    const mine = await xingguo.get(`/api/v1/scoring/rule-sets/${ruleSetId}/breakdown`);
    expect([mine.status, mine.body.score.unitId, mine.body.score.rank]).toEqual([200, unit['gz-xingguo'], null]);
    expect((await xingguo.get(`/api/v1/scoring/rule-sets/${ruleSetId}/breakdown?unitId=${unit['gz-ningdu']}`)).status).toBe(404);
    expect((await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/breakdown?unitId=${unit['sz-office']}`)).status).toBe(404);
  });

  it('caps apply per period: gains beyond the category cap do not count', async () => {
    await t.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 4; i++)
        await recordSupervisionEvent(tx, {
          itemId,
          pairId,
          cityId: gzCity,
          unitId: unit['gz-xingguo']!,
          kind: 'closed',
          at: t.clock.now(),
          actorId: null,
          data: { late: false },
        });
    });
    // 督办落实: gains 4 × 2 = 8, capped at 6; deductions −3.5 → subtotal 2.5; total 80 + 1 + 2.5 + 3.75 = 87.25.
    const b = await office.get(`/api/v1/scoring/rule-sets/${ruleSetId}/breakdown?unitId=${unit['gz-xingguo']}`);
    expect(b.body.score.total).toBe('87.25');
    expect(b.body.score.categories.find((c: { key: string }) => c.key === 'supervision')).toMatchObject({
      gain: '8.00',
      countedGain: '6.00',
      subtotal: '2.50',
      capped: true,
    });
  });
});

describe('rebuild from the events equals what the hooks kept', () => {
  it('after reopening a task, moving a deadline and changing the rules', async () => {
    const rebuildEquals = async () => {
      const kept = await entriesNow();
      const rebuilt = await office.post(`/api/v1/scoring/rule-sets/${ruleSetId}/rebuild`);
      expect(rebuilt.status).toBe(200);
      expect(rebuilt.body.entries).toBe(kept.length);
      expect(await entriesNow()).toEqual(kept);
      return kept;
    };
    expect((await rebuildEquals()).length).toBe(10);

    // Reopened: the task's entry goes; done again later: it comes back on the new date.
    await office.patch(`/api/v1/tasks/${taskX}`, { status: 'in_progress' });
    expect((await entriesNow()).some((e) => e.ruleKey === 'task_completed')).toBe(false);
    await advance(30 * day);
    await office.patch(`/api/v1/tasks/${taskX}`, { status: 'done' });
    expect((await entriesNow()).find((e) => e.ruleKey === 'task_completed')?.onDate).toBe('2026-05-15');
    await rebuildEquals();

    // The Q1 deadline moved to 04-20: Ningdu's report of 04-15 is now on time.
    expect((await office.patch(`/api/v1/report-periods/${q1}`, { dueOn: '2026-04-20' })).status).toBe(200);
    expect((await entriesNow()).find((e) => e.unitId === unit['gz-ningdu'])).toMatchObject({ ruleKey: 'report_on_time', points: '1.00' });
    await rebuildEquals();

    // New rules: the year's entries are rebuilt under them in the same request.
    const changed = await office.put('/api/v1/scoring/rule-sets', {
      cityId: gzCity,
      year: 2026,
      ...RULES,
      rules: RULES.rules.map((r) => (r.key === 'supervision_chased' ? { ...r, points: -3 } : r)).filter((r) => r.key !== 'report_on_time'),
    });
    expect(changed.status).toBe(200);
    const now = await rebuildEquals();
    expect(now.find((e) => e.ruleKey === 'supervision_chased')?.points).toBe('-3.00');
    expect(now.some((e) => e.ruleKey === 'report_on_time')).toBe(false);
  });

  it('POST …/rebuild: 403 for a leader and the other city’s office; every rule change and rebuild is audited', async () => {
    expect((await viewer.post(`/api/v1/scoring/rule-sets/${ruleSetId}/rebuild`)).status).toBe(403);
    expect((await szOffice.post(`/api/v1/scoring/rule-sets/${ruleSetId}/rebuild`)).status).toBe(403);
    const audits = await t.ctx.db
      .select({ action: auditLog.action, n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(like(auditLog.action, 'scoring.%'), eq(auditLog.entityId, ruleSetId)))
      .groupBy(auditLog.action);
    expect(Object.fromEntries(audits.map((a) => [a.action, a.n]))).toEqual({ 'scoring.rules.create': 1, 'scoring.rules.update': 2, 'scoring.rebuild': 4 });
  });
});

describe('export', () => {
  it('GET …/scores.xlsx: the ranking as a workbook; a reporter’s holds its own unit only', async () => {
    const download = async (agent: Agent, url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
      return { status: response.statusCode, type: String(response.headers['content-type']), bytes: response.rawPayload };
    };
    const read = async (bytes: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      const rows: unknown[][] = [];
      workbook.getWorksheet('考评结果')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return rows;
    };
    const file = await download(office, `/api/v1/scoring/rule-sets/${ruleSetId}/scores.xlsx?period=year`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const rows = await read(file.bytes);
    expect(rows[1]!.slice(0, 3)).toEqual(['排名', '单位', '基础分']);
    expect(rows[2]![1]).toBe('兴国县');
    const mine = await read((await download(xingguo, `/api/v1/scoring/rule-sets/${ruleSetId}/scores.xlsx`)).bytes);
    expect(mine.map((r) => r[0])).toEqual(['赣州市2026年度考评', '单位', '兴国县']);
  });
});
