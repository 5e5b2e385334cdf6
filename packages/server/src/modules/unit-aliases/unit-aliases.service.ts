import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { AppError, issuesError } from '../../http/errors.js';
import { type Actor, assertPairPermission, type Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './unit-aliases.repository.js';
import type { UnitAliasBody, UnitAliasOut, UnitAliasQuery } from './unit-aliases.schema.js';

type AliasOut = z.infer<typeof UnitAliasOut>;

function presentAlias(row: repo.UnitAliasRow, names: ReadonlyMap<string, string>): AliasOut {
  return {
    id: row.id,
    pairId: row.pairId,
    alias: row.alias,
    // A unit removed from the pair since drops out of the mapping's names rather than showing an id.
    units: row.unitIds.flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAliases(ctx: ServiceContext, principal: Principal, query: z.infer<typeof UnitAliasQuery>) {
  assertPairPermission(principal, 'plans.read', query.pairId);
  const rows = await repo.listAliases(ctx.db, query.pairId);
  const names = await repo.unitNamesIn(ctx.db, query.pairId, [...new Set(rows.flatMap((row) => row.unitIds))]);
  return { items: rows.map((row) => presentAlias(row, names)), total: rows.length };
}

/**
 * Maps a written name to units of the pair (the office's answer to an unresolved or ambiguous
 * name of an imported plan); saving the same name again replaces its units.
 */
export async function saveAlias(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof UnitAliasBody>) {
  assertPairPermission(principal, 'plans.write', body.pairId);
  const names = await repo.unitNamesIn(ctx.db, body.pairId, body.unitIds);
  const foreign = body.unitIds.flatMap((id, index) => (names.has(id) ? [] : [{ field: `unitIds.${index}`, reason: '不是本结对城市的单位' }]));
  if (foreign.length > 0) throw issuesError('VALIDATION_FAILED', foreign);
  const now = ctx.clock();
  const saved = await ctx.db.transaction(async (tx) => {
    const before = await repo.lockAliasByName(tx, body.pairId, body.alias);
    const row = await repo.upsertAlias(tx, {
      pairId: body.pairId,
      alias: body.alias,
      unitIds: body.unitIds,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'unit_alias.save',
      entityType: 'unit_alias',
      entityId: row.id,
      pairId: body.pairId,
      before: before ? { alias: before.alias, unitIds: before.unitIds } : null,
      after: { alias: row.alias, unitIds: row.unitIds },
    });
    return row;
  });
  return presentAlias(saved, names);
}

export async function deleteAlias(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<void> {
  const found = await repo.findAlias(ctx.db, id);
  if (!found) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'plans.write', found.pairId);
  await ctx.db.transaction(async (tx) => {
    const deleted = await repo.deleteAlias(tx, id);
    // Deleted by someone else meanwhile: nothing left to delete.
    if (!deleted) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx.clock, actor, {
      action: 'unit_alias.delete',
      entityType: 'unit_alias',
      entityId: id,
      pairId: deleted.pairId,
      before: { alias: deleted.alias, unitIds: deleted.unitIds },
      after: null,
    });
  });
}
