import { isWaterItem, WATER_ITEM_INFO, WATER_ITEMS, type WaterItem } from '@duikou/domain';
import { fieldError } from '../../http/errors.js';
import { IMPORT_ROWS, type ReadLimits } from '../../uploads/limits.js';
import { type CellValue, cellText, type RowError } from '../../xlsx/cells.js';
import { readXlsxSheet } from '../../xlsx/read.js';

/*
 * Reading a sample file (.csv or .xlsx) into a table of text cells, and mapping its columns to
 * the fields of a sample: the section, the sampling time and the items. No database here: the
 * file is read on the work pool (work/jobs.ts), within the upload limits (uploads/limits.ts).
 */

export const MAX_SAMPLE_ROWS = IMPORT_ROWS.waterSamples;
const FIELD = 'fileBase64';

export type ImportField = 'section' | 'sampledAt' | WaterItem | 'ignore';

export interface SampleTable {
  headers: string[];
  /** Excel/CSV row number (header = 1) and the cells as text, by column position. */
  rows: { row: number; cells: string[] }[];
}

/**
 * RFC 4180 CSV: quoted fields with doubled quotes, commas, CRLF or LF; a UTF-8 BOM is dropped.
 * Within the limits, checked while reading: a field of more than `cellChars` characters, a record
 * of more than `columns` fields, or more than `maxRows` records after the first (the header)
 * holding text stop the reading with a 400 naming the file.
 */
export function parseCsv(
  text: string,
  limits: { cellChars: number; columns: number; maxRows: number } = { cellChars: Infinity, columns: Infinity, maxRows: Infinity },
): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let dataRows = 0;
  const endField = () => {
    if (field.length > limits.cellChars) throw fieldError('VALIDATION_FAILED', FIELD, `第 ${records.length + 1} 行有单元格超过 ${limits.cellChars} 字上限`);
    record.push(field);
    if (record.length > limits.columns && field.trim() !== '')
      throw fieldError('VALIDATION_FAILED', FIELD, `超过 ${limits.columns} 列上限（第 ${records.length + 1} 行）`);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (records.length > 0 && record.some((f) => f.trim() !== '') && ++dataRows > limits.maxRows)
      throw fieldError('VALIDATION_FAILED', FIELD, `一次最多导入 ${limits.maxRows} 行`);
    records.push(record);
    record = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      if (field.length > limits.cellChars) endField();
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      endRecord();
    } else {
      field += c;
      if (field.length > limits.cellChars) endField();
    }
  }
  if (field !== '' || record.length > 0) endRecord();
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

export type SampleFile = { table: SampleTable } | { error: RowError };

/**
 * Reads the file; a file that is read but holds no header or no rows is one error on row 0; a file
 * that cannot be read, or passes a limit, is a 400/413 naming `fileBase64`.
 */
export async function readSampleFile(fileName: string, bytes: Uint8Array, limits: ReadLimits): Promise<SampleFile> {
  const fail = (reason: string) => ({ error: { row: 0, column: '文件', field: FIELD, reason } });
  let header: string[] | undefined;
  let body: { row: number; cells: string[] }[];
  if (/\.csv$/i.test(fileName)) {
    // Excel on Chinese Windows saves CSV in GB 18030: read UTF-8 when the bytes are UTF-8, else GB 18030.
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
    const [first, ...rest] = parseCsv(text, { cellChars: limits.cellChars, columns: limits.columns, maxRows: MAX_SAMPLE_ROWS }).map((cells) =>
      cells.map((c) => c.trim()),
    );
    header = first;
    body = rest.map((cells, i) => ({ row: i + 2, cells }));
  } else {
    const sheet = await readXlsxSheet(bytes, { field: FIELD, limits, maxDataRows: MAX_SAMPLE_ROWS });
    const width = sheet.columns;
    const text = (cells: readonly CellValue[]) => Array.from({ length: width }, (_, i) => xlsxCellText(cells[i] ?? null));
    header = text(sheet.rows.find((r) => r.row === 1)?.cells ?? []);
    body = sheet.rows.filter((r) => r.row > 1).map((r) => ({ row: r.row, cells: text(r.cells) }));
  }
  if (!header || header.every((h) => h === '')) return fail('文件中没有表头');
  const rows = body.filter((r) => r.cells.some((c) => c !== ''));
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
  // Object.hasOwn: a header such as `constructor` must not find what every object inherits.
  const fields = headers.map((header) => (mapping && Object.hasOwn(mapping, header) ? mapping[header]! : guessField(header)));
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
