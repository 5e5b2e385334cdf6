import { createHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  canAccess,
  DEFAULT_DRAW_RATIOS_PERCENT,
  type DrawInput,
  type DrawResult,
  drawCountForGrade,
  entitiesDigest,
  type Inspector,
  inspectorsDigest,
  type Permission,
  type PreviousInspection,
  previousInspectionsDigest,
  type RecordLocation,
  roleHasPermission,
  type SupervisedEntity,
  validateCreditCode,
} from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { inspectionEntities, inspectionInspectors } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError, type FieldIssue, fieldError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal } from '../../http/principal.js';
import { readUploadedSheet } from '../../uploads/on-pool.js';
import type { DrawJob } from '../../work/jobs.js';
import { type RowError, rowsError, type WorkbookFile } from '../../xlsx/cells.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { userScopeColumns } from '../users/users.repository.js';
import { presentEntity, presentInspection, presentInspector, presentPlan } from './inspections.presenter.js';
import * as repo from './inspections.repository.js';
import type {
  EntityCreateBody,
  EntityListQuery,
  EntityUpdateBody,
  FindingsBody,
  InspectorCreateBody,
  InspectorUpdateBody,
  PlanCreateBody,
  PlanFixBody,
  PlanListQuery,
  PlanUpdateBody,
  PublishedDrawOut,
  RegisterImportBody,
  RegisterListQuery,
} from './inspections.schema.js';
import { buildTemplate, ENTITY_COLUMNS, INSPECTOR_COLUMNS, MAX_IMPORT_ROWS, readSheet, splitList } from './inspections.xlsx.js';

/*
 * Double-random, credit-graded inspections (双随机、一公开, docs/domain.md "Double-random supervision
 * with credit grades"). The registers and plans belong to a city office of a pair. A plan is
 * drafted, fixed (both lists frozen as canonical records, their SHA-256 digests stored, the value
 * fixed before the draw committed), drawn (runDraw from the frozen inputs; the result stored with
 * the inspections and teams), then published with everything needed to re-run it (verifyDraw).
 */

const CREDIT_CODE_REASONS = { length: '应为18位', charset: '含有不允许的字符（不使用 I、O、Z、S、V）', checksum: '校验码不正确' } as const;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const locationOf = (pairId: string, cityId: string): RecordLocation => ({ pairId, cityId, unitId: null, unitPath: null, ownerId: null });
const tablesOf = { entities: inspectionEntities, inspectors: inspectionInspectors };
// No right reaches nothing, so an id answers 404; the lists ask `grantsFor` first (403).
const entityScope = (p: Principal) => repo.registerScope(grantsWith(p, 'inspections.read'), p.userId, tablesOf.entities);
const inspectorScope = (p: Principal) => repo.registerScope(grantsWith(p, 'inspections.read'), p.userId, tablesOf.inspectors);
const planScope = (p: Principal) => repo.planScope(grantsWith(p, 'inspections.read'), p.userId);

/** Whether the caller may record findings in the pair as a team member: a grant there that carries the right. */
const recordsInPair = (p: Principal, pairId: string) =>
  p.grants.some((g) => (g.pairId === null || g.pairId === pairId) && roleHasPermission(g.role, 'inspections.record'));

/**
 * The accounts an inspector may be linked to: of a unit of the register's pair and within the
 * caller's users scope. Any other account (of another pair, outside the scope, or missing) gets
 * the same answer, so neither an id nor an import's username tells which accounts exist.
 */
const linkableUsers = (p: Principal, pairId: string) => ({ pairId, scope: scopeFilter(grantsWith(p, 'users.read'), p.userId, userScopeColumns) });

/** The caller may write to the register or plan of `cityId` (403 otherwise; 404 for a pair it is not in). */
function assertWrite(principal: Principal, pairId: string, cityId: string, permission: Permission = 'inspections.write'): void {
  grantsFor(principal, permission);
  assertPairPermission(principal, permission, pairId);
  if (!canAccess(principal.grants, permission, principal.userId, locationOf(pairId, cityId))) throw new AppError('FORBIDDEN');
}

async function checkCity(db: Executor, pairId: string, cityId: string): Promise<void> {
  if (!(await repo.cityOfPair(db, pairId, cityId))) throw fieldError('VALIDATION_FAILED', 'cityId', '城市不属于该结对');
}

function creditCodeIssue(code: string): string | null {
  const check = validateCreditCode(code);
  return check.ok ? null : `统一社会信用代码${CREDIT_CODE_REASONS[check.problem]}`;
}

// ---- entities register -------------------------------------------------------------------

export async function listEntities(ctx: ServiceContext, principal: Principal, query: z.infer<typeof EntityListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'inspections.read');
  const { rows, total } = await repo.listEntities(ctx.db, { ...filter, scope: entityScope(principal) }, pageSize, (page - 1) * pageSize);
  return { items: rows.map(presentEntity), total };
}

async function checkEntityFields(db: Executor, pairId: string, fields: { creditCode?: string; relatedUnitIds?: string[] }, prefix = ''): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (fields.creditCode !== undefined) {
    const problem = creditCodeIssue(fields.creditCode);
    if (problem) issues.push({ field: `${prefix}creditCode`, reason: problem, code: 'INVALID_CREDIT_CODE' });
  }
  if (fields.relatedUnitIds && fields.relatedUnitIds.length > 0) {
    const known = new Set((await repo.unitsOfPair(db, pairId)).map((u) => u.id));
    fields.relatedUnitIds.forEach((id, i) => {
      if (!known.has(id)) issues.push({ field: `${prefix}relatedUnitIds.${i}`, reason: '单位不存在或不属于本结对' });
    });
  }
  return issues;
}

export async function createEntity(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof EntityCreateBody>) {
  assertWrite(principal, body.pairId, body.cityId);
  await checkCity(ctx.db, body.pairId, body.cityId);
  const issues = await checkEntityFields(ctx.db, body.pairId, body);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues);
  const existing = await repo.listEntities(ctx.db, { scope: entityScope(principal), pairId: body.pairId, cityId: body.cityId, q: body.creditCode }, 1, 0);
  if (existing.rows.some((r) => r.creditCode === body.creditCode))
    throw new AppError('CONFLICT', [{ field: 'creditCode', reason: '该统一社会信用代码已在名录中' }]);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const [row] = await repo.insertEntities(tx, [
      { ...body, relatedUnitIds: [...new Set(body.relatedUnitIds)], createdAt: now, updatedAt: now, createdBy: principal.userId },
    ]);
    const out = presentEntity(row!);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_entity.create',
      entityType: 'inspection_entity',
      entityId: row!.id,
      pairId: body.pairId,
      cityId: body.cityId,
      after: out,
    });
    return out;
  });
}

async function entityFor(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findEntity(ctx.db, id, entityScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  assertWrite(principal, row.pairId, row.cityId);
  return row;
}

export async function updateEntity(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof EntityUpdateBody>) {
  const current = await entityFor(ctx, principal, id);
  const issues = await checkEntityFields(ctx.db, current.pairId, body);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues);
  if (body.creditCode !== undefined && body.creditCode !== current.creditCode) {
    const clash = await repo.listEntities(ctx.db, { scope: entityScope(principal), pairId: current.pairId, cityId: current.cityId, q: body.creditCode }, 1, 0);
    if (clash.rows.some((r) => r.creditCode === body.creditCode))
      throw new AppError('CONFLICT', [{ field: 'creditCode', reason: '该统一社会信用代码已在名录中' }]);
  }
  return ctx.db.transaction(async (tx) => {
    // The before-image as it is under the lock (another edit may have committed since the check).
    const locked = await repo.lockEntity(tx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    const patch = { ...body, ...(body.relatedUnitIds ? { relatedUnitIds: [...new Set(body.relatedUnitIds)] } : {}), updatedAt: ctx.clock() };
    const out = presentEntity(await repo.updateEntity(tx, id, patch));
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_entity.update',
      entityType: 'inspection_entity',
      entityId: id,
      pairId: current.pairId,
      cityId: current.cityId,
      before: presentEntity(locked),
      after: out,
    });
    return out;
  });
}

export async function deleteEntity(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  await entityFor(ctx, principal, id);
  await ctx.db.transaction(async (tx) => {
    // A second removal waits here and then finds nothing: 404, not a second audit entry.
    const current = await repo.lockEntity(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    await repo.deleteEntity(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_entity.delete',
      entityType: 'inspection_entity',
      entityId: id,
      pairId: current.pairId,
      cityId: current.cityId,
      before: presentEntity(current),
    });
  });
  return { ok: true as const };
}

// ---- inspectors register -----------------------------------------------------------------

export async function listInspectors(ctx: ServiceContext, principal: Principal, query: z.infer<typeof RegisterListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'inspections.read');
  const { rows, total } = await repo.listInspectors(ctx.db, { ...filter, scope: inspectorScope(principal) }, pageSize, (page - 1) * pageSize);
  return { items: rows.map(presentInspector), total };
}

async function checkInspectorFields(
  db: Executor,
  principal: Principal,
  pairId: string,
  cityId: string,
  fields: { unitId?: string; conflicts?: string[]; userId?: string | null },
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (fields.unitId !== undefined && !(await repo.unitsOfPair(db, pairId)).some((u) => u.id === fields.unitId))
    issues.push({ field: 'unitId', reason: '单位不存在或不属于本结对' });
  if (fields.conflicts && fields.conflicts.length > 0) {
    const known = new Set((await repo.entitiesOfRegister(db, pairId, cityId)).map((e) => e.id));
    fields.conflicts.forEach((id, i) => {
      if (!known.has(id)) issues.push({ field: `conflicts.${i}`, reason: '检查对象不在本名录中' });
    });
  }
  if (fields.userId && (await repo.linkableUserIds(db, linkableUsers(principal, pairId), { ids: [fields.userId] })).size === 0)
    issues.push({ field: 'userId', reason: '用户不存在' });
  return issues;
}

export async function createInspector(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof InspectorCreateBody>) {
  assertWrite(principal, body.pairId, body.cityId);
  await checkCity(ctx.db, body.pairId, body.cityId);
  const issues = await checkInspectorFields(ctx.db, principal, body.pairId, body.cityId, body);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues);
  if ((await repo.badgesOfRegister(ctx.db, body.pairId, body.cityId)).has(body.badgeNo))
    throw new AppError('CONFLICT', [{ field: 'badgeNo', reason: '该执法证号已在名录中' }]);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const [row] = await repo.insertInspectors(tx, [
      {
        ...body,
        qualifications: [...new Set(body.qualifications)],
        conflicts: [...new Set(body.conflicts)],
        createdAt: now,
        updatedAt: now,
        createdBy: principal.userId,
      },
    ]);
    const out = presentInspector((await repo.findInspector(tx, row!.id))!);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_inspector.create',
      entityType: 'inspection_inspector',
      entityId: row!.id,
      pairId: body.pairId,
      cityId: body.cityId,
      after: out,
    });
    return out;
  });
}

async function inspectorFor(ctx: ServiceContext, principal: Principal, id: string) {
  const found = await repo.findInspector(ctx.db, id, inspectorScope(principal));
  if (!found) throw new AppError('NOT_FOUND');
  assertWrite(principal, found.row.pairId, found.row.cityId);
  return found;
}

export async function updateInspector(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof InspectorUpdateBody>) {
  const current = await inspectorFor(ctx, principal, id);
  const { pairId, cityId } = current.row;
  const issues = await checkInspectorFields(ctx.db, principal, pairId, cityId, body);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues);
  if (body.badgeNo !== undefined && body.badgeNo !== current.row.badgeNo && (await repo.badgesOfRegister(ctx.db, pairId, cityId)).has(body.badgeNo))
    throw new AppError('CONFLICT', [{ field: 'badgeNo', reason: '该执法证号已在名录中' }]);
  return ctx.db.transaction(async (tx) => {
    const locked = await repo.lockInspector(tx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    await repo.updateInspector(tx, id, {
      ...body,
      ...(body.qualifications ? { qualifications: [...new Set(body.qualifications)] } : {}),
      ...(body.conflicts ? { conflicts: [...new Set(body.conflicts)] } : {}),
      updatedAt: ctx.clock(),
    });
    const out = presentInspector((await repo.findInspector(tx, id))!);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_inspector.update',
      entityType: 'inspection_inspector',
      entityId: id,
      pairId,
      cityId,
      before: presentInspector(locked),
      after: out,
    });
    return out;
  });
}

export async function deleteInspector(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  await inspectorFor(ctx, principal, id);
  await ctx.db.transaction(async (tx) => {
    // Under the lock a draw that puts the inspector on a team has committed (it is seen below) or
    // waits for this removal (and then fails on the missing inspector): never a team of a removed one.
    const current = await repo.lockInspector(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    if (await repo.inspectorOnTeam(tx, id)) throw fieldError('INVALID_STATE', 'id', '该执法人员已被抽入检查组，不能删除，可改为停用');
    await repo.deleteInspector(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_inspector.delete',
      entityType: 'inspection_inspector',
      entityId: id,
      pairId: current.row.pairId,
      cityId: current.row.cityId,
      before: presentInspector(current),
    });
  });
  return { ok: true as const };
}

// ---- .xlsx import ------------------------------------------------------------------------

/** A register's .xlsx template, its download recorded in the audit log (who took which template of which pair). */
async function registerTemplate(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  pairId: string,
  register: {
    sheet: string;
    columns: typeof ENTITY_COLUMNS | typeof INSPECTOR_COLUMNS;
    name: string;
    asciiName: string;
    entityType: 'inspection_entity' | 'inspection_inspector';
  },
): Promise<WorkbookFile> {
  assertPairPermission(principal, 'inspections.read', pairId);
  const file = { bytes: await buildTemplate(register.sheet, register.columns), name: register.name, asciiName: register.asciiName };
  await recordDownload(ctx, actor, {
    action: `${register.entityType}.template_download`,
    entityType: register.entityType,
    entityId: null,
    pairId,
    after: { file: file.name },
  });
  return file;
}

export function entityTemplate(ctx: ServiceContext, principal: Principal, actor: Actor, pairId: string): Promise<WorkbookFile> {
  return registerTemplate(ctx, principal, actor, pairId, {
    sheet: '检查对象名录',
    columns: ENTITY_COLUMNS,
    name: '检查对象名录导入模板.xlsx',
    asciiName: 'inspection-entities-template.xlsx',
    entityType: 'inspection_entity',
  });
}

export function inspectorTemplate(ctx: ServiceContext, principal: Principal, actor: Actor, pairId: string): Promise<WorkbookFile> {
  return registerTemplate(ctx, principal, actor, pairId, {
    sheet: '执法人员名录',
    columns: INSPECTOR_COLUMNS,
    name: '执法人员名录导入模板.xlsx',
    asciiName: 'inspection-inspectors-template.xlsx',
    entityType: 'inspection_inspector',
  });
}

const columnHeader = (columns: typeof ENTITY_COLUMNS, key: string) => columns.find((c) => c.key === key)?.header ?? key;

/** Units by full or short name; a name two units share is ambiguous. */
async function unitNames(db: Executor, pairId: string): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  for (const u of await repo.unitsOfPair(db, pairId)) {
    for (const name of new Set([u.name, u.shortName].filter((n): n is string => !!n))) byName.set(name, [...(byName.get(name) ?? []), u.id]);
  }
  return byName;
}

function resolveUnit(byName: Map<string, string[]>, name: string): { id: string } | { reason: string } {
  const ids = byName.get(name) ?? [];
  if (ids.length === 0) return { reason: `找不到单位“${name}”` };
  if (ids.length > 1) return { reason: `单位“${name}”不唯一，请写全称` };
  return { id: ids[0]! };
}

/**
 * Imports entities from a workbook made from the template: every row is checked (credit code,
 * grade, related units by name, duplicates in the file and in the register); one bad row refuses
 * the whole file (400 naming each row and column) and nothing is written. Otherwise every row is
 * created in one transaction with one audit entry listing them.
 */
export async function importEntities(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof RegisterImportBody>) {
  assertWrite(principal, body.pairId, body.cityId);
  await checkCity(ctx.db, body.pairId, body.cityId);
  const sheet = readSheet(await readUploadedSheet(ctx, body.fileBase64, { maxDataRows: MAX_IMPORT_ROWS }), ENTITY_COLUMNS);
  const errors: RowError[] = [...sheet.errors];
  const byName = await unitNames(ctx.db, body.pairId);
  const known = new Set((await repo.entitiesOfRegister(ctx.db, body.pairId, body.cityId)).map((e) => e.creditCode));
  const seen = new Map<string, number>();
  const prepared: { creditCode: string; name: string; creditGrade: string; industry: string; location: string; relatedUnitIds: string[] }[] = [];
  const push = (row: number, key: string, reason: string) => errors.push({ row, column: columnHeader(ENTITY_COLUMNS, key), field: key, reason });
  for (const [i, { row, cells }] of sheet.rows.entries()) {
    // 20,000 rows are checked here, on the HTTP thread: other requests get their turn between batches.
    if (i % 1000 === 999) await nextTurn();
    const creditCode = cells.creditCode!.toUpperCase();
    if (creditCode !== '') {
      const problem = creditCodeIssue(creditCode);
      if (problem) push(row, 'creditCode', problem);
      else if (known.has(creditCode)) push(row, 'creditCode', '该统一社会信用代码已在名录中');
      else if (seen.has(creditCode)) push(row, 'creditCode', `与第${seen.get(creditCode)}行重复`);
      seen.set(creditCode, seen.get(creditCode) ?? row);
    }
    const grade = cells.creditGrade!;
    if (grade !== '' && !/^[A-Za-z0-9+-]{1,8}$/.test(grade)) push(row, 'creditGrade', '信用等级只能由字母、数字、+、- 组成，最多8个字符');
    for (const key of ['name', 'industry', 'location'] as const) if (cells[key]!.length > 200) push(row, key, '最多200字');
    const relatedUnitIds: string[] = [];
    for (const name of splitList(cells.relatedUnitIds!)) {
      const unit = resolveUnit(byName, name);
      if ('reason' in unit) push(row, 'relatedUnitIds', unit.reason);
      else relatedUnitIds.push(unit.id);
    }
    prepared.push({
      creditCode,
      name: cells.name!,
      creditGrade: grade,
      industry: cells.industry!,
      location: cells.location!,
      relatedUnitIds: [...new Set(relatedUnitIds)],
    });
  }
  if (errors.length > 0) throw rowsError(errors, '检查对象');
  if (prepared.length === 0) throw new AppError('VALIDATION_FAILED', [{ field: 'fileBase64', reason: '文件中没有数据行' }]);
  if (body.dryRun) return { dryRun: true, rows: prepared.length, created: 0 };
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const rows = await repo.insertEntities(
      tx,
      prepared.map((p) => ({ ...p, pairId: body.pairId, cityId: body.cityId, createdAt: now, updatedAt: now, createdBy: principal.userId })),
    );
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_entity.import',
      entityType: 'inspection_entity',
      entityId: null,
      pairId: body.pairId,
      cityId: body.cityId,
      after: { created: rows.length, entities: rows.map((r) => ({ id: r.id, creditCode: r.creditCode, name: r.name, creditGrade: r.creditGrade })) },
    });
    return { dryRun: false, rows: rows.length, created: rows.length };
  });
}

/** Imports inspectors the same way: units by name, conflicts by the entities' credit codes, accounts by username. */
export async function importInspectors(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof RegisterImportBody>) {
  assertWrite(principal, body.pairId, body.cityId);
  await checkCity(ctx.db, body.pairId, body.cityId);
  const sheet = readSheet(await readUploadedSheet(ctx, body.fileBase64, { maxDataRows: MAX_IMPORT_ROWS }), INSPECTOR_COLUMNS);
  const errors: RowError[] = [...sheet.errors];
  const byName = await unitNames(ctx.db, body.pairId);
  const entityByCode = new Map((await repo.entitiesOfRegister(ctx.db, body.pairId, body.cityId)).map((e) => [e.creditCode, e.id]));
  const badges = await repo.badgesOfRegister(ctx.db, body.pairId, body.cityId);
  const usernames = [...new Set(sheet.rows.map((r) => r.cells.userId!).filter((u) => u !== ''))];
  const userByName = await repo.linkableUserIds(ctx.db, linkableUsers(principal, body.pairId), { usernames });
  const seen = new Map<string, number>();
  const prepared: { badgeNo: string; name: string; unitId: string; qualifications: string[]; conflicts: string[]; userId: string | null }[] = [];
  const push = (row: number, key: string, reason: string) => errors.push({ row, column: columnHeader(INSPECTOR_COLUMNS, key), field: key, reason });
  for (const [i, { row, cells }] of sheet.rows.entries()) {
    // 20,000 rows are checked here, on the HTTP thread: other requests get their turn between batches.
    if (i % 1000 === 999) await nextTurn();
    const badgeNo = cells.badgeNo!;
    if (badgeNo !== '') {
      if (badges.has(badgeNo)) push(row, 'badgeNo', '该执法证号已在名录中');
      else if (seen.has(badgeNo)) push(row, 'badgeNo', `与第${seen.get(badgeNo)}行重复`);
      seen.set(badgeNo, seen.get(badgeNo) ?? row);
    }
    let unitId = '';
    if (cells.unitId !== '') {
      const unit = resolveUnit(byName, cells.unitId!);
      if ('reason' in unit) push(row, 'unitId', unit.reason);
      else unitId = unit.id;
    }
    const conflicts: string[] = [];
    for (const code of splitList(cells.conflicts!.toUpperCase())) {
      const id = entityByCode.get(code);
      if (id) conflicts.push(id);
      else push(row, 'conflicts', `统一社会信用代码为 ${code} 的主体不在本名录中`);
    }
    const username = cells.userId!;
    const userId = username === '' ? null : (userByName.get(username) ?? null);
    if (username !== '' && userId === null) push(row, 'userId', `找不到用户名为“${username}”的账号`);
    prepared.push({
      badgeNo,
      name: cells.name!,
      unitId,
      qualifications: [...new Set(splitList(cells.qualifications!))],
      conflicts: [...new Set(conflicts)],
      userId,
    });
  }
  if (errors.length > 0) throw rowsError(errors, '执法人员');
  if (prepared.length === 0) throw new AppError('VALIDATION_FAILED', [{ field: 'fileBase64', reason: '文件中没有数据行' }]);
  if (body.dryRun) return { dryRun: true, rows: prepared.length, created: 0 };
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const rows = await repo.insertInspectors(
      tx,
      prepared.map((p) => ({ ...p, pairId: body.pairId, cityId: body.cityId, createdAt: now, updatedAt: now, createdBy: principal.userId })),
    );
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_inspector.import',
      entityType: 'inspection_inspector',
      entityId: null,
      pairId: body.pairId,
      cityId: body.cityId,
      after: { created: rows.length, inspectors: rows.map((r) => ({ id: r.id, badgeNo: r.badgeNo, name: r.name, unitId: r.unitId })) },
    });
    return { dryRun: false, rows: rows.length, created: rows.length };
  });
}

// ---- plans -------------------------------------------------------------------------------

/**
 * The ratios a plan draws with: one per grade of its scale, defaults A 3 %, B 5 %, C 10 %, D 20 %
 * (docs/domain.md; DEFAULT_DRAW_RATIOS_PERCENT) for grades the request leaves out.
 */
function resolveRatios(grades: readonly string[], given: Record<string, string> | undefined): Record<string, string> {
  const issues: FieldIssue[] = [];
  if (new Set(grades).size !== grades.length) issues.push({ field: 'grades', reason: '信用等级不能重复' });
  const ratios: Record<string, string> = {};
  for (const grade of grades) {
    // Object.hasOwn: a grade may be any short word, `toString` too, which every object inherits.
    const ratio =
      given && Object.hasOwn(given, grade)
        ? given[grade]
        : Object.hasOwn(DEFAULT_DRAW_RATIOS_PERCENT, grade)
          ? String(DEFAULT_DRAW_RATIOS_PERCENT[grade])
          : undefined;
    if (ratio === undefined) issues.push({ field: `ratiosPercent.${grade}`, reason: `请填写等级 ${grade} 的抽取比例` });
    else {
      try {
        drawCountForGrade(0, ratio);
        ratios[grade] = ratio;
      } catch {
        issues.push({ field: `ratiosPercent.${grade}`, reason: '抽取比例应为 0–100 之间、最多4位小数的百分数' });
      }
    }
  }
  for (const key of Object.keys(given ?? {}))
    if (!grades.includes(key)) issues.push({ field: `ratiosPercent.${key}`, reason: `等级 ${key} 不在本计划的等级序列中` });
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues);
  return ratios;
}

async function checkPreviousPlan(db: Executor, previousPlanId: string | null, pairId: string, cityId: string, selfId?: string): Promise<void> {
  if (previousPlanId === null) return;
  const previous = await repo.findPlan(db, previousPlanId);
  if (!previous || previous.pairId !== pairId || previous.cityId !== cityId || previous.id === selfId)
    throw fieldError('VALIDATION_FAILED', 'previousPlanId', '上一计划不存在或不属于本城市');
  if (previous.status !== 'drawn' && previous.status !== 'published') throw fieldError('VALIDATION_FAILED', 'previousPlanId', '上一计划尚未抽取');
}

async function planDetail(db: Executor, row: repo.PlanRow, principal: Principal) {
  const list = await repo.inspectionsOf(db, row.id);
  const writer = canAccess(principal.grants, 'inspections.write', principal.userId, locationOf(row.pairId, row.cityId));
  const recorder = recordsInPair(principal, row.pairId);
  const canRecord =
    row.status === 'drawn' || row.status === 'published'
      ? list.filter((i) => writer || (recorder && i.team.some((m) => m.userId === principal.userId))).map((i) => i.row.id)
      : [];
  return { ...presentPlan(row), inspections: list.map(presentInspection), canRecord };
}

export async function listPlans(ctx: ServiceContext, principal: Principal, query: z.infer<typeof PlanListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'inspections.read');
  const { rows, total } = await repo.listPlans(ctx.db, { ...filter, scope: planScope(principal) }, pageSize, (page - 1) * pageSize);
  return { items: rows.map(presentPlan), total };
}

export async function getPlan(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findPlan(ctx.db, id, planScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return planDetail(ctx.db, row, principal);
}

export async function createPlan(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof PlanCreateBody>) {
  assertWrite(principal, body.pairId, body.cityId);
  await checkCity(ctx.db, body.pairId, body.cityId);
  const ratiosPercent = resolveRatios(body.grades, body.ratiosPercent);
  await checkPreviousPlan(ctx.db, body.previousPlanId, body.pairId, body.cityId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const row = await repo.insertPlan(tx, { ...body, ratiosPercent, status: 'draft', createdAt: now, updatedAt: now, createdBy: principal.userId });
    const out = await planDetail(tx, row, principal);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_plan.create',
      entityType: 'inspection_plan',
      entityId: row.id,
      pairId: row.pairId,
      cityId: row.cityId,
      after: presentPlan(row),
    });
    return out;
  });
}

/** A plan the caller can see (else 404) and write (else 403). */
async function planFor(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await repo.findPlan(ctx.db, id, planScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  assertWrite(principal, row.pairId, row.cityId);
  return row;
}

/**
 * Inside the transaction: the plan locked, in one of `statuses` (else 409 naming the status), as
 * it is now. `seen` is the plan as read before the transaction: if it was in one of `statuses`
 * then, another request changed it since (two draws at once): 409 STALE_STATE.
 */
async function lockInStatus(tx: Executor, id: string, statuses: readonly string[], reason: string, seen: repo.PlanRow): Promise<repo.PlanRow> {
  const row = await repo.lockPlan(tx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!statuses.includes(row.status)) {
    if (statuses.includes(seen.status)) throw new AppError('STALE_STATE', [{ field: 'status', reason }]);
    throw fieldError('INVALID_STATE', 'status', reason);
  }
  return row;
}

const UNFROZEN = {
  status: 'draft',
  fixedValue: null,
  fixedValueHash: null,
  fixedValueSource: null,
  entitiesDigest: null,
  inspectorsDigest: null,
  previousInspectionsDigest: null,
  entityCount: null,
  inspectorCount: null,
  fixedAt: null,
} as const;

/** Edits a plan not yet drawn; editing a fixed plan unfreezes it (it must be fixed again before the draw). */
export async function updatePlan(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof PlanUpdateBody>) {
  const seen = await planFor(ctx, principal, id);
  if (body.previousPlanId !== undefined) await checkPreviousPlan(ctx.db, body.previousPlanId, seen.pairId, seen.cityId, id);
  return ctx.db.transaction(async (tx) => {
    // Merged with the plan as it is under the lock: another edit may have changed its grades.
    const current = await lockInStatus(tx, id, ['draft', 'fixed'], '计划已抽取，不能再修改', seen);
    const grades = body.grades ?? current.grades;
    const ratiosPercent =
      body.grades || body.ratiosPercent
        ? resolveRatios(grades, body.ratiosPercent ?? (body.grades ? undefined : current.ratiosPercent))
        : current.ratiosPercent;
    const row = await repo.updatePlan(tx, id, { ...body, grades, ratiosPercent, ...UNFROZEN, updatedAt: ctx.clock() });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_plan.update',
      entityType: 'inspection_plan',
      entityId: id,
      pairId: row.pairId,
      cityId: row.cityId,
      before: presentPlan(current),
      after: presentPlan(row),
    });
    return planDetail(tx, row, principal);
  });
}

/** The plan's scope over the register. */
function inScope(plan: repo.PlanRow, entity: repo.EntityRow): boolean {
  const { grades, industries, locations } = plan.scope;
  return (
    (!grades || grades.length === 0 || grades.includes(entity.creditGrade)) &&
    (!industries || industries.length === 0 || industries.includes(entity.industry)) &&
    (!locations || locations.length === 0 || locations.includes(entity.location))
  );
}

/** An entity's id in the frozen lists: `E` + its register number (see the schema). */
const frozenId = (seq: number) => `E${seq}`;
const frozenEntity = (e: repo.EntityRow): SupervisedEntity => ({
  id: frozenId(e.seq),
  creditCode: e.creditCode,
  name: e.name,
  creditGrade: e.creditGrade,
  industry: e.industry,
  location: e.location,
  relatedUnitIds: [...e.relatedUnitIds].sort(),
});
/** An inspector as frozen: its conflicts as the frozen ids of the entities (those still in the register). */
const frozenInspector = (i: repo.InspectorRow, seqOf: ReadonlyMap<string, number>): Inspector => ({
  id: i.id,
  name: i.name,
  unitId: i.unitId,
  qualifications: [...i.qualifications].sort(),
  conflicts: i.conflicts.flatMap((id) => (seqOf.has(id) ? [frozenId(seqOf.get(id)!)] : [])).sort(),
});

/**
 * Fixes the plan: the entities in its scope and the active inspectors are frozen (stored as the
 * engine's canonical records, sorted by id) and digested (SHA-256, entitiesDigest/inspectorsDigest),
 * the previous plan's teams are frozen as the avoidance input, and the value fixed before the draw
 * is committed: the office's public value, or else a random nonce of 32 bytes; its SHA-256 is
 * shown from now on, the value itself once drawn. Fixing again re-freezes with a new value.
 */
export async function fixPlan(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof PlanFixBody>) {
  const seen = await planFor(ctx, principal, id);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockInStatus(tx, id, ['draft', 'fixed'], '计划已抽取，不能再固定', seen);
    const register = await repo.entitiesOfRegister(tx, plan.pairId, plan.cityId);
    const entities = register.filter((e) => inScope(plan, e)).map(frozenEntity);
    if (entities.length === 0) throw fieldError('VALIDATION_FAILED', 'scope', '检查范围内没有检查对象');
    const seqOf = new Map(register.map((e) => [e.id, e.seq]));
    const inspectors = (await repo.activeInspectorsOfRegister(tx, plan.pairId, plan.cityId)).map((i) => frozenInspector(i, seqOf));
    if (inspectors.length < plan.teamSize)
      throw fieldError('VALIDATION_FAILED', 'teamSize', `执法人员名录仅 ${inspectors.length} 名在岗人员，不足 ${plan.teamSize} 人`);
    const previous: PreviousInspection[] = plan.previousPlanId ? await repo.teamPairsOf(tx, plan.previousPlanId) : [];
    const fixedValue = body.fixedValue ?? randomBytes(32).toString('hex');
    await repo.saveDrawInputs(tx, {
      planId: id,
      entities: JSON.stringify(entities),
      inspectors: JSON.stringify(inspectors),
      previousInspections: JSON.stringify(previous),
    });
    const now = ctx.clock();
    const row = await repo.updatePlan(tx, id, {
      status: 'fixed',
      fixedValue,
      fixedValueHash: sha256(fixedValue),
      fixedValueSource: body.fixedValue === undefined ? 'nonce' : 'office',
      entitiesDigest: entitiesDigest(entities),
      inspectorsDigest: inspectorsDigest(inspectors),
      previousInspectionsDigest: previousInspectionsDigest(previous),
      entityCount: entities.length,
      inspectorCount: inspectors.length,
      fixedAt: now,
      updatedAt: now,
    });
    const { fixedValue: _hidden, ...after } = presentPlan(row);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_plan.fix',
      entityType: 'inspection_plan',
      entityId: id,
      pairId: row.pairId,
      cityId: row.cityId,
      before: { status: plan.status },
      after,
    });
    return planDetail(tx, row, principal);
  });
}

function drawInputOf(plan: repo.PlanRow, frozen: NonNullable<Awaited<ReturnType<typeof repo.drawInputsOf>>>): DrawInput {
  return {
    planId: plan.id,
    fixedValue: plan.fixedValue!,
    entities: JSON.parse(frozen.entities) as SupervisedEntity[],
    inspectors: JSON.parse(frozen.inspectors) as Inspector[],
    previousInspections: JSON.parse(frozen.previousInspections) as PreviousInspection[],
    grades: plan.grades,
    ratiosPercent: plan.ratiosPercent,
    teamSize: plan.teamSize,
    requiredQualification: plan.requiredQualification,
  };
}

/** The draw of a plan as the work pool takes it: the frozen inputs still as their stored JSON text. */
export function drawJobOf(plan: repo.PlanRow, frozen: { entities: string; inspectors: string; previousInspections: string }): DrawJob {
  return {
    planId: plan.id,
    fixedValue: plan.fixedValue!,
    entitiesJson: frozen.entities,
    inspectorsJson: frozen.inspectors,
    previousInspectionsJson: frozen.previousInspections,
    grades: plan.grades,
    ratiosPercent: plan.ratiosPercent,
    teamSize: plan.teamSize,
    requiredQualification: plan.requiredQualification,
  };
}

/** Whether the plan is still frozen as it was when `before` was read (fixing again changes the time, value and digests). */
const sameFreeze = (a: repo.PlanRow, before: repo.PlanRow) =>
  a.fixedAt?.getTime() === before.fixedAt?.getTime() &&
  a.fixedValue === before.fixedValue &&
  a.entitiesDigest === before.entitiesDigest &&
  a.inspectorsDigest === before.inspectorsDigest &&
  a.previousInspectionsDigest === before.previousInspectionsDigest;

const NOT_FIXED = '计划须先固定名录再抽取，且只能抽取一次';

/**
 * Runs the draw from the frozen inputs. An incomplete draw (a team impossible under the avoidance
 * rules, entities of a grade outside the scale) stores nothing and answers 409 DRAW_IMPOSSIBLE
 * naming each entity and why; a complete one stores the result, the seed and one inspection per
 * drawn entity with its team, in one transaction. The draw itself (seconds at reference size)
 * runs on the work pool before the transaction, which then checks on the locked plan that it is
 * still fixed as it was (else 409: drawn meanwhile, or fixed again).
 */
export async function drawPlan(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const before = await planFor(ctx, principal, id);
  if (before.status !== 'fixed') throw fieldError('INVALID_STATE', 'status', NOT_FIXED);
  const frozen = await repo.drawInputsOf(ctx.db, id);
  if (!frozen) throw fieldError('INVALID_STATE', 'status', '计划的名录尚未固定');
  const result = await ctx.work.run('draw.run', drawJobOf(before, frozen));
  return ctx.db.transaction(async (tx) => {
    const plan = await lockInStatus(tx, id, ['fixed'], NOT_FIXED, before);
    if (!sameFreeze(plan, before)) throw new AppError('STALE_STATE', [{ field: 'status', reason: '计划在抽取期间被重新固定，请重新抽取' }]);
    if (!result.complete) {
      const details = result.problems.map((p) =>
        p.code === 'TEAM_IMPOSSIBLE'
          ? { field: `entities.${p.entityId}`, reason: p.message, code: p.code }
          : { field: `grades.${p.grade}`, reason: p.message, code: p.code },
      );
      throw new AppError('DRAW_IMPOSSIBLE', details, `抽取无法完成：${details[0]!.reason}${details.length > 1 ? `（共 ${details.length} 个问题）` : ''}`);
    }
    const teamOf = new Map(result.teams.map((t) => [t.entityId, t]));
    const rows = result.selected.map((s) => ({
      inspection: {
        planId: id,
        position: s.order,
        entityId: s.entityId,
        creditCode: s.creditCode,
        entityName: s.name,
        creditGrade: s.creditGrade,
        status: 'pending',
      },
      inspectorIds: teamOf.get(s.entityId)!.inspectorIds,
    }));
    await repo.insertInspections(tx, rows);
    await repo.saveDrawResult(tx, id, result);
    const now = ctx.clock();
    const row = await repo.updatePlan(tx, id, { status: 'drawn', seed: result.seed, drawnAt: now, updatedAt: now });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_plan.draw',
      entityType: 'inspection_plan',
      entityId: id,
      pairId: row.pairId,
      cityId: row.cityId,
      before: { status: 'fixed' },
      after: {
        status: 'drawn',
        algorithm: result.algorithm,
        seed: result.seed,
        fixedValue: result.fixedValue,
        entitiesDigest: result.entitiesDigest,
        inspectorsDigest: result.inspectorsDigest,
        gradeCounts: result.gradeCounts,
        teams: result.teams,
      },
    });
    return planDetail(tx, row, principal);
  });
}

/** Publishes a drawn plan: plan, inputs and result (and the findings as they come) become public. */
export async function publishPlan(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const seen = await planFor(ctx, principal, id);
  return ctx.db.transaction(async (tx) => {
    await lockInStatus(tx, id, ['drawn'], '只有已抽取且未公开的计划才能公开', seen);
    const now = ctx.clock();
    const row = await repo.updatePlan(tx, id, { status: 'published', publishedAt: now, updatedAt: now });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection_plan.publish',
      entityType: 'inspection_plan',
      entityId: id,
      pairId: row.pairId,
      cityId: row.cityId,
      before: { status: 'drawn' },
      after: { status: 'published', publishedAt: now.toISOString() },
    });
    return planDetail(tx, row, principal);
  });
}

/**
 * Records an inspection's findings: by a member of its team (the inspector's platform account),
 * or by the office on the team's behalf; the plan must be drawn. Findings are recorded once: they
 * are published as the inspection's result, so a second recording is refused (409 naming it).
 */
export async function recordFindings(ctx: ServiceContext, principal: Principal, actor: Actor, inspectionId: string, body: z.infer<typeof FindingsBody>) {
  // The inspection is found through its plan in the caller's scope first: one it cannot see is 404 for every role.
  const inspection = await repo.findInspection(ctx.db, inspectionId);
  const plan = inspection ? await repo.findPlan(ctx.db, inspection.planId, planScope(principal)) : undefined;
  if (!inspection || !plan) throw new AppError('NOT_FOUND');
  const writer = canAccess(principal.grants, 'inspections.write', principal.userId, locationOf(plan.pairId, plan.cityId));
  const member = recordsInPair(principal, plan.pairId) && (await repo.teamUserIds(ctx.db, inspectionId)).includes(principal.userId);
  if (!writer && !member) throw new AppError('FORBIDDEN', [{ field: 'id', reason: '只有检查组成员可以录入检查结果' }], '只有检查组成员可以录入检查结果');
  if (body.inspectedOn < (plan.drawnAt ?? plan.createdAt).toISOString().slice(0, 10))
    throw fieldError('VALIDATION_FAILED', 'inspectedOn', '检查日期不能早于抽取日期');
  return ctx.db.transaction(async (tx) => {
    // Findings of a plan's inspections are written under the plan's lock: the before-image is
    // read under it, so two recordings at once each audit what the other left.
    await lockInStatus(tx, plan.id, ['drawn', 'published'], '计划尚未抽取', plan);
    const previous = await repo.findInspection(tx, inspectionId);
    if (!previous) throw new AppError('NOT_FOUND');
    if (previous.status === 'done') throw fieldError('INVALID_STATE', 'status', `该检查已于${previous.inspectedOn ?? ''}录入结果，不能重复录入`);
    const now = ctx.clock();
    await repo.updateInspection(tx, inspectionId, { ...body, status: 'done', recordedBy: principal.userId, recordedAt: now });
    const after = (await repo.inspectionsOf(tx, plan.id)).find((i) => i.row.id === inspectionId)!;
    await recordAudit(tx, ctx.clock, actor, {
      action: 'inspection.findings',
      entityType: 'inspection',
      entityId: inspectionId,
      pairId: plan.pairId,
      cityId: plan.cityId,
      before: { status: previous.status, outcome: previous.outcome, findings: previous.findings, inspectedOn: previous.inspectedOn },
      after: presentInspection(after),
    });
    return presentInspection(after);
  });
}

// ---- public (no login) -------------------------------------------------------------------

export async function publicPlans(ctx: ServiceContext, page: number, pageSize: number) {
  const rows = await repo.publishedPlans(ctx.db, pageSize, (page - 1) * pageSize);
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, cityName: r.cityName, publishedAt: r.publishedAt!.toISOString(), inspections: r.inspections })),
    total: rows[0]?.total ?? 0,
  };
}

async function publishedPlan(ctx: ServiceContext, id: string) {
  const plan = await repo.findPlan(ctx.db, id);
  if (plan?.status !== 'published') throw new AppError('NOT_FOUND');
  const frozen = await repo.drawInputsOf(ctx.db, id);
  if (!frozen?.result) throw new AppError('NOT_FOUND');
  return { plan, frozen, result: frozen.result as DrawResult };
}

/**
 * The public page of a published plan. It shows the result's grade counts only, so only those
 * are read: the frozen register behind them can be a hundred MB, and the page is anonymous.
 */
export async function publicPlan(ctx: ServiceContext, id: string) {
  const plan = await repo.findPlan(ctx.db, id);
  const result = plan?.status === 'published' ? await repo.drawResultSummary(ctx.db, id) : undefined;
  if (!plan || !result) throw new AppError('NOT_FOUND');
  const { createdAt: _c, updatedAt: _u, ...out } = presentPlan(plan);
  return {
    ...out,
    cityName: await repo.cityName(ctx.db, plan.cityId),
    inspections: (await repo.inspectionsOf(ctx.db, id)).map(presentInspection),
    gradeCounts: result.gradeCounts as DrawResult['gradeCounts'],
    algorithm: result.algorithm,
  };
}

/** Everything needed to re-run the draw, and its stored result: what `duikou draw verify` reads. */
export async function publicDrawInputs(ctx: ServiceContext, id: string): Promise<z.infer<typeof PublishedDrawOut>> {
  const { plan, frozen, result } = await publishedPlan(ctx, id);
  // The engine's types are read-only views of the same JSON the schema describes.
  return {
    input: drawInputOf(plan, frozen) as z.infer<typeof PublishedDrawOut>['input'],
    result: result as z.infer<typeof PublishedDrawOut>['result'],
    fixedValueHash: plan.fixedValueHash,
  };
}
