import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tasks } from '../../db/schema.js';
import { DEFAULT_PLAN_TEXT, publishDefaultPlan } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

// A plan with an appendix 任务分工 table: what the parser found (responsibilities, unit names
// resolved or not, the table's rows linked to articles), the office's mapping of a name it could
// not resolve, and the reviewed rows turned into tasks all at once or not at all.

const TABLE = [
  '附件',
  '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
  '1\t组建党校（干部学院）联盟，合作开展异地办学\t深圳市委党校\t赣州市委党校\t2025年底前',
  '2\t合作共建无人机适航认证检测中心和检测基地\t市发展改革委\t各县（市、区）\t长期坚持',
  '3\t完成两市档案数字化互认\t市档案馆\t\t2026年6月',
].join('\n');
const PLAN_WITH_TABLE = `${DEFAULT_PLAN_TEXT}\n${TABLE}`;

let t: TestApp;
let office: Agent;
let reporter: Agent;
let viewer: Agent;
let pairId: string;
const unitIds: Record<string, string> = {};

interface UnitName {
  name: string;
  status: string;
  units: { id: string; name: string }[];
  reason: string;
}

beforeAll(async () => {
  t = await createTestApp();
  pairId = (await t.unit('gz-office')).pairId;
  office = await t.userAgent({ username: 'sz-office', role: 'office_admin', scope: 'all', unitKey: 'sz-office', pairId });
  reporter = await t.userAgent({ username: 'xingguo', role: 'unit_reporter', scope: 'unit', unitKey: 'gz-xingguo' });
  viewer = await t.userAgent({ username: 'leader', role: 'viewer', scope: 'all', unitKey: 'sz-office', pairId });
  for (const key of ['sz-party-school', 'gz-party-school', 'sz-drc', 'gz-drc', 'sz-office', 'gz-xingguo']) unitIds[key] = (await t.unit(key)).id;
});
afterAll(async () => t?.close());

describe('what the parser found, with the unit names resolved', () => {
  it('parse answers the headings, the task table with its links, and each unit name resolved, ambiguous or unresolved', async () => {
    const response = await office.post('/api/v1/plans/parse', { source: { text: PLAN_WITH_TABLE }, pairId });
    expect(response.status).toBe(200);
    const { analysis } = response.body;
    expect(analysis.headings).toHaveLength(27);
    const rows = analysis.taskTables[0].rows;
    expect(rows.map((row: { link: { articleNumber: string | null } }) => row.link.articleNumber)).toEqual(['三', '六', null]);
    expect(rows[0].deadline).toEqual({ kind: 'date', date: '2025-12-31', text: '2025年底前' });
    const byName = new Map((analysis.unitNames as UnitName[]).map((entry) => [entry.name, entry]));
    expect(byName.get('深圳市委党校')).toMatchObject({ status: 'resolved', units: [{ id: unitIds['sz-party-school'], name: '中共深圳市委党校' }] });
    expect(byName.get('市发展改革委')?.status).toBe('ambiguous');
    expect(
      byName
        .get('市发展改革委')
        ?.units.map((unit) => unit.id)
        .sort(),
    ).toEqual([unitIds['sz-drc'], unitIds['gz-drc']].sort());
    expect(byName.get('各县（市、区）')?.units).toHaveLength(18);
    expect(byName.get('市档案馆')).toMatchObject({ status: 'unresolved', units: [], reason: '本结对城市没有对应单位，请指定' });
  });

  it('an office maps a name once; the version shows it resolved from then on, and the mapping is audited', async () => {
    const imported = await office.post('/api/v1/plans/import', { pairId, title: '带分工表的方案', source: { text: PLAN_WITH_TABLE } });
    expect(imported.status).toBe(201);
    const versionId = imported.body.version.id as string;
    const before = (imported.body.version.analysis.unitNames as UnitName[]).find((entry) => entry.name === '市档案馆');
    expect(before?.status).toBe('unresolved');

    const saved = await office.put('/api/v1/unit-aliases', { pairId, alias: '市档案馆', unitIds: [unitIds['sz-office']] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ alias: '市档案馆', units: [{ id: unitIds['sz-office'], name: '深圳市对口支援和对口合作工作领导小组办公室' }] });
    const after = (await office.get(`/api/v1/plan-versions/${versionId}`)).body.analysis.unitNames as UnitName[];
    expect(after.find((entry) => entry.name === '市档案馆')).toMatchObject({ status: 'resolved', reason: '按办公室此前的对应关系' });

    // Saving the name again replaces its units; both saves are in the audit log.
    const again = await office.put('/api/v1/unit-aliases', { pairId, alias: '市档案馆', unitIds: [unitIds['sz-office'], unitIds['gz-xingguo']] });
    expect(again.body.id).toBe(saved.body.id);
    const list = await office.get(`/api/v1/unit-aliases?pairId=${pairId}`);
    expect(list.body.items.map((item: { alias: string; units: unknown[] }) => [item.alias, item.units.length])).toEqual([['市档案馆', 2]]);
    const audits = await t.ctx.db.select().from(auditLog);
    expect(audits.filter((entry) => entry.action === 'unit_alias.save').map((entry) => entry.before)).toEqual([
      null,
      { alias: '市档案馆', unitIds: [unitIds['sz-office']] },
    ]);

    expect((await office.delete(`/api/v1/unit-aliases/${saved.body.id}`)).status).toBe(200);
    expect((await office.get(`/api/v1/unit-aliases?pairId=${pairId}`)).body.items).toEqual([]);
  });

  it('refuses a mapping to units outside the pair, naming the entry, and a viewer or reporter may not map', async () => {
    const bad = await office.put('/api/v1/unit-aliases', {
      pairId,
      alias: '市档案馆',
      unitIds: [unitIds['sz-office'], '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'unitIds.1', reason: '不是本结对城市的单位' }]);
    const duplicate = await office.put('/api/v1/unit-aliases', { pairId, alias: '市档案馆', unitIds: [unitIds['sz-office'], unitIds['sz-office']] });
    expect(duplicate.body.error.details[0]).toMatchObject({ field: 'unitIds', reason: '单位重复' });
    expect((await viewer.put('/api/v1/unit-aliases', { pairId, alias: '市档案馆', unitIds: [unitIds['sz-office']] })).status).toBe(403);
    expect((await reporter.put('/api/v1/unit-aliases', { pairId, alias: '市档案馆', unitIds: [unitIds['sz-office']] })).status).toBe(403);
  });
});

describe('POST /api/v1/plan-versions/:id/table-tasks', () => {
  const row = (articleNo: string, title: string, lead: string[], support: string[] = [], dueOn: string | null = null) => ({
    articleNo,
    title,
    leadUnitIds: lead,
    supportUnitIds: support,
    dueOn,
  });

  it('a draft cannot make tasks; one bad row makes none; the reviewed rows of the published version make all, at once', async () => {
    const imported = await office.post('/api/v1/plans/import', { pairId, title: '分工表生成任务', source: { text: PLAN_WITH_TABLE } });
    const draftId = imported.body.version.id as string;
    const rows = [
      row('三', '组建党校（干部学院）联盟', [unitIds['sz-party-school']!], [unitIds['gz-party-school']!], '2025-12-31'),
      row('六', '合作共建无人机适航认证检测中心', [unitIds['sz-drc']!, unitIds['gz-drc']!]),
    ];
    const onDraft = await office.post(`/api/v1/plan-versions/${draftId}/table-tasks`, { tasks: rows });
    expect(onDraft.status).toBe(409);
    expect(onDraft.body.error.details[0].reason).toBe('请先发布该版本，再从任务分工表生成任务');

    const { planId, versionId } = await publishDefaultPlan(office, pairId, PLAN_WITH_TABLE);
    const count = async () => (await t.ctx.db.select().from(tasks)).filter((task) => task.planId === planId).length;
    const bad = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, {
      tasks: [...rows, row('九十九', '没有这一条', [unitIds['sz-drc']!]), row('四', '外部单位', ['6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11'])],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['tasks.2.articleNo', 'tasks.3.leadUnitIds.0']);
    expect(await count()).toBe(0);

    expect((await viewer.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: rows })).status).toBe(403);
    const created = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: rows });
    expect(created.status).toBe(201);
    expect(created.body.created).toBe(2);
    expect(await count()).toBe(2);
    const task = (await office.get(`/api/v1/tasks/${created.body.taskIds[0]}`)).body;
    expect(task).toMatchObject({ articleNo: '三', title: '组建党校（干部学院）联盟', dueOn: '2025-12-31' });
    expect(task.units.map((unit: { unitId: string; role: string }) => [unit.unitId, unit.role])).toEqual([
      [unitIds['sz-party-school'], 'lead'],
      [unitIds['gz-party-school'], 'support'],
    ]);

    // Sent again (a reloaded page, a second click): refused, naming the rows, and nothing is added.
    const again = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: rows });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([
      { field: 'tasks.0.title', reason: '第三条下已有任务“组建党校（干部学院）联盟”' },
      { field: 'tasks.1.title', reason: '第六条下已有任务“合作共建无人机适航认证检测中心”' },
    ]);
    const twice = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: [rows[0], rows[0]] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([{ field: 'tasks.1.title', reason: '与前面一行的条款和任务名称相同' }]);
    // Two sendings at once: one creates the tasks, the other finds them.
    const fresh = [row('八', '共建产业合作园区', [unitIds['sz-drc']!])];
    const both = await Promise.all([
      office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: fresh }),
      office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: fresh }),
    ]);
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await count()).toBe(3);
  });

  it('400 naming the field for a body out of bounds', async () => {
    const { versionId } = await publishDefaultPlan(office, pairId, PLAN_WITH_TABLE);
    const empty = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('tasks');
    const tooMany = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, {
      tasks: Array.from({ length: 501 }, () => row('三', '任务', [unitIds['sz-drc']!])),
    });
    expect(tooMany.body.error.details[0].field).toBe('tasks');
    const noLead = await office.post(`/api/v1/plan-versions/${versionId}/table-tasks`, { tasks: [row('三', '任务', [])] });
    expect(noLead.body.error.details[0].field).toBe('tasks.0.leadUnitIds');
  });
});
