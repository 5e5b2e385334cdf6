import { addDays, canAccess, chinaDate, chineseDate, closedLate, type Permission, type RecordLocation, roleHasPermission } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import type { notifications, supervisionItems } from '../../db/schema.js';
import { AppError, type FieldIssue, fieldError } from '../../http/errors.js';
import { type Actor, assertRecordAccess, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { taskScope } from '../tasks/tasks.repository.js';
import { type NewSupervisionEvent, recordSupervisionEvent } from './supervision.events.js';
import { presentItem, presentItemDetail } from './supervision.presenter.js';
import * as repo from './supervision.repository.js';
import type {
  SupervisionChaseBody,
  SupervisionCloseBody,
  SupervisionCompletionBody,
  SupervisionCreateBody,
  SupervisionExtensionBody,
  SupervisionExtensionDecisionBody,
  SupervisionListQuery,
  SupervisionReplyBody,
  SupervisionReturnBody,
  SupervisionSettingsBody,
  SupervisionStatus,
  SupervisionUpdateBody,
} from './supervision.schema.js';

const readScope = (p: Principal) => repo.supervisionScope(grantsWith(p, 'supervision.read'), p.userId);
const todayOf = (ctx: ServiceContext) => chinaDate(ctx.clock());
/** The first 30 characters (code points, not UTF-16 units) of a text, for a notice's title. */
export const headline = (text: string) => Array.from(text).slice(0, 30).join('');

type UnitPlace = { pairId: string; cityId: string; id: string; path: string };

/** Where an item sits for scope checks: at its unit; `self` reaches the item's owner. */
function locationOf(unit: UnitPlace, ownerId: string | null): RecordLocation {
  return { pairId: unit.pairId, cityId: unit.cityId, unitId: unit.id, unitPath: unit.path, ownerId };
}

async function extrasOf(db: Executor, ids: readonly string[]) {
  // One after the other: `db` may be a transaction's single connection.
  const coUnits = await repo.coUnitsOf(db, ids);
  const extensions = await repo.extensionsOf(db, ids);
  return { coUnits, extensions };
}

async function detailOf(db: Executor, id: string, today: string) {
  const row = await repo.findItem(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const { coUnits, extensions } = await extrasOf(db, [id]);
  const replies = await repo.repliesOf(db, id);
  const events = await repo.eventsOf(db, id);
  const pendingExtension = extensions.find((e) => e.status === 'pending') ?? null;
  return presentItemDetail(row, { coUnits: coUnits.get(id) ?? [], pendingExtension }, { replies, extensions, events }, today);
}

/** The item as shown in lists, for audit entries' before/after. */
async function summaryOf(db: Executor, id: string, today: string) {
  const { replies: _r, extensions: _x, events: _e, ...summary } = await detailOf(db, id, today);
  return summary;
}

function checkDeadline(ctx: ServiceContext, deadline: string, field = 'deadline'): void {
  if (deadline < todayOf(ctx)) throw fieldError('VALIDATION_FAILED', field, '办理时限不能早于今天');
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

/** Co-units: active units of the item's pair, not the owner unit, each once. */
async function checkCoUnits(db: Executor, pairId: string, ownerUnitId: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw fieldError('VALIDATION_FAILED', 'coUnitIds', '协办单位重复');
  if (unique.includes(ownerUnitId)) throw fieldError('VALIDATION_FAILED', 'coUnitIds', '协办单位不能是承办单位本身');
  const found = new Map((await repo.findUnits(db, unique)).map((u) => [u.id, u]));
  for (const [index, id] of unique.entries()) {
    const unit = found.get(id);
    if (!unit || unit.pairId !== pairId) throw fieldError('VALIDATION_FAILED', `coUnitIds.${index}`, '单位不存在或不属于本结对城市');
    if (unit.disabled) throw fieldError('VALIDATION_FAILED', `coUnitIds.${index}`, '单位已停用');
  }
  return unique;
}

/** Attachments a reply or a completion report cites must be files uploaded to the item. */
async function checkAttachments(db: Executor, itemId: string, ids: readonly string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  const found = await repo.attachmentsOfItem(db, itemId, unique);
  const missing = unique.findIndex((id) => !found.has(id));
  if (missing >= 0) throw fieldError('VALIDATION_FAILED', `attachmentIds.${missing}`, '附件不存在或不属于此督办事项');
  return unique;
}

type Found = NonNullable<Awaited<ReturnType<typeof repo.findItem>>>;

function ownerLocation(found: Found): RecordLocation {
  return locationOf({ pairId: found.item.pairId, cityId: found.unitCityId, id: found.item.unitId, path: found.unitPath }, found.item.ownerUserId);
}

/**
 * An item the caller can see (else 404) and may act on with `permission` at its owner unit, or,
 * with `coUnitsToo`, at one of its co-units (else 403).
 */
async function itemFor(ctx: ServiceContext, principal: Principal, id: string, permission: Permission, coUnitsToo = false): Promise<Found> {
  const found = await repo.findItem(ctx.db, id, readScope(principal));
  if (!found) throw new AppError('NOT_FOUND');
  if (coUnitsToo) {
    const coUnits = (await repo.coUnitsOf(ctx.db, [id])).get(id) ?? [];
    const places = [ownerLocation(found), ...coUnits.map((u) => locationOf(u, null))];
    if (places.some((place) => canAccess(principal.grants, permission, principal.userId, place))) return found;
  }
  assertRecordAccess(principal, permission, ownerLocation(found));
  return found;
}

/**
 * Signing, asking for more time and applying to close are the owner unit's acts: a unit role's
 * grant must reach the item's unit (the office's own grants do not sign for the unit).
 */
async function unitItemFor(ctx: ServiceContext, principal: Principal, id: string): Promise<Found> {
  // A co-unit sees the item (403 below), another unit does not (404).
  const found = await itemFor(ctx, principal, id, 'supervision.reply', true);
  const unitGrants = principal.grants.filter((g) => roleHasPermission(g.role, 'supervision.reply') && !roleHasPermission(g.role, 'supervision.write'));
  if (!canAccess(unitGrants, 'supervision.reply', principal.userId, ownerLocation(found)))
    throw new AppError('FORBIDDEN', [{ field: 'unitId', reason: '须由承办单位办理' }], 'unitId: 须由承办单位办理');
  return found;
}

const STATUS_WORDS: Record<SupervisionStatus, string> = {
  assigned: '待签收',
  in_progress: '办理中',
  completion_requested: '待审核办结',
  closed: '已办结',
};

/**
 * Inside the transaction: locks the item and checks its status is one of `allowed`. A status that
 * changed since the caller read it means another request won the race (409 STALE_STATE); one
 * that was already wrong is 409 INVALID_STATE, naming the status.
 */
async function lockIn(tx: Executor, found: Found, allowed: readonly SupervisionStatus[], action: string) {
  const locked = await repo.lockItem(tx, found.item.id);
  if (!locked) throw new AppError('NOT_FOUND');
  if (!allowed.includes(locked.status as SupervisionStatus)) {
    const reason = `督办事项${STATUS_WORDS[locked.status as SupervisionStatus]}，不能${action}`;
    if (locked.status !== found.item.status) throw new AppError('STALE_STATE', [{ field: 'status', reason }]);
    throw fieldError('INVALID_STATE', 'status', reason);
  }
  return locked;
}

type NoticeRow = typeof notifications.$inferInsert;

/** Notices about an item to some users (each once: the key names the step and the user). */
export function notices(userIds: readonly string[], except: string | null, itemId: string, step: string, title: string, body: string, at: Date): NoticeRow[] {
  return [...new Set(userIds)]
    .filter((u) => u !== except)
    .map((userId) => ({
      userId,
      kind: 'supervision',
      title,
      body,
      link: `/supervision/${itemId}`,
      dedupeKey: `supervision:${itemId}:${step}:${userId}`,
      createdAt: at,
    }));
}

/** The step's event in the item's owner unit and city. */
function eventOf(
  found: Found | { item: typeof supervisionItems.$inferSelect; unitCityId: string },
  kind: NewSupervisionEvent['kind'],
  actor: string | null,
  at: Date,
  extra: Partial<NewSupervisionEvent> = {},
): NewSupervisionEvent {
  return { itemId: found.item.id, pairId: found.item.pairId, cityId: found.unitCityId, unitId: found.item.unitId, kind, at, actorId: actor, ...extra };
}

/** Who raised the item, if still active, else the office of its city: they review the unit's requests. */
async function officeOf(tx: Executor, found: Found): Promise<string[]> {
  if (found.item.createdBy) {
    const creator = await repo.userWithUnitPath(tx, found.item.createdBy);
    if (creator?.status === 'active') return [creator.id];
  }
  return repo.officeRecipients(tx, found.item.pairId, found.unitCityId);
}

interface StepOutcome {
  event: NewSupervisionEvent;
  notices?: NoticeRow[];
}

/**
 * One step of the loop in one transaction: lock and check the state, apply it, record its event,
 * audit entry and notices, and answer the item as it now is.
 */
async function step(
  ctx: ServiceContext,
  found: Found,
  actor: Actor,
  spec: {
    allowed: readonly SupervisionStatus[];
    action: string;
    auditAction: Parameters<typeof recordAudit>[3]['action'];
    apply: (tx: Executor, locked: typeof supervisionItems.$inferSelect, now: Date, today: string) => Promise<StepOutcome>;
  },
) {
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const locked = await lockIn(tx, found, spec.allowed, spec.action);
    const before = await summaryOf(tx, found.item.id, today);
    const now = ctx.clock();
    const outcome = await spec.apply(tx, locked, now, today);
    await recordSupervisionEvent(tx, outcome.event);
    await repo.insertNotifications(tx, outcome.notices ?? []);
    const item = await detailOf(tx, found.item.id, today);
    const { replies: _r, extensions: _x, events: _e, ...after } = item;
    await recordAudit(tx, ctx.clock, actor, {
      action: spec.auditAction,
      entityType: 'supervision',
      entityId: found.item.id,
      pairId: found.item.pairId,
      cityId: found.unitCityId,
      before,
      after: { ...after, note: outcome.event.note ?? null },
    });
    return item;
  });
}

export async function listItems(ctx: ServiceContext, principal: Principal, query: z.infer<typeof SupervisionListQuery>) {
  const { page, pageSize, mine, ...filter } = query;
  if (filter.from && filter.to && filter.from > filter.to) throw fieldError('VALIDATION_FAILED', 'to', '结束日期不能早于开始日期');
  const today = todayOf(ctx);
  const grants = grantsFor(principal, 'supervision.read');
  const ownerScope = mine ? repo.ownerUnitScope(grants, principal.userId) : undefined;
  const { rows, total } = await repo.listItems(ctx.db, { ...filter, ownerScope, scope: readScope(principal), today }, pageSize, (page - 1) * pageSize);
  const ids = rows.map((r) => r.item.id);
  const { coUnits, extensions } = await extrasOf(ctx.db, ids);
  const pending = new Map(extensions.filter((e) => e.status === 'pending').map((e) => [e.itemId, e]));
  return {
    items: rows.map((r) => presentItem(r, { coUnits: coUnits.get(r.item.id) ?? [], pendingExtension: pending.get(r.item.id) ?? null }, today)),
    total,
  };
}

export async function getItem(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findItem(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return detailOf(ctx.db, id, todayOf(ctx));
}

type ItemUnit = NonNullable<Awaited<ReturnType<typeof repo.findUnit>>>;
type NewItemFields = Pick<
  typeof supervisionItems.$inferInsert,
  | 'taskId'
  | 'ownerUserId'
  | 'requirement'
  | 'deadline'
  | 'source'
  | 'createdBy'
  | 'meetingId'
  | 'meetingDecisionId'
  | 'instructionId'
  | 'reportId'
  | 'inspectionId'
>;

/** The source an item is raised from, checked: it exists, in the unit's pair, and the caller may read it. */
async function sourceOf(ctx: ServiceContext, principal: Principal, unit: ItemUnit, body: z.infer<typeof SupervisionCreateBody>) {
  const given = (['instructionId', 'reportId', 'inspectionId'] as const).filter((k) => body[k]);
  if (given.length > 1) throw fieldError('VALIDATION_FAILED', given[1]!, '一个督办事项只能有一个来源');
  if (body.instructionId) {
    const instruction = await repo.findInstruction(ctx.db, body.instructionId);
    const reaches =
      instruction &&
      canAccess(principal.grants, 'supervision.write', principal.userId, {
        pairId: instruction.pairId,
        cityId: instruction.cityId,
        unitId: null,
        unitPath: null,
        ownerId: null,
      });
    if (!instruction || !reaches || instruction.pairId !== unit.pairId) throw fieldError('VALIDATION_FAILED', 'instructionId', '领导批示不存在');
    return { source: 'instruction', instructionId: instruction.id } as const;
  }
  if (body.reportId) {
    const report = await repo.findReport(ctx.db, body.reportId);
    if (!report || report.pairId !== unit.pairId || !readsPair(principal, 'reports.review', report.pairId))
      throw fieldError('VALIDATION_FAILED', 'reportId', '进展报告不存在');
    if (report.status !== 'returned') throw fieldError('VALIDATION_FAILED', 'reportId', '只能就已退回的进展报告发起督办');
    return { source: 'report', reportId: report.id, taskId: body.taskId ?? report.taskId } as const;
  }
  if (body.inspectionId) {
    const inspection = await repo.findInspection(ctx.db, body.inspectionId);
    const reaches =
      inspection &&
      canAccess(principal.grants, 'inspections.read', principal.userId, {
        pairId: inspection.pairId,
        cityId: inspection.cityId,
        unitId: null,
        unitPath: null,
        ownerId: null,
      });
    if (!inspection || !reaches || inspection.pairId !== unit.pairId) throw fieldError('VALIDATION_FAILED', 'inspectionId', '检查记录不存在');
    if (inspection.status !== 'done') throw fieldError('VALIDATION_FAILED', 'inspectionId', '检查尚未录入结果');
    return { source: 'inspection', inspectionId: inspection.id } as const;
  }
  return { source: body.taskId ? 'task' : 'office' } as const;
}

/**
 * 交办: raises an item on a unit (optionally about one of the unit's tasks, from a leader's
 * instruction, a returned report or an inspection). The item, its co-units, its first event,
 * its audit entry and the notices to the units commit together or not at all.
 */
export async function createItem(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof SupervisionCreateBody>) {
  grantsFor(principal, 'supervision.write');
  const unit = await repo.findUnit(ctx.db, body.unitId);
  // A unit of a pair the caller does not read is as unknown as a missing one.
  if (!unit || !readsPair(principal, 'supervision.write', unit.pairId)) throw fieldError('VALIDATION_FAILED', 'unitId', '单位不存在');
  if (unit.disabled) throw fieldError('VALIDATION_FAILED', 'unitId', '单位已停用');
  if (!canAccess(principal.grants, 'supervision.write', principal.userId, locationOf(unit, null)))
    throw new AppError('FORBIDDEN', [{ field: 'unitId', reason: '被督办单位不在本人管理范围内' }], 'unitId: 被督办单位不在本人管理范围内');
  const source = await sourceOf(ctx, principal, unit, body);
  const taskId = ('taskId' in source ? source.taskId : undefined) ?? body.taskId ?? null;
  if (taskId) {
    const taskGrants = principal.grants.filter((g) => roleHasPermission(g.role, 'tasks.read'));
    const task = await repo.findTaskWithUnit(ctx.db, taskId, unit.id, taskScope(taskGrants, principal.userId));
    if (!task) throw fieldError('VALIDATION_FAILED', 'taskId', '任务不存在');
    if (!task.hasUnit) throw fieldError('VALIDATION_FAILED', 'unitId', '该单位不是此任务的牵头或配合单位');
  }
  if (body.ownerUserId) await checkOwner(ctx.db, body.ownerUserId, unit.path);
  const coUnitIds = await checkCoUnits(ctx.db, unit.pairId, unit.id, body.coUnitIds ?? []);
  checkDeadline(ctx, body.deadline);
  return ctx.db.transaction(async (tx) => {
    const id = await writeItem(
      tx,
      ctx,
      actor,
      unit,
      {
        taskId,
        ownerUserId: body.ownerUserId ?? null,
        requirement: body.requirement,
        deadline: body.deadline,
        createdBy: principal.userId,
        instructionId: null,
        reportId: null,
        inspectionId: null,
        ...source,
      },
      coUnitIds,
    );
    return detailOf(tx, id, todayOf(ctx));
  });
}

/** Inside the caller's transaction: the item, its co-units, its 交办 event, audit entry and notices to the units. */
async function writeItem(
  tx: Executor,
  ctx: ServiceContext,
  actor: Actor,
  unit: ItemUnit,
  fields: NewItemFields,
  coUnitIds: readonly string[] = [],
): Promise<string> {
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
  await repo.replaceCoUnits(tx, row.id, coUnitIds);
  await recordSupervisionEvent(tx, {
    itemId: row.id,
    pairId: unit.pairId,
    cityId: unit.cityId,
    unitId: unit.id,
    kind: 'assigned',
    at: now,
    actorId: fields.createdBy ?? null,
    note: fields.requirement,
    data: { source: fields.source, deadline: fields.deadline, coUnitIds },
  });
  await recordAudit(tx, ctx.clock, actor, {
    action: 'supervision.create',
    entityType: 'supervision',
    entityId: row.id,
    pairId: unit.pairId,
    cityId: unit.cityId,
    after: await summaryOf(tx, row.id, todayOf(ctx)),
  });
  const owners = await repo.unitRecipients(tx, unit.id, fields.ownerUserId ?? null);
  const helpers: string[] = [];
  for (const id of coUnitIds) helpers.push(...(await repo.unitRecipients(tx, id, null)));
  const title = `督办事项：${headline(fields.requirement)}`;
  const body = `办理时限：${chineseDate(fields.deadline)}，请及时签收`;
  await repo.insertNotifications(tx, [
    ...notices(owners, null, row.id, 'created', title, body, now),
    ...notices(helpers, null, row.id, 'co-created', `协办督办事项：${headline(fields.requirement)}`, `办理时限：${chineseDate(fields.deadline)}`, now),
  ]);
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

/** 签收: the owner unit acknowledges the item; from now on it is being handled. */
export async function signItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const found = await unitItemFor(ctx, principal, id);
  return step(ctx, found, actor, {
    allowed: ['assigned'],
    action: '签收',
    auditAction: 'supervision.sign',
    apply: async (tx, _locked, now) => {
      await repo.updateItem(tx, id, { status: 'in_progress', signedAt: now, signedBy: principal.userId, updatedAt: now });
      return { event: eventOf(found, 'signed', principal.userId, now) };
    },
  });
}

/** 跟踪办理: a progress reply (with files uploaded to the item) from the owner unit, a co-unit or the office. */
export async function replyToItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionReplyBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.reply', true);
  const attachmentIds = await checkAttachments(ctx.db, id, body.attachmentIds);
  return step(ctx, found, actor, {
    allowed: ['in_progress', 'completion_requested'],
    action: '回复（请先签收）',
    auditAction: 'supervision.reply',
    apply: async (tx, _locked, now) => {
      const reply = await repo.insertReply(tx, { itemId: id, body: body.body, authorId: principal.userId, attachmentIds, at: now });
      await repo.updateItem(tx, id, { updatedAt: now });
      const office = await officeOf(tx, found);
      return {
        event: eventOf(found, 'progress', principal.userId, now, { note: body.body, data: { replyId: reply.id, attachmentIds } }),
        notices: notices(office, principal.userId, id, `reply:${reply.id}`, `督办事项有新回复：${headline(found.item.requirement)}`, headline(body.body), now),
      };
    },
  });
}

/** 延期申请: the owner unit asks for a later deadline, before the current one has passed. */
export async function requestExtension(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionExtensionBody>) {
  const found = await unitItemFor(ctx, principal, id);
  return step(ctx, found, actor, {
    allowed: ['in_progress'],
    action: '申请延期',
    auditAction: 'supervision.extension_request',
    apply: async (tx, locked, now, today) => {
      if (locked.deadline < today) throw fieldError('INVALID_STATE', 'deadline', '已超过办理时限，不能再申请延期');
      if (body.newDeadline <= locked.deadline) throw fieldError('VALIDATION_FAILED', 'newDeadline', '延期后的时限须晚于当前办理时限');
      if (await repo.lockPendingExtension(tx, id)) throw fieldError('INVALID_STATE', 'status', '已有待审批的延期申请');
      const request = await repo.insertExtension(tx, {
        itemId: id,
        reason: body.reason,
        fromDeadline: locked.deadline,
        newDeadline: body.newDeadline,
        requestedBy: principal.userId,
        requestedAt: now,
      });
      await repo.updateItem(tx, id, { updatedAt: now });
      const office = await officeOf(tx, found);
      return {
        event: eventOf(found, 'extension_requested', principal.userId, now, {
          note: body.reason,
          data: { extensionId: request.id, from: locked.deadline, to: body.newDeadline },
        }),
        notices: notices(
          office,
          principal.userId,
          id,
          `extension:${request.id}`,
          `延期申请待审批：${headline(found.item.requirement)}`,
          `申请延期至 ${chineseDate(body.newDeadline)}`,
          now,
        ),
      };
    },
  });
}

/** The office approves (the deadline moves, the count grows) or refuses the pending extension request. */
export async function decideExtension(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
  body: z.infer<typeof SupervisionExtensionDecisionBody>,
) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  return step(ctx, found, actor, {
    allowed: ['in_progress', 'assigned', 'completion_requested'],
    action: '审批延期',
    auditAction: 'supervision.extension_decide',
    apply: async (tx, locked, now) => {
      const pending = await repo.lockPendingExtension(tx, id);
      if (!pending || pending.id !== body.extensionId)
        throw new AppError('STALE_STATE', [{ field: 'extensionId', reason: '该延期申请已处理或已撤回，请刷新后重试' }]);
      const approve = body.decision === 'approve';
      await repo.decideExtension(tx, pending.id, {
        status: approve ? 'approved' : 'refused',
        decidedBy: principal.userId,
        decidedAt: now,
        decisionComment: body.comment ?? null,
      });
      await repo.updateItem(
        tx,
        id,
        approve ? { deadline: pending.newDeadline, extensionCount: locked.extensionCount + 1, updatedAt: now } : { updatedAt: now },
      );
      const unit = await repo.unitRecipients(tx, locked.unitId, locked.ownerUserId);
      const word = approve ? '已同意' : '未同意';
      return {
        event: eventOf(found, approve ? 'extension_approved' : 'extension_refused', principal.userId, now, {
          note: body.comment ?? null,
          data: { extensionId: pending.id, from: pending.fromDeadline, to: pending.newDeadline },
        }),
        notices: notices(
          [...unit, pending.requestedBy],
          principal.userId,
          id,
          `extension-decided:${pending.id}`,
          `延期申请${word}：${headline(found.item.requirement)}`,
          approve ? `办理时限延至 ${chineseDate(pending.newDeadline)}` : `办理时限仍为 ${chineseDate(pending.fromDeadline)}`,
          now,
        ),
      };
    },
  });
}

/** 办结申请: the owner unit reports the result and asks the office to close the item. */
export async function requestCompletion(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionCompletionBody>) {
  const found = await unitItemFor(ctx, principal, id);
  const attachmentIds = await checkAttachments(ctx.db, id, body.attachmentIds);
  return step(ctx, found, actor, {
    allowed: ['in_progress'],
    action: '申请办结',
    auditAction: 'supervision.completion_request',
    apply: async (tx, locked, now, today) => {
      await repo.updateItem(tx, id, {
        status: 'completion_requested',
        completionRequestedAt: now,
        completionResult: body.result,
        completionAttachmentIds: attachmentIds,
        updatedAt: now,
      });
      const office = await officeOf(tx, found);
      return {
        event: eventOf(found, 'completion_requested', principal.userId, now, {
          note: body.result,
          data: { attachmentIds, late: closedLate(locked.deadline, locked.overdueSince, today) },
        }),
        notices: notices(
          office,
          principal.userId,
          id,
          `completion:${now.getTime()}`,
          `办结申请待审核：${headline(found.item.requirement)}`,
          headline(body.result),
          now,
        ),
      };
    },
  });
}

/**
 * 审核办结: the office closes an item the unit applied to close, with its 办结意见. Late when
 * applied for after the deadline or after having been overdue (domain `closedLate`).
 */
export async function closeItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body?: z.infer<typeof SupervisionCloseBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  return step(ctx, found, actor, {
    allowed: ['completion_requested'],
    action: '办结（须先由承办单位申请办结）',
    auditAction: 'supervision.close',
    apply: async (tx, locked, now) => {
      // Judged on the day the unit applied: the office's review time is not the unit's delay.
      const appliedOn = chinaDate(locked.completionRequestedAt ?? now);
      const late = closedLate(locked.deadline, locked.overdueSince, appliedOn);
      await repo.updateItem(tx, id, {
        status: 'closed',
        closedAt: now,
        closedBy: principal.userId,
        closedLate: late,
        closeComment: body?.comment ?? null,
        updatedAt: now,
      });
      const unit = await repo.unitRecipients(tx, locked.unitId, locked.ownerUserId);
      return {
        event: eventOf(found, 'closed', principal.userId, now, { note: body?.comment ?? null, data: { late } }),
        notices: notices(
          unit,
          principal.userId,
          id,
          'closed',
          `督办事项已办结：${headline(found.item.requirement)}`,
          body?.comment ? headline(body.comment) : '',
          now,
        ),
      };
    },
  });
}

/** 退回重办: the office sends a completion application back with a reason; the item is being handled again. */
export async function returnItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionReturnBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  return step(ctx, found, actor, {
    allowed: ['completion_requested'],
    action: '退回（须先由承办单位申请办结）',
    auditAction: 'supervision.return',
    apply: async (tx, locked, now) => {
      await repo.updateItem(tx, id, { status: 'in_progress', returnCount: locked.returnCount + 1, updatedAt: now });
      const unit = await repo.unitRecipients(tx, locked.unitId, locked.ownerUserId);
      return {
        event: eventOf(found, 'returned', principal.userId, now, { note: body.reason }),
        notices: notices(
          unit,
          principal.userId,
          id,
          `returned:${locked.returnCount + 1}`,
          `督办事项被退回重办：${headline(found.item.requirement)}`,
          headline(body.reason),
          now,
        ),
      };
    },
  });
}

/** 催办: the office chases the unit; a notice and a record, counted on the item. */
export async function chaseItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body?: z.infer<typeof SupervisionChaseBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  return step(ctx, found, actor, {
    allowed: ['assigned', 'in_progress'],
    action: '催办',
    auditAction: 'supervision.chase',
    apply: async (tx, locked, now) => {
      const count = locked.chaseCount + 1;
      await repo.updateItem(tx, id, { chaseCount: count, updatedAt: now });
      const unit = await repo.unitRecipients(tx, locked.unitId, locked.ownerUserId);
      return {
        event: eventOf(found, 'chased', principal.userId, now, { note: body?.note ?? null, data: { count } }),
        notices: notices(
          unit,
          principal.userId,
          id,
          `chased:${count}`,
          `催办（第${count}次）：${headline(found.item.requirement)}`,
          body?.note ? headline(body.note) : `请于 ${chineseDate(locked.deadline)} 前办结`,
          now,
        ),
      };
    },
  });
}

/**
 * Edits the requirement, deadline, owner or co-units of an item that is not closed. Moving the
 * deadline of an overdue item records when it went overdue first, so it stays red (no silent
 * extension); a newly assigned owner is told.
 */
export async function updateItem(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SupervisionUpdateBody>) {
  const found = await itemFor(ctx, principal, id, 'supervision.write');
  if (body.deadline !== undefined) checkDeadline(ctx, body.deadline);
  if (body.ownerUserId) await checkOwner(ctx.db, body.ownerUserId, found.unitPath);
  const coUnitIds = body.coUnitIds === undefined ? undefined : await checkCoUnits(ctx.db, found.item.pairId, found.item.unitId, body.coUnitIds);
  return step(ctx, found, actor, {
    allowed: ['assigned', 'in_progress', 'completion_requested'],
    action: '修改',
    auditAction: 'supervision.update',
    apply: async (tx, locked, now, today) => {
      const { coUnitIds: _c, ...fields } = body;
      const wasOverdue = locked.deadline < today && locked.status !== 'completion_requested';
      const overdueSince = locked.overdueSince ?? (wasOverdue && body.deadline !== undefined ? addDays(locked.deadline, 1) : null);
      await repo.updateItem(tx, id, { ...fields, overdueSince, updatedAt: now });
      if (coUnitIds) await repo.replaceCoUnits(tx, id, coUnitIds);
      const newOwner = body.ownerUserId && body.ownerUserId !== locked.ownerUserId ? body.ownerUserId : null;
      const changes = Object.keys(body);
      return {
        event: eventOf(found, 'updated', principal.userId, now, { data: { changes, ...(body.deadline ? { from: locked.deadline, to: body.deadline } : {}) } }),
        notices: newOwner
          ? notices(
              [newOwner],
              null,
              id,
              'assigned',
              `督办事项：${headline(body.requirement ?? locked.requirement)}`,
              `办理时限：${chineseDate(body.deadline ?? locked.deadline)}`,
              now,
            )
          : [],
      };
    },
  });
}

export async function getSettings(ctx: ServiceContext, principal: Principal, pairId: string) {
  if (!readsPair(principal, 'supervision.read', pairId) || !(await repo.pairExists(ctx.db, pairId))) throw new AppError('NOT_FOUND');
  return { pairId, ...(await repo.settingsOf(ctx.db, pairId)) };
}

/** The pair's warning window and signing deadlines; an office of the whole pair sets them. */
export async function saveSettings(ctx: ServiceContext, principal: Principal, actor: Actor, pairId: string, body: z.infer<typeof SupervisionSettingsBody>) {
  if (!readsPair(principal, 'supervision.read', pairId) || !(await repo.pairExists(ctx.db, pairId))) throw new AppError('NOT_FOUND');
  // Pair-wide settings: only a grant over the whole pair (not one city's office) sets them.
  if (!canAccess(principal.grants, 'supervision.write', principal.userId, { pairId, cityId: null, unitId: null, unitPath: null, ownerId: null }))
    throw new AppError(
      'FORBIDDEN',
      [{ field: 'pairId', reason: '督办设置须由全结对范围的办公室管理员修改' }],
      'pairId: 督办设置须由全结对范围的办公室管理员修改',
    );
  return ctx.db.transaction(async (tx) => {
    const before = await repo.settingsOf(tx, pairId);
    await repo.saveSettings(tx, pairId, body, principal.userId, ctx.clock());
    await recordAudit(tx, ctx.clock, actor, { action: 'supervision.settings', entityType: 'pair', entityId: pairId, pairId, before, after: body });
    return { pairId, ...body };
  });
}
