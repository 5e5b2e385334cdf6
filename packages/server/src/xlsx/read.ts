import { fieldError } from '../http/errors.js';
import type { ReadLimits } from '../uploads/limits.js';
import { DONE, parsePart, partOfType, relationships, relationshipsOf, typeIs } from '../uploads/office-parts.js';
import { CheckedZip } from '../uploads/zip.js';
import { attributeIn } from './xml.js';

/*
 * The one .xlsx reader of every import: one worksheet (or, for a plan, every one) as rows of plain
 * values, read as a stream and stopped at the first limit passed (uploads/limits.ts). It reads only
 * what an import needs — the workbook's sheet list, the shared strings, the number formats (to
 * tell dates from numbers) and the sheets wanted — through CheckedZip, which counts every inflated byte, and the XML scanner of
 * xml.ts, which keeps up with inflating. exceljs, which loads a whole workbook into cell objects
 * whatever its size, still writes the templates and exports.
 *
 * Values are what exceljs would give for the same cell, flattened: text (rich text joined, a
 * hyperlink's text), numbers, booleans, Dates (numbers in a date format, at UTC like exceljs), a
 * formula's cached result; errors and empty cells are null.
 */

export type SheetCell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The Excel row number (the header is row 1). */
  row: number;
  /** By column: index 0 is column A; only rows with at least one value are kept. */
  cells: SheetCell[];
}

export interface SheetData {
  sheetName: string;
  rows: SheetRow[];
  /** The highest column holding a value (1 = A). */
  columns: number;
}

export interface ReadSheetOptions {
  /** The request member that holds the file, named in every error. */
  field: string;
  limits: ReadLimits;
  /** Rows holding a value below the header row (row 1): the import's own limit. */
  maxDataRows: number;
  /** Read this sheet when the workbook has it, else the first. */
  preferredSheet?: string;
}

const ROOT_RELS = '_rels/.rels';
// ECMA-376 built-in formats that are dates or times (14–22, 45–47), and those of the Chinese,
// Japanese and Korean editions of Excel (27–36, 50–58: yyyy"年"m"月"d"日" and the like).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** The same test exceljs makes (utils.isDateFmt): date or time letters outside quotes and brackets. */
function isDateFormatCode(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel's day number as a Date at UTC (exceljs utils.excelToDate). */
function excelToDate(value: number, date1904: boolean): Date {
  return new Date(Math.round((value - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** `AB` → 28. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}

/** 28 → `AB`. */
export function columnLetters(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

interface Workbook {
  zip: CheckedZip;
  /** In workbook order; `part` is undefined for a sheet that is not a worksheet (a chart sheet). */
  sheets: { name: string; part: string | undefined }[];
  date1904: boolean;
  /** The workbook's styles and shared strings parts, when it has them. */
  stylesPart: string | undefined;
  sharedStringsPart: string | undefined;
}

/** The workbook part and its list of sheets (400 past the sheet limit or for a file that is not an .xlsx). */
async function openWorkbook(bytes: Uint8Array, field: string, limits: ReadLimits): Promise<Workbook> {
  const zip = new CheckedZip(bytes, limits, field, '.xlsx');
  // The workbook part, named by the package's relationships (xl/workbook.xml in every Office file).
  const rootRels = await relationships(zip, ROOT_RELS, '');
  const workbookPart = partOfType(rootRels, 'officeDocument') ?? 'xl/workbook.xml';
  if (!zip.has(workbookPart)) throw zip.invalid();
  const listed: { name: string; relId: string }[] = [];
  let date1904 = false;
  await parsePart(zip, workbookPart, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.get('date1904') ?? '');
      if (name !== 'sheet') return;
      if (listed.length >= limits.sheets) throw fieldError('VALIDATION_FAILED', field, `工作表超过 ${limits.sheets} 个上限`);
      listed.push({ name: attributes.get('name') ?? '', relId: attributes.get('id') ?? '' });
    },
  });
  const rels = await relationshipsOf(zip, workbookPart);
  const sheets = listed.map(({ name, relId }) => {
    const rel = rels.get(relId);
    return { name, part: rel && typeIs(rel.type, 'worksheet') ? rel.part : undefined };
  });
  return { zip, sheets, date1904, stylesPart: partOfType(rels, 'styles'), sharedStringsPart: partOfType(rels, 'sharedStrings') };
}

/** Reads one worksheet of an .xlsx (see the top of this file). */
export async function readXlsxSheet(bytes: Uint8Array, options: ReadSheetOptions): Promise<SheetData> {
  const book = await openWorkbook(bytes, options.field, options.limits);
  const chosen = book.sheets.find((s) => options.preferredSheet !== undefined && s.name === options.preferredSheet) ?? book.sheets[0];
  if (!chosen?.part || !book.zip.has(chosen.part)) throw book.zip.invalid();
  const dateStyles = await readDateStyles(book.zip, book.stylesPart);
  const sharedStrings = await readSharedStrings(book.zip, book.sharedStringsPart, options.limits);
  return readSheet(book, { name: chosen.name, part: chosen.part }, dateStyles, sharedStrings, options, false);
}

/**
 * Every worksheet of an .xlsx, in workbook order (chart sheets left out), each within the limits
 * of `options`. A range merged across columns keeps its value in its first cell only, as Excel
 * shows it (a file saved by another program may keep the hidden cells' values); a range merged down
 * one column gives its value to every row it spans: in a task table, a 牵头单位 merged over three
 * rows leads all three.
 */
export async function readXlsxWorkbook(bytes: Uint8Array, options: Omit<ReadSheetOptions, 'preferredSheet'>): Promise<SheetData[]> {
  const book = await openWorkbook(bytes, options.field, options.limits);
  const worksheets = book.sheets.filter((s): s is { name: string; part: string } => s.part !== undefined);
  if (worksheets.length === 0 || worksheets.some((s) => !book.zip.has(s.part))) throw book.zip.invalid();
  const dateStyles = await readDateStyles(book.zip, book.stylesPart);
  const sharedStrings = await readSharedStrings(book.zip, book.sharedStringsPart, options.limits);
  const out: SheetData[] = [];
  for (const sheet of worksheets) out.push(await readSheet(book, sheet, dateStyles, sharedStrings, options, true));
  return out;
}

/** `B3:D5` → its corners (1-based), or null when it is not a range of cells. */
function rangeOf(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const match = /^([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})$/i.exec(ref.trim());
  if (!match) return null;
  const [a, b] = [columnNumber(match[1]!.toUpperCase()), columnNumber(match[3]!.toUpperCase())];
  const [r1, r2] = [Number(match[2]), Number(match[4])];
  return { top: Math.min(r1, r2), left: Math.min(a, b), bottom: Math.max(r1, r2), right: Math.max(a, b) };
}

async function readSheet(
  book: Workbook,
  sheet: { name: string; part: string },
  dateStyles: ReadonlySet<number>,
  sharedStrings: readonly string[],
  options: Omit<ReadSheetOptions, 'preferredSheet'>,
  mergedCells: boolean,
): Promise<SheetData> {
  const { zip, date1904 } = book;
  const { field, limits } = options;
  const rows: SheetRow[] = [];
  let columns = 0;
  let dataRows = 0;
  let inSheetData = false;
  let cells: SheetCell[] = [];
  let hasValue = false;
  // A row's and a cell's attributes are read only when it holds a value (a sheet formatted far
  // down has millions of empty ones). Without `r`, a row or cell is the one after the last one
  // read, counting the empty ones between (`…Since`).
  let rowRaw = '';
  let rowNumber = 0;
  let rowKnown = true;
  let rowsSince = 0;
  let cellRaw = '';
  let col = 0;
  let colsSince = 0;
  let cellType = 'n';
  let cellStyle = 0;
  const readRowNumber = () => {
    if (rowKnown) return rowNumber;
    const r = Number(attributeIn(rowRaw, 'r'));
    rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + rowsSince;
    rowsSince = 0;
    rowKnown = true;
    return rowNumber;
  };
  const readCellAttributes = () => {
    const ref = /^([A-Z]{1,7})\d*$/i.exec(attributeIn(cellRaw, 'r') ?? '');
    col = ref ? columnNumber(ref[1]!.toUpperCase()) : col + colsSince;
    colsSince = 0;
    cellType = attributeIn(cellRaw, 't') ?? 'n';
    cellStyle = Number(attributeIn(cellRaw, 's') ?? 0);
  };
  // What text counts: the value (<v>) or an inline string's text (<is><t>, not its phonetic <rPh> runs).
  let inValue = false;
  let inInline = false;
  let inPhonetic = false;
  let inText = false;
  let text = '';
  let textSeen = false;
  const tooLong = () => {
    readRowNumber();
    readCellAttributes();
    return fieldError('VALIDATION_FAILED', field, `第 ${rowNumber} 行 ${columnLetters(col)} 列超过 ${limits.cellChars} 字上限`);
  };

  const cellValue = (): SheetCell => {
    if (!textSeen) return null;
    switch (cellType) {
      case 's': {
        const found = sharedStrings[Number(text)];
        return found === undefined ? null : found;
      }
      case 'str':
      case 'inlineStr':
        return text;
      case 'b':
        return text.trim() === '1' || text.trim() === 'true';
      case 'e':
        return null;
      case 'd': {
        const date = new Date(text);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        if (text.trim() === '') return null;
        const number = Number(text);
        if (!Number.isFinite(number)) return null;
        return dateStyles.has(cellStyle) ? excelToDate(number, date1904) : number;
      }
    }
  };

  // Merged ranges (after the sheet's data) are applied as they come: none is kept. Ranges never
  // overlap in a valid file, so clearing visits each stored cell at most once; more visits than
  // that is a file built to cost time.
  let mergeVisits = 0;
  const clearMerged = (ref: string) => {
    const range = rangeOf(ref);
    if (!range) return;
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (rows[mid]!.row < range.top) low = mid + 1;
      else high = mid;
    }
    const down = range.left === range.right && range.bottom > range.top;
    const master = rows[low]?.row === range.top ? (rows[low]!.cells[range.left - 1] ?? null) : null;
    for (let i = low; i < rows.length && rows[i]!.row <= range.bottom; i++) {
      const row = rows[i]!;
      if (down && row.row !== range.top && range.left <= limits.columns) {
        if (++mergeVisits > rows.length * limits.columns) throw zip.invalid();
        while (row.cells.length < range.left) row.cells.push(null);
        row.cells[range.left - 1] = master;
        continue;
      }
      for (let c = range.left; c <= Math.min(range.right, row.cells.length); c++) {
        if (++mergeVisits > rows.length * limits.columns) throw zip.invalid();
        if (row.row !== range.top || c !== range.left) row.cells[c - 1] = null;
      }
    }
  };

  await parsePart(zip, sheet.part, {
    open(name, attributes) {
      if (name === 'mergeCell' && mergedCells && !inSheetData) clearMerged(attributes.get('ref') ?? '');
      if (name === 'sheetData') inSheetData = true;
      if (!inSheetData) return;
      switch (name) {
        case 'row':
          rowRaw = attributes.raw;
          rowKnown = false;
          rowsSince++;
          cells = [];
          hasValue = false;
          col = 0;
          colsSince = 0;
          break;
        case 'c':
          cellRaw = attributes.raw;
          colsSince++;
          text = '';
          textSeen = false;
          break;
        case 'v':
          inValue = true;
          textSeen = true;
          break;
        case 'is':
          inInline = true;
          textSeen = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          inText = true;
          break;
      }
    },
    text(chunk) {
      if (!(inValue || (inInline && inText && !inPhonetic))) return;
      text += chunk;
      if (text.length > limits.cellChars) throw tooLong();
    },
    close(name) {
      if (name === 'mergeCells' && mergedCells) throw DONE;
      if (!inSheetData) return;
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 't':
          inText = false;
          break;
        case 'c': {
          if (!textSeen) break;
          readCellAttributes();
          const value = cellValue();
          if (value === null || value === '') break;
          if (typeof value === 'string' && value.length > limits.cellChars) throw tooLong();
          if (col > limits.columns)
            throw fieldError('VALIDATION_FAILED', field, `超过 ${limits.columns} 列上限（第 ${readRowNumber()} 行 ${columnLetters(col)} 列有内容）`);
          cells[col - 1] = value;
          hasValue = true;
          break;
        }
        case 'row':
          if (!hasValue) break;
          if (readRowNumber() > 1 && ++dataRows > options.maxDataRows) throw fieldError('VALIDATION_FAILED', field, `一次最多导入 ${options.maxDataRows} 行`);
          // Holes become null, so the row is a plain array of values.
          rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
          columns = Math.max(columns, cells.length);
          break;
        case 'sheetData':
          inSheetData = false;
          // The rest of the sheet (links, print settings) is not needed, nor the merged cells unless asked for.
          if (!mergedCells) throw DONE;
          rows.sort((a, b) => a.row - b.row);
          break;
      }
    },
  });
  return { sheetName: sheet.name, rows, columns };
}

/** The indexes of cell styles (cellXfs) whose number format is a date or time. */
async function readDateStyles(zip: CheckedZip, part: string | undefined): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!part || !zip.has(part)) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  await parsePart(zip, part, {
    open(name, attributes) {
      if (name === 'numFmt') custom.set(Number(attributes.get('numFmtId')), attributes.get('formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.get('numFmtId') ?? 0);
        const code = custom.get(id);
        if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) dates.add(index);
        index++;
      }
    },
    close(name) {
      if (name === 'cellXfs') throw DONE;
    },
  });
  return dates;
}

/** The workbook's shared strings (rich text joined, phonetic runs left out), each within the cell limit. */
async function readSharedStrings(zip: CheckedZip, part: string | undefined, limits: ReadLimits): Promise<string[]> {
  const strings: string[] = [];
  if (!part || !zip.has(part)) return strings;
  let current: string | null = null;
  let inText = false;
  let inPhonetic = false;
  await parsePart(zip, part, {
    open(name) {
      if (name === 'si') {
        if (strings.length >= limits.sharedStrings) throw fieldError('VALIDATION_FAILED', zip.field, `不同的单元格文字超过 ${limits.sharedStrings} 个上限`);
        current = '';
      } else if (name === 't') inText = true;
      else if (name === 'rPh') inPhonetic = true;
    },
    text(text) {
      if (current === null || !inText || inPhonetic) return;
      current += text;
      if (current.length > limits.cellChars) throw fieldError('VALIDATION_FAILED', zip.field, `有单元格超过 ${limits.cellChars} 字上限`);
    },
    close(name) {
      if (name === 'si' && current !== null) {
        strings.push(current);
        current = null;
      } else if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
    },
  });
  return strings;
}
