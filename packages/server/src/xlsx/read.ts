import { posix } from 'node:path';
import { fieldError } from '../http/errors.js';
import type { ReadLimits } from '../uploads/limits.js';
import { CheckedZip } from '../uploads/zip.js';
import { attributeIn, XmlError, type XmlHandlers, XmlScanner } from './xml.js';

/*
 * The one .xlsx reader of every import: one worksheet as rows of plain values, read as a stream
 * and stopped at the first limit passed (uploads/limits.ts). It reads only what an import needs —
 * the workbook's sheet list, the shared strings, the number formats (to tell dates from numbers)
 * and the one sheet — through CheckedZip, which counts every inflated byte, and the XML scanner of
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

/** The longest tag or other markup accepted: no legitimate one comes near (a cell's text is not markup). */
const MAX_MARKUP = 1024 * 1024;
const ROOT_RELS = '_rels/.rels';
// ECMA-376 built-in formats that are dates or times (14–22, 45–47), and those of the Chinese,
// Japanese and Korean editions of Excel (27–36, 50–58: yyyy"年"m"月"d"日" and the like).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Thrown by a handler to end a part early once everything needed is read. */
const DONE = Symbol('done');

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

/** Streams one part of the archive through the XML scanner; XML the scanner refuses is a file that is not valid. */
async function parsePart(zip: CheckedZip, part: string, handlers: XmlHandlers): Promise<void> {
  const scanner = new XmlScanner(handlers, MAX_MARKUP);
  const decoder = new TextDecoder('utf-8');
  let first = true;
  try {
    await zip.stream(part, (chunk) => {
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      scanner.write(text);
    });
    scanner.write(decoder.decode());
    scanner.end();
  } catch (error) {
    if (error === DONE) return;
    if (error instanceof XmlError) throw zip.invalid();
    throw error;
  }
}

/** Relationship id → part name, for the part whose .rels this is. */
async function relationships(zip: CheckedZip, relsPart: string, baseDir: string): Promise<Map<string, { type: string; part: string }>> {
  const out = new Map<string, { type: string; part: string }>();
  if (!zip.has(relsPart)) return out;
  await parsePart(zip, relsPart, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.get('TargetMode') === 'External') return;
      const id = attributes.get('Id');
      const target = attributes.get('Target');
      if (!id || !target) return;
      const part = target.startsWith('/') ? posix.normalize(target).slice(1) : posix.normalize(posix.join(baseDir, target));
      if (part.startsWith('..')) throw zip.invalid();
      out.set(id, { type: attributes.get('Type') ?? '', part });
    },
  });
  return out;
}

const typeIs = (type: string, name: string) => type.endsWith(`/${name}`);

/** Reads one worksheet of an .xlsx (see the top of this file). */
export async function readXlsxSheet(bytes: Uint8Array, options: ReadSheetOptions): Promise<SheetData> {
  const { field, limits } = options;
  const zip = new CheckedZip(bytes, limits, field, '.xlsx');

  // The workbook part, named by the package's relationships (xl/workbook.xml in every Office file).
  const rootRels = await relationships(zip, ROOT_RELS, '');
  const workbookPart = [...rootRels.values()].find((r) => typeIs(r.type, 'officeDocument'))?.part ?? 'xl/workbook.xml';
  if (!zip.has(workbookPart)) throw zip.invalid();
  const sheets: { name: string; relId: string }[] = [];
  let date1904 = false;
  await parsePart(zip, workbookPart, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.get('date1904') ?? '');
      if (name !== 'sheet') return;
      if (sheets.length >= limits.sheets) throw fieldError('VALIDATION_FAILED', field, `工作表超过 ${limits.sheets} 个上限`);
      sheets.push({ name: attributes.get('name') ?? '', relId: attributes.get('id') ?? '' });
    },
  });
  const workbookDir = posix.dirname(workbookPart);
  const rels = await relationships(zip, posix.join(workbookDir, '_rels', `${posix.basename(workbookPart)}.rels`), workbookDir);
  const chosen = sheets.find((s) => options.preferredSheet !== undefined && s.name === options.preferredSheet) ?? sheets[0];
  const sheetRel = chosen ? rels.get(chosen.relId) : undefined;
  const sheetPart = sheetRel && typeIs(sheetRel.type, 'worksheet') ? sheetRel.part : undefined;
  if (!chosen || !sheetPart || !zip.has(sheetPart)) throw zip.invalid();

  const dateStyles = await readDateStyles(zip, [...rels.values()].find((r) => typeIs(r.type, 'styles'))?.part);
  const sharedStrings = await readSharedStrings(zip, [...rels.values()].find((r) => typeIs(r.type, 'sharedStrings'))?.part, limits);

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

  await parsePart(zip, sheetPart, {
    open(name, attributes) {
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
          // The rest of the sheet (merged cells, links, print settings) is not needed.
          throw DONE;
      }
    },
  });
  return { sheetName: chosen.name, rows, columns };
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
