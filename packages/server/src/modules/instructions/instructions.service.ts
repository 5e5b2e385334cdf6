import { canAccess, chinaDate, chineseDate, type RecordLocation, roleHasPermission } from '@duikou/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { AppError, type FieldIssue, issuesError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { presentInstruction, presentListItem } from './instructions.presenter.js';
import * as repo from './instructions.repository.js';
import type { InstructionCreateBody, InstructionListQuery, InstructionUpdateBody } from './instructions.schema.js';

/*
 * 领导批示: a leader's written instruction, recorded by the office of the leader's city, from
 * which the office raises supervision items (source 'instruction'). It belongs to its pair and
 * city: the offices and leaders of the pair or of that city read it, the office writes it. A unit
 * reporter has no list of instructions; it reads one from which an item it can see was raised.
 */

const locationOf = (row: { pairId: string; cityId: string }): RecordLocation => ({
  pairId: row.pairId,
  cityId: row.cityId,
  unitId: null,
  unitPath: null,
  ownerId: null,
});

const canWrite = (principal: Principal, row: { pairId: string; cityId: string }) =>
  canAccess(principal.grants, 'supervision.write', principal.userId, locationOf(row));

/** The supervision items the caller can see (what counts and the way in through an item are computed over). */
function itemsInReach(principal: Principal): SQL {
  const grants = principal.grants.filter((g) => roleHasPermission(g.role, 'supervision.read'));
  return grants.length === 0 ? sql`false` : repo.itemScope(grants, principal.userId);
}

/** The instructions the caller can read by id: those of its pair or city, and those an item it sees was raised from. */
function readScope(principal: Principal): SQL {
  const grants = grantsWith(principal, 'supervision.read');
  if (grants.length === 0) return sql`false`;
  return sql`(${repo.instructionScope(grants, principal.userId)} or ${repo.raisedWithin(itemsInReach(principal))})`;
}

/** The grants that read instructions as a list: a whole pair's or a city's. Others (units, self) get 403. */
function listGrants(principal: Principal) {
  const grants = grantsFor(principal, 'supervision.read').filter((g) => g.scope === 'all' || g.scope === 'city');
  if (grants.length === 0) throw new AppError('FORBIDDEN');
  return grants;
}

const todayOf = (ctx: ServiceContext) => chinaDate(ctx.clock());

function dateIssue(ctx: ServiceContext, instructedOn: string | undefined): FieldIssue[] {
  const today = todayOf(ctx);
  return instructedOn !== undefined && instructedOn > today ? [{ field: 'instructedOn', reason: `批示日期不能晚于今天（${chineseDate(today)}）` }] : [];
}

async function detailOf(db: Executor, principal: Principal, id: string, scope: SQL = sql`true`) {
  const items = itemsInReach(principal);
  const row = await repo.findInstruction(db, id, scope, items);
  if (!row) throw new AppError('NOT_FOUND');
  return presentInstruction(row, canWrite(principal, row.instruction), await repo.itemsByStatus(db, id, items));
}

/** An instruction the caller can see (else 404) and may write (else 403). */
async function writable(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findInstruction(ctx.db, id, readScope(principal), sql`false`);
  if (!row) throw new AppError('NOT_FOUND');
  if (!canWrite(principal, row.instruction)) throw new AppError('FORBIDDEN');
  return row.instruction;
}

export async function listInstructions(ctx: ServiceContext, principal: Principal, query: z.infer<typeof InstructionListQuery>) {
  const grants = listGrants(principal);
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.listInstructions(
    ctx.db,
    { ...filter, scope: repo.instructionScope(grants, principal.userId), items: itemsInReach(principal) },
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map((row) => presentListItem(row, canWrite(principal, row.instruction))), total };
}

export async function getInstruction(ctx: ServiceContext, principal: Principal, id: string) {
  return detailOf(ctx.db, principal, id, readScope(principal));
}

/** Records an instruction for a city of a pair the caller writes supervision in; audited. */
export async function createInstruction(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof InstructionCreateBody>) {
  grantsFor(principal, 'supervision.write');
  const city = await repo.cityById(ctx.db, body.cityId);
  // A city of a pair the caller has no part in is named like a missing one.
  const visible = city !== undefined && readsPair(principal, 'supervision.write', city.pairId);
  const issues: FieldIssue[] = [...(visible ? [] : [{ field: 'cityId', reason: '城市不存在' }]), ...dateIssue(ctx, body.instructedOn)];
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  if (!canWrite(principal, { pairId: city!.pairId, cityId: city!.id })) {
    throw issuesError('FORBIDDEN', [{ field: 'cityId', reason: '该城市不在本人管理范围内' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const row = await repo.insertInstruction(tx, {
      pairId: city!.pairId,
      cityId: city!.id,
      leaderName: body.leaderName,
      content: body.content,
      instructedOn: body.instructedOn,
      documentTitle: body.documentTitle ?? null,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    const out = await detailOf(tx, principal, row.id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'instruction.create',
      entityType: 'instruction',
      entityId: row.id,
      pairId: row.pairId,
      cityId: row.cityId,
      after: out,
    });
    return out;
  });
}

export async function updateInstruction(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof InstructionUpdateBody>) {
  await writable(ctx, principal, id);
  const issues = dateIssue(ctx, body.instructedOn);
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  return ctx.db.transaction(async (tx) => {
    const current = await repo.lockInstruction(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    const before = await detailOf(tx, principal, id);
    await repo.updateInstruction(tx, id, { ...body, updatedAt: ctx.clock() });
    const after = await detailOf(tx, principal, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'instruction.update',
      entityType: 'instruction',
      entityId: id,
      pairId: current.pairId,
      cityId: current.cityId,
      before,
      after,
    });
    return after;
  });
}

/**
 * Removes an instruction and its document, only while no supervision item was raised from it
 * (409 otherwise): decided under the instruction's lock, which an item being raised from it waits
 * for (its foreign key), so none can slip in between the count and the removal.
 */
export async function deleteInstruction(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  await writable(ctx, principal, id);
  await ctx.db.transaction(async (tx) => {
    const current = await repo.lockInstruction(tx, id);
    // A second removal waits here and then finds nothing: 404, not a second audit entry.
    if (!current) throw new AppError('NOT_FOUND');
    const raised = await repo.raisedItemCount(tx, id);
    if (raised > 0) {
      throw issuesError('INVALID_STATE', [{ field: 'id', reason: `已据此交办 ${raised} 项督办事项，不能删除` }]);
    }
    const before = await detailOf(tx, principal, id);
    await repo.deleteInstruction(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'instruction.delete',
      entityType: 'instruction',
      entityId: id,
      pairId: current.pairId,
      cityId: current.cityId,
      before,
    });
  });
  return { ok: true as const };
}

/**
 * For attachments of owner type instruction: the instruction's pair and city when the caller can
 * read it (else 404) and, to add a file, write it (else 403).
 */
export async function instructionOwner(ctx: ServiceContext, principal: Principal, id: string, mode: 'read' | 'write') {
  const row = await repo.findInstruction(ctx.db, id, readScope(principal), sql`false`);
  if (!row) throw new AppError('NOT_FOUND');
  if (mode === 'write' && !canWrite(principal, row.instruction)) throw new AppError('FORBIDDEN');
  return { pairId: row.instruction.pairId, cityId: row.instruction.cityId };
}

/** Inside an upload's transaction: the instruction is still there, and stays until the file is in. */
export async function holdInstruction(tx: Executor, id: string): Promise<void> {
  if (!(await repo.lockInstruction(tx, id, 'share'))) {
    throw new AppError('STALE_STATE', [{ field: 'ownerId', reason: '领导批示已被删除' }]);
  }
}
