import { canAccess, chinaDate, chineseDate, type Permission, type RecordLocation, roleHasPermission } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import type { supervisionItems } from '../../db/schema.js';
import { AppError, type FieldIssue, fieldError } from '../../http/errors.js';
import { type Actor, assertRecordAccess, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { taskScope } from '../tasks/tasks.repository.js';
import { presentItem, presentItemDetail } from './supervision.presenter.js';
import * as repo from './supervision.repository.js';
import type { SupervisionCloseBody, SupervisionCreateBody, SupervisionListQuery, SupervisionReplyBody, SupervisionUpdateBody } from './supervision.schema.js';

const readScope = (p: Principal) => repo.supervisionScope(grantsWith(p, 'supervision.read'), p.userId);
const todayOf = (ctx: ServiceContext) => chinaDate(ctx.clock());
/** The first 30 characters (code points, not UTF-16 units) of a text, for a notice's title. */
const headline = (text: string) => Array.from(text).slice(0, 30).join('');

/** Where an item sits for scope checks: at its unit; `self` reaches the item's owner. */
function locationOf(unit: { pairId: string; cityId: string; id: string; path: string }, ownerId: string | null): RecordLocation {
  return { pairId: unit.pairId, cityId: unit.cityId, unitId: unit.id, unitPath: unit.path, ownerId };
}

async function detailOf(db: Executor, id: string, today: string) {
  const row = await repo.findItem(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentItemDetail(row, await repo.repliesOf(db, id), today);
}

function checkDeadline(ctx: ServiceContext, deadline: string): void {
  if (deadline < todayOf(ctx)) throw fieldError('VALIDATION_FAILED', 'deadline', '办理时限不能早于今天');
}

/**
 * The owner must be an active user of the unit or of a unit below it. One answer for every
 * failure: a missing account, a disabled one and one elsewhere in the deployment look alike.
 */
async function checkOwner(db: Executor, ownerUserId: string, unitPath: string): Promise<void> {
  const user = await repo.userWithUnitPath(db, ownerUserId);
  if (user?.status !== 'active' || !user.unitPath?.startsWith(unitPath))
    throw fieldError('VALIDATION_FAILED', 'ownerUserId', '责任人不存在、已停用或不属于被督办单位及其下级单位');
}

/** The id back if it names an active user (a notice goes to real accounts only), else null. */
async function activeUser(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const user = await repo.userWithUnitPath(db, userId);
  return user?.status === 'active' ? user.id : null;
}

/**
 * An item the caller can see (else 404) and may act on with `permission` at its unit (else 403).
 * An office administrator's grant reaches the unit like the unit's own reporter's does.
 */
async function itemFor(ctx: ServiceContext, principal: Principal, id: string, permission: Permission) {
  const found = await repo.findItem(ctx.db, id, readScope(principal));
  if (!found) throw new AppError('NOT_FOUND');
  const location = locationOf({ pairId: found.item.pairId, cityId: found.unitCityId, id: found.item.unitId, path: found.unitPath }, found.item.ownerUserId);
  assertRecordAccess(principal, permission, location);
  return found;
}

/**
 * Inside the transaction: locks the item and refuses a closed one (a concurrent close cannot slip
 * in between); returns its status under the lock. `seen` is the status read before the
 * transaction: closed since then means another request won (409 STALE_STATE).
 */
async function lockOpenItem(tx: Executor, id: string, seen: string, reason: string): Promise<string> {
  const status = await repo.lockItemStatus(tx, id);
  if (status === undefined) throw new AppError('NOT_FOUND');
  if (status === 'closed' && seen !== 'closed') throw new AppError('STALE_STATE', [{ field: 'status', reason }]);
  if (status === 'closed') throw fieldError('INVALID_STATE', 'status', reason);
  return status;
}

export async function listItems(ctx: ServiceContext, principal: Principal, query: z.infer<typeof SupervisionListQuery>) {
  const { page, pageSize, ...filter } = query;
  const today = todayOf(ctx);
  grantsFor(principal, 'supervision.read');
  const { rows, total } = await repo.listItems(ctx.db, { ...filter, scope: readScope(principal), today }, pageSize, (page - 1) * pageSize);
  return { items: rows.map((r) => presentItem(r, today)), total };
}

export async function getItem(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findItem(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return presentItemDetail(row, await repo.repliesOf(ctx.db, id), todayOf(ctx));
}

/**
 * Raises an item on a unit (optionally about one of the unit's tasks). The item, its audit entry
 * and the notice to the owner (or else the unit's head) commit together or not at all.
 */
export async function createItem(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof SupervisionCreateBody>) {
  grantsFor(principal, 'supervision.write');
  const unit = await repo.findUnit(ctx.db, body.unitId);
  // A unit of a pair the caller does not read is as unknown as a missing one.
  if (!unit || !readsPair(principal, 'supervision.write', unit.pairId)) throw fieldError('VALIDATION_FAILED', 'unitId', '单位不存在');
  if (unit.disabled) throw fieldError('VALIDATION_FAILED', 'unitId', '单位已停用');
  if (!canAccess(principal.grants, 'supervision.write', principal.userId, locationOf(unit, null)))
    throw new AppError('FORBIDDEN', [{ field: 'unitId', reason: '被督办单位不在本人管理范围内' }], 'unitId: 被督办单位不在本人管理范围内');
  if (body.taskId) {
    const taskGrants = principal.grants.filter((g) => roleHasPermission(g.role, 'tasks.read'));
    const task = await repo.findTaskWithUnit(ctx.db, body.taskId, unit.id, taskScope(taskGrants, principal.userId));
    if (!task) throw fieldError('VALIDATION_FAILED', 'taskId', '任务不存在');
    if (!task.hasUnit) throw fieldError('VALIDATION_FAILED', 'unitId', '该单位不是此任务的牵头或配合单位');
  }
  if (body.ownerUserId) await checkOwner(ctx.db, body.ownerUserId, unit.path);
  checkDeadline(ctx, body.deadline);
  return ctx.db.transaction(async (tx) => {
    const id = await writeItem(tx, ctx, actor, unit, {
      taskId: body.taskId ?? null,
      ownerUserId: body.ownerUserId ?? null,
      requirement: body.requirement,
      deadline: body.deadline,
      source: 'office',
      createdBy: principal.userId,
    });
    return detailOf(tx, id, todayOf(ctx));
  });
}

type ItemUnit = NonNullable<Awaited<ReturnType<typeof repo.findUnit>>>;
type NewItemFields = Pick<
  typeof supervisionItems.$inferInsert,
  'taskId' | 'ownerUserId' | 'requirement' | 'deadline' | 'source' | 'createdBy' | 'meetingId' | 'meetingDecisionId'
>;

/** Inside the caller's transaction: the item, its audit entry and the notice to the owner (or the unit's head). */
async function writeItem(tx: Executor, ctx: ServiceContext, actor: Actor, unit: ItemUnit, fields: NewItemFields): Promise<string> {
  const now = ctx.clock();
  const row = await repo.insertItem(tx, {
    ...fields,
    originalDeadline: fields.deadline,
    pairId: unit.pairId,
    unitId: unit.id,
    status: 'assigned',
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(tx, ctx.clock, actor, {
    action: 'supervision.create',
    entityType: 'supervision',
    entityId: row.id,
    pairId: unit.pairId,
    cityId: unit.cityId,
    after: await detailOf(tx, row.id, todayOf(ctx)),
  });
  const recipient = fields.ownerUserId ?? (await activeUser(tx, unit.headUserId));
  if (recipient) {
    await repo.insertNotification(tx, {
      userId: recipient,
      kind: 'supervision',
      title: `督办事项：${headline(fields.requirement)}`,
      body: `办理时限：${chineseDate(fields.deadline)}`,
      link: `/supervision/${row.id}`,
      dedupeKey: `supervision:${row.id}:created:${recipient}`,
      createdAt: now,
    });
  }
  return row.id;
}

/** A decision of a joint meeting, to be tracked as a supervision item (source `meeting`). */
export interface MeetingDecisionItem {
  meetingId: string;
  decisionId: string;
  unitId: string;
  requirement: string;
  deadline: string;
}

/**
 * Why a meeting decision could not become an item, by the decision's own field names
 * (`decisions.<n>.ownerUnitId`, `decisions.<n>.deadline`); empty when it can. The same rules as
 * an item the office raises: an active unit of the pair, a deadline not before today.
 */
export async function checkMeetingDecisionItem(
  ctx: ServiceContext,
  db: Executor,
  pairId: string,
  item: Pick<MeetingDecisionItem, 'unitId' | 'deadline'>,
  fields: { unit: string; deadline: string },
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const unit = await repo.findUnit(db, item.unitId);
  if (!unit || unit.pairId !== pairId) issues.push({ field: fields.unit, reason: '责任单位不存在或不属于本结对城市' });
  else if (unit.disabled) issues.push({ field: fields.unit, reason: '责任单位已停用' });
  if (item.deadline < todayOf(ctx)) issues.push({ field: fields.deadline, reason: '办理时限不能早于今天' });
  return issues;
}

/**
 * Raises the items of a meeting's decisions inside the meeting's transaction, each audited and
 * announced like an item the office raises. The meeting service has authorized the caller: a
 * joint meeting decides for units of both cities, whoever of the two offices writes it down.
 * Run `checkMeetingDecisionItem` first; returns the new items' ids in the order given.
 */
export async function raiseMeetingDecisionItems(tx: Executor, ctx: ServiceContext, actor: Actor, items: readonly MeetingDecisionItem[]): Promise<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    const unit = await repo.findUnit(tx, item.unitId);
    if (!unit) throw fieldError('VALIDATION_FAILED', 'unitId', '单位不存在');
    ids.push(
      await writeItem(tx, ctx, actor, unit, {
        taskId: null,
        ownerUserId: null,
        requirement: item.requirement,
        deadline: item.deadline,
        source: 'meeting',
        createdBy: actor.userId,
        meetingId: item.meetingId,
        meetingDecisionId: item.decisionId,
      }),
    );
  }
  return ids;
}

/** The responsible unit (or the office) answers; the item becomes "replied" and its creator is told. */
export async function replyToItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionReplyBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.reply');
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const status = await lockOpenItem(tx, id, found.item.status, '督办事项已办结，不能再回复');
    const now = ctx.clock();
    const reply = await repo.insertReply(tx, { itemId: id, body: body.body, authorId: principal.userId, at: now });
    await repo.updateItem(tx, id, { status: 'replied', updatedAt: now });
    const item = await detailOf(tx, id, today);
    const added = item.replies.find((r) => r.id === reply.id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'supervision.reply',
      entityType: 'supervision',
      entityId: id,
      pairId: found.item.pairId,
      cityId: found.unitCityId,
      before: { status },
      after: { status: item.status, reply: added },
    });
    const creator = found.item.createdBy === principal.userId ? null : await activeUser(tx, found.item.createdBy);
    if (creator) {
      await repo.insertNotification(tx, {
        userId: creator,
        kind: 'supervision',
        title: `督办事项有新回复：${headline(found.item.requirement)}`,
        body: headline(body.body),
        link: `/supervision/${id}`,
        dedupeKey: `supervision:${id}:reply:${reply.id}`,
        createdAt: now,
      });
    }
    return item;
  });
}

/** The office closes (办结) an item; the optional comment (办结意见) is kept with it and in the audit entry. */
export async function closeItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body?: z.infer<typeof SupervisionCloseBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    await lockOpenItem(tx, id, found.item.status, '督办事项已办结');
    const before = presentItem((await repo.findItem(tx, id))!, today);
    const now = ctx.clock();
    await repo.updateItem(tx, id, { status: 'closed', closedAt: now, closedBy: principal.userId, closeComment: body?.comment ?? null, updatedAt: now });
    const item = await detailOf(tx, id, today);
    const { replies: _replies, ...after } = item;
    await recordAudit(tx, ctx.clock, actor, {
      action: 'supervision.close',
      entityType: 'supervision',
      entityId: id,
      pairId: found.item.pairId,
      cityId: found.unitCityId,
      before,
      after: { ...after, comment: body?.comment ?? null },
    });
    return item;
  });
}

/** Edits the requirement, deadline or owner of an item that is not closed; a newly assigned owner is told. */
export async function updateItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionUpdateBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  if (body.deadline !== undefined) checkDeadline(ctx, body.deadline);
  if (body.ownerUserId) await checkOwner(ctx.db, body.ownerUserId, found.unitPath);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    await lockOpenItem(tx, id, found.item.status, '督办事项已办结，不能再修改');
    const current = (await repo.findItem(tx, id))!;
    const before = presentItem(current, today);
    const now = ctx.clock();
    await repo.updateItem(tx, id, { ...body, updatedAt: now });
    const item = await detailOf(tx, id, today);
    const { replies: _replies, ...after } = item;
    await recordAudit(tx, ctx.clock, actor, {
      action: 'supervision.update',
      entityType: 'supervision',
      entityId: id,
      pairId: found.item.pairId,
      cityId: found.unitCityId,
      before,
      after,
    });
    const newOwner = item.ownerUserId && item.ownerUserId !== current.item.ownerUserId ? item.ownerUserId : null;
    if (newOwner) {
      await repo.insertNotification(tx, {
        userId: newOwner,
        kind: 'supervision',
        title: `督办事项：${headline(item.requirement)}`,
        body: `办理时限：${chineseDate(item.deadline)}`,
        link: `/supervision/${id}`,
        dedupeKey: `supervision:${id}:assigned:${newOwner}`,
        createdAt: now,
      });
    }
    return item;
  });
}
