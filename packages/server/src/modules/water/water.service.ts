import {
  annualMeans,
  assessSectionYear,
  type CompensationRule,
  chinaDate,
  classifySample,
  DEFAULT_ASSESSED_ITEMS,
  findDuplicateSamples,
  isWaterItem,
  monthlyCompliance,
  monthlyMeans,
  type SectionYearAssessment,
  validateSampleRow,
  type WaterBodyType,
  type WaterClass,
  type WaterClassifyOptions,
  type WaterItem,
  type WaterSample,
  waterQualityWarnings,
} from '@duikou/domain';
import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { AppError, type FieldIssue, issuesError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal, pairsOf } from '../../http/principal.js';
import { readOnPool, uploadLimits } from '../../uploads/on-pool.js';
import type { WorkbookFile } from '../../xlsx/cells.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { type ImportField, mapColumns, normalizeSampledAt } from './water.file.js';
import { addDecimals, presentAgreement, presentAssessment, presentSample, presentSection, presentWarning, type SectionNames } from './water.presenter.js';
import * as repo from './water.repository.js';
import type {
  AgreementBody,
  AgreementPatchBody,
  AssessmentListOut,
  AssessmentOut,
  SampleImportBody,
  SampleImportChecked,
  SampleImportCreated,
  SectionBody,
  SectionPatchBody,
  WarningQuery,
} from './water.schema.js';
import { buildAssessmentReport } from './water.xlsx.js';

/** The sections the caller reads; no right reaches none (a section's id then answers 404). */
const readScope = (p: Principal) => repo.sectionScope(grantsWith(p, 'water.read'), p.userId);

/** The engine's options for a section: its water body, the default assessed items, its target class. */
function sectionOptions(section: repo.SectionRow, items?: readonly WaterItem[]): WaterClassifyOptions & { targetClass: WaterClass } {
  const waterBody = section.waterBody as WaterBodyType;
  return { waterBody, items: items ?? DEFAULT_ASSESSED_ITEMS[waterBody], targetClass: section.targetClass as WaterClass };
}

const toSample = (row: repo.SampleRow): WaterSample => ({
  sectionId: row.sectionId,
  sampledAt: row.sampledAt,
  values: row.values as Record<WaterItem, string>,
});

// Sections ----------------------------------------------------------------------------------

async function sectionNames(db: Executor, pairIds: readonly string[], rows: readonly repo.SectionRow[]): Promise<SectionNames> {
  const ids = rows.map((r) => r.id);
  const [unitRows, stats, counties, cityRows] = await Promise.all([
    repo.unitsOfSections(db, ids),
    repo.sampleStats(db, ids),
    repo.unitNames(
      db,
      rows.flatMap((r) => (r.countyUnitId ? [r.countyUnitId] : [])),
    ),
    Promise.all(pairIds.map((id) => repo.citiesOfPair(db, id))),
  ]);
  const units = new Map<string, { id: string; name: string }[]>();
  for (const u of unitRows) units.set(u.sectionId, [...(units.get(u.sectionId) ?? []), { id: u.id, name: u.name }]);
  return {
    cities: new Map(cityRows.flat().map((c) => [c.id, c.name])),
    units,
    unitNames: new Map(counties.map((u) => [u.id, u.name])),
    stats: new Map(stats.map((s) => [s.sectionId, { count: s.count, last: s.last }])),
  };
}

async function presentSections(db: Executor, rows: readonly repo.SectionRow[]) {
  const names = await sectionNames(db, [...new Set(rows.map((r) => r.pairId))], rows);
  return rows.map((r) => presentSection(r, names));
}

/** The monitoring sections of a pair in the caller's scope, by code. */
export async function listSections(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertPairPermission(principal, 'water.read', pairId);
  return { items: await presentSections(ctx.db, await repo.listSections(ctx.db, { scope: readScope(principal), pairId })) };
}

async function sectionInScope(ctx: ServiceContext, principal: Principal, id: string): Promise<repo.SectionRow> {
  const row = await repo.findSection(ctx.db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getSection(ctx: ServiceContext, principal: Principal, id: string) {
  const [section] = await presentSections(ctx.db, [await sectionInScope(ctx, principal, id)]);
  return section!;
}

/** Checks a section's references: the city of the pair, the county in that city, the units of the pair (active), the coordinates. */
async function checkSection(
  db: Executor,
  pairId: string,
  input: { cityId: string; countyUnitId?: string | null; unitIds?: readonly string[]; longitude?: string | null; latitude?: string | null },
  previousUnitIds: readonly string[] = [],
): Promise<void> {
  const issues: FieldIssue[] = [];
  const cities = await repo.citiesOfPair(db, pairId);
  if (!cities.some((c) => c.id === input.cityId)) issues.push({ field: 'cityId', reason: '不是本结对的城市', code: 'BAD_ID' });
  const ids = [...(input.unitIds ?? []), ...(input.countyUnitId ? [input.countyUnitId] : [])];
  const found = new Map((await repo.unitsOfPair(db, pairId, ids)).map((u) => [u.id, u]));
  if (input.countyUnitId) {
    const county = found.get(input.countyUnitId);
    if (!county || county.cityId !== input.cityId || (county.type !== 'county' && county.type !== 'district')) {
      issues.push({ field: 'countyUnitId', reason: '应为所选城市的区县', code: 'BAD_ID' });
    }
  }
  (input.unitIds ?? []).forEach((id, i) => {
    const unit = found.get(id);
    if (!unit || (unit.disabled && !previousUnitIds.includes(id))) issues.push({ field: `unitIds.${i}`, reason: '不是本结对的在用单位', code: 'BAD_ID' });
    else if ((input.unitIds ?? []).indexOf(id) < i) issues.push({ field: `unitIds.${i}`, reason: '单位重复', code: 'DUPLICATE' });
  });
  if (input.longitude && Number(input.longitude) > 180) issues.push({ field: 'longitude', reason: '经度应在 0–180 之间', code: 'OUT_OF_RANGE' });
  if (input.latitude && Number(input.latitude) > 90) issues.push({ field: 'latitude', reason: '纬度应在 0–90 之间', code: 'OUT_OF_RANGE' });
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
}

/** 409 when another section of the pair has the code or the name. */
async function assertUniqueSection(db: Executor, pairId: string, code: string | undefined, name: string | undefined, exceptId?: string): Promise<void> {
  const taken = await repo.sectionsNamed(db, pairId, code, name, exceptId);
  const issues: FieldIssue[] = [];
  if (code && taken.some((s) => s.code === code)) issues.push({ field: 'code', reason: '本结对已有相同编码的断面', code: 'TAKEN' });
  if (name && taken.some((s) => s.name === name)) issues.push({ field: 'name', reason: '本结对已有同名断面', code: 'TAKEN' });
  if (issues.length > 0) throw issuesError('CONFLICT', issues);
}

export async function createSection(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof SectionBody>) {
  grantsFor(principal, 'water.manage');
  assertPairPermission(principal, 'water.manage', body.pairId);
  await checkSection(ctx.db, body.pairId, body);
  await assertUniqueSection(ctx.db, body.pairId, body.code, body.name);
  const now = ctx.clock();
  const { unitIds, ...fields } = body;
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertSection(
      tx,
      {
        ...fields,
        countyUnitId: fields.countyUnitId ?? null,
        longitude: fields.longitude ?? null,
        latitude: fields.latitude ?? null,
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
      },
      unitIds,
    );
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.section.create',
      entityType: 'water_section',
      entityId: inserted.id,
      pairId: body.pairId,
      after: { ...inserted, unitIds },
    });
    return inserted;
  });
  return getSection(ctx, principal, row.id);
}

/** A section the caller may change: in its read scope (else 404) and allowed to manage the pair's sections (else 403). */
async function manageable(ctx: ServiceContext, principal: Principal, id: string): Promise<repo.SectionRow> {
  const row = await sectionInScope(ctx, principal, id);
  assertPairPermission(principal, 'water.manage', row.pairId);
  return row;
}

export async function updateSection(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof SectionPatchBody>) {
  const merge = (section: repo.SectionRow) => ({
    cityId: section.cityId,
    countyUnitId: body.countyUnitId === undefined ? section.countyUnitId : body.countyUnitId,
    unitIds: body.unitIds,
    longitude: body.longitude === undefined ? section.longitude : body.longitude,
    latitude: body.latitude === undefined ? section.latitude : body.latitude,
  });
  const seen = await manageable(ctx, principal, id);
  await checkSection(
    ctx.db,
    seen.pairId,
    merge(seen),
    (await repo.unitsOfSections(ctx.db, [id])).map((u) => u.id),
  );
  await assertUniqueSection(ctx.db, seen.pairId, body.code, body.name, id);
  await ctx.db.transaction(async (tx) => {
    // Merged with, checked against and audited against the section as it is under its lock.
    const [current] = await repo.lockSections(tx, [id], 'write');
    if (!current) throw new AppError('NOT_FOUND');
    const previousUnitIds = (await repo.unitsOfSections(tx, [id])).map((u) => u.id);
    await checkSection(tx, current.pairId, merge(current), previousUnitIds);
    const { unitIds, ...fields } = body;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const row = await repo.updateSection(tx, id, { ...patch, updatedAt: ctx.clock() }, unitIds);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.section.update',
      entityType: 'water_section',
      entityId: id,
      pairId: current.pairId,
      before: { ...current, unitIds: previousUnitIds },
      after: { ...row, unitIds: unitIds ?? previousUnitIds },
    });
  });
  return getSection(ctx, principal, id);
}

/** Removes a section that has no samples and that no agreement assesses. */
export async function deleteSection(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<void> {
  await manageable(ctx, principal, id);
  await ctx.db.transaction(async (tx) => {
    // Under FOR UPDATE an import adding samples to it or an agreement naming it has committed
    // (and is counted below) or waits for this removal (and then finds the section gone).
    const [current] = await repo.lockSections(tx, [id], 'delete');
    if (!current) throw new AppError('NOT_FOUND');
    const [samples, agreements] = [await repo.countSamples(tx, id), await repo.agreementsNaming(tx, id)];
    if (samples > 0 || agreements > 0) {
      throw new AppError('INVALID_STATE', [{ field: 'id', reason: `该断面已有 ${samples} 条监测数据、被 ${agreements} 份协议考核，不能删除` }]);
    }
    await repo.deleteSection(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.section.delete',
      entityType: 'water_section',
      entityId: id,
      pairId: current.pairId,
      before: current,
    });
  });
}

/** Inside the transaction writing an agreement: holds the sections it names against removal; one removed since the check is a lost race. */
async function holdSections(tx: Executor, sectionIds: readonly string[]): Promise<void> {
  const held = new Set((await repo.lockSections(tx, [...new Set(sectionIds)], 'reference')).map((s) => s.id));
  if (sectionIds.some((id) => !held.has(id))) throw new AppError('STALE_STATE', [{ field: 'sectionIds', reason: '监测断面已被删除，请刷新后重试' }]);
}

// Agreements --------------------------------------------------------------------------------

/** The sections of the pair that `scope` reaches (the caller's: an agreement shows no section the caller cannot see), by id. */
async function sectionsByIdOf(db: Executor, pairId: string, scope: SQL) {
  return new Map((await repo.listSections(db, { scope, pairId })).map((s) => [s.id, s]));
}

/**
 * Checks an agreement: its years, its sections (of the pair, in the caller's reach: one outside
 * is as unknown as a missing one) and its rule (run through the engine once).
 */
async function checkAgreement(
  db: Executor,
  pairId: string,
  reach: SQL,
  a: { fromYear: number; toYear: number; sectionIds: readonly string[]; rule: CompensationRule },
) {
  const issues: FieldIssue[] = [];
  if (a.toYear < a.fromYear) issues.push({ field: 'toYear', reason: '结束年度不能早于开始年度', code: 'BEFORE_START' });
  const sections = await sectionsByIdOf(db, pairId, reach);
  a.sectionIds.forEach((id, i) => {
    if (!sections.has(id)) issues.push({ field: `sectionIds.${i}`, reason: '不是本结对的监测断面', code: 'BAD_ID' });
    else if (a.sectionIds.indexOf(id) < i) issues.push({ field: `sectionIds.${i}`, reason: '断面重复', code: 'DUPLICATE' });
  });
  try {
    assessSectionYear({ sectionId: 'check', year: a.fromYear, waterBody: 'river', samples: [], rule: a.rule });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    issues.push({ field: 'rule', reason: error.message, code: 'INVALID_RULE' });
  }
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
}

/** Drops absent optional keys so the stored rule is exactly what was agreed. */
function cleanRule(rule: unknown): CompensationRule {
  return JSON.parse(JSON.stringify(rule)) as CompensationRule;
}

async function presentAgreements(db: Executor, principal: Principal, rows: readonly repo.AgreementRow[]) {
  const byPair = new Map<string, Map<string, repo.SectionRow>>();
  for (const pairId of new Set(rows.map((r) => r.pairId))) byPair.set(pairId, await sectionsByIdOf(db, pairId, readScope(principal)));
  return rows.map((r) => presentAgreement(r, byPair.get(r.pairId)!));
}

export async function listAgreements(ctx: ServiceContext, principal: Principal, pairId: string) {
  assertPairPermission(principal, 'water.read', pairId);
  return { items: await presentAgreements(ctx.db, principal, await repo.listAgreements(ctx.db, pairId)) };
}

async function agreementInScope(ctx: ServiceContext, principal: Principal, id: string): Promise<repo.AgreementRow> {
  const row = await repo.findAgreement(ctx.db, id, pairsOf(grantsWith(principal, 'water.read')));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getAgreement(ctx: ServiceContext, principal: Principal, id: string) {
  const [agreement] = await presentAgreements(ctx.db, principal, [await agreementInScope(ctx, principal, id)]);
  return agreement!;
}

export async function createAgreement(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof AgreementBody>) {
  grantsFor(principal, 'water.manage');
  assertPairPermission(principal, 'water.manage', body.pairId);
  const rule = cleanRule(body.rule);
  await checkAgreement(ctx.db, body.pairId, readScope(principal), { ...body, rule });
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    await holdSections(tx, body.sectionIds);
    const inserted = await repo.insertAgreement(tx, { ...body, rule, createdAt: now, updatedAt: now, createdBy: actor.userId });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.agreement.create',
      entityType: 'water_agreement',
      entityId: inserted.id,
      pairId: body.pairId,
      after: inserted,
    });
    return inserted;
  });
  return getAgreement(ctx, principal, row.id);
}

export async function updateAgreement(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof AgreementPatchBody>) {
  const seen = await agreementInScope(ctx, principal, id);
  assertPairPermission(principal, 'water.manage', seen.pairId);
  const patch = Object.fromEntries(
    Object.entries({ ...body, rule: body.rule === undefined ? undefined : cleanRule(body.rule) }).filter(([, v]) => v !== undefined),
  );
  await ctx.db.transaction(async (tx) => {
    // Merged with and audited against the agreement as it is under its lock.
    const current = await repo.lockAgreement(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    // The caller names only sections it can see; those it cannot see stay on the agreement as they
    // were: it neither sees nor removes them.
    const visible = await sectionsByIdOf(tx, current.pairId, readScope(principal));
    const hidden = current.sectionIds.filter((s) => !visible.has(s));
    const named = body.sectionIds ?? current.sectionIds.filter((s) => visible.has(s));
    const merged = { ...current, ...patch } as repo.AgreementRow;
    await checkAgreement(tx, current.pairId, readScope(principal), { ...merged, sectionIds: named, rule: merged.rule as CompensationRule });
    if (body.sectionIds !== undefined && hidden.length > 0) patch.sectionIds = [...body.sectionIds, ...hidden];
    await holdSections(tx, (patch.sectionIds as string[] | undefined) ?? current.sectionIds);
    const row = await repo.updateAgreement(tx, id, { ...patch, updatedAt: ctx.clock() });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.agreement.update',
      entityType: 'water_agreement',
      entityId: id,
      pairId: current.pairId,
      before: current,
      after: row,
    });
  });
  return getAgreement(ctx, principal, id);
}

export async function deleteAgreement(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<void> {
  const seen = await agreementInScope(ctx, principal, id);
  assertPairPermission(principal, 'water.manage', seen.pairId);
  await ctx.db.transaction(async (tx) => {
    // A second removal waits here and then finds nothing: 404, not a second audit entry.
    const current = await repo.lockAgreement(tx, id);
    if (!current) throw new AppError('NOT_FOUND');
    await repo.deleteAgreement(tx, id);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.agreement.delete',
      entityType: 'water_agreement',
      entityId: id,
      pairId: current.pairId,
      before: current,
    });
  });
}

// Samples -----------------------------------------------------------------------------------

const PREVIEW_ROWS = 50;

export type ImportOutcome = { kind: 'checked'; body: z.infer<typeof SampleImportChecked> } | { kind: 'created'; body: z.infer<typeof SampleImportCreated> };

interface ImportIssue {
  row: number;
  column: string;
  field: string;
  reason: string;
  code: string;
}

/** 400 listing every problem by row and column (`rows.<row>.<field>`, with a stable code); nothing is written. */
function importError(issues: readonly ImportIssue[]): AppError {
  const details = issues.map((e) => ({ field: `rows.${e.row}.${e.field}`, reason: `第${e.row}行 ${e.column}：${e.reason}`, code: e.code }));
  const shown = details
    .slice(0, 3)
    .map((d) => d.reason)
    .join('；');
  return new AppError('VALIDATION_FAILED', details, `导入文件有 ${issues.length} 处错误，未导入任何监测数据。${shown}${issues.length > 3 ? '……' : ''}`);
}

/**
 * Imports monitoring samples from a .csv or .xlsx (docs/domain.md, "Surface water quality"): the
 * columns are mapped (given mapping, else by header), units in headers are checked, each row is
 * checked by the engine (real date, known items, non-negative, plausible values), duplicates in
 * the file and against stored samples are refused. One bad row refuses the whole file (400, row
 * by row) and nothing is written. A dry run answers a preview with each row's class; otherwise
 * every sample is written in one transaction with its audit entry, and the warnings it raises
 * are stored once and sent as notices to the users of the section's units.
 */
export async function importSamples(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof SampleImportBody>): Promise<ImportOutcome> {
  const grants = grantsFor(principal, 'water.report');
  assertPairPermission(principal, 'water.report', body.pairId);
  const file = await readOnPool(ctx, 'fileBase64', 'water.samples', { fileName: body.fileName, fileBase64: body.fileBase64, limits: uploadLimits(ctx) });
  if ('error' in file) throw importError([{ ...file.error, code: 'BAD_FILE' }]);
  const { table } = file;
  const mapped = mapColumns(table.headers, body.mapping as Record<string, ImportField> | undefined);
  if (mapped.errors.length > 0) throw importError(mapped.errors.map((e) => ({ ...e, code: 'BAD_COLUMN' })));

  const sections = await repo.listSections(ctx.db, { scope: repo.sectionScope(grants, principal.userId), pairId: body.pairId });
  const byText = new Map<string, repo.SectionRow>();
  for (const s of sections) {
    byText.set(s.code, s);
    byText.set(s.name, s);
  }
  const column = (field: ImportField) => mapped.fields.indexOf(field);
  const sectionCol = column('section');
  const timeCol = column('sampledAt');
  const itemCols = mapped.fields.flatMap((f, i) => (f && isWaterItem(f) ? [{ item: f, index: i }] : []));
  const headerOfField = (field: string) => {
    if (field === 'sectionId') return table.headers[sectionCol]!;
    if (field === 'sampledAt') return table.headers[timeCol]!;
    const col = itemCols.find((c) => c.item === field);
    return col ? table.headers[col.index]! : field;
  };

  const issues: ImportIssue[] = [];
  const accepted: { row: number; section: repo.SectionRow; sample: WaterSample }[] = [];
  for (const { row, cells } of table.rows) {
    const sectionText = cells[sectionCol] ?? '';
    const section = byText.get(sectionText);
    if (sectionText !== '' && !section) {
      issues.push({ row, column: headerOfField('sectionId'), field: 'section', reason: `找不到断面“${sectionText}”或无权报送该断面`, code: 'UNKNOWN_SECTION' });
    }
    const values = Object.fromEntries(itemCols.map((c) => [c.item, cells[c.index] ?? '']));
    const checked = validateSampleRow({ sectionId: section?.id ?? sectionText, sampledAt: normalizeSampledAt(cells[timeCol] ?? ''), values });
    for (const e of checked.errors) {
      issues.push({
        row,
        column: e.field === 'values' ? '监测项目' : headerOfField(e.field),
        field: e.field === 'sectionId' ? 'section' : e.field,
        reason: e.reason,
        code: e.code,
      });
    }
    if (checked.sample && section) accepted.push({ row, section, sample: checked.sample });
  }
  for (const group of findDuplicateSamples(accepted.map((a) => a.sample))) {
    const first = accepted[group.rowIndexes[0]!]!.row;
    for (const index of group.rowIndexes.slice(1)) {
      const a = accepted[index]!;
      issues.push({
        row: a.row,
        column: headerOfField('sampledAt'),
        field: 'sampledAt',
        reason: `与第${first}行重复（同一断面、同一采样时间）`,
        code: 'DUPLICATE',
      });
    }
  }
  const existing = await repo.existingSampleKeys(ctx.db, [...new Set(accepted.map((a) => a.section.id))]);
  for (const a of accepted) {
    if (existing.has(`${a.section.id}\u0000${a.sample.sampledAt}`)) {
      issues.push({
        row: a.row,
        column: headerOfField('sampledAt'),
        field: 'sampledAt',
        reason: `断面“${a.section.name}”${a.sample.sampledAt} 的监测数据已导入过`,
        code: 'ALREADY_IMPORTED',
      });
    }
  }
  if (issues.length > 0) throw importError(issues.sort((x, y) => x.row - y.row));

  if (body.dryRun) {
    return {
      kind: 'checked',
      body: {
        valid: true,
        rows: accepted.length,
        columns: table.headers.map((header, i) => ({ header, field: mapped.fields[i] ?? 'ignore' })),
        preview: accepted.slice(0, PREVIEW_ROWS).map((a) => {
          const c = classifySample(a.sample, sectionOptions(a.section));
          return {
            row: a.row,
            sectionName: a.section.name,
            sampledAt: a.sample.sampledAt,
            values: c.items.map((i) => ({ item: i.item, name: i.name, unit: i.unit, value: i.value })),
            class: c.class,
            classLabel: c.classLabel,
          };
        }),
      },
    };
  }

  const now = ctx.clock();
  const result = await ctx.db.transaction(async (tx) => {
    // One import per section at a time: the warnings (a trend over months) are computed from every
    // sample of the section, so a concurrent import's samples must be committed or not yet written.
    const sectionIds = [...new Set(accepted.map((a) => a.section.id))];
    if ((await repo.lockSections(tx, sectionIds, 'write')).length < sectionIds.length) {
      throw new AppError('STALE_STATE', [{ field: 'fileBase64', reason: '监测断面已被删除，请刷新后重试' }]);
    }
    const inserted = await repo.insertSamples(
      tx,
      accepted.map((a) => ({
        pairId: body.pairId,
        sectionId: a.section.id,
        sampledAt: a.sample.sampledAt,
        sampledOn: a.sample.sampledAt.slice(0, 10),
        values: a.sample.values,
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
      })),
    );
    const raised = await raiseWarnings(tx, ctx, body.pairId, accepted);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'water.samples.import',
      entityType: 'water_samples',
      entityId: null,
      pairId: body.pairId,
      after: { fileName: body.fileName, count: inserted.length, sampleIds: inserted.map((s) => s.id), warningIds: raised.warningIds },
    });
    return { inserted, raised };
  });
  return {
    kind: 'created',
    body: {
      created: result.inserted.length,
      sampleIds: result.inserted.map((s) => s.id),
      warningsRaised: result.raised.warningIds.length,
      noticesSent: result.raised.notices,
    },
  };
}

/** The columns of a sample file with the field each header maps to by itself: what the column mapping starts from. */
export async function sampleColumns(ctx: ServiceContext, principal: Principal, body: { pairId: string; fileBase64: string; fileName: string }) {
  grantsFor(principal, 'water.report');
  assertPairPermission(principal, 'water.report', body.pairId);
  const file = await readOnPool(ctx, 'fileBase64', 'water.samples', { fileName: body.fileName, fileBase64: body.fileBase64, limits: uploadLimits(ctx) });
  if ('error' in file) throw importError([{ ...file.error, code: 'BAD_FILE' }]);
  const { fields } = mapColumns(file.table.headers, undefined);
  return { columns: file.table.headers.map((header, i) => ({ header, field: fields[i] ?? null })), rows: file.table.rows.length };
}

function warningKey(sectionId: string, w: ReturnType<typeof waterQualityWarnings>[number]): string {
  // A trend is known by its first month: a run that grows longer is the same warning.
  return w.kind === 'exceedance' ? `exceedance:${sectionId}:${w.sampledAt}:${w.item}` : `trend:${sectionId}:${w.item}:${w.months[0]}`;
}

/**
 * Re-runs the early warnings (docs/domain.md: an item above its target-class limit, or three
 * worsening monthly means in a row that leave a worse class) over the years the new samples touch,
 * stores the warnings not raised before, brings a grown run's warning up to its length, and
 * notifies the users of each section's units once per warning.
 */
async function raiseWarnings(tx: Executor, ctx: ServiceContext, pairId: string, accepted: readonly { section: repo.SectionRow; sample: WaterSample }[]) {
  const bySection = new Map<string, { section: repo.SectionRow; years: Set<number> }>();
  for (const a of accepted) {
    const entry = bySection.get(a.section.id) ?? { section: a.section, years: new Set<number>() };
    entry.years.add(Number(a.sample.sampledAt.slice(0, 4)));
    bySection.set(a.section.id, entry);
  }
  const warningIds: string[] = [];
  let notices = 0;
  const now = ctx.clock();
  for (const { section, years } of bySection.values()) {
    // From the year before: a run that crosses the year end is seen whole, so it keeps its first month.
    const from = `${Math.min(...years) - 1}-01-01`;
    const to = `${Math.max(...years)}-12-31`;
    const samples = (await repo.samplesOf(tx, [section.id], from, to)).map(toSample);
    const warnings = waterQualityWarnings(samples, sectionOptions(section));
    const fresh = await repo.insertNewWarnings(
      tx,
      warnings.map((w) => ({
        pairId,
        sectionId: section.id,
        key: warningKey(section.id, w),
        kind: w.kind,
        item: w.item,
        year: Number((w.kind === 'exceedance' ? w.sampledAt : w.months[0]!).slice(0, 4)),
        sampledAt: w.kind === 'exceedance' ? w.sampledAt : null,
        months: w.kind === 'worsening_trend' ? w.months : null,
        message: w.message,
        raisedAt: now,
      })),
    );
    // A run that grew keeps its warning (known by its first month), which now says the run's length.
    const freshKeys = new Set(fresh.map((w) => w.key));
    await repo.updateTrendWarnings(
      tx,
      warnings.flatMap((w) =>
        w.kind === 'worsening_trend' && !freshKeys.has(warningKey(section.id, w))
          ? [{ key: warningKey(section.id, w), months: w.months, message: w.message }]
          : [],
      ),
    );
    if (fresh.length === 0) continue;
    const recipients = await repo.recipientsOf(tx, section.id);
    for (const w of fresh) {
      warningIds.push(w.id);
      notices += await repo.notify(
        tx,
        recipients.map((userId) => ({
          userId,
          kind: 'water_warning',
          title: `水质预警：${section.name}`,
          body: w.message,
          link: `/water/sections/${section.id}?year=${w.year}`,
          dedupeKey: `water-warning:${w.id}:${userId}`,
          createdAt: now,
        })),
      );
    }
  }
  return { warningIds, notices };
}

/** A section's samples of a year, each classified by GB 3838-2002 against the section's target class. */
export async function listSamples(ctx: ServiceContext, principal: Principal, sectionId: string, year: number) {
  const section = await sectionInScope(ctx, principal, sectionId);
  const rows = await repo.samplesOf(ctx.db, [section.id], `${year}-01-01`, `${year}-12-31`);
  const options = sectionOptions(section);
  return { items: rows.map((r) => presentSample(r, classifySample(toSample(r), options))) };
}

/** A section's year: monthly and annual means with their classes, the monthly compliance and the warnings. */
export async function sectionSummary(ctx: ServiceContext, principal: Principal, sectionId: string, year: number) {
  const section = await sectionInScope(ctx, principal, sectionId);
  const samples = (await repo.samplesOf(ctx.db, [section.id], `${year}-01-01`, `${year}-12-31`)).map(toSample);
  const options = sectionOptions(section);
  const monthly = monthlyMeans(samples, options);
  const warnings = await repo.listWarnings(ctx.db, { scope: readScope(principal), pairId: section.pairId, sectionId, year });
  return {
    section: await getSection(ctx, principal, sectionId),
    year,
    assessedItems: [...(options.items ?? [])],
    monthly,
    annual: annualMeans(samples, options)[0] ?? null,
    compliance: { ...monthlyCompliance(monthly, options.targetClass), requiredPercent: null },
    warnings: warnings.map((w) => presentWarning(w.warning, w.sectionName)),
  };
}

export async function listWarnings(ctx: ServiceContext, principal: Principal, query: z.infer<typeof WarningQuery>) {
  assertPairPermission(principal, 'water.read', query.pairId);
  const rows = await repo.listWarnings(ctx.db, { scope: readScope(principal), ...query });
  return { items: rows.map((w) => presentWarning(w.warning, w.sectionName)) };
}

// Assessments -------------------------------------------------------------------------------

/**
 * The eco-compensation assessment of a year (docs/domain.md, "Cross-provincial eco-compensation"):
 * for every agreement in force that year and every one of its sections in the caller's scope,
 * the engine's assessment with every intermediate figure, the verdict and the amount. A rule
 * without its own target class takes the section's.
 */
export async function assessments(ctx: ServiceContext, principal: Principal, pairId: string, year: number): Promise<z.infer<typeof AssessmentOut>[]> {
  assertPairPermission(principal, 'water.read', pairId);
  const provisional = !yearHasEnded(ctx, year);
  const [agreements, sections] = await Promise.all([
    repo.listAgreements(ctx.db, pairId, year),
    repo.listSections(ctx.db, { scope: readScope(principal), pairId }),
  ]);
  const byId = new Map(sections.map((s) => [s.id, s]));
  const wanted = [...new Set(agreements.flatMap((a) => a.sectionIds).filter((id) => byId.has(id)))];
  const rows = await repo.samplesOf(ctx.db, wanted, `${year - 1}-01-01`, `${year}-12-31`);
  const samplesBySection = new Map<string, WaterSample[]>();
  for (const r of rows) samplesBySection.set(r.sectionId, [...(samplesBySection.get(r.sectionId) ?? []), toSample(r)]);
  const out: z.infer<typeof AssessmentOut>[] = [];
  for (const agreement of agreements) {
    const stored = agreement.rule as CompensationRule;
    for (const sectionId of agreement.sectionIds) {
      const section = byId.get(sectionId);
      if (!section) continue;
      const rule = { ...stored, targetClass: stored.targetClass ?? (section.targetClass as WaterClass) } as CompensationRule;
      const all = samplesBySection.get(sectionId) ?? [];
      const options = sectionOptions(section, rule.items);
      const previous = annualMeans(
        all.filter((s) => s.sampledAt.startsWith(String(year - 1))),
        { ...options, targetClass: rule.targetClass },
      )[0];
      const previousClass = previous?.class ?? null;
      const assessment: SectionYearAssessment = assessSectionYear({
        sectionId,
        year,
        waterBody: options.waterBody,
        samples: all.filter((s) => s.sampledAt.startsWith(String(year))),
        rule,
        previousYearAnnualClass: previousClass,
      });
      out.push(
        presentAssessment(assessment, agreement, { id: section.id, name: section.name, code: section.code, river: section.river }, previousClass, provisional),
      );
    }
  }
  return out;
}

/** Whether a year is over by the calendar of the pair's offices (China time): before, an assessment is provisional. */
function yearHasEnded(ctx: ServiceContext, year: number): boolean {
  return chinaDate(ctx.clock()) >= `${year + 1}-01-01`;
}

/** The state of a year's assessments: provisional while the year runs, as of today, through the last month with samples. */
function yearState(ctx: ServiceContext, year: number, items: readonly { monthsCovered: readonly string[] }[]) {
  const months = items.flatMap((a) => a.monthsCovered).sort();
  return { provisional: !yearHasEnded(ctx, year), asOf: chinaDate(ctx.clock()), coveredThrough: months.at(-1) ?? null };
}

/** A year's assessments with the state of the year: provisional while it runs, and the months they rest on. */
export async function assessmentList(ctx: ServiceContext, principal: Principal, pairId: string, year: number): Promise<z.infer<typeof AssessmentListOut>> {
  const items = await assessments(ctx, principal, pairId, year);
  return { year, ...yearState(ctx, year, items), items };
}

/** The total of the amounts of a year's assessments, 万元. */
export function totalAmount(items: readonly { amount: string | null }[]): string {
  return items.reduce((sum, a) => (a.amount === null ? sum : addDecimals(sum, a.amount)), '0');
}

/**
 * The annual assessment report as a workbook: what the assessment page shows, sheet by sheet, and,
 * for a year that has not ended, that its verdicts are provisional. The download is audited.
 */
export async function assessmentReport(ctx: ServiceContext, principal: Principal, actor: Actor, pairId: string, year: number): Promise<WorkbookFile> {
  const items = await assessments(ctx, principal, pairId, year);
  const bytes = await buildAssessmentReport(await repo.pairName(ctx.db, pairId), year, items, totalAmount(items), yearState(ctx, year, items));
  const file = { bytes, name: `东江生态补偿水质考核报告-${year}.xlsx`, asciiName: `water-assessment-${year}.xlsx` };
  await recordDownload(ctx, actor, {
    action: 'water.assessment.export',
    entityType: 'water_agreement',
    entityId: null,
    pairId,
    after: { file: file.name, filter: { pairId, year }, rows: items.length },
  });
  return file;
}
