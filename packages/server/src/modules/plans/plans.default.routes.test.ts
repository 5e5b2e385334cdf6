import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { seedDatabase } from '../../db/seed.js';
import { DEFAULT_PLAN_TEXT } from '../../test-support/plans.js';
import { type Agent, createTestApp, type TestApp } from '../../test-support/test-app.js';

// The built-in pair's plan is default data: the first start of a database loads it as the
// published first version, through the same import and publish as an office's own.

interface PlanItem {
  id: string;
  title: string;
  versions: { id: string; versionNo: number; status: string }[];
}

async function plansOf(agent: Agent, pairId: string): Promise<PlanItem[]> {
  return (await agent.get(`/api/v1/plans?pairId=${pairId}`)).body.items;
}

describe('first start with the default plan (the default configuration)', () => {
  let t: TestApp;
  let admin: Agent;
  let pairId: string;

  beforeAll(async () => {
    t = await createTestApp({ defaultPlan: true });
    admin = await t.admin();
    pairId = (await t.unit('gz-office')).pairId;
  });
  afterAll(async () => t?.close());

  it('the pair has its plan published as version 1, with the source note on the version', async () => {
    const items = await plansOf(admin, pairId);
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe('深圳市与赣州市对口合作实施方案');
    expect(items[0]!.versions.map((v) => `${v.versionNo}:${v.status}`)).toEqual(['1:published']);
    const version = (await admin.get(`/api/v1/plan-versions/${items[0]!.versions[0]!.id}`)).body;
    expect(version.sourceName).toBe('shenzhen-ganzhou.txt');
    expect(version.sourceText).toBe(DEFAULT_PLAN_TEXT);
    expect(version.sourceNote).toContain('《深圳市与赣州市对口合作实施方案》原文，逐字收录');
    expect(version.sourceNote).toContain('粤府〔2023〕7号');
    const tree = (await admin.get(`/api/v1/plans/${items[0]!.id}/tree`)).body;
    expect(tree.chapters).toHaveLength(7);
    expect(tree.chapters.flatMap((c: { articles: unknown[] }) => c.articles)).toHaveLength(20);
  });

  it('is audited as an import and a publish by the system, like any other', async () => {
    const entries = (await admin.get('/api/v1/audit?entityType=plan_version&pageSize=10')).body.items as {
      action: string;
      actorId: string | null;
      actorName: string;
    }[];
    expect(entries.map((e) => e.action).sort()).toEqual(['plan.import', 'plan.publish']);
    for (const entry of entries) expect(entry).toMatchObject({ actorId: null, actorName: 'system' });
  });

  it('a second start loads nothing again, even after the office published a revision of the plan', async () => {
    const again = await seedDatabase(t.ctx, null);
    expect(again).toMatchObject({ pairsCreated: [], plansLoaded: [] });
    expect((await plansOf(admin, pairId))[0]!.versions).toHaveLength(1);

    const revised = DEFAULT_PLAN_TEXT.replace('(二十)积极宣传发动。', '(二十)积极宣传引导。');
    const imported = await admin.post('/api/v1/plans/import', { pairId, title: '深圳市与赣州市对口合作实施方案', source: { text: revised } });
    expect(imported.status).toBe(201);
    expect(imported.body.diff.againstVersionNo).toBe(1);
    // An office's own import carries no source note.
    expect(imported.body.version.sourceNote).toBeNull();
    expect((await admin.post(`/api/v1/plan-versions/${imported.body.version.id}/publish`)).status).toBe(200);

    await seedDatabase(t.ctx, null);
    const items = await plansOf(admin, pairId);
    expect(items).toHaveLength(1);
    expect(items[0]!.versions.map((v) => `${v.versionNo}:${v.status}`)).toEqual(['2:published', '1:superseded']);
  });
});

describe('DUIKOU_DEFAULT_PLAN', () => {
  it('is on unless turned off; anything but on/off is refused', () => {
    expect(loadConfig({}).defaultPlan).toBe(true);
    expect(loadConfig({ DUIKOU_DEFAULT_PLAN: 'off' }).defaultPlan).toBe(false);
    expect(loadConfig({ DUIKOU_DEFAULT_PLAN: '0' }).defaultPlan).toBe(false);
    expect(loadConfig({ DUIKOU_DEFAULT_PLAN: 'on' }).defaultPlan).toBe(true);
    expect(() => loadConfig({ DUIKOU_DEFAULT_PLAN: 'maybe' })).toThrow(/DUIKOU_DEFAULT_PLAN must be on or off/);
  });

  it('off: the first start has the pair without a plan, and a later start with it on does not add one (the first start is past)', async () => {
    const t = await createTestApp({ defaultPlan: false });
    try {
      const admin = await t.admin();
      const pairId = (await t.unit('gz-office')).pairId;
      expect(await plansOf(admin, pairId)).toEqual([]);
      const later = await seedDatabase({ ...t.ctx, config: { ...t.ctx.config, defaultPlan: true } }, null);
      expect(later.plansLoaded).toEqual([]);
      expect(await plansOf(admin, pairId)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
