import {
  checkRollupDefinition,
  chinaDate,
  DEFAULT_ROLLUPS,
  type RecordData,
  type RollupContribution,
  type RollupDefinition,
  registryDeclaration,
  rollupContribution,
} from '@duikou/domain';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { ServiceContext } from '../../context.js';
import { changed } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { estimateBytes } from '../../db/read-cache.js';
import { AppError, issuesError } from '../../http/errors.js';
import { type Actor, assertPairPermission, type Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { recomputeTaskLight } from '../tasks/tasks.light.js';
import { lockTasks } from '../tasks/tasks.repository.js';
import { presentRollup } from './rollups.presenter.js';
import * as repo from './rollups.repository.js';
import type { RollupBody, RollupPatchBody } from './rollups.schema.js';

/** Records are read in slices of this many when an indicator is computed afresh. */
const REBUILD_SLICE = 5000;

export function definitionOf(row: repo.DefinitionRow): RollupDefinition {
  return {
    registryType: row.registryType,
    aggregate: row.aggregate as RollupDefinition['aggregate'],
    field: row.field,
    filters: row.filters as RollupDefinition['filters'],
    period: row.period as RollupDefinition['period'],
    periodField: row.periodField,
  };
}

/** The period whose value a task indicator shows: this (China) year for yearly indicators, else all time. */
export function currentPeriod(row: Pick<repo.DefinitionRow, 'period'>, clock: Clock): string {
  return row.period === 'year' ? chinaDate(clock()).slice(0, 4) : 'all';
}

const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

async function apply(db: Executor, definitionId: string, contribution: RollupContribution, sign: 1 | -1): Promise<void> {
  if (contribution.distinctKey !== undefined) await repo.addToDistinct(db, definitionId, contribution.period, contribution.distinctKey, sign);
  else await repo.addToValue(db, definitionId, contribution.period, sign === 1 ? contribution.amount : negate(contribution.amount));
}

const same = (a: RollupContribution | null, b: RollupContribution | null) =>
  a === b || (a !== null && b !== null && a.period === b.period && a.amount === b.amount && a.distinctKey === b.distinctKey);

/**
 * Keeps the pair's indicators over `type` current with one record's change (`before` null for a
 * new record, `after` null for a deleted one): each indicator takes back what the record counted
 * for before and adds what it counts for now, and the task indicators that show it take the new
 * value — all in the transaction of the change. `before` must be the record as read under its
 * row lock in this transaction: what it counted for is what it takes back.
 */
export async function applyRecordChange(
  db: Executor,
  clock: Clock,
  pairId: string,
  type: string,
  before: { type: string; data: RecordData } | null,
  after: { type: string; data: RecordData } | null,
): Promise<void> {
  const declaration = registryDeclaration(type);
  if (!declaration) return;
  // One change to the indicators of a type at a time: a distinct count recounts its values, and a
  // definition being computed afresh must see this record either before or after the change.
  await repo.lockRollupsOfTypes(db, pairId, [type], 'exclusive');
  const changed: repo.DefinitionRow[] = [];
  for (const row of await repo.definitionsOfType(db, pairId, type)) {
    const definition = definitionOf(row);
    const was = rollupContribution(definition, declaration, before);
    const is = rollupContribution(definition, declaration, after);
    if (same(was, is)) continue;
    if (was) await apply(db, row.id, was, -1);
    if (is) await apply(db, row.id, is, 1);
    changed.push(row);
  }
  await syncLinkedIndicators(db, clock, changed);
}

/** Gives the task indicators linked to these indicators their current value and refreshes their tasks' lights. */
async function syncLinkedIndicators(db: Executor, clock: Clock, rows: readonly repo.DefinitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const tasks = new Set<string>();
  const linked = await repo.linkedIndicators(db, [...byId.keys()]);
  // The tasks first, in id order, then their indicators: the order every writer of a task uses.
  await lockTasks(db, [...new Set(linked.map((i) => i.taskId))]);
  for (const indicator of linked) {
    const row = byId.get(indicator.rollupId!)!;
    const value = await repo.rollupValueOf(db, row.id, currentPeriod(row, clock));
    if (indicator.actual !== null && Number(indicator.actual) === Number(value)) continue;
    await repo.setIndicatorActual(db, indicator.id, value);
    tasks.add(indicator.taskId);
  }
  // Attainment is part of a task's light and of the dashboard's summaries.
  for (const taskId of tasks) await recomputeTaskLight(db, clock, taskId);
}

/** Computes an indicator afresh from every record of its type (a new or edited definition); the caller holds `lockRollupsOfTypes` for it. */
export async function rebuildRollup(db: Executor, clock: Clock, row: repo.DefinitionRow): Promise<void> {
  await repo.clearValues(db, row.id);
  const declaration = registryDeclaration(row.registryType);
  if (!declaration) return;
  const definition = definitionOf(row);
  const sums = new Map<string, bigint>();
  const distinct = new Map<string, Map<string, number>>();
  // Sums are added exactly: amounts have at most 4 decimals, so they are counted in 10^-4 units.
  const scaled = (amount: string) => {
    const [int = '0', frac = ''] = amount.replace('-', '').split('.');
    const value = BigInt(int) * 10_000n + BigInt(frac.padEnd(4, '0').slice(0, 4));
    return amount.startsWith('-') ? -value : value;
  };
  let after: string | null = null;
  for (;;) {
    const slice = await repo.recordSlice(db, row.pairId, row.registryType, after, REBUILD_SLICE);
    for (const record of slice) {
      const c = rollupContribution(definition, declaration, { type: record.type, data: record.data as RecordData });
      if (!c) continue;
      if (c.distinctKey !== undefined) {
        const keys = distinct.get(c.period) ?? new Map<string, number>();
        keys.set(c.distinctKey, (keys.get(c.distinctKey) ?? 0) + 1);
        distinct.set(c.period, keys);
      } else sums.set(c.period, (sums.get(c.period) ?? 0n) + scaled(c.amount));
    }
    if (slice.length < REBUILD_SLICE) break;
    after = slice[slice.length - 1]!.id;
  }
  for (const [period, total] of sums) {
    const sign = total < 0n ? '-' : '';
    const abs = total < 0n ? -total : total;
    await repo.addToValue(db, row.id, period, `${sign}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`);
  }
  for (const [period, keys] of distinct) await repo.setDistinct(db, row.id, period, keys);
  await syncLinkedIndicators(db, clock, [row]);
}

/**
 * The default plan's indicators for a pair (DEFAULT_ROLLUPS): the first city is the partner city
 * that brings projects in. Keys already there are left as the office made them.
 */
export async function seedDefaultRollups(db: Executor, clock: Clock, pairId: string, partnerCityId: string, actor: Actor): Promise<number> {
  const now = clock();
  const inserted = await repo.insertDefinitions(
    db,
    DEFAULT_ROLLUPS.map((d) => {
      const definition = d.definition({ partner: partnerCityId });
      return {
        pairId,
        key: d.key,
        name: d.name,
        unitOfMeasure: d.unitOfMeasure,
        articleNo: d.articleNo,
        registryType: definition.registryType,
        aggregate: definition.aggregate,
        field: definition.field ?? null,
        filters: definition.filters,
        period: definition.period,
        periodField: definition.periodField ?? null,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  for (const row of inserted) await rebuildRollup(db, clock, row);
  if (inserted.length > 0) {
    await recordAudit(db, clock, actor, { action: 'rollups.seed', entityType: 'rollup', entityId: null, pairId, after: { keys: inserted.map((r) => r.key) } });
  }
  return inserted.length;
}

/** The pair's indicators with their value this year (or all time) and last year, for the dashboard and the office. */
export async function listRollups(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertPairPermission(principal, 'registries.read', pairId);
  const year = Number(chinaDate(ctx.clock()).slice(0, 4));
  // Every record change of the pair (which moves the values) and every definition change announce
  // the pair, which drops this entry in every process.
  return ctx.cache.get(
    `rollups:${pairId}:${year}`,
    async () => {
      const rows = await repo.definitionsOfPair(ctx.db, pairId);
      const values = await repo.valuesOf(
        ctx.db,
        rows.map((r) => r.id),
      );
      return { items: rows.map((row) => presentRollup(row, values, year)), total: rows.length };
    },
    { tags: [changed.pair(pairId)], bytes: estimateBytes },
  );
}

function checkBody(body: z.infer<typeof RollupBody>) {
  const issues = checkRollupDefinition(
    {
      registryType: body.registryType,
      aggregate: body.aggregate,
      field: body.field ?? null,
      filters: body.filters,
      period: body.period,
      periodField: body.periodField ?? null,
    },
    registryDeclaration(body.registryType),
  );
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
}

export async function createRollup(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof RollupBody>) {
  assertPairPermission(principal, 'registries.configure', body.pairId);
  checkBody(body);
  return ctx.db.transaction(async (tx) => {
    await repo.lockRollupsOfTypes(tx, body.pairId, [body.registryType], 'exclusive');
    const now = ctx.clock();
    const [row] = await repo.insertDefinitions(tx, [
      {
        ...body,
        field: body.field ?? null,
        periodField: body.periodField ?? null,
        articleNo: body.articleNo ?? null,
        createdAt: now,
        updatedAt: now,
        createdBy: principal.userId,
      },
    ]);
    if (!row) throw new AppError('CONFLICT', [{ field: 'key', reason: '已有相同标识的指标' }]);
    await rebuildRollup(tx, ctx.clock, row);
    await recordAudit(tx, ctx.clock, actor, { action: 'rollup.create', entityType: 'rollup', entityId: row.id, pairId: row.pairId, after: row });
    const year = Number(chinaDate(ctx.clock()).slice(0, 4));
    return presentRollup(row, await repo.valuesOf(tx, [row.id]), year);
  });
}

/**
 * Inside the transaction: the indicator's types locked (its own and, on a change of type, the new
 * one), then its row; it as it is now. Removed meanwhile: 404; its type changed meanwhile: 409.
 */
async function lockForChange(tx: Executor, seen: repo.DefinitionRow, types: readonly string[]): Promise<repo.DefinitionRow> {
  await repo.lockRollupsOfTypes(tx, seen.pairId, types, 'exclusive');
  const current = await repo.lockDefinition(tx, seen.id);
  if (!current) throw new AppError('NOT_FOUND');
  if (!types.includes(current.registryType)) throw new AppError('STALE_STATE');
  return current;
}

export async function updateRollup(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, patch: z.infer<typeof RollupPatchBody>) {
  const seen = await repo.findDefinition(ctx.db, id);
  if (!seen) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'registries.configure', seen.pairId);
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, seen, [seen.registryType, ...(patch.registryType ? [patch.registryType] : [])]);
    // Checked against the definition as it is now: another edit may have changed the fields this one keeps.
    const next = { ...current, ...patch };
    checkBody({ ...next, filters: next.filters as z.infer<typeof RollupBody>['filters'], aggregate: next.aggregate as 'count', period: next.period as 'year' });
    const row = await repo.updateDefinition(tx, id, { ...patch, updatedAt: ctx.clock() });
    await rebuildRollup(tx, ctx.clock, row);
    await recordAudit(tx, ctx.clock, actor, { action: 'rollup.update', entityType: 'rollup', entityId: id, pairId: row.pairId, before: current, after: row });
    const year = Number(chinaDate(ctx.clock()).slice(0, 4));
    return presentRollup(row, await repo.valuesOf(tx, [row.id]), year);
  });
}

export async function deleteRollup(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<void> {
  const seen = await repo.findDefinition(ctx.db, id);
  if (!seen) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'registries.configure', seen.pairId);
  await ctx.db.transaction(async (tx) => {
    // A second removal waits here and then finds nothing: 404, not a second audit entry.
    const current = await lockForChange(tx, seen, [seen.registryType]);
    await repo.deleteDefinition(tx, id);
    await recordAudit(tx, ctx.clock, actor, { action: 'rollup.delete', entityType: 'rollup', entityId: id, pairId: current.pairId, before: current });
  });
}

/**
 * Inside the transaction that links task indicators to these indicators (by id, of the pair):
 * holds their types shared, so no record change or redefinition moves a value between its
 * reading and the link's commit, and a change that commits first is read. Take it before locking
 * the task: a record change holds the type and then locks the tasks it updates.
 */
export async function holdRollupsForLinking(tx: Executor, pairId: string, rollupIds: readonly string[]): Promise<void> {
  if (rollupIds.length === 0) return;
  const definitions = await repo.definitionsByIds(tx, pairId, rollupIds);
  await repo.lockRollupsOfTypes(
    tx,
    pairId,
    definitions.map((d) => d.registryType),
    'shared',
  );
}
