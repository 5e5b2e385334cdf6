import type { ScopeGrant } from '@duikou/domain';
import { aliasedTable, and, asc, desc, eq, gte, ilike, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containing } from '../../db/like.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import {
  cities,
  meetingAgendaItems,
  meetingAttendees,
  meetingChairs,
  meetingDecisions,
  meetings,
  supervisionItems,
  tasks,
  taskUnits,
  units,
  users,
} from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';

export type MeetingRow = typeof meetings.$inferSelect;

/**
 * Which meetings the grants reach. A meeting belongs to its pair (an office or leader of the
 * whole pair sees them all), to its host city, and to every unit that attends it or owns one of
 * its decisions: a county reporter sees the meetings its county (or a unit below) takes part in.
 * "self" reaches the meetings the user wrote down.
 */
export function meetingScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const alternatives: SQL[] = [];
  const pairWide = grants.filter((g) => g.scope === 'all');
  if (pairWide.length > 0) alternatives.push(scopeFilter(pairWide, userId, { pairId: meetings.pairId }));
  const cityGrants = grants.filter((g) => g.scope === 'city');
  if (cityGrants.length > 0) alternatives.push(scopeFilter(cityGrants, userId, { pairId: meetings.pairId, cityId: meetings.hostCityId }));
  const viaUnits = grants.filter((g) => g.scope === 'city' || g.scope === 'unit_tree' || g.scope === 'unit');
  if (viaUnits.length > 0) {
    const reach = scopeFilter(viaUnits, userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path });
    alternatives.push(
      sql`exists (select 1 from ${meetingAttendees} join ${units} on ${units.id} = ${meetingAttendees.unitId} where ${meetingAttendees.meetingId} = ${meetings.id} and ${reach})`,
      sql`exists (select 1 from ${meetingDecisions} join ${units} on ${units.id} = ${meetingDecisions.ownerUnitId} where ${meetingDecisions.meetingId} = ${meetings.id} and ${reach})`,
    );
  }
  const own = grants.filter((g) => g.scope === 'self');
  if (own.length > 0) alternatives.push(scopeFilter(own, userId, { pairId: meetings.pairId, ownerId: meetings.createdBy }));
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

export interface MeetingFilter {
  scope: SQL;
  pairId?: string;
  status?: string;
  q?: string;
  /** Instants bounding the meeting's start: [from, before). */
  from?: Date;
  before?: Date;
}

const countOf = (table: typeof meetingAgendaItems | typeof meetingDecisions) =>
  sql<number>`(select count(*)::int from ${table} where ${table.meetingId} = ${meetings.id})`;

/** Decisions raised as supervision items that are not closed yet. */
const openDecisionCount = sql<number>`(select count(*)::int from ${supervisionItems} where ${supervisionItems.meetingId} = ${meetings.id} and ${supervisionItems.status} <> 'closed')`;

/** One page, latest meeting first; the total comes in the same statement. */
export async function listMeetings(db: Executor, filter: MeetingFilter, limit: number, offset: number) {
  const where = and(
    filter.scope,
    filter.pairId ? eq(meetings.pairId, filter.pairId) : undefined,
    filter.status ? eq(meetings.status, filter.status) : undefined,
    filter.q ? or(ilike(meetings.title, containing(filter.q)!), ilike(meetings.place, containing(filter.q)!)) : undefined,
    filter.from ? gte(meetings.startsAt, filter.from) : undefined,
    filter.before ? lt(meetings.startsAt, filter.before) : undefined,
  );
  const rows = await db
    .select({
      meeting: meetings,
      hostCityName: cities.name,
      agendaCount: countOf(meetingAgendaItems),
      decisionCount: countOf(meetingDecisions),
      openDecisionCount,
      total: totalOver,
    })
    .from(meetings)
    .innerJoin(cities, eq(cities.id, meetings.hostCityId))
    .where(where)
    .orderBy(desc(meetings.startsAt), asc(meetings.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(meetings).where(where))[0]?.n ?? 0);
  return { rows, total };
}

export type MeetingListRow = Awaited<ReturnType<typeof listMeetings>>['rows'][number];

const creator = aliasedTable(users, 'creator');
const editor = aliasedTable(users, 'editor');

/** One meeting with its host city's and writers' names, if `scope` reaches it; internal callers pass no scope. */
export async function findMeeting(db: Executor, id: string, scope?: SQL) {
  const [row] = await db
    .select({ meeting: meetings, hostCityName: cities.name, createdByName: creator.displayName, updatedByName: editor.displayName })
    .from(meetings)
    .innerJoin(cities, eq(cities.id, meetings.hostCityId))
    .leftJoin(creator, eq(creator.id, meetings.createdBy))
    .leftJoin(editor, eq(editor.id, meetings.updatedBy))
    .where(and(eq(meetings.id, id), scope))
    .limit(1);
  return row;
}

export type MeetingWithNames = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

/** Locks the meeting's row until the transaction ends and returns its status, so two writers cannot both pass a state check. */
export async function lockMeetingStatus(tx: Executor, id: string): Promise<string | undefined> {
  const [row] = await tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, id)).for('update');
  return row?.status;
}

export async function chairsOf(db: Executor, meetingId: string) {
  return db
    .select({ name: meetingChairs.name, title: meetingChairs.title, cityId: meetingChairs.cityId, cityName: cities.name })
    .from(meetingChairs)
    .innerJoin(cities, eq(cities.id, meetingChairs.cityId))
    .where(eq(meetingChairs.meetingId, meetingId))
    .orderBy(asc(meetingChairs.position));
}

export async function attendeesOf(db: Executor, meetingId: string) {
  return db
    .select({
      unitId: meetingAttendees.unitId,
      unitName: units.name,
      cityId: units.cityId,
      cityName: cities.name,
      cityPosition: cities.position,
      name: meetingAttendees.personName,
      title: meetingAttendees.personTitle,
    })
    .from(meetingAttendees)
    .innerJoin(units, eq(units.id, meetingAttendees.unitId))
    .innerJoin(cities, eq(cities.id, units.cityId))
    .where(eq(meetingAttendees.meetingId, meetingId))
    .orderBy(asc(meetingAttendees.position));
}

export async function agendaOf(db: Executor, meetingId: string) {
  return db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(asc(meetingAgendaItems.position));
}

/**
 * The decisions in order, with the owner unit and the supervision item each became (if any);
 * `itemVisible` says whether `supervisionReach` (the caller's supervision scope) reaches that item.
 */
export async function decisionsOf(db: Executor, meetingId: string, supervisionReach: SQL) {
  return db
    .select({
      decision: meetingDecisions,
      ownerUnitName: units.name,
      ownerCityId: units.cityId,
      itemId: supervisionItems.id,
      itemStatus: supervisionItems.status,
      itemDeadline: supervisionItems.deadline,
      itemVisible: sql<boolean>`coalesce(${supervisionReach}, false)`,
    })
    .from(meetingDecisions)
    .innerJoin(units, eq(units.id, meetingDecisions.ownerUnitId))
    .leftJoin(supervisionItems, eq(supervisionItems.meetingDecisionId, meetingDecisions.id))
    .where(eq(meetingDecisions.meetingId, meetingId))
    .orderBy(asc(meetingDecisions.position));
}

export type DecisionRow = Awaited<ReturnType<typeof decisionsOf>>[number];

export async function insertMeeting(db: Executor, row: typeof meetings.$inferInsert): Promise<MeetingRow> {
  const [inserted] = await db.insert(meetings).values(row).returning();
  return inserted!;
}

export async function updateMeeting(db: Executor, id: string, patch: Partial<typeof meetings.$inferInsert>): Promise<void> {
  await db.update(meetings).set(patch).where(eq(meetings.id, id));
}

export interface MeetingParts {
  chairs: { name: string; title: string; cityId: string }[];
  attendees: { unitId: string; personName: string | null; personTitle: string | null }[];
  agenda: { title: string; linkKind: string | null; linkId: string | null }[];
}

/** Writes the chairs, attendees and agenda of a meeting in place of the ones it had. */
export async function replaceParts(tx: Executor, meetingId: string, parts: MeetingParts): Promise<void> {
  await tx.delete(meetingChairs).where(eq(meetingChairs.meetingId, meetingId));
  await tx.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
  await tx.delete(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId));
  if (parts.chairs.length > 0) await tx.insert(meetingChairs).values(parts.chairs.map((c, position) => ({ ...c, meetingId, position })));
  if (parts.attendees.length > 0) await tx.insert(meetingAttendees).values(parts.attendees.map((a, position) => ({ ...a, meetingId, position })));
  if (parts.agenda.length > 0) await tx.insert(meetingAgendaItems).values(parts.agenda.map((a, position) => ({ ...a, meetingId, position })));
}

/** The decisions of a meeting that have not become supervision items are removed (the others are kept by the database). */
export async function deleteUnraisedDecisions(tx: Executor, meetingId: string): Promise<void> {
  await tx
    .delete(meetingDecisions)
    .where(
      and(
        eq(meetingDecisions.meetingId, meetingId),
        sql`not exists (select 1 from ${supervisionItems} where ${supervisionItems.meetingDecisionId} = ${meetingDecisions.id})`,
      ),
    );
}

export async function insertDecision(tx: Executor, row: typeof meetingDecisions.$inferInsert) {
  const [inserted] = await tx.insert(meetingDecisions).values(row).returning();
  return inserted!;
}

export async function moveDecision(tx: Executor, id: string, position: number): Promise<void> {
  await tx.update(meetingDecisions).set({ position }).where(eq(meetingDecisions.id, id));
}

/** Units by id with what the checks need (pair, city, state, name). */
export async function unitsByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, name: units.name, disabled: units.disabled })
    .from(units)
    .where(inArray(units.id, [...ids]));
}

export async function citiesOfPair(db: Executor, pairId: string) {
  return db.select({ id: cities.id, name: cities.name }).from(cities).where(eq(cities.pairId, pairId));
}

export async function pairExists(db: Executor, pairId: string): Promise<boolean> {
  const [row] = await db.select({ id: cities.id }).from(cities).where(eq(cities.pairId, pairId)).limit(1);
  return Boolean(row);
}

/** The pair's latest meeting marked held (by its date) that `scope` reaches. */
export async function latestHeldMeeting(db: Executor, pairId: string, scope: SQL) {
  const [row] = await db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(eq(meetings.pairId, pairId), eq(meetings.status, 'held'), scope))
    .orderBy(desc(meetings.startsAt), desc(meetings.heldMarkedAt))
    .limit(1);
  return row;
}

/** The supervision items of a meeting's decisions that are not closed and that `supervisionReach` reaches, in the decisions' order. */
export async function openDecisionItems(db: Executor, meetingId: string, supervisionReach: SQL) {
  return db
    .select({ id: supervisionItems.id, text: meetingDecisions.text })
    .from(supervisionItems)
    .innerJoin(meetingDecisions, eq(meetingDecisions.id, supervisionItems.meetingDecisionId))
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .where(and(eq(supervisionItems.meetingId, meetingId), ne(supervisionItems.status, 'closed'), supervisionReach))
    .orderBy(asc(meetingDecisions.position));
}

// ---------------------------------------------------------------------------------------------
// Link targets (meetings.links.ts): the records an agenda item can point to, read in the
// caller's scope of their own module.

interface TargetQuery {
  scope: SQL;
  ids?: readonly string[];
  pairId?: string;
  q?: string | undefined;
  limit?: number;
}

export async function taskTargets(db: Executor, query: TargetQuery) {
  const rows = await db
    .select({ id: tasks.id, pairId: tasks.pairId, title: tasks.title, status: tasks.status })
    .from(tasks)
    .where(
      and(
        query.scope,
        query.ids ? inArray(tasks.id, [...query.ids]) : undefined,
        query.pairId ? eq(tasks.pairId, query.pairId) : undefined,
        query.q ? ilike(tasks.title, containing(query.q)!) : undefined,
      ),
    )
    .orderBy(asc(tasks.articleNo), asc(tasks.title), asc(tasks.id))
    .limit(query.limit ?? 1000);
  if (rows.length === 0) return [];
  const leads = await db
    .select({ taskId: taskUnits.taskId, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(
      and(
        inArray(
          taskUnits.taskId,
          rows.map((r) => r.id),
        ),
        eq(taskUnits.role, 'lead'),
      ),
    )
    .orderBy(asc(units.sortOrder), asc(units.name));
  return rows.map((row) => ({ ...row, leadUnitNames: leads.filter((l) => l.taskId === row.id).map((l) => l.name) }));
}

export type TaskTargetRow = Awaited<ReturnType<typeof taskTargets>>[number];

export async function supervisionTargets(db: Executor, query: TargetQuery) {
  return db
    .select({
      id: supervisionItems.id,
      pairId: supervisionItems.pairId,
      requirement: supervisionItems.requirement,
      status: supervisionItems.status,
      unitName: units.name,
    })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .where(
      and(
        query.scope,
        query.ids ? inArray(supervisionItems.id, [...query.ids]) : undefined,
        query.pairId ? eq(supervisionItems.pairId, query.pairId) : undefined,
        query.q ? ilike(supervisionItems.requirement, containing(query.q)!) : undefined,
      ),
    )
    .orderBy(asc(supervisionItems.deadline), asc(supervisionItems.id))
    .limit(query.limit ?? 1000);
}

export type SupervisionTargetRow = Awaited<ReturnType<typeof supervisionTargets>>[number];
