import type { FieldDeclaration, RecordData, RegistryDeclaration } from '@duikou/domain';
import ExcelJS from 'exceljs';
import { IMPORT_ROWS } from '../../uploads/limits.js';
import { type CellValue, cellText, excelDay, parseDay, plainDecimal, type RowError } from '../../xlsx/cells.js';
import type { SheetData } from '../../xlsx/read.js';

/*
 * The workbooks of a registry, all three made from its declaration: the import template (one
 * column per field, plus the plan articles), the import reader (names in cells become ids) and
 * the export. No I/O here besides building the workbook bytes; the import file is read by the one
 * reader (xlsx/read.ts) on the work pool, within the upload limits.
 */

export const MAX_IMPORT_ROWS = IMPORT_ROWS.registries;
export const ARTICLES_HEADER = '服务方案条目';
const LIST_SEPARATORS = /[、,，;；\n]+/;
const DAY_FORMAT = 'yyyy-mm-dd';

/** What turning names into ids needs: the pair's units, cities and records by the names people write. */
export interface NameLookups {
  unitsByName: ReadonlyMap<string, string[]>;
  citiesByName: ReadonlyMap<string, string>;
  /** Records by type, then by title. */
  recordsByTitle: ReadonlyMap<string, ReadonlyMap<string, string[]>>;
}

/** Names the other way, for the export. */
export interface IdNames {
  units: ReadonlyMap<string, string>;
  cities: ReadonlyMap<string, string>;
  records: ReadonlyMap<string, string>;
}

export const headerOf = (field: FieldDeclaration) => `${field.label.zh}${field.required ? '*' : ''}`;

function hintOf(field: FieldDeclaration, options: (list: string) => readonly string[]): string {
  const t = field.type;
  switch (t.kind) {
    case 'text':
      return `文字，最多 ${t.max} 字`;
    case 'integer':
      return '整数';
    case 'decimal':
      return `数字，最多 ${t.scale} 位小数`;
    case 'date':
      return '日期，如 2026-06-30';
    case 'option':
      return `以下之一：${options(t.list).join('、')}`;
    case 'options':
      return `以下一项或多项，用顿号分隔：${options(t.list).join('、')}`;
    case 'unit':
      return '单位全称或简称';
    case 'units':
      return '单位全称或简称，多个用顿号分隔';
    case 'city':
      return '城市名称';
    case 'creditCode':
      return '18 位统一社会信用代码';
    case 'adminCode':
      return '6 位行政区划代码（GB/T 2260），或区县名称';
    case 'record':
      return '已登记记录的名称';
  }
}

/** The import template: the declared fields as columns, with what to write in each, and the plan articles last. */
export async function buildTemplate(declaration: RegistryDeclaration, options: (list: string) => readonly string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${declaration.label.zh}导入`);
  const columns = [
    ...declaration.fields.map((f) => ({ header: headerOf(f), hint: hintOf(f, options) })),
    { header: ARTICLES_HEADER, hint: `方案条目序号，如 ${declaration.articles.join('、')}` },
  ];
  sheet.columns = columns.map((c) => ({ header: c.header, width: Math.max(14, c.header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    sheet.getRow(1).getCell(i + 1).note = c.hint;
  });
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 24 },
    { header: '填写要求', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow([c.header, c.hint]);
  help.addRow(['', '带 * 的列必须填写；第 1 行为表头，从第 2 行起每行一条记录。任何一行有错，整个文件都不会导入。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function list(value: CellValue): string[] {
  return cellText(value)
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One row read from an import file: the data with names already turned into ids, or the cells' problems. */
export interface ReadRow {
  row: number;
  data: RecordData;
  articleNos: string[];
}

function uniqueId(ids: readonly string[] | undefined, what: string): { id?: string; error?: string } {
  if (!ids || ids.length === 0) return { error: `找不到${what}` };
  if (ids.length > 1) return { error: `${what}重名，请写全称` };
  return { id: ids[0] };
}

function readCell(field: FieldDeclaration, value: CellValue, names: NameLookups, placeCodes: ReadonlyMap<string, string>): { value?: unknown; error?: string } {
  const t = field.type;
  const text = cellText(value);
  switch (t.kind) {
    case 'date': {
      const day = parseDay(value);
      return 'error' in day ? { error: day.error } : { value: day.day ?? undefined };
    }
    case 'integer':
      return { value: typeof value === 'number' ? value : text };
    case 'options':
      return { value: list(value) };
    case 'unit': {
      const found = uniqueId(names.unitsByName.get(text), `单位“${text}”`);
      return found.error ? { error: found.error } : { value: found.id };
    }
    case 'units': {
      const ids: string[] = [];
      for (const name of list(value)) {
        const found = uniqueId(names.unitsByName.get(name), `单位“${name}”`);
        if (found.error) return { error: found.error };
        ids.push(found.id!);
      }
      return { value: ids };
    }
    case 'city': {
      const id = names.citiesByName.get(text);
      return id ? { value: id } : { error: `找不到城市“${text}”` };
    }
    case 'record': {
      const found = uniqueId(names.recordsByTitle.get(t.type)?.get(text), `“${text}”`);
      return found.error ? { error: found.error } : { value: found.id };
    }
    case 'adminCode':
      // People write the county's name as often as its code.
      return { value: /^\d{6}$/.test(text) ? text : (placeCodes.get(text) ?? text) };
    default:
      return { value: text };
  }
}

/**
 * Reads an import sheet (the first, as xlsx/read.ts gave it): the header row names the columns (in
 * any order); cells become a record's data, names becoming ids. Empty rows are skipped; problems
 * are collected per row and column.
 */
export function readImportSheet(
  declaration: RegistryDeclaration,
  sheet: SheetData,
  names: NameLookups,
  placeCodes: ReadonlyMap<string, string>,
): { rows: ReadRow[]; errors: RowError[] } {
  const header = sheet.rows.find((r) => r.row === 1);
  const body = sheet.rows.filter((r) => r.row > 1);
  if (body.length === 0) return { rows: [], errors: [{ row: 0, column: '文件', field: 'fileBase64', reason: '文件中没有数据行' }] };
  const headerCells = new Map<string, number>();
  header?.cells.forEach((value, i) => {
    if (value !== null) headerCells.set(cellText(value).replace(/\*$/, ''), i + 1);
  });
  const errors: RowError[] = [];
  for (const field of declaration.fields.filter((f) => f.required)) {
    if (!headerCells.has(field.label.zh)) errors.push({ row: 1, column: headerOf(field), field: `data.${field.key}`, reason: '缺少此列' });
  }
  if (errors.length > 0) return { rows: [], errors };
  const rows: ReadRow[] = [];
  for (const { row: r, cells } of body) {
    const cellOf = (header: string): CellValue => {
      const col = headerCells.get(header);
      return col === undefined ? null : (cells[col - 1] ?? null);
    };
    const all = [...headerCells.keys()].map((h) => cellText(cellOf(h)));
    if (all.every((v) => v === '')) continue;
    const data: RecordData = {};
    for (const field of declaration.fields) {
      const value = cellOf(field.label.zh);
      if (value === null || cellText(value) === '') continue;
      const read = readCell(field, value, names, placeCodes);
      if (read.error) errors.push({ row: r, column: headerOf(field), field: `data.${field.key}`, reason: read.error });
      else if (read.value !== undefined) data[field.key] = read.value;
    }
    rows.push({ row: r, data, articleNos: list(cellOf(ARTICLES_HEADER)) });
  }
  return { rows, errors };
}

function exportValue(field: FieldDeclaration, value: unknown, names: IdNames): CellValue {
  if (value === undefined || value === null) return null;
  const t = field.type;
  switch (t.kind) {
    case 'date':
      return excelDay(String(value));
    case 'decimal':
      return plainDecimal(String(value));
    case 'unit':
      return names.units.get(String(value)) ?? '';
    case 'units':
      return (value as string[]).map((id) => names.units.get(id) ?? '').join('、');
    case 'options':
      return (value as string[]).join('、');
    case 'city':
      return names.cities.get(String(value)) ?? '';
    case 'record':
      return names.records.get(String(value)) ?? '';
    default:
      return value as CellValue;
  }
}

/** The export: the same columns as the template (names, not ids), one row per record. */
export async function buildExport(
  declaration: RegistryDeclaration,
  records: readonly { data: RecordData; articleNos: string[] }[],
  names: IdNames,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(declaration.label.zh);
  sheet.columns = [
    ...declaration.fields.map((f) => ({
      header: f.label.zh,
      width: Math.max(14, f.label.zh.length * 2 + 4),
      style: f.type.kind === 'date' ? { numFmt: DAY_FORMAT } : {},
    })),
    { header: ARTICLES_HEADER, width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const record of records) {
    sheet.addRow([...declaration.fields.map((f) => exportValue(f, record.data[f.key], names)), record.articleNos.join('、')]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
