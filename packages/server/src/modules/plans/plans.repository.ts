import type { NamedUnit, UnitType } from '@duikou/domain';
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { cities, planArticles, planMeasures, plans, planVersions, tasks, unitAliases, units } from '../../db/schema.js';

export type PlanRow = typeof plans.$inferSelect;
export type VersionRow = typeof planVersions.$inferSelect;

export async function unitNamesOfPair(db: Executor, pairId: string): Promise<string[]> {
  const rows = await db.select({ name: units.name }).from(units).where(eq(units.pairId, pairId));
  return rows.map((r) => r.name);
}

/** The pair's units as the name resolver needs them (domain unit-names.ts). */
export async function namedUnitsOfPair(db: Executor, pairId: string): Promise<NamedUnit[]> {
  const rows = await db
    .select({ id: units.id, name: units.name, shortName: units.shortName, type: units.type, cityName: cities.name })
    .from(units)
    .innerJoin(cities, eq(cities.id, units.cityId))
    .where(and(eq(units.pairId, pairId), eq(units.disabled, false)))
    .orderBy(cities.name, units.sortOrder, units.name);
  return rows.map((row) => ({ ...row, type: row.type as UnitType }));
}

/** `articleNo NUL title` of every task of a plan: what a task table's rows are checked against. */
export async function taskKeysOfPlan(db: Executor, planId: string): Promise<Set<string>> {
  const rows = await db.select({ articleNo: tasks.articleNo, title: tasks.title }).from(tasks).where(eq(tasks.planId, planId));
  return new Set(rows.map((row) => `${row.articleNo}\u0000${row.title}`));
}

/** The office's mappings of written names to units, by name. */
export async function aliasesOfPair(db: Executor, pairId: string): Promise<Map<string, string[]>> {
  const rows = await db.select({ alias: unitAliases.alias, unitIds: unitAliases.unitIds }).from(unitAliases).where(eq(unitAliases.pairId, pairId));
  return new Map(rows.map((row) => [row.alias, row.unitIds]));
}

export async function findPlanByTitle(db: Executor, pairId: string, title: string): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.pairId, pairId), eq(plans.title, title)))
    .limit(1);
  return row;
}

export async function findPlan(db: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id)).limit(1);
  return row;
}

/** The pair's plan of this title, created if there is none (two first imports at once both find the one created). */
export async function findOrInsertPlan(db: Executor, row: typeof plans.$inferInsert & { title: string }): Promise<PlanRow> {
  const [inserted] = await db
    .insert(plans)
    .values(row)
    .onConflictDoNothing({ target: [plans.pairId, plans.title] })
    .returning();
  return inserted ?? (await findPlanByTitle(db, row.pairId, row.title))!;
}

/** Serializes version numbering and publishing of one plan across requests and processes. */
export async function lockPlan(db: Executor, planId: string): Promise<void> {
  await db.execute(sql`select 1 from ${plans} where ${plans.id} = ${planId} for update`);
}

export async function nextVersionNo(db: Executor, planId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${planVersions.versionNo}), 0)::int + 1` })
    .from(planVersions)
    .where(eq(planVersions.planId, planId));
  return row!.n;
}

export async function insertVersion(db: Executor, row: typeof planVersions.$inferInsert): Promise<VersionRow> {
  const [inserted] = await db.insert(planVersions).values(row).returning();
  return inserted!;
}

export async function findVersion(db: Executor, id: string): Promise<(VersionRow & { planTitle: string }) | undefined> {
  const [row] = await db
    .select({ version: planVersions, planTitle: plans.title })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(planVersions.id, id))
    .limit(1);
  return row ? { ...row.version, planTitle: row.planTitle } : undefined;
}

/** Locks a version until the transaction ends and returns it as it is now (undefined if there is none). */
export async function lockVersion(tx: Executor, id: string): Promise<VersionRow | undefined> {
  const [row] = await tx.select().from(planVersions).where(eq(planVersions.id, id)).for('no key update');
  return row;
}

/** Locks every task of a plan until the transaction ends, in id order (the order of every writer of several tasks). */
export async function lockTasksOfPlan(tx: Executor, planId: string): Promise<void> {
  await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.id)).for('no key update');
}

export async function updateVersion(db: Executor, id: string, patch: Partial<typeof planVersions.$inferInsert>): Promise<void> {
  await db.update(planVersions).set(patch).where(eq(planVersions.id, id));
}

/** The published version of a plan, if any. */
export async function publishedVersion(db: Executor, planId: string): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.status, 'published')))
    .limit(1);
  return row;
}

/** The latest version before `versionNo` that was ever published: what a new version is compared with. */
export async function previousPublished(db: Executor, planId: string, versionNo: number): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), lt(planVersions.versionNo, versionNo), inArray(planVersions.status, ['published', 'superseded'])))
    .orderBy(desc(planVersions.versionNo))
    .limit(1);
  return row;
}

export async function listPlans(db: Executor, pairScope: SQL | undefined) {
  const planRows = await db.select().from(plans).where(pairScope).orderBy(asc(plans.createdAt));
  const versions = planRows.length
    ? await db
        .select({
          id: planVersions.id,
          planId: planVersions.planId,
          versionNo: planVersions.versionNo,
          status: planVersions.status,
          publishedAt: planVersions.publishedAt,
          createdAt: planVersions.createdAt,
        })
        .from(planVersions)
        .where(
          inArray(
            planVersions.planId,
            planRows.map((p) => p.id),
          ),
        )
        .orderBy(desc(planVersions.versionNo))
    : [];
  return { planRows, versions };
}

export async function insertArticle(db: Executor, row: typeof planArticles.$inferInsert) {
  const [inserted] = await db.insert(planArticles).values(row).returning();
  return inserted!;
}

export async function insertMeasures(db: Executor, rows: (typeof planMeasures.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(planMeasures).values(rows).returning();
}

export async function articlesWithMeasures(db: Executor, versionId: string) {
  const articles = await db.select().from(planArticles).where(eq(planArticles.versionId, versionId)).orderBy(asc(planArticles.position));
  const measures = articles.length
    ? await db
        .select()
        .from(planMeasures)
        .where(
          inArray(
            planMeasures.articleId,
            articles.map((a) => a.id),
          ),
        )
        .orderBy(asc(planMeasures.position))
    : [];
  return { articles, measures };
}

/** Tasks of a plan with the measure they came from (for re-linking when a new version is published). */
export async function tasksWithMeasureText(db: Executor, planId: string) {
  return db
    .select({ id: tasks.id, articleNo: tasks.articleNo, measureText: planMeasures.text })
    .from(tasks)
    .leftJoin(planMeasures, eq(planMeasures.id, tasks.measureId))
    .where(eq(tasks.planId, planId));
}

export async function relinkTask(db: Executor, taskId: string, chapterNo: string | null, measureId: string | null): Promise<void> {
  await db
    .update(tasks)
    .set({ measureId, ...(chapterNo ? { chapterNo } : {}) })
    .where(eq(tasks.id, taskId));
}

export async function taskCountsByArticle(db: Executor, planId: string, scope: SQL) {
  const rows = await db
    .select({ articleNo: tasks.articleNo, n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), scope))
    .groupBy(tasks.articleNo);
  return new Map(rows.map((r) => [r.articleNo, r.n]));
}
