import type { ScopeGrant } from '@duikou/domain';
import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import {
  cities,
  inspectionDrawInputs,
  inspectionEntities,
  inspectionInspectors,
  inspectionPlans,
  inspections,
  inspectionTeamMembers,
  units,
  users,
} from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type EntityRow = typeof inspectionEntities.$inferSelect;
export type InspectorRow = typeof inspectionInspectors.$inferSelect;
export type PlanRow = typeof inspectionPlans.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;

/**
 * The registers belong to a city office: an office or leader of the whole pair reaches every
 * register of the pair, a city grant its city's. Unit and self grants reach no register.
 */
export function registerScope(grants: readonly ScopeGrant[], userId: string, table: typeof inspectionEntities | typeof inspectionInspectors): SQL {
  const wide = grants.filter((g) => g.scope === 'all' || g.scope === 'city');
  return wide.length === 0 ? sql`false` : scopeFilter(wide, userId, { pairId: table.pairId, cityId: table.cityId });
}

/**
 * Which plans the grants reach: by the plan's pair and city (all, city grants), and the plans one
 * of whose teams holds an inspector of a unit the grant reaches (unit grants) or the user's own
 * inspector (self): a team member sees the plan it inspects for.
 */
export function planScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const alternatives: SQL[] = [];
  const wide = grants.filter((g) => g.scope === 'all' || g.scope === 'city');
  if (wide.length > 0) alternatives.push(scopeFilter(wide, userId, { pairId: inspectionPlans.pairId, cityId: inspectionPlans.cityId }));
  const viaUnits = grants.filter((g) => g.scope === 'unit_tree' || g.scope === 'unit');
  const onTeam = (condition: SQL) =>
    sql`exists (select 1 from ${inspections} join ${inspectionTeamMembers} on ${inspectionTeamMembers.inspectionId} = ${inspections.id} join ${inspectionInspectors} on ${inspectionInspectors.id} = ${inspectionTeamMembers.inspectorId} join ${units} on ${units.id} = ${inspectionInspectors.unitId} where ${inspections.planId} = ${inspectionPlans.id} and ${condition})`;
  if (viaUnits.length > 0)
    alternatives.push(onTeam(scopeFilter(viaUnits, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path })));
  // An inspector's own account sees the plans it inspects for, in the pair of its grant only:
  // linking an account to another pair's inspector opens nothing there.
  const own = grants.filter((g) => g.scope === 'self');
  if (own.length > 0) {
    const pairs = own.some((g) => g.pairId === null) ? null : [...new Set(own.map((g) => g.pairId!))];
    const inPairs = pairs === null ? sql`true` : inArray(inspectionPlans.pairId, pairs);
    alternatives.push(sql`(${inPairs} and ${onTeam(sql`${inspectionInspectors.userId} = ${userId}`)})`);
  }
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

// ---- registers -----------------------------------------------------------------------------

export interface RegisterFilter {
  scope: SQL;
  pairId: string;
  cityId?: string;
  q?: string;
  creditGrade?: string;
}

export async function listEntities(db: Executor, filter: RegisterFilter, limit: number, offset: number) {
  const pattern = containing(filter.q);
  const where = and(
    filter.scope,
    eq(inspectionEntities.pairId, filter.pairId),
    filter.cityId ? eq(inspectionEntities.cityId, filter.cityId) : undefined,
    filter.creditGrade ? eq(inspectionEntities.creditGrade, filter.creditGrade) : undefined,
    pattern ? or(ilike(inspectionEntities.name, pattern), ilike(inspectionEntities.creditCode, pattern)) : undefined,
  );
  const rows = await db
    .select({ row: inspectionEntities, total: totalOver })
    .from(inspectionEntities)
    .where(where)
    .orderBy(asc(inspectionEntities.creditCode), asc(inspectionEntities.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inspectionEntities).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.row), total };
}

export async function findEntity(db: Executor, id: string, scope?: SQL): Promise<EntityRow | undefined> {
  const [row] = await db
    .select()
    .from(inspectionEntities)
    .where(and(eq(inspectionEntities.id, id), scope))
    .limit(1);
  return row;
}

export async function entitiesOfRegister(db: Executor, pairId: string, cityId: string): Promise<EntityRow[]> {
  return db
    .select()
    .from(inspectionEntities)
    .where(and(eq(inspectionEntities.pairId, pairId), eq(inspectionEntities.cityId, cityId)))
    .orderBy(asc(inspectionEntities.id));
}

export async function insertEntities(db: Executor, rows: (typeof inspectionEntities.$inferInsert)[]): Promise<EntityRow[]> {
  if (rows.length === 0) return [];
  const out: EntityRow[] = [];
  // A few thousand parameters per statement: far below PostgreSQL's limit of 65 535.
  for (let at = 0; at < rows.length; at += 500)
    out.push(
      ...(await db
        .insert(inspectionEntities)
        .values(rows.slice(at, at + 500))
        .returning()),
    );
  return out;
}

/** Locks an entity of the register until the transaction ends and returns it as it is now (undefined once removed). */
export async function lockEntity(tx: Executor, id: string): Promise<EntityRow | undefined> {
  const [row] = await tx.select().from(inspectionEntities).where(eq(inspectionEntities.id, id)).for('update');
  return row;
}

export async function updateEntity(db: Executor, id: string, patch: Partial<typeof inspectionEntities.$inferInsert>): Promise<EntityRow> {
  const [row] = await db.update(inspectionEntities).set(patch).where(eq(inspectionEntities.id, id)).returning();
  return row!;
}

export async function deleteEntity(db: Executor, id: string): Promise<void> {
  await db.delete(inspectionEntities).where(eq(inspectionEntities.id, id));
}

const inspectorWithUnit = { row: inspectionInspectors, unitName: units.name };
export type InspectorWithUnit = { row: InspectorRow; unitName: string };

export async function listInspectors(db: Executor, filter: RegisterFilter, limit: number, offset: number) {
  const pattern = containing(filter.q);
  const where = and(
    filter.scope,
    eq(inspectionInspectors.pairId, filter.pairId),
    filter.cityId ? eq(inspectionInspectors.cityId, filter.cityId) : undefined,
    pattern ? or(ilike(inspectionInspectors.name, pattern), ilike(inspectionInspectors.badgeNo, pattern)) : undefined,
  );
  const rows = await db
    .select({ ...inspectorWithUnit, total: totalOver })
    .from(inspectionInspectors)
    .innerJoin(units, eq(units.id, inspectionInspectors.unitId))
    .where(where)
    .orderBy(asc(inspectionInspectors.badgeNo), asc(inspectionInspectors.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(
    rows,
    offset,
    async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inspectionInspectors).where(where))[0]?.n ?? 0,
  );
  return { rows: rows as (InspectorWithUnit & { total: number })[], total };
}

export async function findInspector(db: Executor, id: string, scope?: SQL): Promise<InspectorWithUnit | undefined> {
  const [row] = await db
    .select(inspectorWithUnit)
    .from(inspectionInspectors)
    .innerJoin(units, eq(units.id, inspectionInspectors.unitId))
    .where(and(eq(inspectionInspectors.id, id), scope))
    .limit(1);
  return row;
}

export async function activeInspectorsOfRegister(db: Executor, pairId: string, cityId: string): Promise<InspectorRow[]> {
  return db
    .select()
    .from(inspectionInspectors)
    .where(and(eq(inspectionInspectors.pairId, pairId), eq(inspectionInspectors.cityId, cityId), eq(inspectionInspectors.active, true)))
    .orderBy(asc(inspectionInspectors.id));
}

export async function badgesOfRegister(db: Executor, pairId: string, cityId: string): Promise<Set<string>> {
  const rows = await db
    .select({ badgeNo: inspectionInspectors.badgeNo })
    .from(inspectionInspectors)
    .where(and(eq(inspectionInspectors.pairId, pairId), eq(inspectionInspectors.cityId, cityId)));
  return new Set(rows.map((r) => r.badgeNo));
}

export async function insertInspectors(db: Executor, rows: (typeof inspectionInspectors.$inferInsert)[]): Promise<InspectorRow[]> {
  const out: InspectorRow[] = [];
  for (let at = 0; at < rows.length; at += 500)
    out.push(
      ...(await db
        .insert(inspectionInspectors)
        .values(rows.slice(at, at + 500))
        .returning()),
    );
  return out;
}

/**
 * Locks an inspector until the transaction ends and returns it as it is now, with its unit's name
 * (undefined once removed). A draw putting it on a team holds it too (the team's foreign key).
 */
export async function lockInspector(tx: Executor, id: string): Promise<InspectorWithUnit | undefined> {
  const [locked] = await tx.select({ id: inspectionInspectors.id }).from(inspectionInspectors).where(eq(inspectionInspectors.id, id)).for('update');
  return locked ? findInspector(tx, id) : undefined;
}

export async function updateInspector(db: Executor, id: string, patch: Partial<typeof inspectionInspectors.$inferInsert>): Promise<void> {
  await db.update(inspectionInspectors).set(patch).where(eq(inspectionInspectors.id, id));
}

export async function deleteInspector(db: Executor, id: string): Promise<void> {
  await db.delete(inspectionInspectors).where(eq(inspectionInspectors.id, id));
}

/** Whether an inspector sits on a drawn team (it then stays in the register). */
export async function inspectorOnTeam(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`1` }).from(inspectionTeamMembers).where(eq(inspectionTeamMembers.inspectorId, id)).limit(1);
  return row !== undefined;
}

/**
 * Accounts an inspector may be linked to, by id or by username: those of a unit of `pairId` that
 * `scope` (the caller's users scope) reaches. Answers id (or username) → id for the ones found.
 */
export async function linkableUserIds(
  db: Executor,
  where: { pairId: string; scope: SQL },
  by: { ids: readonly string[] } | { usernames: readonly string[] },
): Promise<Map<string, string>> {
  const key = 'ids' in by ? users.id : users.username;
  const values = 'ids' in by ? by.ids : by.usernames;
  if (values.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(inArray(key, [...values]), eq(units.pairId, where.pairId), where.scope));
  return new Map(rows.map((r) => ['ids' in by ? r.id : r.username, r.id]));
}

export async function unitsOfPair(db: Executor, pairId: string) {
  return db.select({ id: units.id, name: units.name, shortName: units.shortName }).from(units).where(eq(units.pairId, pairId));
}

export async function cityOfPair(db: Executor, pairId: string, cityId: string) {
  const [row] = await db
    .select({ id: cities.id, name: cities.name })
    .from(cities)
    .where(and(eq(cities.id, cityId), eq(cities.pairId, pairId)))
    .limit(1);
  return row;
}

// ---- plans ---------------------------------------------------------------------------------

export async function listPlans(db: Executor, filter: { scope: SQL; pairId?: string; status?: string }, limit: number, offset: number) {
  const where = and(
    filter.scope,
    filter.pairId ? eq(inspectionPlans.pairId, filter.pairId) : undefined,
    filter.status ? eq(inspectionPlans.status, filter.status) : undefined,
  );
  const rows = await db
    .select({ row: inspectionPlans, total: totalOver })
    .from(inspectionPlans)
    .where(where)
    .orderBy(desc(inspectionPlans.createdAt), asc(inspectionPlans.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(inspectionPlans).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.row), total };
}

export async function findPlan(db: Executor, id: string, scope?: SQL): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(inspectionPlans)
    .where(and(eq(inspectionPlans.id, id), scope))
    .limit(1);
  return row;
}

/** Locks the plan's row until the transaction ends, so two requests cannot both pass a status check. */
export async function lockPlan(tx: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await tx.select().from(inspectionPlans).where(eq(inspectionPlans.id, id)).for('update');
  return row;
}

export async function insertPlan(db: Executor, row: typeof inspectionPlans.$inferInsert): Promise<PlanRow> {
  const [inserted] = await db.insert(inspectionPlans).values(row).returning();
  return inserted!;
}

export async function updatePlan(db: Executor, id: string, patch: Partial<typeof inspectionPlans.$inferInsert>): Promise<PlanRow> {
  const [row] = await db.update(inspectionPlans).set(patch).where(eq(inspectionPlans.id, id)).returning();
  return row!;
}

export async function saveDrawInputs(db: Executor, row: typeof inspectionDrawInputs.$inferInsert): Promise<void> {
  await db
    .insert(inspectionDrawInputs)
    .values(row)
    .onConflictDoUpdate({
      target: inspectionDrawInputs.planId,
      set: { entities: row.entities, inspectors: row.inspectors, previousInspections: row.previousInspections, result: null },
    });
}

export async function drawInputsOf(db: Executor, planId: string) {
  const [row] = await db.select().from(inspectionDrawInputs).where(eq(inspectionDrawInputs.planId, planId)).limit(1);
  return row;
}

/**
 * The frozen inputs and the stored result as the JSON text they are stored as: parsed on the work
 * pool, not here (a register of a million entities is some 150 MB of it).
 */
export async function drawInputsText(db: Executor, planId: string) {
  const [row] = await db
    .select({
      entities: inspectionDrawInputs.entities,
      inspectors: inspectionDrawInputs.inspectors,
      previousInspections: inspectionDrawInputs.previousInspections,
      result: sql<string | null>`${inspectionDrawInputs.result}::text`,
    })
    .from(inspectionDrawInputs)
    .where(eq(inspectionDrawInputs.planId, planId))
    .limit(1);
  return row;
}

/**
 * What a published draw's verification depends on, without reading it: the row versions (xmin,
 * which PostgreSQL changes on every update of a row, whoever makes it) of the plan and of its
 * frozen inputs and result. Undefined unless the plan is published with a stored result.
 */
export async function publishedDrawVersion(db: Executor, planId: string): Promise<{ plan: string; inputs: string } | undefined> {
  const [row] = await db
    .select({ plan: sql<string>`${inspectionPlans}.xmin::text`, inputs: sql<string>`${inspectionDrawInputs}.xmin::text` })
    .from(inspectionPlans)
    .innerJoin(inspectionDrawInputs, eq(inspectionDrawInputs.planId, inspectionPlans.id))
    .where(and(eq(inspectionPlans.id, planId), eq(inspectionPlans.status, 'published'), sql`${inspectionDrawInputs.result} is not null`))
    .limit(1);
  return row;
}

/** What the public page shows of a stored result, read alone (the result holds every drawn entity). */
export async function drawResultSummary(db: Executor, planId: string): Promise<{ gradeCounts: unknown; algorithm: string } | undefined> {
  const [row] = await db
    .select({
      gradeCounts: sql<unknown>`${inspectionDrawInputs.result} -> 'gradeCounts'`,
      algorithm: sql<string>`${inspectionDrawInputs.result} ->> 'algorithm'`,
    })
    .from(inspectionDrawInputs)
    .where(and(eq(inspectionDrawInputs.planId, planId), sql`${inspectionDrawInputs.result} is not null`))
    .limit(1);
  return row;
}

export async function saveDrawResult(db: Executor, planId: string, result: unknown): Promise<void> {
  await db.update(inspectionDrawInputs).set({ result }).where(eq(inspectionDrawInputs.planId, planId));
}

/** The (inspector, entity) pairs of a plan's teams: the previous plan's avoidance input. */
export async function teamPairsOf(db: Executor, planId: string): Promise<{ inspectorId: string; entityId: string }[]> {
  return db
    .select({ inspectorId: inspectionTeamMembers.inspectorId, entityId: inspections.entityId })
    .from(inspectionTeamMembers)
    .innerJoin(inspections, eq(inspections.id, inspectionTeamMembers.inspectionId))
    .where(eq(inspections.planId, planId))
    .orderBy(asc(inspections.position), asc(inspectionTeamMembers.position));
}

export async function insertInspections(db: Executor, rows: { inspection: typeof inspections.$inferInsert; inspectorIds: string[] }[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const chunk = rows.slice(at, at + 500);
    const inserted = await db
      .insert(inspections)
      .values(chunk.map((r) => r.inspection))
      .returning({ id: inspections.id, position: inspections.position });
    const byPosition = new Map(inserted.map((r) => [r.position, r.id]));
    const members = chunk.flatMap((r) =>
      r.inspectorIds.map((inspectorId, position) => ({ inspectionId: byPosition.get(r.inspection.position)!, position, inspectorId })),
    );
    for (let m = 0; m < members.length; m += 1000) await db.insert(inspectionTeamMembers).values(members.slice(m, m + 1000));
  }
}

export interface InspectionWithTeam {
  row: InspectionRow;
  team: { inspectorId: string; name: string; unitName: string; userId: string | null }[];
}

export async function inspectionsOf(db: Executor, planId: string): Promise<InspectionWithTeam[]> {
  const rows = await db.select().from(inspections).where(eq(inspections.planId, planId)).orderBy(asc(inspections.position));
  if (rows.length === 0) return [];
  const members = await db
    .select({
      inspectionId: inspectionTeamMembers.inspectionId,
      inspectorId: inspectionTeamMembers.inspectorId,
      name: inspectionInspectors.name,
      unitName: units.name,
      userId: inspectionInspectors.userId,
    })
    .from(inspectionTeamMembers)
    .innerJoin(inspections, eq(inspections.id, inspectionTeamMembers.inspectionId))
    .innerJoin(inspectionInspectors, eq(inspectionInspectors.id, inspectionTeamMembers.inspectorId))
    .innerJoin(units, eq(units.id, inspectionInspectors.unitId))
    .where(eq(inspections.planId, planId))
    .orderBy(asc(inspectionTeamMembers.inspectionId), asc(inspectionTeamMembers.position));
  const byInspection = new Map<string, InspectionWithTeam['team']>();
  for (const m of members) {
    const list = byInspection.get(m.inspectionId) ?? [];
    list.push({ inspectorId: m.inspectorId, name: m.name, unitName: m.unitName, userId: m.userId });
    byInspection.set(m.inspectionId, list);
  }
  return rows.map((row) => ({ row, team: byInspection.get(row.id) ?? [] }));
}

export async function findInspection(db: Executor, id: string): Promise<InspectionRow | undefined> {
  const [row] = await db.select().from(inspections).where(eq(inspections.id, id)).limit(1);
  return row;
}

export async function teamUserIds(db: Executor, inspectionId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: inspectionInspectors.userId })
    .from(inspectionTeamMembers)
    .innerJoin(inspectionInspectors, eq(inspectionInspectors.id, inspectionTeamMembers.inspectorId))
    .where(eq(inspectionTeamMembers.inspectionId, inspectionId));
  return rows.flatMap((r) => (r.userId ? [r.userId] : []));
}

export async function updateInspection(db: Executor, id: string, patch: Partial<typeof inspections.$inferInsert>): Promise<void> {
  await db.update(inspections).set(patch).where(eq(inspections.id, id));
}

export async function publishedPlans(db: Executor, limit: number, offset: number) {
  const rows = await db
    .select({
      id: inspectionPlans.id,
      title: inspectionPlans.title,
      cityName: cities.name,
      publishedAt: inspectionPlans.publishedAt,
      inspections: sql<number>`(select count(*)::int from ${inspections} where ${inspections.planId} = ${inspectionPlans.id})`,
      total: totalOver,
    })
    .from(inspectionPlans)
    .innerJoin(cities, eq(cities.id, inspectionPlans.cityId))
    .where(eq(inspectionPlans.status, 'published'))
    .orderBy(desc(inspectionPlans.publishedAt), asc(inspectionPlans.id))
    .limit(limit)
    .offset(offset);
  return rows;
}

export async function cityName(db: Executor, cityId: string): Promise<string> {
  const [row] = await db.select({ name: cities.name }).from(cities).where(eq(cities.id, cityId)).limit(1);
  return row?.name ?? '';
}
