import { randomUUID } from 'node:crypto';
import { adminDivisionLevel, canAccess, type UnitType, validateCreditCode } from '@duikou/domain';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { units, users } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, assertRecordAccess, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { userScopeColumns } from '../users/users.repository.js';
import { presentUnit } from './units.presenter.js';
import * as repo from './units.repository.js';
import type { UnitCreateBody, UnitListQuery, UnitUpdateBody } from './units.schema.js';

export type UnitDirectory = ReadonlyMap<string, { name: string; cityId: string; sortOrder: number }>;

/**
 * Every unit of a pair by id, kept in the read cache until the pair changes: lists that name
 * units (a page of tasks) look names up here instead of joining units for every row.
 */
export async function unitDirectory(ctx: ServiceContext, pairId: string): Promise<UnitDirectory> {
  return ctx.cache.get(
    `unit-directory:${pairId}`,
    async () => new Map((await repo.unitNamesOfPair(ctx.db, pairId)).map((u) => [u.id, { name: u.name, cityId: u.cityId, sortOrder: u.sortOrder }])),
    { tags: [changed.pair(pairId)], bytes: (directory) => 64 + directory.size * 256 },
  );
}

const CREDIT_CODE_REASONS = { length: '应为18位', charset: '含有不允许的字符（不使用 I、O、Z、S、V）', checksum: '校验码不正确' } as const;

function readScope(principal: Principal) {
  return scopeFilter(grantsWith(principal, 'units.read'), principal.userId, repo.unitScopeColumns);
}

function assertCanWrite(principal: Principal, unit: Pick<repo.UnitRow, 'id' | 'pairId' | 'cityId' | 'path'>): void {
  const grants = grantsFor(principal, 'units.write');
  const location = { pairId: unit.pairId, cityId: unit.cityId, unitId: unit.id, unitPath: unit.path, ownerId: null };
  if (!canAccess(grants, 'units.write', principal.userId, location)) throw new AppError('FORBIDDEN');
}

/** Type-specific rules: GB/T 2260 codes only for districts and counties and inside the city; credit codes checked. */
function assertCodes(type: UnitType, cityCode: string, adminCode: string | null | undefined, creditCode: string | null | undefined): void {
  if (adminCode) {
    if (type !== 'district' && type !== 'county') {
      throw fieldError('INVALID_ADMIN_CODE', 'adminCode', '只有区、县（市、区）单位可以填写行政区划代码');
    }
    if (adminDivisionLevel(adminCode) !== 'county' || !adminCode.startsWith(cityCode)) {
      throw fieldError('INVALID_ADMIN_CODE', 'adminCode', `不是本市（${cityCode}）的县级行政区划代码（GB/T 2260）`);
    }
  }
  if (creditCode) {
    const verdict = validateCreditCode(creditCode);
    if (!verdict.ok) throw fieldError('INVALID_CREDIT_CODE', 'creditCode', `统一社会信用代码${CREDIT_CODE_REASONS[verdict.problem]}`);
  }
}

export async function listUnits(ctx: ServiceContext, principal: Principal, query: z.infer<typeof UnitListQuery>) {
  const { page, pageSize, ...filter } = query;
  grantsFor(principal, 'units.read');
  const { rows, total } = await repo.listUnits(ctx.db, { ...filter, scope: readScope(principal) }, pageSize, (page - 1) * pageSize);
  return { items: rows.map(presentUnit), total };
}

export async function getUnit(ctx: ServiceContext, principal: Principal, id: string) {
  const unit = await repo.findUnit(ctx.db, id, readScope(principal));
  if (!unit) throw new AppError('NOT_FOUND');
  return presentUnit(unit);
}

export async function createUnit(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof UnitCreateBody>) {
  const city = await repo.findCity(ctx.db, body.cityId);
  // A city of a pair the caller is not in is as unknown as a missing one.
  if (!city || !readsPair(principal, 'units.read', city.pairId)) throw fieldError('VALIDATION_FAILED', 'cityId', '城市不存在');
  let parentPath = '/';
  if (body.parentId) {
    const parent = await repo.findUnit(ctx.db, body.parentId, readScope(principal));
    if (!parent) throw fieldError('VALIDATION_FAILED', 'parentId', '上级单位不存在');
    if (parent.cityId !== city.id) throw fieldError('VALIDATION_FAILED', 'parentId', '上级单位必须属于同一城市');
    parentPath = parent.path;
  }
  assertCodes(body.type, city.code, body.adminCode, body.creditCode);
  const id = randomUUID();
  const row = {
    id,
    pairId: city.pairId,
    cityId: city.id,
    parentId: body.parentId ?? null,
    path: `${parentPath}${id}/`,
    type: body.type,
    name: body.name,
    shortName: body.shortName ?? null,
    adminCode: body.adminCode ?? null,
    creditCode: body.creditCode ?? null,
    sortOrder: body.sortOrder ?? 0,
    createdBy: principal.userId,
  };
  assertCanWrite(principal, row);
  if (await repo.findUnitByName(ctx.db, city.id, body.name)) throw fieldError('CONFLICT', 'name', '本市已有同名单位');
  const unit = await ctx.db.transaction(async (tx) => {
    if (body.parentId) {
      // The parent's path as it is now: a move of the parent (or above) commits before or waits.
      await repo.lockUnitTree(tx, city.id, 'grow');
      const parent = await repo.findUnit(tx, body.parentId, readScope(principal));
      if (!parent) throw fieldError('VALIDATION_FAILED', 'parentId', '上级单位不存在');
      row.path = `${parent.path}${id}/`;
      assertCanWrite(principal, row);
    }
    const inserted = await repo.insertUnit(tx, { ...row, createdAt: ctx.clock(), updatedAt: ctx.clock() });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'unit.create',
      entityType: 'unit',
      entityId: id,
      pairId: inserted.pairId,
      cityId: inserted.cityId,
      after: presentUnit(inserted),
    });
    return inserted;
  });
  return presentUnit(unit);
}

/** Where a unit moved under `parentId` (null: to the top) would sit; refuses a missing parent, another city's, or a cycle. */
async function pathUnder(db: Executor, principal: Principal, unit: repo.UnitRow, parentId: string | null): Promise<string> {
  let parentPath = '/';
  if (parentId !== null) {
    const parent = await repo.findUnit(db, parentId, readScope(principal));
    if (!parent) throw fieldError('VALIDATION_FAILED', 'parentId', '上级单位不存在');
    if (parent.cityId !== unit.cityId) throw fieldError('VALIDATION_FAILED', 'parentId', '上级单位必须属于同一城市');
    if (parent.path.startsWith(unit.path)) throw fieldError('INVALID_STATE', 'parentId', '不能把单位移到它自己或它的下级单位之下');
    parentPath = parent.path;
  }
  const newPath = `${parentPath}${unit.id}/`;
  assertCanWrite(principal, { ...unit, path: newPath });
  return newPath;
}

export async function updateUnit(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof UnitUpdateBody>) {
  const seen = await repo.findUnit(ctx.db, id, readScope(principal));
  if (!seen) throw new AppError('NOT_FOUND');
  assertRecordAccess(principal, 'units.write', { pairId: seen.pairId, cityId: seen.cityId, unitId: seen.id, unitPath: seen.path, ownerId: null });
  const city = await repo.findCity(ctx.db, seen.cityId);
  const type = body.type ?? (seen.type as UnitType);
  assertCodes(type, city!.code, body.adminCode === undefined ? seen.adminCode : body.adminCode, body.creditCode);
  const moving = body.parentId !== undefined && body.parentId !== seen.parentId;
  if (moving) await pathUnder(ctx.db, principal, seen, body.parentId ?? null);
  if (body.headUserId) {
    // The head must be an active account of the same pair (a unit of the pair, or a deployment-wide
    // account) that the caller can see: an account outside its users scope is as unknown as a missing one.
    const [head] = await ctx.db
      .select({ status: users.status, pairId: units.pairId })
      .from(users)
      .leftJoin(units, eq(units.id, users.unitId))
      .where(and(eq(users.id, body.headUserId), scopeFilter(grantsWith(principal, 'users.read'), principal.userId, userScopeColumns)));
    if (head?.status !== 'active' || (head.pairId !== null && head.pairId !== seen.pairId)) {
      throw fieldError('VALIDATION_FAILED', 'headUserId', '负责人须为本结对城市的有效用户');
    }
  }
  if (body.name && body.name !== seen.name) {
    const other = await repo.findUnitByName(ctx.db, seen.cityId, body.name);
    if (other && other.id !== seen.id) throw fieldError('CONFLICT', 'name', '本市已有同名单位');
  }
  const updated = await ctx.db.transaction(async (tx) => {
    // A move is decided on the tree as it is under the city's lock: the unit's and the new
    // parent's paths are read there, so two moves at once cannot make a cycle or re-root a
    // subtree from a path that has just changed. Every change is audited against the unit as
    // it is under its own lock (disabled twice at once: one 'unit.disable').
    if (moving) await repo.lockUnitTree(tx, seen.cityId, 'move');
    const unit = await repo.lockUnit(tx, id, readScope(principal));
    if (!unit) throw new AppError('NOT_FOUND');
    assertCanWrite(principal, unit);
    const newPath = moving && body.parentId !== unit.parentId ? await pathUnder(tx, principal, unit, body.parentId ?? null) : unit.path;
    if (newPath !== unit.path) await repo.movePaths(tx, unit.path, newPath);
    const row = await repo.updateUnit(tx, unit.id, { ...body, updatedAt: ctx.clock() });
    await recordAudit(tx, ctx.clock, actor, {
      action: body.disabled === true && !unit.disabled ? 'unit.disable' : 'unit.update',
      entityType: 'unit',
      entityId: unit.id,
      pairId: unit.pairId,
      cityId: unit.cityId,
      before: presentUnit(unit),
      after: presentUnit(row),
    });
    return row;
  });
  return presentUnit(updated);
}
