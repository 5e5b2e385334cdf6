import { chinaDate, type RecordData } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { AppError, type FieldIssue } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, grantsWith, type Principal } from '../../http/principal.js';
import { readUploadedSheet } from '../../uploads/on-pool.js';
import { type RowError, rowsError, type WorkbookFile } from '../../xlsx/cells.js';
import { recordDownload } from '../audit/audit.service.js';
import * as repo from './registries.repository.js';
import type { RecordExportQuery, RecordImportBody, RecordImportChecked, RecordImportCreated } from './registries.schema.js';
import { checkRecord, declarationOf, optionListsOf, type PreparedRecord, recordFilterOf, writeNewRecords } from './registries.service.js';
import { buildExport, buildTemplate, headerOf, MAX_IMPORT_ROWS, type NameLookups, readImportSheet } from './registries.xlsx.js';

const EXPORT_CAP = 50_000;
const PREVIEW_ROWS = 50;

function group<T>(entries: readonly (readonly [string, T])[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const [key, value] of entries) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
}

export async function template(ctx: ServiceContext, principal: Principal, actor: Actor, type: string, pairId: string): Promise<WorkbookFile> {
  const declaration = declarationOf(type);
  assertPairPermission(principal, 'registries.read', pairId);
  const lists = await optionListsOf(ctx, pairId);
  const bytes = await buildTemplate(declaration, (list) => (lists.get(list)?.items ?? []).map((i) => i.value));
  const file = { bytes, name: `${declaration.label.zh}导入模板.xlsx`, asciiName: `${type}-template.xlsx` };
  await recordDownload(ctx, actor, {
    action: 'registry.template_download',
    entityType: 'registry_record',
    entityId: null,
    pairId,
    after: { file: file.name, type },
  });
  return file;
}

export type ImportOutcome = { kind: 'checked'; body: z.infer<typeof RecordImportChecked> } | { kind: 'created'; body: z.infer<typeof RecordImportCreated> };

/**
 * Bulk registration from an .xlsx made from the template: every row is read and checked as a
 * single save would check it; one bad row refuses the whole file (400 listing each problem by row
 * and column) and nothing is written. A dry run answers a preview; otherwise every record is
 * created in one transaction, each with its audit entry, and the indicators follow.
 */
export async function importRecords(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  type: string,
  body: z.infer<typeof RecordImportBody>,
): Promise<ImportOutcome> {
  const declaration = declarationOf(type);
  grantsFor(principal, 'registries.write');
  assertPairPermission(principal, 'registries.write', body.pairId);
  // The file first: one that passes a limit is refused before the pair's names are read.
  const file = await readUploadedSheet(ctx, body.fileBase64, { maxDataRows: MAX_IMPORT_ROWS });
  const [units, cities, lists] = await Promise.all([
    repo.allUnitsOfPair(ctx.db, body.pairId),
    repo.citiesOfPair(ctx.db, body.pairId),
    optionListsOf(ctx, body.pairId),
  ]);
  const referenced = [...new Set(declaration.fields.flatMap((f) => (f.type.kind === 'record' ? [f.type.type] : [])))];
  const records = (
    await Promise.all(
      referenced.map((t) =>
        repo.allRecords(ctx.db, { scope: repo.recordScope(grantsWith(principal, 'registries.read'), principal.userId), type: t, pairId: body.pairId }, 100_000),
      ),
    )
  ).flat();
  const names: NameLookups = {
    unitsByName: group(units.flatMap((u) => [[u.name, u.id] as const, ...(u.shortName && u.shortName !== u.name ? [[u.shortName, u.id] as const] : [])])),
    citiesByName: new Map(cities.map((c) => [c.name, c.id])),
    recordsByTitle: new Map(referenced.map((t) => [t, group(records.filter((r) => r.type === t).map((r) => [r.title, r.id] as const))])),
  };
  const placeCodes = new Map(
    units.flatMap((u) => (u.adminCode ? [[u.name, u.adminCode] as const, ...(u.shortName ? [[u.shortName, u.adminCode] as const] : [])] : [])),
  );
  const sheet = readImportSheet(declaration, file, names, placeCodes);
  const errors: RowError[] = [...sheet.errors];
  const unitById = new Map(units.map((u) => [u.id, u]));
  const recordById = new Map(records.map((r) => [r.id, r]));
  const lookups = {
    context: { options: (list: string) => lists.get(list)?.items ?? [], cities, cityIds: new Set(cities.map((c) => c.id)) },
    units: async (ids: readonly string[]) => ids.flatMap((id) => (unitById.has(id) ? [unitById.get(id)!] : [])),
    records: async (ids: readonly string[]) => ids.flatMap((id) => (recordById.has(id) ? [recordById.get(id)!] : [])),
    articles: null,
  };
  const prepared: { row: number; record: PreparedRecord; articleNos: string[] }[] = [];
  const columnOf = (field: string) => {
    const key = field.replace(/^data\./, '').split('.')[0]!;
    const declared = declaration.fields.find((f) => f.key === key);
    return declared ? headerOf(declared) : field;
  };
  for (const row of sheet.rows) {
    // Cells that could not be read are already reported; the rest of the row is still checked.
    const unreadable = new Set(errors.filter((e) => e.row === row.row).map((e) => e.field));
    const check = await checkRecord(principal, declaration, body.pairId, row.data as RecordData, lookups);
    if (!check.ok) {
      for (const issue of check.issues as FieldIssue[]) {
        if (unreadable.has(issue.field)) continue;
        errors.push({ row: row.row, column: columnOf(issue.field), field: issue.field, reason: issue.reason });
      }
      continue;
    }
    prepared.push({ row: row.row, record: check.record, articleNos: row.articleNos });
  }
  if (errors.length > 0) throw rowsError(errors, '记录');
  if (prepared.length === 0) throw new AppError('VALIDATION_FAILED', [{ field: 'fileBase64', reason: '文件中没有数据行' }]);
  if (body.dryRun) {
    return {
      kind: 'checked',
      body: {
        valid: true,
        rows: prepared.length,
        preview: prepared.slice(0, PREVIEW_ROWS).map((p) => ({ row: p.row, title: p.record.row.title, unitName: p.record.owner.name })),
      },
    };
  }
  const created = await ctx.db.transaction((tx) => writeNewRecords(tx, ctx, actor, body.pairId, declaration, prepared));
  return { kind: 'created', body: { created: created.length, recordIds: created.map((r) => r.id) } };
}

/** The records in scope with the list's filters, as a workbook with the template's columns. */
/** The records of a kind in scope with the list's filters; the export is audited with its filter and size. */
export async function exportRecords(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  type: string,
  query: z.infer<typeof RecordExportQuery>,
): Promise<WorkbookFile> {
  const declaration = declarationOf(type);
  const rows = await repo.allRecords(ctx.db, recordFilterOf(principal, declaration, query).filter, EXPORT_CAP + 1);
  if (rows.length > EXPORT_CAP)
    throw new AppError('VALIDATION_FAILED', [{ field: 'query', reason: `符合条件的记录超过 ${EXPORT_CAP} 条，请缩小筛选范围后再导出` }]);
  const pairIds = [...new Set(rows.map((r) => r.pairId))];
  const units = (await Promise.all(pairIds.map((id) => repo.allUnitsOfPair(ctx.db, id)))).flat();
  const cities = (await Promise.all(pairIds.map((id) => repo.citiesOfPair(ctx.db, id)))).flat();
  const recordIds = [
    ...new Set(
      rows.flatMap((r) =>
        declaration.fields.flatMap((f) =>
          f.type.kind === 'record' && typeof (r.data as RecordData)[f.key] === 'string' ? [(r.data as RecordData)[f.key] as string] : [],
        ),
      ),
    ),
  ];
  const referenced = (await Promise.all(pairIds.map((id) => repo.recordsByIds(ctx.db, id, recordIds)))).flat();
  const bytes = await buildExport(
    declaration,
    rows.map((r) => ({ data: r.data as RecordData, articleNos: r.articleNos })),
    {
      units: new Map(units.map((u) => [u.id, u.name])),
      cities: new Map(cities.map((c) => [c.id, c.name])),
      records: new Map(referenced.map((r) => [r.id, r.title])),
    },
  );
  const day = chinaDate(ctx.clock()).replaceAll('-', '');
  const file = { bytes, name: `${declaration.label.zh}-${day}.xlsx`, asciiName: `${type}-${day}.xlsx` };
  await recordDownload(ctx, actor, {
    action: 'registry.export',
    entityType: 'registry_record',
    entityId: null,
    // Seen by the pair's office when the file holds that pair's records only.
    pairId: query.pairId ?? (pairIds.length === 1 ? pairIds[0] : null),
    cityId: query.cityId ?? null,
    after: { file: file.name, type, filter: query, rows: rows.length },
  });
  return file;
}
