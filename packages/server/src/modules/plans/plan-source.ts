import type { z } from 'zod';
import { fieldError } from '../../http/errors.js';
import { docxText } from '../../uploads/docx.js';
import { IMPORT_ROWS, MAX_PLAN_TEXT_CHARS, type ReadLimits, readLimits } from '../../uploads/limits.js';
import { readXlsxWorkbook, type SheetCell } from '../../xlsx/read.js';
import type { PlanSource } from './plans.schema.js';

const FIELD = 'source.fileBase64';

/**
 * The plain text of a plan as pasted or uploaded. Government .txt files are often saved in GBK
 * (GB 18030) rather than UTF-8, so text that is not valid UTF-8 is read as GB 18030. A .docx is
 * read one paragraph per line, with Word's automatic numbers and each table row on one line
 * (uploads/docx.ts); an .xlsx (a task table) one row per line (`workbookText`). Both are read
 * within the archive limits, and text from a file is held to the paste limit, as pasted text is
 * by the schema. Runs on the work pool.
 */
export async function planSourceText(source: z.infer<typeof PlanSource>, limits: ReadLimits = readLimits()): Promise<{ text: string; name: string }> {
  if (source.text !== undefined) return { text: source.text, name: source.fileName ?? '粘贴的文本' };
  const name = source.fileName!;
  const bytes = Buffer.from(source.fileBase64!, 'base64');
  if (bytes.length === 0) throw fieldError('VALIDATION_FAILED', FIELD, '文件为空或不是 base64 编码');
  const text = /\.docx$/i.test(name)
    ? await docxText(bytes, limits, FIELD, MAX_PLAN_TEXT_CHARS)
    : /\.xlsx$/i.test(name)
      ? await workbookText(bytes, limits)
      : decodeText(bytes);
  if (text.length > MAX_PLAN_TEXT_CHARS) throw fieldError('VALIDATION_FAILED', FIELD, `文本超过 ${MAX_PLAN_TEXT_CHARS} 字上限`);
  return { text, name };
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as it reads in Excel, on one line: a date as YYYY-MM-DD (and its time, if any), a number with Excel's 15 digits, TRUE/FALSE. */
export function planCellText(value: SheetCell): string {
  if (value === null) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 ? day : `${day} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
  }
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // A line break or tab inside a cell (Alt+Enter) would split the row or shift its cells.
  return value.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
}

/**
 * A workbook as plan text: each worksheet's name on a line, then one line per row holding a value,
 * cells separated by tabs (a merged range's value in its first cell, the others empty).
 */
async function workbookText(bytes: Uint8Array, limits: ReadLimits): Promise<string> {
  const sheets = await readXlsxWorkbook(bytes, { field: FIELD, limits, maxDataRows: IMPORT_ROWS.tasks });
  const lines: string[] = [];
  for (const sheet of sheets) {
    lines.push(sheet.sheetName);
    for (const row of sheet.rows) {
      const cells = row.cells.map(planCellText);
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      if (cells.length > 0) lines.push(cells.join('\t'));
    }
  }
  return lines.join('\n');
}
