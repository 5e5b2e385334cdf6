import { createHash } from 'node:crypto';
import { canAccess } from '@duikou/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { tasks, taskUnits, units } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, type Principal } from '../../http/principal.js';
import { MAX_ATTACHMENT_BYTES, megabytes } from '../../uploads/limits.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { holdInstruction, instructionOwner } from '../instructions/instructions.service.js';
import { findRecord, holdReferencedRecords, recordScope } from '../registries/registries.repository.js';
import { findReport, holdReport } from '../reports/reports.repository.js';
import { readScope as reportReadScope } from '../reports/reports.service.js';
import { findItem, supervisionScope } from '../supervision/supervision.repository.js';
import { taskScope } from '../tasks/tasks.repository.js';
import * as repo from './attachments.repository.js';
import { type AttachmentOut, type AttachmentUploadBody, contentTypeOf, type OWNER_TYPES } from './attachments.schema.js';

type OwnerType = (typeof OWNER_TYPES)[number];

/**
 * The type is the allow-list's for the name, not the stored column: files stored before the list
 * was a Map (`x.constructor` typed "function Object() …") are answered as opaque downloads.
 */
function present(row: repo.AttachmentMeta): z.infer<typeof AttachmentOut> {
  return { ...row, contentType: contentTypeOf(row.fileName), ownerType: row.ownerType as OwnerType, createdAt: row.createdAt.toISOString() };
}

/**
 * Who may see and add attachments follows the record they belong to: a task's to whoever sees
 * the task (added by the office or a responsible unit's reporter), a report's to whoever sees
 * the report (added by its unit while it is a draft or returned), a supervision item's to whoever
 * sees it (added by those who may reply), a leader instruction's document to whoever reads the
 * instruction (added by an office that writes supervision for its city). Returns the record's
 * pair; 404 when the record is not visible, 403 when it is visible but closed to additions.
 */
async function ownerOf(
  ctx: ServiceContext,
  principal: Principal,
  ownerType: OwnerType,
  ownerId: string,
  mode: 'read' | 'write',
): Promise<{ pairId: string; cityId: string | null }> {
  if (ownerType === 'task') {
    const [task] = await ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, ownerId), taskScope(grantsWith(principal, 'tasks.read'), principal.userId)));
    if (!task) throw new AppError('NOT_FOUND');
    if (mode === 'write') {
      const writers = principal.grants.filter((g) => g.role === 'system_admin' || g.role === 'office_admin' || g.role === 'unit_reporter');
      const [reach] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(
          and(
            eq(taskUnits.taskId, ownerId),
            scopeFilter(writers, principal.userId, { pairId: units.pairId, cityId: units.cityId, unitId: units.id, unitPath: units.path }),
          ),
        );
      if ((reach?.n ?? 0) === 0) throw new AppError('FORBIDDEN');
    }
    return { pairId: task.pairId, cityId: null };
  }
  if (ownerType === 'report') {
    const row = await findReport(ctx.db, ownerId, reportReadScope(principal));
    if (!row) throw new AppError('NOT_FOUND');
    const [unit] = await ctx.db.select().from(units).where(eq(units.id, row.report.unitId));
    if (mode === 'write') {
      const location = { pairId: unit!.pairId, cityId: unit!.cityId, unitId: unit!.id, unitPath: unit!.path, ownerId: null };
      if (!canAccess(principal.grants, 'tasks.report', principal.userId, location)) throw new AppError('FORBIDDEN');
      if (row.report.status !== 'draft' && row.report.status !== 'returned') {
        throw new AppError(
          'INVALID_STATE',
          [{ field: 'ownerId', reason: '报告已提交或已通过，不能再添加附件' }],
          'ownerId: 报告已提交或已通过，不能再添加附件',
        );
      }
    }
    return { pairId: row.report.pairId, cityId: unit!.cityId };
  }
  if (ownerType === 'registry_record') {
    const record = await findRecord(ctx.db, ownerId, recordScope(grantsWith(principal, 'registries.read'), principal.userId));
    if (!record) throw new AppError('NOT_FOUND');
    if (mode === 'write' && !(await findRecord(ctx.db, ownerId, recordScope(grantsFor(principal, 'registries.write'), principal.userId))))
      throw new AppError('FORBIDDEN');
    return { pairId: record.pairId, cityId: record.cityId };
  }
  if (ownerType === 'instruction') return instructionOwner(ctx, principal, ownerId, mode);
  const found = await findItem(ctx.db, ownerId, supervisionScope(grantsWith(principal, 'supervision.read'), principal.userId));
  if (!found) throw new AppError('NOT_FOUND');
  if (mode === 'write') {
    const location = {
      pairId: found.item.pairId,
      cityId: found.unitCityId,
      unitId: found.item.unitId,
      unitPath: found.unitPath,
      ownerId: found.item.ownerUserId,
    };
    if (!canAccess(principal.grants, 'supervision.reply', principal.userId, location)) throw new AppError('FORBIDDEN');
  }
  return { pairId: found.item.pairId, cityId: found.unitCityId };
}

/**
 * Inside the upload's transaction: holds the record the file is attached to, as checked before
 * (a report still open to additions, a registry record still there), so a submission or a
 * removal committing meanwhile is seen (409) instead of leaving a file on a closed or missing record.
 */
async function holdOwner(tx: Executor, ownerType: OwnerType, ownerId: string, pairId: string): Promise<void> {
  if (ownerType === 'report') {
    const report = await holdReport(tx, ownerId);
    if (report?.status !== 'draft' && report?.status !== 'returned') {
      throw new AppError('STALE_STATE', [{ field: 'ownerId', reason: '报告已提交或已通过，不能再添加附件' }]);
    }
  }
  if (ownerType === 'instruction') await holdInstruction(tx, ownerId);
  if (ownerType === 'registry_record' && !(await holdReferencedRecords(tx, pairId, [ownerId])).has(ownerId)) {
    throw new AppError('STALE_STATE', [{ field: 'ownerId', reason: '记录已被删除' }]);
  }
}

export async function upload(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof AttachmentUploadBody>) {
  const owner = await ownerOf(ctx, principal, body.ownerType, body.ownerId, 'write');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.fileBase64)) throw fieldError('VALIDATION_FAILED', 'fileBase64', '不是有效的 base64 编码');
  const content = Buffer.from(body.fileBase64, 'base64');
  if (content.length === 0) throw fieldError('VALIDATION_FAILED', 'fileBase64', '文件为空');
  if (content.length > MAX_ATTACHMENT_BYTES) throw fieldError('VALIDATION_FAILED', 'fileBase64', `文件超过 ${megabytes(MAX_ATTACHMENT_BYTES)} 上限`);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    await holdOwner(tx, body.ownerType, body.ownerId, owner.pairId);
    const row = await repo.insertAttachment(tx, {
      pairId: owner.pairId,
      ownerType: body.ownerType,
      ownerId: body.ownerId,
      fileName: body.fileName,
      contentType: contentTypeOf(body.fileName),
      sizeBytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      uploadedBy: principal.userId,
      createdAt: now,
    });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'attachment.upload',
      entityType: body.ownerType,
      entityId: body.ownerId,
      pairId: owner.pairId,
      cityId: owner.cityId,
      after: present(row),
    });
    return present(row);
  });
}

export async function list(ctx: ServiceContext, principal: Principal, ownerType: OwnerType, ownerId: string) {
  await ownerOf(ctx, principal, ownerType, ownerId, 'read');
  const items = (await repo.listFor(ctx.db, ownerType, ownerId)).map(present);
  return { items, total: items.length };
}

/** A file the caller can see, recorded in the audit log as taken (who, which file of which record). */
export async function download(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const meta = await repo.findMeta(ctx.db, id);
  if (!meta) throw new AppError('NOT_FOUND');
  const owner = await ownerOf(ctx, principal, meta.ownerType as OwnerType, meta.ownerId, 'read');
  const content = (await repo.contentOf(ctx.db, id))!;
  await recordDownload(ctx, actor, {
    action: 'attachment.download',
    entityType: 'attachment',
    entityId: meta.id,
    pairId: owner.pairId,
    cityId: owner.cityId,
    after: { file: meta.fileName, ownerType: meta.ownerType, ownerId: meta.ownerId, sizeBytes: meta.sizeBytes, sha256: meta.sha256 },
  });
  return { meta: present(meta), content };
}
