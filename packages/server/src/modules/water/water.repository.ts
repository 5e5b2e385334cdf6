import type { ScopeGrant } from '@duikou/domain';
import { and, asc, desc, eq, gte, inArray, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { cities, notifications, pairs, units, users, waterAgreements, waterSamples, waterSections, waterSectionUnits, waterWarnings } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type SectionRow = typeof waterSections.$inferSelect;
export type AgreementRow = typeof waterAgreements.$inferSelect;
export type SampleRow = typeof waterSamples.$inferSelect;
export type WarningRow = typeof waterWarnings.$inferSelect;

/**
 * Which sections the grants reach: a section belongs to the units that see it (the ecology
 * departments of both cities), like a registry record to its units; "all" reaches every section
 * of the pair; "self" the sections the user entered.
 */
export function sectionScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const pairWide = grants.filter((g) => g.scope === 'all');
  const viaUnits = grants.filter((g) => g.scope !== 'all' && g.scope !== 'self');
  const own = grants.filter((g) => g.scope === 'self');
  const alternatives: SQL[] = [];
  if (pairWide.length > 0) alternatives.push(scopeFilter(pairWide, userId, { pairId: waterSections.pairId }));
  if (viaUnits.length > 0) {
    alternatives.push(
      sql`exists (select 1 from ${waterSectionUnits} join ${units} on ${units.id} = ${waterSectionUnits.unitId} where ${waterSectionUnits.sectionId} = ${waterSections.id} and ${scopeFilter(viaUnits, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path })})`,
    );
  }
  if (own.length > 0) alternatives.push(scopeFilter(own, userId, { pairId: waterSections.pairId, ownerId: waterSections.createdBy }));
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

export async function listSections(db: Executor, where: { scope: SQL; pairId?: string; ids?: readonly string[] }): Promise<SectionRow[]> {
  if (where.ids && where.ids.length === 0) return [];
  return db
    .select()
    .from(waterSections)
    .where(
      and(where.scope, where.pairId ? eq(waterSections.pairId, where.pairId) : undefined, where.ids ? inArray(waterSections.id, [...where.ids]) : undefined),
    )
    .orderBy(asc(waterSections.code));
}

/** Sections of a pair with this code or name, other than `exceptId`. */
export async function sectionsNamed(db: Executor, pairId: string, code: string | undefined, name: string | undefined, exceptId?: string) {
  const named = [code ? eq(waterSections.code, code) : undefined, name ? eq(waterSections.name, name) : undefined].filter((c) => c !== undefined);
  if (named.length === 0) return [];
  return db
    .select({ id: waterSections.id, code: waterSections.code, name: waterSections.name })
    .from(waterSections)
    .where(and(eq(waterSections.pairId, pairId), or(...named), exceptId ? ne(waterSections.id, exceptId) : undefined));
}

export async function findSection(db: Executor, id: string, scope?: SQL): Promise<SectionRow | undefined> {
  const [row] = await db
    .select()
    .from(waterSections)
    .where(and(eq(waterSections.id, id), scope))
    .limit(1);
  return row;
}

/** The units of each section, with their names. */
export async function unitsOfSections(db: Executor, sectionIds: readonly string[]) {
  if (sectionIds.length === 0) return [];
  return db
    .select({ sectionId: waterSectionUnits.sectionId, id: units.id, name: units.name })
    .from(waterSectionUnits)
    .innerJoin(units, eq(units.id, waterSectionUnits.unitId))
    .where(inArray(waterSectionUnits.sectionId, [...sectionIds]))
    .orderBy(asc(units.sortOrder), asc(units.name));
}

/** Sample count and latest sampling time per section. */
export async function sampleStats(db: Executor, sectionIds: readonly string[]) {
  if (sectionIds.length === 0) return [];
  return db
    .select({ sectionId: waterSamples.sectionId, count: sql<number>`count(*)::int`, last: sql<string | null>`max(${waterSamples.sampledAt})` })
    .from(waterSamples)
    .where(inArray(waterSamples.sectionId, [...sectionIds]))
    .groupBy(waterSamples.sectionId);
}

export async function insertSection(db: Executor, row: typeof waterSections.$inferInsert, unitIds: readonly string[]): Promise<SectionRow> {
  const [inserted] = await db.insert(waterSections).values(row).returning();
  await db.insert(waterSectionUnits).values(unitIds.map((unitId) => ({ sectionId: inserted!.id, unitId })));
  return inserted!;
}

export async function updateSection(
  db: Executor,
  id: string,
  patch: Partial<typeof waterSections.$inferInsert>,
  unitIds?: readonly string[],
): Promise<SectionRow> {
  const [row] = await db.update(waterSections).set(patch).where(eq(waterSections.id, id)).returning();
  if (unitIds) {
    await db.delete(waterSectionUnits).where(eq(waterSectionUnits.sectionId, id));
    await db.insert(waterSectionUnits).values(unitIds.map((unitId) => ({ sectionId: id, unitId })));
  }
  return row!;
}

/**
 * Locks sections until the transaction ends, in id order, and returns those still there:
 * `delete` (FOR UPDATE) to remove one; `write` (FOR NO KEY UPDATE) to edit one or add its samples,
 * one import at a time per section; `reference` (FOR KEY SHARE) to name one from an agreement,
 * which only a removal waits for.
 */
export async function lockSections(tx: Executor, ids: readonly string[], mode: 'delete' | 'write' | 'reference'): Promise<SectionRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(waterSections)
    .where(inArray(waterSections.id, [...ids]))
    .orderBy(asc(waterSections.id))
    .for(mode === 'delete' ? 'update' : mode === 'write' ? 'no key update' : 'key share');
}

/** Locks an agreement until the transaction ends and returns it as it is now (undefined once removed). */
export async function lockAgreement(tx: Executor, id: string): Promise<AgreementRow | undefined> {
  const [row] = await tx.select().from(waterAgreements).where(eq(waterAgreements.id, id)).for('update');
  return row;
}

export async function deleteSection(db: Executor, id: string): Promise<void> {
  await db.delete(waterSections).where(eq(waterSections.id, id));
}

export async function countSamples(db: Executor, sectionId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(waterSamples).where(eq(waterSamples.sectionId, sectionId));
  return row?.n ?? 0;
}

/** Units of a pair among `ids`, with their city and type (anything else is not the pair's). */
export async function unitsOfPair(db: Executor, pairId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, name: units.name, cityId: units.cityId, type: units.type, disabled: units.disabled })
    .from(units)
    .where(and(eq(units.pairId, pairId), inArray(units.id, [...ids])));
}

export async function citiesOfPair(db: Executor, pairId: string) {
  return db.select({ id: cities.id, name: cities.name }).from(cities).where(eq(cities.pairId, pairId)).orderBy(asc(cities.position));
}

export async function unitNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.id, [...ids]));
}

// Agreements --------------------------------------------------------------------------------

export async function listAgreements(db: Executor, pairId: string, year?: number): Promise<AgreementRow[]> {
  return db
    .select()
    .from(waterAgreements)
    .where(
      and(
        eq(waterAgreements.pairId, pairId),
        year === undefined ? undefined : lte(waterAgreements.fromYear, year),
        year === undefined ? undefined : gte(waterAgreements.toYear, year),
      ),
    )
    .orderBy(desc(waterAgreements.fromYear), asc(waterAgreements.name));
}

export async function findAgreement(db: Executor, id: string, pairIds: readonly string[] | null): Promise<AgreementRow | undefined> {
  if (pairIds !== null && pairIds.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(waterAgreements)
    .where(and(eq(waterAgreements.id, id), pairIds === null ? undefined : inArray(waterAgreements.pairId, [...pairIds])))
    .limit(1);
  return row;
}

export async function insertAgreement(db: Executor, row: typeof waterAgreements.$inferInsert): Promise<AgreementRow> {
  const [inserted] = await db.insert(waterAgreements).values(row).returning();
  return inserted!;
}

export async function updateAgreement(db: Executor, id: string, patch: Partial<typeof waterAgreements.$inferInsert>): Promise<AgreementRow> {
  const [row] = await db.update(waterAgreements).set(patch).where(eq(waterAgreements.id, id)).returning();
  return row!;
}

export async function deleteAgreement(db: Executor, id: string): Promise<void> {
  await db.delete(waterAgreements).where(eq(waterAgreements.id, id));
}

/** Agreements that name a section (a section they assess cannot be deleted). */
export async function agreementsNaming(db: Executor, sectionId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(waterAgreements).where(sql`${sectionId}::uuid = any(${waterAgreements.sectionIds})`);
  return row?.n ?? 0;
}

// Samples -----------------------------------------------------------------------------------

export async function samplesOf(db: Executor, sectionIds: readonly string[], from?: string, to?: string): Promise<SampleRow[]> {
  if (sectionIds.length === 0) return [];
  return db
    .select()
    .from(waterSamples)
    .where(
      and(
        inArray(waterSamples.sectionId, [...sectionIds]),
        from ? gte(waterSamples.sampledOn, from) : undefined,
        to ? lte(waterSamples.sampledOn, to) : undefined,
      ),
    )
    .orderBy(asc(waterSamples.sectionId), asc(waterSamples.sampledAt));
}

/** The (section, time) pairs among those given that already have a sample. */
export async function existingSampleKeys(db: Executor, sectionIds: readonly string[]): Promise<Set<string>> {
  if (sectionIds.length === 0) return new Set();
  const rows = await db
    .select({ sectionId: waterSamples.sectionId, sampledAt: waterSamples.sampledAt })
    .from(waterSamples)
    .where(inArray(waterSamples.sectionId, [...sectionIds]));
  return new Set(rows.map((r) => `${r.sectionId}\u0000${r.sampledAt}`));
}

export async function insertSamples(db: Executor, rows: (typeof waterSamples.$inferInsert)[]): Promise<SampleRow[]> {
  const inserted: SampleRow[] = [];
  // Slices keep every statement under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 1000)
    inserted.push(
      ...(await db
        .insert(waterSamples)
        .values(rows.slice(i, i + 1000))
        .returning()),
    );
  return inserted;
}

// Warnings ----------------------------------------------------------------------------------

/** Inserts the warnings not raised before (by key); returns only the new ones. */
export async function insertNewWarnings(db: Executor, rows: (typeof waterWarnings.$inferInsert)[]): Promise<WarningRow[]> {
  if (rows.length === 0) return [];
  const inserted: WarningRow[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    inserted.push(
      ...(await db
        .insert(waterWarnings)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing({ target: waterWarnings.key })
        .returning()),
    );
  }
  return inserted;
}

/** Brings stored trend warnings up to their run as it is now (months and text); never a new notice. */
export async function updateTrendWarnings(db: Executor, rows: readonly { key: string; months: string[]; message: string }[]): Promise<void> {
  for (const row of rows) {
    await db
      .update(waterWarnings)
      .set({ months: row.months, message: row.message })
      .where(and(eq(waterWarnings.key, row.key), sql`${waterWarnings.message} is distinct from ${row.message}`));
  }
}

export async function listWarnings(db: Executor, where: { scope: SQL; pairId: string; sectionId?: string; year?: number }) {
  return db
    .select({ warning: waterWarnings, sectionName: waterSections.name })
    .from(waterWarnings)
    .innerJoin(waterSections, eq(waterSections.id, waterWarnings.sectionId))
    .where(
      and(
        where.scope,
        eq(waterWarnings.pairId, where.pairId),
        where.sectionId ? eq(waterWarnings.sectionId, where.sectionId) : undefined,
        where.year === undefined ? undefined : eq(waterWarnings.year, where.year),
      ),
    )
    .orderBy(desc(waterWarnings.raisedAt), asc(waterSections.code), asc(waterWarnings.key))
    .limit(2000);
}

/** The active users of a section's units: who a warning notice goes to. */
export async function recipientsOf(db: Executor, sectionId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(waterSectionUnits, eq(waterSectionUnits.unitId, users.unitId))
    .where(and(eq(waterSectionUnits.sectionId, sectionId), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/** Sends notices (ON CONFLICT DO NOTHING on the dedupe key, like the reminder job); returns how many were new. */
export async function notify(db: Executor, rows: (typeof notifications.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id, userId: notifications.userId });
  // The recipients' open screens (the bell) hear of it once this commits.
  await publishChange(db, ...new Set(inserted.map((r) => changed.user(r.userId))));
  return inserted.length;
}

export async function pairName(db: Executor, pairId: string): Promise<string> {
  const [row] = await db.select({ name: pairs.name }).from(pairs).where(eq(pairs.id, pairId));
  return row?.name ?? '';
}
