import { isWaterItem, WATER_ITEM_INFO, WATER_ITEMS, type WaterItem } from '@duikou/domain';
import ExcelJS from 'exceljs';
import { type CellValue, cellText, type RowError } from '../../xlsx/cells.js';

/*
 * Reading a sample file (.csv or .xlsx) into a table of text cells, and mapping its columns to
 * the fields of a sample: the section, the sampling time and the items. No database here.
 */

export const MAX_SAMPLE_ROWS = 10_000;

export type ImportField = 'section' | 'sampledAt' | WaterItem | 'ignore';

export interface SampleTable {
  headers: string[];
  /** Excel/CSV row number (header = 1) and the cells as text, by column position. */
  rows: { row: number; cells: string[] }[];
}

/** RFC 4180 CSV: quoted fields with doubled quotes, commas, CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An .xlsx cell as text: dates (exceljs gives them at UTC, Excel dates have no zone) as 'YYYY-MM-DD[ HH:mm]'. */
function xlsxCellText(value: CellValue): string {
  const raw = value !== null && typeof value === 'object' && !(value instanceof Date) && 'result' in value ? (value.result as CellValue) : value;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return '';
    const day = `${raw.getUTCFullYear()}-${pad(raw.getUTCMonth() + 1)}-${pad(raw.getUTCDate())}`;
    return raw.getUTCHours() === 0 && raw.getUTCMinutes() === 0 ? day : `${day} ${pad(raw.getUTCHours())}:${pad(raw.getUTCMinutes())}`;
  }
  // A number Excel computed (a formula) may carry binary noise (0.30000000000000004): twelve significant digits are more than any measurement has.
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(Number(raw.toPrecision(12)));
  return cellText(raw);
}

/** Reads the file; a file that cannot be read is one error on row 0. */
export async function readSampleFile(fileName: string, bytes: Buffer): Promise<{ table: SampleTable } | { error: RowError }> {
  const fail = (reason: string) => ({ error: { row: 0, column: '文件', field: 'fileBase64', reason } });
  let grid: string[][];
  if (/\.csv$/i.test(fileName)) {
    // Excel on Chinese Windows saves CSV in GB 18030: read UTF-8 when the bytes are UTF-8, else GB 18030.
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
    grid = parseCsv(text).map((cells) => cells.map((c) => c.trim()));
  } else {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return fail('不是有效的 .xlsx 文件');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return fail('文件中没有数据行');
    grid = [];
    const width = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      grid.push(Array.from({ length: width }, (_, i) => xlsxCellText(row.getCell(i + 1).value)));
    }
  }
  const [header, ...body] = grid;
  if (!header || header.every((h) => h === '')) return fail('文件中没有表头');
  const rows = body.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length === 0) return fail('文件中没有数据行');
  if (rows.length > MAX_SAMPLE_ROWS) return fail(`一次最多导入 ${MAX_SAMPLE_ROWS} 行`);
  return { table: { headers: header.map((h) => h.trim()), rows } };
}

const SECTION_HEADERS = ['断面', '断面名称', '断面编码', '断面代码', '监测断面', 'section'];
const TIME_HEADERS = ['采样时间', '采样日期', '监测时间', '监测日期', '时间', '日期', 'sampledat', 'date'];
const ITEM_ALIASES: Readonly<Record<WaterItem, readonly string[]>> = {
  ph: ['ph', 'ph值'],
  do: ['do', '溶解氧'],
  codmn: ['codmn', '高锰酸盐指数'],
  cod: ['cod', 'codcr', '化学需氧量'],
  bod5: ['bod5', '五日生化需氧量'],
  nh3n: ['nh3n', 'nh3-n', '氨氮'],
  tp: ['tp', '总磷'],
  tn: ['tn', '总氮'],
};

/** A header split into its name and the unit written in brackets: '氨氮(mg/L)' → ['氨氮', 'mg/L']. */
export function splitHeader(header: string): { name: string; unit: string | null } {
  const match = /^(.*?)\s*[(（]\s*([^)）]*)\s*[)）]\s*$/.exec(header);
  return match ? { name: match[1]!.trim(), unit: match[2]!.trim() } : { name: header.trim(), unit: null };
}

function guessField(header: string): ImportField | null {
  const name = splitHeader(header).name.toLowerCase().replace(/\s+/g, '');
  if (SECTION_HEADERS.includes(name)) return 'section';
  if (TIME_HEADERS.includes(name)) return 'sampledAt';
  for (const item of WATER_ITEMS) if (ITEM_ALIASES[item].includes(name)) return item;
  return null;
}

const normUnit = (unit: string) => unit.toLowerCase().replace(/\s+/g, '').replace('μ', 'µ');

/**
 * The field of each column: the mapping given (header → field) first, then the header itself
 * (item code or Chinese name). Problems, each on row 1: a mapped header missing from the file,
 * a field mapped twice, no section or time column, no item column, and a unit in a header that
 * is not the unit of GB 3838-2002 (mg/L; pH without unit) — values are never converted silently.
 */
export function mapColumns(
  headers: readonly string[],
  mapping: Readonly<Record<string, ImportField>> | undefined,
): { fields: (ImportField | null)[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const problem = (column: string, field: string, reason: string) => errors.push({ row: 1, column, field, reason });
  for (const header of Object.keys(mapping ?? {})) {
    if (!headers.includes(header)) problem(header, `mapping.${header}`, '文件中没有此列');
  }
  const fields = headers.map((header) => (mapping && header in mapping ? mapping[header]! : guessField(header)));
  const seen = new Map<ImportField, string>();
  headers.forEach((header, i) => {
    const field = fields[i];
    if (!field || field === 'ignore') return;
    const first = seen.get(field);
    if (first !== undefined) problem(header, `mapping.${header}`, `与“${first}”列对应同一字段`);
    else seen.set(field, header);
    if (isWaterItem(field)) {
      const { unit } = splitHeader(header);
      const expected = WATER_ITEM_INFO[field].unit;
      if (unit !== null && unit !== '') {
        const ok = field === 'ph' ? ['无量纲', '无', '-', ''].includes(unit) : normUnit(unit) === normUnit(expected);
        if (!ok) problem(header, `mapping.${header}`, `${WATER_ITEM_INFO[field].name}的单位应为 ${expected}，文件为 ${unit}，请换算后再导入`);
      }
    }
  });
  if (!seen.has('section')) problem('断面', 'mapping.section', '缺少断面列（断面编码或名称）');
  if (!seen.has('sampledAt')) problem('采样时间', 'mapping.sampledAt', '缺少采样时间列');
  if (![...seen.keys()].some((f) => isWaterItem(f))) problem('监测项目', 'mapping.items', '缺少监测项目列（如 氨氮(mg/L)）');
  return { fields, errors };
}

/** A sampling time as people write it, made 'YYYY-MM-DD[ HH:mm]': 2024/3/5 10:00, 2024年3月5日, 2024-03-05T10:00. */
export function normalizeSampledAt(text: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) return text.trim();
  const day = `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}`;
  return match[4] === undefined ? day : `${day} ${pad(Number(match[4]))}:${match[5]}`;
}
