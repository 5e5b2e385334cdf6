import { DEFAULT_ESCALATE_DAYS, DEFAULT_SIGN_DAYS, DEFAULT_WARN_DAYS, type ScopeGrant } from '@duikou/domain';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import {
  attachments,
  inspectionPlans,
  inspections,
  leaderInstructions,
  meetingDecisions,
  meetings,
  notifications,
  pairs,
  progressReports,
  reportPeriods,
  roleAssignments,
  supervisionEvents,
  supervisionExtensions,
  supervisionItems,
  supervisionItemUnits,
  supervisionReplies,
  supervisionSettings,
  tasks,
  taskUnits,
  units,
  users,
} from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import type { SupervisionFigure } from './supervision.schema.js';

export type SupervisionRow = typeof supervisionItems.$inferSelect;
export type SupervisionReplyRow = Awaited<ReturnType<typeof repliesOf>>[number];
export type SupervisionExtensionRow = Awaited<ReturnType<typeof extensionsOf>>[number];
export type SupervisionEventRow = Awaited<ReturnType<typeof eventsOf>>[number];

/** An item with the names it is shown with and its pair's warning window. */
export interface SupervisionWithNames {
  item: SupervisionRow;
  unitName: string;
  unitCityId: string;
  unitPath: string;
  taskTitle: string | null;
  ownerName: string | null;
  closedByName: string | null;
  signedByName: string | null;
  warnDays: number;
  sourceTitle: string | null;
  inspectionPlanId: string | null;
}

const closer = alias(users, 'closer');
const signer = alias(users, 'signer');
const coUnit = alias(units, 'co_unit');

/** The pair's warning window (supervision_settings, default 3 days). */
const warnDaysSql = sql<number>`coalesce((select ${supervisionSettings.warnDays} from ${supervisionSettings} where ${supervisionSettings.pairId} = ${supervisionItems.pairId}), ${DEFAULT_WARN_DAYS})`;

/**
 * What the item came from, in words: the decision's text, the instruction's leader and date, the
 * report's task, the inspected entity, else the task's title.
 */
const sourceTitleSql = sql<string | null>`case ${supervisionItems.source}
  when 'meeting' then (select ${meetings.title} || '：' || ${meetingDecisions.text} from ${meetingDecisions} join ${meetings} on ${meetings.id} = ${meetingDecisions.meetingId} where ${meetingDecisions.id} = ${supervisionItems.meetingDecisionId})
  when 'instruction' then (select ${leaderInstructions.leaderName} || '批示（' || to_char(${leaderInstructions.instructedOn}, 'YYYY"年"FMMM"月"FMDD"日"') || '）' from ${leaderInstructions} where ${leaderInstructions.id} = ${supervisionItems.instructionId})
  when 'report' then (select ${reportPeriods.label} || '进展报告（已退回）' from ${progressReports} join ${reportPeriods} on ${reportPeriods.id} = ${progressReports.periodId} where ${progressReports.id} = ${supervisionItems.reportId})
  when 'inspection' then (select ${inspectionPlans.title} || '：' || ${inspections.entityName} from ${inspections} join ${inspectionPlans} on ${inspectionPlans.id} = ${inspections.planId} where ${inspections.id} = ${supervisionItems.inspectionId})
  else ${tasks.title} end`;

/**
 * Which items the grants reach. An item is located by its owner unit (pair, city, id, path), so a
 * county reporter sees the items raised on its county and the units below it; "self" reaches the
 * items assigned to the user; a co-unit (协办单位) in reach makes the item visible too.
 */
export function supervisionScope(grants: readonly ScopeGrant[], userId: string): SQL {
  const owner = ownerUnitScope(grants, userId);
  const asCoUnit = scopeFilter(grants, userId, { pairId: coUnit.pairId, cityId: coUnit.cityId, unitId: coUnit.id, unitPath: coUnit.path });
  return sql`(${owner} or exists (select 1 from ${supervisionItemUnits} join units co_unit on ${coUnit.id} = ${supervisionItemUnits.unitId} where ${supervisionItemUnits.itemId} = ${supervisionItems.id} and ${asCoUnit}))`;
}

/** The items whose owner unit (or owner user) the grants reach: a unit's own queues. */
export function ownerUnitScope(grants: readonly ScopeGrant[], userId: string): SQL {
  return scopeFilter(grants, userId, {
    pairId: units.pairId,
    cityId: units.cityId,
    unitId: supervisionItems.unitId,
    unitPath: units.path,
    ownerId: supervisionItems.ownerUserId,
  });
}

/** The light of domain `supervisionLight`, in SQL, for filtering and ordering. */
export function lightSql(today: string): SQL<string> {
  const past = sql`(${supervisionItems.deadline} < ${today}::date or ${supervisionItems.overdueSince} is not null)`;
  return sql<string>`(case when ${supervisionItems.status} = 'closed' then 'done'
    when ${past} and ${supervisionItems.status} <> 'completion_requested' then 'red'
    when ${past} then 'yellow'
    when ${supervisionItems.deadline} - ${today}::date <= ${warnDaysSql} then 'yellow'
    else 'green' end)`;
}

function overdueSql(today: string): SQL<boolean> {
  return sql<boolean>`(${supervisionItems.status} <> 'closed' and ${supervisionItems.deadline} < ${today}::date)`;
}

/** The steps a bulletin figure counts; see SUPERVISION_FIGURES. */
export function figureCondition(figure: SupervisionFigure): SQL {
  switch (figure) {
    case 'raised':
      return sql`${supervisionEvents.kind} = 'assigned'`;
    case 'closed_on_time':
      return sql`${supervisionEvents.kind} = 'closed' and coalesce((${supervisionEvents.data}->>'late')::boolean, false) = false`;
    case 'closed_late':
      return sql`${supervisionEvents.kind} = 'closed' and coalesce((${supervisionEvents.data}->>'late')::boolean, false) = true`;
    case 'extended':
      return sql`${supervisionEvents.kind} = 'extension_approved'`;
    case 'overdue':
      return sql`${supervisionEvents.kind} = 'overdue'`;
    case 'chased':
      return sql`${supervisionEvents.kind} = 'chased'`;
  }
}

const withNames = {
  item: supervisionItems,
  unitName: units.name,
  unitCityId: units.cityId,
  unitPath: units.path,
  taskTitle: tasks.title,
  ownerName: users.displayName,
  closedByName: closer.displayName,
  signedByName: signer.displayName,
  warnDays: warnDaysSql,
  sourceTitle: sourceTitleSql,
  inspectionPlanId: sql<string | null>`(select ${inspections.planId} from ${inspections} where ${inspections.id} = ${supervisionItems.inspectionId})`,
};

export interface SupervisionFilter {
  scope: SQL;
  today: string;
  pairId?: string;
  cityId?: string;
  taskId?: string;
  unitId?: string;
  instructionId?: string;
  status?: string;
  light?: string;
  overdue?: boolean;
  extensionPending?: boolean;
  waitingFor?: 'unit' | 'office';
  /** Limits to the items whose owner unit the caller's grants reach (not as a co-unit). */
  ownerScope?: SQL;
  event?: SupervisionFigure;
  from?: string;
  to?: string;
}

const pendingExtensionSql = sql`exists (select 1 from ${supervisionExtensions} where ${supervisionExtensions.itemId} = ${supervisionItems.id} and ${supervisionExtensions.status} = 'pending')`;

/** The unit's move: to sign (待签收) or being handled (待办理). */
export const waitingForUnitSql = sql`${supervisionItems.status} in ('assigned','in_progress')`;
/** The office's move: a completion application to review or an extension request to decide. */
export const waitingForOfficeSql = sql`(${supervisionItems.status} = 'completion_requested' or ${pendingExtensionSql})`;

function whereOf(filter: SupervisionFilter): SQL | undefined {
  const overdue = overdueSql(filter.today);
  const period = [
    filter.from ? sql`${supervisionEvents.onDate} >= ${filter.from}::date` : undefined,
    filter.to ? sql`${supervisionEvents.onDate} <= ${filter.to}::date` : undefined,
  ].filter((c): c is SQL => c !== undefined);
  return and(
    filter.scope,
    filter.ownerScope,
    filter.pairId ? eq(supervisionItems.pairId, filter.pairId) : undefined,
    filter.cityId ? eq(units.cityId, filter.cityId) : undefined,
    filter.taskId ? eq(supervisionItems.taskId, filter.taskId) : undefined,
    filter.unitId ? eq(supervisionItems.unitId, filter.unitId) : undefined,
    filter.instructionId ? eq(supervisionItems.instructionId, filter.instructionId) : undefined,
    filter.status ? eq(supervisionItems.status, filter.status) : undefined,
    filter.light ? sql`${lightSql(filter.today)} = ${filter.light}` : undefined,
    filter.overdue === undefined ? undefined : filter.overdue ? overdue : sql`not ${overdue}`,
    filter.extensionPending === undefined ? undefined : filter.extensionPending ? pendingExtensionSql : sql`not ${pendingExtensionSql}`,
    filter.waitingFor === undefined ? undefined : filter.waitingFor === 'unit' ? waitingForUnitSql : waitingForOfficeSql,
    filter.event
      ? sql`exists (select 1 from ${supervisionEvents} where ${supervisionEvents.itemId} = ${supervisionItems.id} and ${figureCondition(filter.event)}${sql.join(
          period.map((c) => sql` and ${c}`),
          sql``,
        )})`
      : undefined,
  );
}

/** One page: red first, then yellow, then by deadline; the total comes in the same statement. */
export async function listItems(db: Executor, filter: SupervisionFilter, limit: number, offset: number) {
  const where = whereOf(filter);
  const rank = sql`case ${lightSql(filter.today)} when 'red' then 0 when 'yellow' then 1 when 'green' then 2 else 3 end`;
  const rows = await db
    .select({ ...withNames, total: totalOver })
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .leftJoin(tasks, eq(tasks.id, supervisionItems.taskId))
    .leftJoin(users, eq(users.id, supervisionItems.ownerUserId))
    .leftJoin(closer, eq(closer.id, supervisionItems.closedBy))
    .leftJoin(signer, eq(signer.id, supervisionItems.signedBy))
    .where(where)
    .orderBy(rank, asc(supervisionItems.deadline), desc(supervisionItems.createdAt), asc(supervisionItems.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(
    rows,
    offset,
    async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(supervisionItems).innerJoin(units, eq(units.id, supervisionItems.unitId)).where(where))[0]?.n ??
      0,
  );
  return { rows: rows as SupervisionWithNames[], total };
}

/** One item if `scope` reaches it; internal callers that already authorized pass no scope. */
export async function findItem(db: Executor, id: string, scope?: SQL): Promise<SupervisionWithNames | undefined> {
  const [row] = await db
    .select(withNames)
    .from(supervisionItems)
    .innerJoin(units, eq(units.id, supervisionItems.unitId))
    .leftJoin(tasks, eq(tasks.id, supervisionItems.taskId))
    .leftJoin(users, eq(users.id, supervisionItems.ownerUserId))
    .leftJoin(closer, eq(closer.id, supervisionItems.closedBy))
    .leftJoin(signer, eq(signer.id, supervisionItems.signedBy))
    .where(and(eq(supervisionItems.id, id), scope))
    .limit(1);
  return row as SupervisionWithNames | undefined;
}

/** Locks the item's row until the transaction ends, so two writers cannot both pass a state check. */
export async function lockItem(tx: Executor, id: string): Promise<SupervisionRow | undefined> {
  const [row] = await tx.select().from(supervisionItems).where(eq(supervisionItems.id, id)).for('update');
  return row;
}

/** The co-units of some items, by item, ordered by name. */
export async function coUnitsOf(db: Executor, itemIds: readonly string[]) {
  if (itemIds.length === 0) return new Map<string, { id: string; name: string; cityId: string; path: string; pairId: string }[]>();
  const rows = await db
    .select({ itemId: supervisionItemUnits.itemId, id: units.id, name: units.name, cityId: units.cityId, path: units.path, pairId: units.pairId })
    .from(supervisionItemUnits)
    .innerJoin(units, eq(units.id, supervisionItemUnits.unitId))
    .where(inArray(supervisionItemUnits.itemId, [...itemIds]))
    .orderBy(asc(units.sortOrder), asc(units.name));
  const byItem = new Map<string, { id: string; name: string; cityId: string; path: string; pairId: string }[]>();
  for (const { itemId, ...unit } of rows) byItem.set(itemId, [...(byItem.get(itemId) ?? []), unit]);
  return byItem;
}

export async function replaceCoUnits(tx: Executor, itemId: string, unitIds: readonly string[]): Promise<void> {
  await tx.delete(supervisionItemUnits).where(eq(supervisionItemUnits.itemId, itemId));
  if (unitIds.length > 0) await tx.insert(supervisionItemUnits).values(unitIds.map((unitId) => ({ itemId, unitId })));
}

export async function repliesOf(db: Executor, itemId: string) {
  return db
    .select({
      id: supervisionReplies.id,
      body: supervisionReplies.body,
      authorId: supervisionReplies.authorId,
      authorName: users.displayName,
      attachmentIds: supervisionReplies.attachmentIds,
      at: supervisionReplies.at,
    })
    .from(supervisionReplies)
    .leftJoin(users, eq(users.id, supervisionReplies.authorId))
    .where(eq(supervisionReplies.itemId, itemId))
    .orderBy(asc(supervisionReplies.at), asc(supervisionReplies.id));
}

const decider = alias(users, 'decider');

/** Extension requests of some items, oldest first. */
export async function extensionsOf(db: Executor, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      itemId: supervisionExtensions.itemId,
      id: supervisionExtensions.id,
      reason: supervisionExtensions.reason,
      fromDeadline: supervisionExtensions.fromDeadline,
      newDeadline: supervisionExtensions.newDeadline,
      status: supervisionExtensions.status,
      requestedByName: users.displayName,
      requestedAt: supervisionExtensions.requestedAt,
      decidedByName: decider.displayName,
      decidedAt: supervisionExtensions.decidedAt,
      decisionComment: supervisionExtensions.decisionComment,
    })
    .from(supervisionExtensions)
    .leftJoin(users, eq(users.id, supervisionExtensions.requestedBy))
    .leftJoin(decider, eq(decider.id, supervisionExtensions.decidedBy))
    .where(inArray(supervisionExtensions.itemId, [...itemIds]))
    .orderBy(asc(supervisionExtensions.requestedAt), asc(supervisionExtensions.id));
}

/** The pending extension request of an item, locked (the decision and a new request race on it). */
export async function lockPendingExtension(tx: Executor, itemId: string) {
  const [row] = await tx
    .select()
    .from(supervisionExtensions)
    .where(and(eq(supervisionExtensions.itemId, itemId), eq(supervisionExtensions.status, 'pending')))
    .for('update');
  return row;
}

export async function insertExtension(tx: Executor, row: typeof supervisionExtensions.$inferInsert) {
  const [inserted] = await tx.insert(supervisionExtensions).values(row).returning();
  return inserted!;
}

export async function decideExtension(tx: Executor, id: string, patch: Partial<typeof supervisionExtensions.$inferInsert>) {
  await tx.update(supervisionExtensions).set(patch).where(eq(supervisionExtensions.id, id));
}

export async function eventsOf(db: Executor, itemId: string) {
  return db
    .select({
      id: supervisionEvents.id,
      kind: supervisionEvents.kind,
      at: supervisionEvents.at,
      actorName: users.displayName,
      note: supervisionEvents.note,
      data: supervisionEvents.data,
    })
    .from(supervisionEvents)
    .leftJoin(users, eq(users.id, supervisionEvents.actorId))
    .where(eq(supervisionEvents.itemId, itemId))
    .orderBy(asc(supervisionEvents.at), asc(supervisionEvents.seq));
}

export async function findUnit(db: Executor, id: string) {
  const [row] = await db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, disabled: units.disabled, headUserId: units.headUserId })
    .from(units)
    .where(eq(units.id, id))
    .limit(1);
  return row;
}

export async function findUnits(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: units.id, pairId: units.pairId, cityId: units.cityId, path: units.path, disabled: units.disabled })
    .from(units)
    .where(inArray(units.id, [...ids]));
}

/** A user's status and the path of the user's unit (null without a unit). */
export async function userWithUnitPath(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id, status: users.status, unitPath: units.path })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, id))
    .limit(1);
  return row;
}

/** The task if `scope` reaches it, and whether `unitId` is one of its units (lead or support). */
export async function findTaskWithUnit(db: Executor, taskId: string, unitId: string, scope: SQL) {
  const [row] = await db
    .select({
      id: tasks.id,
      pairId: tasks.pairId,
      hasUnit: sql<boolean>`exists (select 1 from ${taskUnits} where ${taskUnits.taskId} = ${tasks.id} and ${taskUnits.unitId} = ${unitId})`,
    })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), scope))
    .limit(1);
  return row;
}

export async function findInstruction(db: Executor, id: string) {
  const [row] = await db
    .select({ id: leaderInstructions.id, pairId: leaderInstructions.pairId, cityId: leaderInstructions.cityId })
    .from(leaderInstructions)
    .where(eq(leaderInstructions.id, id))
    .limit(1);
  return row;
}

export async function findReport(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: progressReports.id,
      pairId: progressReports.pairId,
      unitId: progressReports.unitId,
      taskId: progressReports.taskId,
      status: progressReports.status,
    })
    .from(progressReports)
    .where(eq(progressReports.id, id))
    .limit(1);
  return row;
}

export async function findInspection(db: Executor, id: string) {
  const [row] = await db
    .select({ id: inspections.id, pairId: inspectionPlans.pairId, cityId: inspectionPlans.cityId, status: inspections.status })
    .from(inspections)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
    .where(eq(inspections.id, id))
    .limit(1);
  return row;
}

/** Which of `ids` are files uploaded to the item. */
export async function attachmentsOfItem(db: Executor, itemId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'supervision'), eq(attachments.ownerId, itemId), inArray(attachments.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

export async function insertItem(db: Executor, row: typeof supervisionItems.$inferInsert): Promise<SupervisionRow> {
  const [inserted] = await db.insert(supervisionItems).values(row).returning();
  return inserted!;
}

export async function updateItem(db: Executor, id: string, patch: Partial<typeof supervisionItems.$inferInsert>): Promise<SupervisionRow> {
  const [row] = await db.update(supervisionItems).set(patch).where(eq(supervisionItems.id, id)).returning();
  return row!;
}

export async function insertReply(db: Executor, row: typeof supervisionReplies.$inferInsert) {
  const [inserted] = await db.insert(supervisionReplies).values(row).returning();
  return inserted!;
}

export interface Settings {
  warnDays: number;
  signDays: number;
  escalateDays: number;
}

export async function pairExists(db: Executor, pairId: string): Promise<boolean> {
  return (await db.select({ id: pairs.id }).from(pairs).where(eq(pairs.id, pairId)).limit(1)).length > 0;
}

export async function settingsOf(db: Executor, pairId: string): Promise<Settings> {
  const [row] = await db
    .select({ warnDays: supervisionSettings.warnDays, signDays: supervisionSettings.signDays, escalateDays: supervisionSettings.escalateDays })
    .from(supervisionSettings)
    .where(eq(supervisionSettings.pairId, pairId))
    .limit(1);
  return row ?? { warnDays: DEFAULT_WARN_DAYS, signDays: DEFAULT_SIGN_DAYS, escalateDays: DEFAULT_ESCALATE_DAYS };
}

export async function saveSettings(tx: Executor, pairId: string, settings: Settings, userId: string, at: Date): Promise<void> {
  await tx
    .insert(supervisionSettings)
    .values({ pairId, ...settings, updatedAt: at, updatedBy: userId })
    .onConflictDoUpdate({ target: supervisionSettings.pairId, set: { ...settings, updatedAt: at, updatedBy: userId } });
}

/**
 * Who hears of an item's steps on the unit's side: its owner if it has one, else the unit's head
 * and its active reporters. Only active accounts.
 */
export async function unitRecipients(db: Executor, unitId: string, ownerUserId: string | null): Promise<string[]> {
  if (ownerUserId) {
    const owner = await userWithUnitPath(db, ownerUserId);
    if (owner?.status === 'active') return [owner.id];
  }
  const rows = await db.execute(sql`
    select us.id from users us where us.status = 'active' and (
      us.id = (select head_user_id from units where id = ${unitId})
      or (us.unit_id = ${unitId} and exists (select 1 from ${roleAssignments} ra where ra.user_id = us.id and ra.role = 'unit_reporter')))`);
  return (rows.rows as { id: string }[]).map((r) => r.id);
}

/** The unit's head, if an active account. */
export async function unitHead(db: Executor, unitId: string): Promise<string[]> {
  const rows = await db.execute(sql`select us.id from units u join users us on us.id = u.head_user_id and us.status = 'active' where u.id = ${unitId}`);
  return (rows.rows as { id: string }[]).map((r) => r.id);
}

/** The office on the item's side: the unit's head plus the office administrators of its city or of the whole pair. */
export async function officeRecipients(db: Executor, pairId: string, cityId: string): Promise<string[]> {
  const rows = await db.execute(sql`
    select distinct ra.user_id as id from ${roleAssignments} ra join users us on us.id = ra.user_id and us.status = 'active'
    where ra.role = 'office_admin' and ((ra.scope = 'all' and ra.pair_id = ${pairId}) or (ra.scope = 'city' and ra.city_id = ${cityId}))`);
  return (rows.rows as { id: string }[]).map((r) => r.id);
}

/**
 * In-app notices. The dedupe key is a notice's identity: inserting the same notice again (a
 * retried request, two processes) does nothing.
 */
export async function insertNotifications(db: Executor, rows: (typeof notifications.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(notifications).values(rows).onConflictDoNothing({ target: notifications.dedupeKey });
  // The recipients' open screens (the bell) hear of it once this commits.
  await publishChange(db, ...[...new Set(rows.map((r) => r.userId))].map(changed.user));
}

export async function insertNotification(db: Executor, row: typeof notifications.$inferInsert): Promise<void> {
  await insertNotifications(db, [row]);
}
