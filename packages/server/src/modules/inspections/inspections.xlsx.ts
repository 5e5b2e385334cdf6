import ExcelJS from 'exceljs';
import { IMPORT_ROWS } from '../../uploads/limits.js';
import { cellText, type RowError } from '../../xlsx/cells.js';
import type { SheetData } from '../../xlsx/read.js';

/*
 * The workbooks of the two registers (检查对象名录, 执法人员名录): templates and the import reader.
 * Cells are read as text; names and codes become ids in the service. The file itself is read by
 * the one reader (xlsx/read.ts) on the work pool, within the upload limits.
 */

export const MAX_IMPORT_ROWS = IMPORT_ROWS.inspectionRegisters;
export const LIST_SEPARATORS = /[、,，;；\n]+/;

export interface SheetColumn {
  key: string;
  header: string;
  required: boolean;
  hint: string;
}

export const ENTITY_COLUMNS: readonly SheetColumn[] = [
  { key: 'creditCode', header: '统一社会信用代码', required: true, hint: '18 位统一社会信用代码' },
  { key: 'name', header: '主体名称', required: true, hint: '企业全称' },
  { key: 'creditGrade', header: '信用等级', required: true, hint: '如 A、B、C、D（计划的等级序列）' },
  { key: 'industry', header: '行业', required: true, hint: '行业名称' },
  { key: 'location', header: '所在地', required: true, hint: '所在园区或区县' },
  { key: 'relatedUnitIds', header: '关联单位', required: false, hint: '与主体有关联关系的单位全称或简称，多个用顿号分隔' },
];

export const INSPECTOR_COLUMNS: readonly SheetColumn[] = [
  { key: 'badgeNo', header: '执法证号', required: true, hint: '执法证件号码，名录内唯一' },
  { key: 'name', header: '姓名', required: true, hint: '执法人员姓名' },
  { key: 'unitId', header: '所属单位', required: true, hint: '单位全称或简称' },
  { key: 'qualifications', header: '执法资格', required: false, hint: '多个用顿号分隔' },
  { key: 'conflicts', header: '利害冲突主体', required: false, hint: '已登记主体的统一社会信用代码，多个用顿号分隔' },
  { key: 'userId', header: '平台账号', required: false, hint: '该人员登录平台的用户名（用于录入检查结果）' },
];

const headerText = (c: SheetColumn) => `${c.header}${c.required ? '*' : ''}`;

export async function buildTemplate(sheetName: string, columns: readonly SheetColumn[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: headerText(c), width: Math.max(16, c.header.length * 3 + 4) }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    sheet.getRow(1).getCell(i + 1).note = c.hint;
  });
  const help = workbook.addWorksheet('填写说明');
  help.addRow(['列', '必填', '说明']);
  for (const c of columns) help.addRow([c.header, c.required ? '是' : '否', c.hint]);
  help.addRow([]);
  help.addRow(['整份文件一并校验：任何一行有错，整份文件都不导入。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetRow {
  /** The Excel row number (the header is row 1). */
  row: number;
  cells: Record<string, string>;
}

/**
 * Reads the first sheet: the header row names the columns (in any order, a trailing * allowed);
 * empty rows are skipped; a missing required column, or a required cell left empty, is a row error.
 */
export function readSheet(sheet: SheetData, columns: readonly SheetColumn[]): { rows: SheetRow[]; errors: RowError[] } {
  const header = sheet.rows.find((r) => r.row === 1);
  const body = sheet.rows.filter((r) => r.row > 1);
  if (body.length === 0) return { rows: [], errors: [{ row: 0, column: '文件', field: 'fileBase64', reason: '文件中没有数据行' }] };
  const positions = new Map<string, number>();
  header?.cells.forEach((value, i) => {
    if (value !== null) positions.set(cellText(value).replace(/\*$/, ''), i + 1);
  });
  const errors: RowError[] = [];
  for (const c of columns) {
    if (c.required && !positions.has(c.header)) errors.push({ row: 1, column: c.header, field: c.key, reason: '缺少此列（请使用导入模板）' });
  }
  if (errors.length > 0) return { rows: [], errors };
  const rows: SheetRow[] = [];
  for (const { row: number, cells: values } of body) {
    const cells: Record<string, string> = {};
    for (const c of columns) {
      const col = positions.get(c.header);
      cells[c.key] = col === undefined ? '' : cellText(values[col - 1] ?? null);
    }
    if (Object.values(cells).every((v) => v === '')) continue;
    for (const c of columns) if (c.required && cells[c.key] === '') errors.push({ row: number, column: c.header, field: c.key, reason: '必填' });
    rows.push({ row: number, cells });
  }
  return { rows, errors };
}

/** A list cell (names separated by 、 , ; or new lines) as its items. */
export function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
