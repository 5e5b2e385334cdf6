import type { ScopeGrant } from '@duikou/domain';
import { and, asc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { orderedIds } from '../../db/pagination.js';
import { cities, registryEvents, registryOptions, registryRecords, registryRecordUnits, units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type RecordRow = typeof registryRecords.$inferSelect;
export type EventRow = typeof registryEvents.$inferSelect;

/**
 * Which records the grants reach. A record belongs to the units that see it (its responsible
 * unit and the units its declaration shares it with), like a task to its units; "all" reaches
 * every record of the pair; "self" the records the user entered.
 */
export function recordScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const pairWide = grants.filter((g) => g.scope === 'all');
  const viaUnits = grants.filter((g) => g.scope !== 'all' && g.scope !== 'self');
  const own = grants.filter((g) => g.scope === 'self');
  const alternatives: SQL[] = [];
  if (pairWide.length > 0) alternatives.push(scopeFilter(pairWide, userId, { pairId: registryRecords.pairId }));
  if (viaUnits.length > 0) {
    alternatives.push(
      sql`exists (select 1 from ${registryRecordUnits} join ${units} on ${units.id} = ${registryRecordUnits.unitId} where ${registryRecordUnits.recordId} = ${registryRecords.id} and ${scopeFilter(viaUnits, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path })})`,
    );
  }
  if (own.length > 0) alternatives.push(scopeFilter(own, userId, { pairId: registryRecords.pairId, ownerId: registryRecords.createdBy }));
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

export interface RecordFilter {
  scope: SQL;
  type: string;
  pairId?: string;
  q?: string;
  unitId?: string;
  cityId?: string;
  from?: string;
  to?: string;
  stage?: string;
  locationCode?: string;
  articleNo?: string;
  /** Equality on declared fields, as JSON containment (`data @> {...}`), served by the GIN index. */
  data?: Record<string, unknown>;
}

function whereOf(filter: RecordFilter): SQL | undefined {
  const like = containing(filter.q);
  return and(
    filter.scope,
    eq(registryRecords.type, filter.type),
    filter.pairId ? eq(registryRecords.pairId, filter.pairId) : undefined,
    like ? ilike(registryRecords.title, like) : undefined,
    filter.unitId
      ? sql`exists (select 1 from ${registryRecordUnits} where ${registryRecordUnits.recordId} = ${registryRecords.id} and ${registryRecordUnits.unitId} = ${filter.unitId})`
      : undefined,
    filter.cityId ? eq(registryRecords.cityId, filter.cityId) : undefined,
    filter.from ? gte(registryRecords.occurredOn, filter.from) : undefined,
    filter.to ? lte(registryRecords.occurredOn, filter.to) : undefined,
    filter.stage ? eq(registryRecords.stage, filter.stage) : undefined,
    filter.locationCode ? eq(registryRecords.locationCode, filter.locationCode) : undefined,
    filter.articleNo ? sql`${filter.articleNo} = any(${registryRecords.articleNos})` : undefined,
    filter.data && Object.keys(filter.data).length > 0 ? sql`${registryRecords.data} @> ${JSON.stringify(filter.data)}::jsonb` : undefined,
  );
}

// Newest first by the record's date: the order of registry_records_list_idx, so pages walk it.
const LIST_ORDER = [sql`${registryRecords.occurredOn} desc nulls last`, asc(registryRecords.id)];

/** One page of a registry. The total is counted apart (and kept by the read cache): over a million rows, counting is the cost. */
export async function listRecordPage(db: Executor, filter: RecordFilter, limit: number, offset: number): Promise<RecordRow[]> {
  return db
    .select()
    .from(registryRecords)
    .where(whereOf(filter))
    .orderBy(...LIST_ORDER)
    .limit(limit)
    .offset(offset);
}

/** The ids of every matching record in list order, at most `limit`: what a cached list order holds. */
export async function listRecordIds(db: Executor, filter: RecordFilter, limit: number): Promise<string[]> {
  const ordered = db
    .select({ id: registryRecords.id })
    .from(registryRecords)
    .where(whereOf(filter))
    .orderBy(...LIST_ORDER)
    .limit(limit);
  return orderedIds(db, ordered);
}

/** These records (within the scope), in the order of `ids`. */
export async function recordsInOrder(db: Executor, ids: readonly string[], scope: SQL): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(registryRecords)
    .where(and(inArray(registryRecords.id, [...ids]), scope));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function countRecords(db: Executor, filter: RecordFilter): Promise<number> {
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(registryRecords).where(whereOf(filter));
  return count?.n ?? 0;
}

/** The records of a pair in a scope, per kind. */
export async function countRecordsByType(db: Executor, scope: SQL, pairId: string): Promise<{ type: string; count: number }[]> {
  return db
    .select({ type: registryRecords.type, count: sql<number>`count(*)::int` })
    .from(registryRecords)
    .where(and(scope, eq(registryRecords.pairId, pairId)))
    .groupBy(registryRecords.type);
}

/** Matching records per location code (null: no place), most first. */
export async function countRecordsByLocation(db: Executor, filter: RecordFilter): Promise<{ locationCode: string | null; count: number }[]> {
  return db
    .select({ locationCode: registryRecords.locationCode, count: sql<number>`count(*)::int` })
    .from(registryRecords)
    .where(whereOf(filter))
    .groupBy(registryRecords.locationCode)
    .orderBy(sql`count(*) desc`, asc(registryRecords.locationCode));
}

/** Every matching record, for the export (at most `limit`). */
export async function allRecords(db: Executor, filter: RecordFilter, limit: number): Promise<RecordRow[]> {
  return db
    .select()
    .from(registryRecords)
    .where(whereOf(filter))
    .orderBy(...LIST_ORDER)
    .limit(limit);
}

export async function findRecord(db: Executor, id: string, scope?: SQL): Promise<RecordRow | undefined> {
  const [row] = await db
    .select()
    .from(registryRecords)
    .where(and(eq(registryRecords.id, id), scope))
    .limit(1);
  return row;
}

/**
 * Locks a record until the transaction ends and returns it as it is now (undefined once it is
 * gone): `update` for an edit (FOR NO KEY UPDATE, which records naming it do not wait for),
 * `delete` for a removal (FOR UPDATE, which waits for them and which they wait for).
 */
export async function lockRecord(tx: Executor, id: string, mode: 'update' | 'delete'): Promise<RecordRow | undefined> {
  const [row] = await tx
    .select()
    .from(registryRecords)
    .where(eq(registryRecords.id, id))
    .for(mode === 'delete' ? 'update' : 'no key update');
  return row;
}

/**
 * Holds the records a record names (FOR KEY SHARE, in id order) until the transaction ends, so
 * none of them can be removed before the reference commits; returns the ids still there.
 */
export async function holdReferencedRecords(tx: Executor, pairId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: registryRecords.id })
    .from(registryRecords)
    .where(and(eq(registryRecords.pairId, pairId), inArray(registryRecords.id, [...ids])))
    .orderBy(asc(registryRecords.id))
    .for('key share');
  return new Set(rows.map((r) => r.id));
}

/** The records `scope` reaches, and those among `kept` (references a record already had). */
export function readOrKept(scope: SQL, kept: readonly string[]): SQL {
  return kept.length === 0 ? scope : or(scope, inArray(registryRecords.id, [...kept]))!;
}

/**
 * Records of the pair by id with their type and title, for checking and naming references; with
 * `scope`, only those it reaches (the records a caller may refer to).
 */
export async function recordsByIds(db: Executor, pairId: string, ids: readonly string[], scope?: SQL) {
  if (ids.length === 0) return [];
  return db
    .select({ id: registryRecords.id, type: registryRecords.type, title: registryRecords.title })
    .from(registryRecords)
    .where(and(eq(registryRecords.pairId, pairId), inArray(registryRecords.id, [...ids]), scope));
}

/** The records of a type that name another record in a field (the projects in a park). */
export async function recordsReferring(db: Executor, pairId: string, type: string, field: string, id: string, scope: SQL) {
  return db
    .select()
    .from(registryRecords)
    .where(
      and(scope, eq(registryRecords.pairId, pairId), eq(registryRecords.type, type), sql`${registryRecords.data} @> ${JSON.stringify({ [field]: id })}::jsonb`),
    )
    .orderBy(asc(registryRecords.title))
    .limit(500);
}

export async function insertRecords(db: Executor, rows: (typeof registryRecords.$inferInsert & { id: string; unitIds: string[] })[]): Promise<RecordRow[]> {
  const inserted: RecordRow[] = [];
  // Slices keep every statement under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    inserted.push(
      ...(await db
        .insert(registryRecords)
        .values(slice.map(({ unitIds: _, ...row }) => row))
        .returning()),
    );
    const links = slice.flatMap((r) => r.unitIds.map((unitId) => ({ recordId: r.id, unitId })));
    if (links.length > 0) await db.insert(registryRecordUnits).values(links);
  }
  return inserted;
}

export async function updateRecord(db: Executor, id: string, patch: Partial<typeof registryRecords.$inferInsert>, unitIds: string[]): Promise<RecordRow> {
  const [row] = await db.update(registryRecords).set(patch).where(eq(registryRecords.id, id)).returning();
  await db.delete(registryRecordUnits).where(eq(registryRecordUnits.recordId, id));
  if (unitIds.length > 0) await db.insert(registryRecordUnits).values(unitIds.map((unitId) => ({ recordId: id, unitId })));
  return row!;
}

export async function deleteRecord(db: Executor, id: string): Promise<void> {
  await db.delete(registryRecords).where(eq(registryRecords.id, id));
}

export async function insertEvent(db: Executor, row: typeof registryEvents.$inferInsert): Promise<void> {
  await db.insert(registryEvents).values(row);
}

export async function eventsOf(db: Executor, recordId: string): Promise<EventRow[]> {
  return db.select().from(registryEvents).where(eq(registryEvents.recordId, recordId)).orderBy(asc(registryEvents.at));
}

/** The units of a pair among `ids` (anything else is not the pair's). */
export async function unitsOfPair(db: Executor, pairId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, name: units.name, shortName: units.shortName, cityId: units.cityId, path: units.path, disabled: units.disabled })
    .from(units)
    .where(and(eq(units.pairId, pairId), inArray(units.id, [...ids])));
}

/** Every unit of a pair with its names and codes, for reading unit names from an import file and naming places. */
export async function allUnitsOfPair(db: Executor, pairId: string) {
  return db
    .select({
      id: units.id,
      name: units.name,
      shortName: units.shortName,
      cityId: units.cityId,
      path: units.path,
      disabled: units.disabled,
      adminCode: units.adminCode,
    })
    .from(units)
    .where(eq(units.pairId, pairId));
}

export async function citiesOfPair(db: Executor, pairId: string) {
  return db.select({ id: cities.id, code: cities.code, name: cities.name }).from(cities).where(eq(cities.pairId, pairId)).orderBy(asc(cities.position));
}

export async function optionListsOf(db: Executor, pairId: string) {
  return db.select().from(registryOptions).where(eq(registryOptions.pairId, pairId));
}

export async function saveOptionList(db: Executor, row: typeof registryOptions.$inferInsert): Promise<void> {
  await db
    .insert(registryOptions)
    .values(row)
    .onConflictDoUpdate({
      target: [registryOptions.pairId, registryOptions.list],
      set: { items: row.items, updatedAt: row.updatedAt, updatedBy: row.updatedBy },
    });
}

/** Records of one kind in a scope, by id or by a part of their title: what another module links to (a meeting's agenda to a project). */
export async function recordTargets(db: Executor, type: string, where: { scope: SQL; ids?: readonly string[]; pairId?: string; q?: string; limit?: number }) {
  const like = containing(where.q);
  return db
    .select({ id: registryRecords.id, pairId: registryRecords.pairId, title: registryRecords.title, stage: registryRecords.stage, unitName: units.name })
    .from(registryRecords)
    .innerJoin(units, eq(units.id, registryRecords.unitId))
    .where(
      and(
        where.scope,
        eq(registryRecords.type, type),
        where.ids ? inArray(registryRecords.id, [...where.ids]) : undefined,
        where.pairId ? eq(registryRecords.pairId, where.pairId) : undefined,
        like ? ilike(registryRecords.title, like) : undefined,
      ),
    )
    .orderBy(asc(registryRecords.title))
    .limit(where.limit ?? 1000);
}
