import { randomUUID } from 'node:crypto';
import {
  canAccess,
  changeStage as changeStageOf,
  chinaDate,
  isOptionList,
  OPTION_LISTS,
  type OptionItem,
  REGISTRIES,
  type RecordContext,
  type RecordData,
  type RegistryDeclaration,
  recordTitle,
  registryDeclaration,
  stageListOf,
  validateRecordData,
} from '@duikou/domain';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { estimateBytes, pairTags, scopeSignature } from '../../db/read-cache.js';
import { AppError, type FieldIssue, fieldError, issuesError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal } from '../../http/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { applyRecordChange } from '../rollups/rollups.service.js';
import { presentDeclaration, presentRecord, type RecordNames } from './registries.presenter.js';
import * as repo from './registries.repository.js';
import type { OptionListBody, RecordBody, RecordExportQuery, RecordListQuery, RecordLocationQuery, RecordPatchBody, StageBody } from './registries.schema.js';

type UnitRow = Awaited<ReturnType<typeof repo.unitsOfPair>>[number];

export function declarationOf(type: string): RegistryDeclaration {
  const declaration = registryDeclaration(type);
  if (!declaration) throw new AppError('NOT_FOUND');
  return declaration;
}

type OptionLists = Map<string, { items: readonly OptionItem[]; custom: boolean }>;

/**
 * The option lists in force for a pair: the office's own where it made one, else the defaults.
 * Cached until the pair changes; read inside a transaction (`db`), they come from it uncached, as
 * the transaction sees them.
 */
export async function optionListsOf(ctx: ServiceContext, pairId: string, db: Executor = ctx.db): Promise<OptionLists> {
  const load = async () => {
    const own = new Map((await repo.optionListsOf(db, pairId)).map((r) => [r.list, r.items as OptionItem[]]));
    return new Map(Object.entries(OPTION_LISTS).map(([list, d]) => [list, { items: own.get(list) ?? d.items, custom: own.has(list) }]));
  };
  if (db !== ctx.db) return load();
  return ctx.cache.get(`registry-options:${pairId}`, load, { tags: [changed.pair(pairId)], bytes: estimateBytes });
}

/** What validating a record needs to know about its pair. */
async function recordContext(ctx: ServiceContext, db: Executor, pairId: string): Promise<RecordContext & { cityIds: Set<string> }> {
  const [lists, cities] = await Promise.all([optionListsOf(ctx, pairId, db), repo.citiesOfPair(db, pairId)]);
  return { options: (list) => lists.get(list)?.items ?? [], cities, cityIds: new Set(cities.map((c) => c.id)) };
}

const readGrants = (p: Principal) => grantsFor(p, 'registries.read');
/** The records the caller reads, for reading by id: no right reaches nothing (404). */
const readScope = (p: Principal) => repo.recordScope(grantsWith(p, 'registries.read'), p.userId);

/** The records a record's fields refer to. */
function recordRefsOf(declaration: RegistryDeclaration, data: RecordData): string[] {
  return declaration.fields.flatMap((f) => {
    if (f.type.kind !== 'record') return [];
    const value = data[f.key];
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  });
}

/** The units that see a record: its responsible unit and the units its declaration shares it with. */
function scopeUnitsOf(declaration: RegistryDeclaration, data: RecordData): string[] {
  const ids = [data[declaration.ownerField], ...(declaration.sharedWithFields ?? []).map((f) => data[f])].flat();
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

interface Lookups {
  context: RecordContext & { cityIds: Set<string> };
  units(ids: readonly string[]): Promise<UnitRow[]>;
  records(ids: readonly string[]): Promise<{ id: string; type: string; title: string }[]>;
  articles: Set<string> | null;
}

/**
 * Lookups from the database, one query per kind of reference. A referred record must be one the
 * caller reads (else it is as unknown as a missing one), or one the record already referred to.
 */
async function databaseLookups(ctx: ServiceContext, db: Executor, principal: Principal, pairId: string, kept: readonly string[] = []): Promise<Lookups> {
  const reach = repo.readOrKept(readScope(principal), kept);
  return {
    context: await recordContext(ctx, db, pairId),
    units: (ids) => repo.unitsOfPair(db, pairId, ids),
    records: (ids) => repo.recordsByIds(db, pairId, ids, reach),
    articles: null,
  };
}

export interface PreparedRecord {
  data: RecordData;
  row: { unitId: string; cityId: string; title: string; occurredOn: string | null; locationCode: string | null; stage: string | null };
  unitIds: string[];
  /** The records it names (a project's park): held while it is written, so none is removed meanwhile. */
  recordIds: string[];
  owner: UnitRow;
}

export type RecordCheck = { ok: true; record: PreparedRecord } | { ok: false; kind: 'invalid' | 'forbidden'; issues: FieldIssue[] };

/**
 * Checks a record as it would be saved: its data against the declaration, its references (units
 * of the pair, records of the right kind), and that the caller may write for its responsible
 * unit. The same check serves a single save and every row of an import.
 */
export async function checkRecord(
  principal: Principal,
  declaration: RegistryDeclaration,
  pairId: string,
  input: RecordData,
  lookups: Lookups,
  previous?: { unitIds: readonly string[] },
): Promise<RecordCheck> {
  const checked = validateRecordData(declaration, input, lookups.context);
  const issues: FieldIssue[] = checked.ok ? [] : checked.issues.map((i) => ({ field: i.field, reason: i.reason, code: i.code }));
  const unitIds = [...new Set(checked.references.units.map((u) => u.id))];
  const units = new Map((await lookups.units(unitIds)).map((u) => [u.id, u]));
  // A unit already on the record may have been disabled since; a new reference must be to an active unit.
  for (const ref of checked.references.units) {
    const unit = units.get(ref.id);
    if (!unit || (unit.disabled && !previous?.unitIds.includes(ref.id))) issues.push({ field: ref.field, reason: '不是本结对的在用单位', code: 'BAD_ID' });
  }
  const records = new Map((await lookups.records(checked.references.records.map((r) => r.id))).map((r) => [r.id, r]));
  for (const ref of checked.references.records) {
    if (records.get(ref.id)?.type !== ref.type)
      issues.push({ field: ref.field, reason: `不是本结对的${registryDeclaration(ref.type)?.label.zh ?? '记录'}`, code: 'BAD_ID' });
  }
  if (!checked.ok || issues.length > 0) return { ok: false, kind: 'invalid', issues };
  const data = checked.data;
  const owner = units.get(data[declaration.ownerField] as string)!;
  const location = { pairId, cityId: owner.cityId, unitId: owner.id, unitPath: owner.path, ownerId: principal.userId };
  if (!canAccess(principal.grants, 'registries.write', principal.userId, location)) {
    return { ok: false, kind: 'forbidden', issues: [{ field: `data.${declaration.ownerField}`, reason: '只能为本单位（及所辖范围）登记' }] };
  }
  const at = (field: string | undefined) => (field && typeof data[field] === 'string' ? (data[field] as string) : null);
  return {
    ok: true,
    record: {
      data,
      row: {
        unitId: owner.id,
        cityId: owner.cityId,
        title: recordTitle(declaration, data),
        occurredOn: at(declaration.dateField),
        locationCode: at(declaration.locationField),
        stage: at(declaration.stageField),
      },
      unitIds: scopeUnitsOf(declaration, data),
      recordIds: [...new Set(checked.references.records.map((r) => r.id))],
      owner,
    },
  };
}

function throwCheck(check: Extract<RecordCheck, { ok: false }>): never {
  throw issuesError(check.kind === 'forbidden' ? 'FORBIDDEN' : 'VALIDATION_FAILED', check.issues);
}

/** The names a record is shown with: its units, the records it refers to, and the place of its GB/T 2260 code. */
async function namesFor(ctx: ServiceContext, db: Executor, pairId: string, rows: readonly repo.RecordRow[]): Promise<RecordNames> {
  const unitIds = new Set<string>();
  const recordIds = new Set<string>();
  for (const row of rows) {
    unitIds.add(row.unitId);
    const declaration = registryDeclaration(row.type);
    for (const field of declaration?.fields ?? []) {
      const value = (row.data as RecordData)[field.key];
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (typeof v !== 'string') continue;
        if (field.type.kind === 'unit' || field.type.kind === 'units') unitIds.add(v);
        if (field.type.kind === 'record') recordIds.add(v);
      }
    }
  }
  const [unitRows, recordRows, places] = await Promise.all([
    repo.unitsOfPair(db, pairId, [...unitIds]),
    repo.recordsByIds(db, pairId, [...recordIds]),
    placesOf(ctx, pairId),
  ]);
  return { units: new Map(unitRows.map((u) => [u.id, u.name])), records: new Map(recordRows.map((r) => [r.id, r])), places };
}

/** County-level places of the pair by GB/T 2260 code (its districts' and counties' names). */
async function placesOf(ctx: ServiceContext, pairId: string): Promise<ReadonlyMap<string, string>> {
  return ctx.cache.get(
    `registry-places:${pairId}`,
    async () => new Map((await repo.allUnitsOfPair(ctx.db, pairId)).flatMap((u) => (u.adminCode ? [[u.adminCode, u.name] as const] : []))),
    { tags: [changed.pair(pairId)], bytes: estimateBytes },
  );
}

/** The kinds of registry record with their fields, the option lists of the pair filled in. */
export async function registryTypes(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertPairPermission(principal, 'registries.read', pairId);
  const lists = await optionListsOf(ctx, pairId);
  return REGISTRIES.map((d) => presentDeclaration(d, (list) => lists.get(list)?.items ?? []));
}

/** How many records of each kind the caller reads in a pair (every kind, 0 included), for the registries' overview. */
export async function recordCounts(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertPairPermission(principal, 'registries.read', pairId);
  const grants = readGrants(principal);
  const counted = await ctx.cache.get(
    `registry-counts:${scopeSignature(grants, principal.userId)}:${pairId}`,
    () => repo.countRecordsByType(ctx.db, repo.recordScope(grants, principal.userId), pairId),
    { tags: pairTags(grants, pairId), bytes: (rows) => 64 + rows.length * 64 },
  );
  const byType = new Map(counted.map((r) => [r.type, r.count]));
  return REGISTRIES.map((d) => ({ type: d.type, count: byType.get(d.type) ?? 0 }));
}

/** Field filters of a list query: `field.<key>=<value>` on option, unit, city and record fields of the kind. */
function fieldFilters(declaration: RegistryDeclaration, query: Record<string, unknown>): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith('field.') || typeof value !== 'string') continue;
    const key = name.slice('field.'.length);
    const field = declaration.fields.find((f) => f.key === key);
    if (!field?.filter) throw fieldError('VALIDATION_FAILED', name, '不能按该字段筛选');
    const kind = field.type.kind;
    if (kind === 'options' || kind === 'units') filters[key] = [value];
    else if (kind === 'integer') filters[key] = Number(value);
    else filters[key] = value;
  }
  return filters;
}

/** The longest list whose order the read cache keeps (about 7 MB of ids); longer ones page in the database. */
const CACHED_ORDER_MAX = 100_000;
/** Bytes a cached list order costs per record (a 36-character id string and its slot). */
const CACHED_ID_BYTES = 72;

/** The list filters and field filters of a query in the caller's scope, with the read cache's key and tags for them. */
export function recordFilterOf(principal: Principal, declaration: RegistryDeclaration, query: z.infer<typeof RecordExportQuery>) {
  const { pairId, q, unitId, cityId, from, to, stage, locationCode, articleNo, ...rest } = query;
  const grants = readGrants(principal);
  const filter: repo.RecordFilter = {
    scope: repo.recordScope(grants, principal.userId),
    type: declaration.type,
    pairId,
    q,
    unitId,
    cityId,
    from,
    to,
    stage,
    locationCode,
    articleNo,
    data: fieldFilters(declaration, rest),
  };
  const { scope: _scope, ...criteria } = filter;
  return { filter, key: `${scopeSignature(grants, principal.userId)}:${JSON.stringify(criteria)}`, tags: pairTags(grants, pairId) };
}

/** One page of a registry in the caller's scope, with the list filters and field filters. */
export async function listRecords(ctx: ServiceContext, principal: Principal, type: string, query: z.infer<typeof RecordListQuery>) {
  const { page, pageSize, ...criteria } = query;
  const { filter, key, tags } = recordFilterOf(principal, declarationOf(type), criteria);
  const offset = (page - 1) * pageSize;
  const total = await ctx.cache.get(`registry-count:${key}`, () => repo.countRecords(ctx.db, filter), { tags, bytes: () => 64 });
  let rows: repo.RecordRow[];
  if (ctx.cache.active && total <= CACHED_ORDER_MAX) {
    // A list of a scope or a filter that the list index cannot walk alone (a county's records, a
    // field filter) would make the database find and sort every match for each page: keep their
    // order instead, so any page is a slice of it and one statement by primary key.
    const order = await ctx.cache.get(`registry-order:${key}`, () => repo.listRecordIds(ctx.db, filter, CACHED_ORDER_MAX), {
      tags,
      bytes: (ids) => 64 + ids.length * CACHED_ID_BYTES,
    });
    rows = await repo.recordsInOrder(ctx.db, order.slice(offset, offset + pageSize), filter.scope);
  } else {
    rows = await repo.listRecordPage(ctx.db, filter, pageSize, offset);
  }
  const byPair = new Map<string, repo.RecordRow[]>();
  for (const row of rows) byPair.set(row.pairId, [...(byPair.get(row.pairId) ?? []), row]);
  const names = new Map<string, RecordNames>();
  for (const [id, pairRows] of byPair) names.set(id, await namesFor(ctx, ctx.db, id, pairRows));
  return { items: rows.map((row) => presentRecord(row, names.get(row.pairId)!)), total };
}

/**
 * How many records of a kind, with the list's filters, lie in each place (its location field's
 * GB/T 2260 code): what the registry's map shows. Records without a place are counted apart.
 */
export async function countRecordsByLocation(ctx: ServiceContext, principal: Principal, type: string, query: z.infer<typeof RecordLocationQuery>) {
  const declaration = declarationOf(type);
  if (!declaration.locationField) throw fieldError('VALIDATION_FAILED', 'type', '该类登记没有所在地字段，不能按地区统计');
  assertPairPermission(principal, 'registries.read', query.pairId);
  const { filter, key, tags } = recordFilterOf(principal, declaration, query);
  const counts = await ctx.cache.get(`registry-by-location:${key}`, () => repo.countRecordsByLocation(ctx.db, filter), { tags, bytes: estimateBytes });
  const places = await placesOf(ctx, query.pairId);
  const located = counts.filter((c) => c.locationCode !== null);
  return {
    items: located.map((c) => ({ locationCode: c.locationCode!, locationName: places.get(c.locationCode!) ?? null, count: c.count })),
    unlocated: counts.find((c) => c.locationCode === null)?.count ?? 0,
    total: counts.reduce((sum, c) => sum + c.count, 0),
  };
}

async function findInScope(ctx: ServiceContext, principal: Principal, type: string, id: string): Promise<repo.RecordRow> {
  const row = await repo.findRecord(ctx.db, id, readScope(principal));
  if (!row || row.type !== type) throw new AppError('NOT_FOUND');
  return row;
}

/** The kinds that name this kind in a field (projects name their park, activities their pairing). */
function relatedKinds(type: string) {
  return REGISTRIES.flatMap((d) => d.fields.filter((f) => f.type.kind === 'record' && f.type.type === type).map((f) => ({ declaration: d, field: f.key })));
}

/** One record with its history (stage changes) and the records of other kinds that name it, with their totals. */
export async function getRecord(ctx: ServiceContext, principal: Principal, type: string, id: string) {
  declarationOf(type);
  const row = await findInScope(ctx, principal, type, id);
  const scope = readScope(principal);
  const related = [];
  for (const { declaration, field } of relatedKinds(type)) {
    const rows = await repo.recordsReferring(ctx.db, row.pairId, declaration.type, field, row.id, scope);
    const totals: Record<string, string> = { count: String(rows.length) };
    for (const f of declaration.fields.filter((f) => f.type.kind === 'decimal' || f.type.kind === 'integer')) {
      totals[f.key] = sumDecimals(rows.map((r) => (r.data as RecordData)[f.key]));
    }
    related.push({ type: declaration.type, field, items: rows.map((r) => ({ id: r.id, title: r.title, stage: r.stage, occurredOn: r.occurredOn })), totals });
  }
  const names = await namesFor(ctx, ctx.db, row.pairId, [row]);
  const events = await repo.eventsOf(ctx.db, row.id);
  return {
    ...presentRecord(row, names),
    events: events.map((e) => ({
      action: e.action,
      fromStage: e.fromStage,
      toStage: e.toStage,
      on: e.on,
      reason: e.reason,
      actorId: e.actorId,
      at: e.at.toISOString(),
    })),
    related,
  };
}

/** Sums decimal texts exactly (at most 4 decimals), as text. */
function sumDecimals(values: readonly unknown[]): string {
  let total = 0n;
  for (const value of values) {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
    const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(text);
    if (!match) continue;
    const scaled = BigInt(match[2]!) * 10_000n + BigInt((match[3] ?? '').padEnd(4, '0'));
    total += match[1] ? -scaled : scaled;
  }
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  const fraction = String(abs % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${sign}${abs / 10_000n}${fraction ? `.${fraction}` : ''}`;
}

function articleIssues(articleNos: readonly string[]): FieldIssue[] {
  return articleNos.flatMap((no, i) =>
    /^[一二三四五六七八九十百]+$/.test(no) ? [] : [{ field: `articleNos.${i}`, reason: '应为方案条目的中文序号（如 三、十五）' }],
  );
}

/**
 * Inside the transaction that writes a record: holds the records it names (a project's park) so
 * that none can be removed before this commits; one removed since the check is a lost race (409).
 */
async function holdReferences(tx: Executor, pairId: string, records: readonly PreparedRecord[]): Promise<void> {
  const ids = [...new Set(records.flatMap((r) => r.recordIds))];
  const present = await repo.holdReferencedRecords(tx, pairId, ids);
  const gone = ids.find((id) => !present.has(id));
  if (gone) throw new AppError('STALE_STATE', [{ field: 'data', reason: '引用的记录已被删除，请刷新后重试' }]);
}

/**
 * Writes prepared records with their audit entries and keeps the indicators current: the one
 * write step of saves and imports. The audit entries come last: the audit chain's lock is held
 * to the commit, so taking it before the indicators' locks could deadlock with another writer.
 */
export async function writeNewRecords(
  tx: Executor,
  ctx: ServiceContext,
  actor: Actor,
  pairId: string,
  declaration: RegistryDeclaration,
  items: readonly { record: PreparedRecord; articleNos: string[] }[],
) {
  await holdReferences(
    tx,
    pairId,
    items.map((i) => i.record),
  );
  const now = ctx.clock();
  const rows = items.map(({ record, articleNos }) => ({
    id: randomUUID(),
    pairId,
    type: declaration.type,
    ...record.row,
    data: record.data,
    articleNos: articleNos.length > 0 ? articleNos : [...declaration.articles.slice(0, 1)],
    createdAt: now,
    createdBy: actor.userId,
    updatedAt: now,
    updatedBy: actor.userId,
    unitIds: record.unitIds,
  }));
  const inserted = await repo.insertRecords(tx, rows);
  for (const row of inserted) {
    if (declaration.stageField && row.stage) {
      await repo.insertEvent(tx, {
        recordId: row.id,
        action: 'create',
        fromStage: null,
        toStage: row.stage,
        on: row.occurredOn,
        reason: null,
        actorId: actor.userId,
        at: now,
      });
    }
    await applyRecordChange(tx, ctx.clock, pairId, declaration.type, null, { type: row.type, data: row.data as RecordData });
  }
  for (const row of inserted) {
    await recordAudit(tx, ctx.clock, actor, {
      action: `registry.${declaration.type}.create`,
      entityType: 'registry_record',
      entityId: row.id,
      pairId,
      after: row,
    });
  }
  return inserted;
}

export async function createRecord(ctx: ServiceContext, principal: Principal, actor: Actor, type: string, body: z.infer<typeof RecordBody>) {
  const declaration = declarationOf(type);
  grantsFor(principal, 'registries.write');
  assertPairPermission(principal, 'registries.write', body.pairId);
  const articleProblems = articleIssues(body.articleNos);
  const check = await checkRecord(principal, declaration, body.pairId, body.data, await databaseLookups(ctx, ctx.db, principal, body.pairId));
  if (!check.ok) throwCheck({ ...check, issues: [...check.issues, ...articleProblems] });
  if (articleProblems.length > 0) throw issuesError('VALIDATION_FAILED', articleProblems);
  const [row] = await ctx.db.transaction((tx) =>
    writeNewRecords(tx, ctx, actor, body.pairId, declaration, [{ record: check.record, articleNos: body.articleNos }]),
  );
  return getRecord(ctx, principal, type, row!.id);
}

/** A record the caller may change: in its read scope (else 404) and its write scope (else 403). */
async function writable(db: Executor, principal: Principal, type: string, id: string): Promise<repo.RecordRow> {
  const row = await repo.findRecord(db, id, readScope(principal));
  if (!row || row.type !== type) throw new AppError('NOT_FOUND');
  if (!(await repo.findRecord(db, id, repo.recordScope(grantsFor(principal, 'registries.write'), principal.userId)))) throw new AppError('FORBIDDEN');
  return row;
}

/**
 * Inside the transaction: locks the record and reads it as it is now, with the caller's rights
 * checked on that (its units may just have changed). Everything decided from it (the merge, the
 * stage move, the indicators' before-image) is decided here, so a concurrent edit or removal
 * waits for this one or is seen by it; a record removed meanwhile answers 404.
 */
async function lockWritable(tx: Executor, principal: Principal, type: string, id: string, mode: 'update' | 'delete'): Promise<repo.RecordRow> {
  const locked = await repo.lockRecord(tx, id, mode);
  if (!locked || locked.type !== type) throw new AppError('NOT_FOUND');
  return writable(tx, principal, type, id);
}

export async function updateRecord(ctx: ServiceContext, principal: Principal, actor: Actor, type: string, id: string, body: z.infer<typeof RecordPatchBody>) {
  const declaration = declarationOf(type);
  await ctx.db.transaction(async (tx) => {
    const current = await lockWritable(tx, principal, type, id, 'update');
    if (declaration.stageField && body.data && declaration.stageField in body.data && body.data[declaration.stageField] !== current.stage) {
      throw fieldError('VALIDATION_FAILED', `data.${declaration.stageField}`, '阶段请通过“推进阶段”办理，以便留下记录');
    }
    const merged: RecordData = { ...(current.data as RecordData) };
    for (const [key, value] of Object.entries(body.data ?? {})) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const articleNos = body.articleNos ?? current.articleNos;
    const articleProblems = articleIssues(articleNos);
    const previousUnits = scopeUnitsOf(declaration, current.data as RecordData);
    const kept = recordRefsOf(declaration, current.data as RecordData);
    const check = await checkRecord(principal, declaration, current.pairId, merged, await databaseLookups(ctx, tx, principal, current.pairId, kept), {
      unitIds: previousUnits,
    });
    if (!check.ok) throwCheck({ ...check, issues: [...check.issues, ...articleProblems] });
    if (articleProblems.length > 0) throw issuesError('VALIDATION_FAILED', articleProblems);
    await holdReferences(tx, current.pairId, [check.record]);
    const row = await repo.updateRecord(
      tx,
      id,
      { ...check.record.row, data: check.record.data, articleNos, updatedAt: ctx.clock(), updatedBy: actor.userId },
      check.record.unitIds,
    );
    await applyRecordChange(tx, ctx.clock, current.pairId, type, { type, data: current.data as RecordData }, { type, data: row.data as RecordData });
    await recordAudit(tx, ctx.clock, actor, {
      action: `registry.${type}.update`,
      entityType: 'registry_record',
      entityId: id,
      pairId: current.pairId,
      before: current,
      after: row,
    });
  });
  return getRecord(ctx, principal, type, id);
}

export async function deleteRecord(ctx: ServiceContext, principal: Principal, actor: Actor, type: string, id: string): Promise<void> {
  declarationOf(type);
  await ctx.db.transaction(async (tx) => {
    // FOR UPDATE: a record being saved with a reference to this one holds it (FOR KEY SHARE), so
    // the count below sees every reference committed before, and none can be added after.
    const current = await lockWritable(tx, principal, type, id, 'delete');
    // References count whoever's scope they are in: a record others rely on stays.
    const referring = await Promise.all(relatedKinds(type).map((k) => repo.recordsReferring(tx, current.pairId, k.declaration.type, k.field, id, sql`true`)));
    const count = referring.reduce((n, rows) => n + rows.length, 0);
    if (count > 0) throw new AppError('INVALID_STATE', [{ field: 'id', reason: `还有 ${count} 条记录引用它，请先修改或删除这些记录` }]);
    await repo.deleteRecord(tx, id);
    await applyRecordChange(tx, ctx.clock, current.pairId, type, { type, data: current.data as RecordData }, null);
    await recordAudit(tx, ctx.clock, actor, {
      action: `registry.${type}.delete`,
      entityType: 'registry_record',
      entityId: id,
      pairId: current.pairId,
      before: current,
    });
  });
}

/**
 * Moves a record along its stages (a project: 洽谈 → 签约 → 开工 → 投产), forward by anyone who may
 * edit it, back only by the office and with a reason; each move is kept in the record's history.
 */
export async function changeStage(ctx: ServiceContext, principal: Principal, actor: Actor, type: string, id: string, body: z.infer<typeof StageBody>) {
  const declaration = declarationOf(type);
  if (!declaration.stageField) throw new AppError('NOT_FOUND');
  await ctx.db.transaction(async (tx) => {
    // The move is decided from the stage as it is under the lock: two moves at once apply one
    // after the other, each from the stage the other left.
    const current = await lockWritable(tx, principal, type, id, 'update');
    const lists = await optionListsOf(ctx, current.pairId, tx);
    const mayReverse = principal.grants.some((g) => (g.pairId === null || g.pairId === current.pairId) && ['system_admin', 'office_admin'].includes(g.role));
    const on = body.on ?? chinaDate(ctx.clock());
    const moved = changeStageOf(declaration, current.data as RecordData, body.stage, lists.get(stageListOf(declaration))?.items ?? [], {
      on,
      mayReverse,
      reason: body.reason,
    });
    if (!moved.ok)
      throw new AppError(
        moved.code === 'STAGE_BACKWARD' ? 'INVALID_STATE' : 'VALIDATION_FAILED',
        [{ field: moved.field, reason: moved.reason, code: moved.code }],
        `${moved.field}: ${moved.reason}`,
      );
    if (moved.direction === 'same') return;
    const kept = recordRefsOf(declaration, current.data as RecordData);
    const check = await checkRecord(principal, declaration, current.pairId, moved.data, await databaseLookups(ctx, tx, principal, current.pairId, kept), {
      unitIds: scopeUnitsOf(declaration, current.data as RecordData),
    });
    if (!check.ok) throwCheck(check);
    await holdReferences(tx, current.pairId, [check.record]);
    const row = await repo.updateRecord(
      tx,
      id,
      { ...check.record.row, data: check.record.data, updatedAt: ctx.clock(), updatedBy: actor.userId },
      check.record.unitIds,
    );
    await repo.insertEvent(tx, {
      recordId: id,
      action: moved.direction === 'back' ? 'stage_back' : 'stage',
      fromStage: current.stage,
      toStage: body.stage,
      on,
      reason: body.reason?.trim() || null,
      actorId: actor.userId,
      at: ctx.clock(),
    });
    await applyRecordChange(tx, ctx.clock, current.pairId, type, { type, data: current.data as RecordData }, { type, data: row.data as RecordData });
    await recordAudit(tx, ctx.clock, actor, {
      action: `registry.${type}.stage`,
      entityType: 'registry_record',
      entityId: id,
      pairId: current.pairId,
      before: { stage: current.stage },
      after: { stage: body.stage, on, reason: body.reason ?? null },
    });
  });
  return getRecord(ctx, principal, type, id);
}

export async function getOptionList(ctx: ServiceContext, principal: Principal, list: string, pairId: string) {
  assertPairPermission(principal, 'registries.read', pairId);
  if (!isOptionList(list)) throw new AppError('NOT_FOUND');
  const entry = (await optionListsOf(ctx, pairId)).get(list)!;
  return { list, label: OPTION_LISTS[list]!.label, items: [...entry.items], custom: entry.custom };
}

/** Replaces a pair's option list (values must be unique); records keep the values they were saved with. */
export async function saveOptionList(ctx: ServiceContext, principal: Principal, actor: Actor, list: string, body: z.infer<typeof OptionListBody>) {
  assertPairPermission(principal, 'registries.configure', body.pairId);
  if (!isOptionList(list)) throw new AppError('NOT_FOUND');
  const issues = body.items.flatMap((item, i) =>
    body.items.findIndex((other) => other.value === item.value) < i ? [{ field: `items.${i}.value`, reason: '选项重复' }] : [],
  );
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  await ctx.db.transaction(async (tx) => {
    await repo.saveOptionList(tx, { pairId: body.pairId, list, items: body.items, updatedAt: ctx.clock(), updatedBy: actor.userId });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'registry.options.save',
      entityType: 'registry_options',
      entityId: null,
      pairId: body.pairId,
      after: { list, items: body.items },
    });
  });
  return getOptionList(ctx, principal, list, body.pairId);
}
