import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TASK_LIGHT_LABELS, TASK_STATUS_LABELS, type TaskLight } from '@duikou/domain';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { fieldError } from '../../http/errors.js';
import { IMPORT_ROWS } from '../../uploads/limits.js';
import { type CellValue, cellText, excelDay, parseDay, plainDecimal, type RowError } from '../../xlsx/cells.js';
import type { SheetData } from '../../xlsx/read.js';
import type { TaskOut } from './tasks.schema.js';

/*
 * The task workbooks: the import template, the import reader and the ledger (台账) export. All
 * three read their columns from TASK_COLUMNS, so a header, a width or a format is declared once.
 * No I/O here besides building the workbook bytes; the import file is read by the one reader
 * (xlsx/read.ts) on the work pool, within the upload limits.
 */

type LedgerTask = z.infer<typeof TaskOut>;

export const IMPORT_SHEET = '任务导入';
export const LEDGER_SHEET = '任务台账';
export const MAX_IMPORT_ROWS = IMPORT_ROWS.tasks;
/** Template rows whose title starts with this are the example, never imported by mistake. */
export const EXAMPLE_MARK = '（示例）';

/** One task row of an import sheet as read: values not yet checked, units still by name. */
export interface ImportedRow {
  /** The Excel row number (the header is row 1). */
  row: number;
  articleNo: string;
  title: string;
  description: string;
  leadUnitNames: string[];
  supportUnitNames: string[];
  startOn: string | null;
  dueOn: string | null;
  milestones: { title: string; dueOn: string }[];
  indicators: { name: string; unitOfMeasure: string; target: string | null }[];
}

export type { RowError } from '../../xlsx/cells.js';

interface ImportSpec {
  /** The field of `POST /api/v1/tasks` this column fills: errors on it point back at the column. */
  field: string;
  required?: boolean;
  /** The value on the template's example row. */
  example: CellValue;
  /** Reads the cell into the row; returns a reason when the cell cannot be read. */
  parse(value: CellValue, into: ImportedRow): string | undefined;
}

export interface TaskColumn {
  key: string;
  header: string;
  /** The ledger's header when it differs from the import header. */
  ledgerHeader?: string;
  width: number;
  numFmt?: string;
  /** What to write, shown as the header's note in the template and on the instructions sheet. */
  hint: string;
  import?: ImportSpec;
  ledger?: (task: LedgerTask) => CellValue;
  /** A background colour (ARGB) for the ledger cell; the cell always carries text as well. */
  ledgerFill?: (task: LedgerTask) => string | undefined;
}

const DAY_FORMAT = 'yyyy-mm-dd';
const LIST_SEPARATORS = /[、,，;；\n]+/;
const ITEM_SEPARATORS = /[;；\n]+/;
const LIGHT_FILLS: Record<TaskLight, string> = { red: 'FFFFC7CE', amber: 'FFFFEB9C', green: 'FFC6EFCE', grey: 'FFD9D9D9' };

function list(value: CellValue, separators: RegExp): string[] {
  return cellText(value)
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function readDay(value: CellValue, set: (day: string | null) => void): string | undefined {
  const parsed = parseDay(value);
  if ('error' in parsed) return parsed.error;
  set(parsed.day);
  return undefined;
}

/** An instant as China wall-clock time in an Excel date-time cell. */
function excelChinaTime(iso: string): Date {
  return new Date(Date.parse(iso) + 8 * 3_600_000);
}

function unitNames(task: LedgerTask, role: 'lead' | 'support'): string {
  return task.units
    .filter((u) => u.role === role)
    .map((u) => u.name)
    .join('、');
}

/**
 * Every column of the task workbooks, in sheet order. Import columns have `import` (the template
 * is made of them), ledger columns have `ledger`; the two orders are the same sequence.
 */
export const TASK_COLUMNS: readonly TaskColumn[] = [
  { key: 'chapterNo', header: '章', width: 6, hint: '方案的章号', ledger: (t) => t.chapterNo },
  {
    key: 'articleNo',
    header: '条款编号',
    ledgerHeader: '条',
    width: 10,
    hint: '必填。已发布方案中的条号，如“四”（也可写“（四）”或“第四条”）',
    import: {
      field: 'articleNo',
      required: true,
      example: '四',
      parse(value, into) {
        into.articleNo = cellText(value)
          .replace(/^[（(]\s*|\s*[）)]$/g, '')
          .replace(/^第\s*|\s*条$/g, '');
        return undefined;
      },
    },
    ledger: (t) => t.articleNo,
  },
  {
    key: 'title',
    header: '任务名称',
    width: 40,
    hint: '必填，最多300字',
    import: {
      field: 'title',
      required: true,
      example: `${EXAMPLE_MARK}组织深圳中小学生赴兴国开展红色研学`,
      parse(value, into) {
        into.title = cellText(value);
        return into.title.startsWith(EXAMPLE_MARK) ? '这是模板中的示例行，请删除或改写后再导入' : undefined;
      },
    },
    ledger: (t) => t.title,
  },
  {
    key: 'description',
    header: '任务说明',
    width: 40,
    hint: '选填，最多5000字',
    import: {
      field: 'description',
      example: '每年组织两批次研学，覆盖福田区中小学',
      parse(value, into) {
        into.description = cellText(value);
        return undefined;
      },
    },
  },
  {
    key: 'leadUnits',
    header: '牵头单位',
    width: 24,
    hint: '必填。单位全称或简称，多个单位用“、”分隔；须是本结对城市的单位',
    import: {
      field: 'leadUnitIds',
      required: true,
      example: '兴国县',
      parse(value, into) {
        into.leadUnitNames = [...new Set(list(value, LIST_SEPARATORS))];
        return undefined;
      },
    },
    ledger: (t) => unitNames(t, 'lead'),
  },
  {
    key: 'supportUnits',
    header: '配合单位',
    width: 24,
    hint: '选填。写法同牵头单位；同一单位不能既牵头又配合',
    import: {
      field: 'supportUnitIds',
      example: '福田区、深圳市教育局',
      parse(value, into) {
        into.supportUnitNames = [...new Set(list(value, LIST_SEPARATORS))];
        return undefined;
      },
    },
    ledger: (t) => unitNames(t, 'support'),
  },
  {
    key: 'startOn',
    header: '开始日期',
    width: 12,
    numFmt: DAY_FORMAT,
    hint: '选填。yyyy-mm-dd，或 Excel 日期单元格',
    import: {
      field: 'startOn',
      example: excelDay('2026-03-01'),
      parse: (value, into) =>
        readDay(value, (day) => {
          into.startOn = day;
        }),
    },
    ledger: (t) => excelDay(t.startOn),
  },
  {
    key: 'dueOn',
    header: '完成时限',
    width: 12,
    numFmt: DAY_FORMAT,
    hint: '选填。yyyy-mm-dd，或 Excel 日期单元格；不能早于开始日期',
    import: {
      field: 'dueOn',
      example: excelDay('2026-12-31'),
      parse: (value, into) =>
        readDay(value, (day) => {
          into.dueOn = day;
        }),
    },
    ledger: (t) => excelDay(t.dueOn),
  },
  { key: 'status', header: '状态', width: 10, hint: '任务状态', ledger: (t) => TASK_STATUS_LABELS[t.status].zh },
  { key: 'progress', header: '进度(%)', width: 9, hint: '完成进度（百分比）', ledger: (t) => t.progress },
  {
    key: 'light',
    header: '红黄绿灯',
    width: 22,
    hint: '按计划计算的红黄绿灯',
    ledger: (t) => TASK_LIGHT_LABELS[t.light].zh,
    ledgerFill: (t) => LIGHT_FILLS[t.light],
  },
  {
    key: 'milestones',
    header: '推进节点',
    width: 36,
    hint: '选填。“节点名称@yyyy-mm-dd”，多个节点用“；”分隔，如：确定研学线路@2026-04-30；完成首批研学@2026-09-30',
    import: {
      field: 'milestones',
      example: '确定研学线路@2026-04-30；完成首批研学@2026-09-30',
      parse(value, into) {
        const problems: string[] = [];
        into.milestones = [];
        for (const [i, item] of list(value, ITEM_SEPARATORS).entries()) {
          const at = Math.max(item.lastIndexOf('@'), item.lastIndexOf('＠'));
          const parsed = at > 0 ? parseDay(item.slice(at + 1).trim()) : null;
          if (!parsed || 'error' in parsed || !parsed.day) {
            problems.push(`第${i + 1}个节点“${item}”应写作“节点名称@yyyy-mm-dd”`);
            continue;
          }
          into.milestones.push({ title: item.slice(0, at).trim(), dueOn: parsed.day });
        }
        return problems.length > 0 ? problems.join('；') : undefined;
      },
    },
    ledger: (t) => t.milestones.map((m) => `${m.title}@${m.dueOn}${m.doneOn ? `（已完成 ${m.doneOn}）` : ''}`).join('\n') || null,
  },
  {
    key: 'indicators',
    header: '指标',
    width: 36,
    hint: '选填。“名称|计量单位|目标值”，目标值可省略，多个指标用“；”分隔，如：研学人次|人次|2000',
    import: {
      field: 'indicators',
      example: '研学人次|人次|2000；研学基地|个|3',
      parse(value, into) {
        const problems: string[] = [];
        into.indicators = [];
        for (const [i, item] of list(value, ITEM_SEPARATORS).entries()) {
          const parts = item.split(/[|｜]/).map((p) => p.trim());
          if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) {
            problems.push(`第${i + 1}个指标“${item}”应写作“名称|计量单位|目标值”`);
            continue;
          }
          const target = parts[2]?.replace(/[,，]/g, '') || null;
          into.indicators.push({ name: parts[0], unitOfMeasure: parts[1], target });
        }
        return problems.length > 0 ? problems.join('；') : undefined;
      },
    },
    ledger: (t) =>
      t.indicators.map((i) => `${i.name}（${i.unitOfMeasure}）：目标 ${plainDecimal(i.target)} / 实际 ${plainDecimal(i.actual)}`).join('\n') || null,
  },
  {
    key: 'updatedAt',
    header: '更新时间',
    width: 17,
    numFmt: 'yyyy-mm-dd hh:mm',
    hint: '最后修改时间（北京时间）',
    ledger: (t) => excelChinaTime(t.updatedAt),
  },
];

type ImportColumn = TaskColumn & { import: ImportSpec };
type LedgerColumn = TaskColumn & { ledger: NonNullable<TaskColumn['ledger']> };

export const IMPORT_COLUMNS = TASK_COLUMNS.filter((c): c is ImportColumn => c.import !== undefined);
export const LEDGER_COLUMNS = TASK_COLUMNS.filter((c): c is LedgerColumn => c.ledger !== undefined);

/** The import column that fills a field of `POST /api/v1/tasks` (`leadUnitIds.2` → 牵头单位). */
export function importColumnOf(field: string): ImportColumn | undefined {
  const root = field.split('.')[0];
  return IMPORT_COLUMNS.find((c) => c.import.field === root);
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  });
}

function sheetColumns(columns: readonly TaskColumn[], header: (c: TaskColumn) => string): Partial<ExcelJS.Column>[] {
  return columns.map((c) => ({ header: header(c), key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
}

/** The import template: the import columns, an example row, and a sheet explaining each column. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(IMPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetColumns(IMPORT_COLUMNS, (c) => c.header);
  const header = sheet.getRow(1);
  styleHeader(header);
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = c.hint;
    if (c.import.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });
  const example = sheet.addRow(IMPORT_COLUMNS.map((c) => c.import.example));
  example.font = { italic: true, color: { argb: 'FF7F7F7F' } };
  example.alignment = { vertical: 'top', wrapText: true };

  const guide = workbook.addWorksheet('填写说明');
  guide.columns = [
    { header: '列名', key: 'header', width: 12 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'hint', width: 90 },
  ];
  styleHeader(guide.getRow(1));
  for (const c of IMPORT_COLUMNS) guide.addRow({ header: c.header, required: c.import.required ? '必填' : '选填', hint: c.hint });
  guide.addRow({});
  guide.addRow({
    header: '说明',
    hint: `第2行是示例（任务名称以“${EXAMPLE_MARK}”开头），导入前请删除或改写。每个文件最多 ${MAX_IMPORT_ROWS} 行；任何一行有错，整个文件都不会导入，错误会逐行列出。`,
  });
  guide.getColumn('hint').alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function headerKey(label: string): string {
  return label
    .replace(/[\s*＊]/g, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .trim();
}

/**
 * Reads the task rows of an import file (the sheet named 任务导入, or the first sheet, as
 * xlsx/read.ts gave it): columns found by their header labels in row 1 (order free, unknown
 * columns ignored), blank rows skipped. File-level problems (not an .xlsx, no rows, too many
 * rows — found by the reader — or a required column missing) throw a 400 naming `fileBase64`;
 * cell problems come back as row errors.
 */
export function readImportSheet(sheet: SheetData): { rows: ImportedRow[]; errors: RowError[] } {
  const positions = new Map<ImportColumn, number>();
  sheet.rows
    .find((r) => r.row === 1)
    ?.cells.forEach((value, i) => {
      if (value === null) return;
      const column = IMPORT_COLUMNS.find((c) => c.header === headerKey(cellText(value)));
      if (column && !positions.has(column)) positions.set(column, i + 1);
    });
  if (positions.size === 0 && sheet.rows.length === 0) throw fieldError('VALIDATION_FAILED', 'fileBase64', '表格是空的，没有任务行');
  const missing = IMPORT_COLUMNS.filter((c) => c.import.required && !positions.has(c));
  if (missing.length > 0) {
    throw fieldError('VALIDATION_FAILED', 'fileBase64', `第1行缺少表头：${missing.map((c) => c.header).join('、')}（请使用导入模板）`);
  }

  const rows: ImportedRow[] = [];
  const errors: RowError[] = [];
  for (const { row: number, cells: values } of sheet.rows) {
    if (number < 2) continue;
    const cells = [...positions].map(([column, col]) => [column, values[col - 1] ?? null] as const);
    if (cells.every(([, value]) => cellText(value) === '' && !(value instanceof Date))) continue;
    const imported: ImportedRow = {
      row: number,
      articleNo: '',
      title: '',
      description: '',
      leadUnitNames: [],
      supportUnitNames: [],
      startOn: null,
      dueOn: null,
      milestones: [],
      indicators: [],
    };
    for (const [column, value] of cells) {
      const empty = cellText(value) === '' && !(value instanceof Date);
      const reason = empty && column.import.required ? '必填' : column.import.parse(value, imported);
      if (reason) errors.push({ row: number, column: column.header, field: column.import.field, reason });
    }
    for (const column of IMPORT_COLUMNS) {
      if (column.import.required && !positions.has(column)) errors.push({ row: number, column: column.header, field: column.import.field, reason: '必填' });
    }
    rows.push(imported);
  }
  if (rows.length === 0) throw fieldError('VALIDATION_FAILED', 'fileBase64', '表格是空的，没有任务行');
  return { rows, errors };
}

/**
 * The ledger workbook, written with the streaming writer (rows are zipped as they are added, so a
 * 50,000-row ledger does not sit in memory as cell objects); yields to the event loop between
 * batches so that other requests keep being served.
 */
export async function buildLedger(tasks: readonly LedgerTask[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = sheetColumns(LEDGER_COLUMNS, (c) => c.ledgerHeader ?? c.header);
  const header = sheet.getRow(1);
  styleHeader(header);
  header.commit();
  for (const [i, task] of tasks.entries()) {
    const row = sheet.addRow(LEDGER_COLUMNS.map((c) => c.ledger(task)));
    row.alignment = { vertical: 'top', wrapText: true };
    LEDGER_COLUMNS.forEach((c, col) => {
      const argb = c.ledgerFill?.(task);
      if (argb) row.getCell(col + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
    });
    row.commit();
    if (i % 1000 === 999) await nextTurn();
  }
  sheet.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
