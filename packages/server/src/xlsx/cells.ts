import { DATE_RANGE_MESSAGE, isDateInRange } from '@duikou/domain';
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../http/errors.js';

/*
 * What every workbook of the platform shares: reading a cell's text and a day from whatever Excel
 * stored, writing days and exact decimals, and the download headers.
 */

export type CellValue = ExcelJS.CellValue;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A problem on one row of an import file. */
export interface RowError {
  /** The Excel row number (the header is row 1). */
  row: number;
  /** The column's header label. */
  column: string;
  /** The field of the create request the column fills (e.g. `leadUnitIds.1`, `data.headcount`). */
  field: string;
  /** In Chinese, for the user. */
  reason: string;
}

/** The plain text of a cell, whatever Excel stored (shared string, rich text, link, formula result). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue);
  return '';
}

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 9999 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const DATE_REASON = '日期应为 yyyy-mm-dd 格式或 Excel 日期';
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A day from a cell: an Excel date (exceljs gives it as a Date at UTC midnight), a date serial
 * number in a cell without date format, or text such as 2026-06-30, 2026/6/30 or 2026年6月30日.
 */
export function parseDay(value: CellValue): { day: string | null } | { error: string } {
  const parsed = parseAnyDay(value);
  // The platform's date range (domain DATE_MIN…DATE_MAX) holds for files as for forms.
  if ('day' in parsed && parsed.day !== null && !isDateInRange(parsed.day)) return { error: DATE_RANGE_MESSAGE };
  return parsed;
}

function parseAnyDay(value: CellValue): { day: string | null } | { error: string } {
  const raw = value !== null && typeof value === 'object' && !(value instanceof Date) && 'result' in value ? (value.result as CellValue) : value;
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? { error: DATE_REASON } : { day: raw.toISOString().slice(0, 10) };
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 1 || raw >= 2_958_466) return { error: DATE_REASON };
    return { day: new Date(EXCEL_EPOCH + Math.floor(raw) * 86_400_000).toISOString().slice(0, 10) };
  }
  const text = cellText(raw);
  if (text === '') return { day: null };
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  const day = match ? isoDay(Number(match[1]), Number(match[2]), Number(match[3])) : null;
  return day ? { day } : { error: DATE_REASON };
}

/** A stored day (yyyy-mm-dd) as an Excel date cell: Excel dates have no zone, exceljs writes them as UTC. */
export function excelDay(day: string | null): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

/** An exact decimal as people write it: 2000.0000 → 2000, 1234.5000 → 1234.5 (text, never a float). */
export function plainDecimal(value: string | null): string {
  return value === null ? '—' : value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function attachment(utf8Name: string, asciiName: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/** The answer to an import file with bad rows: 400 listing every problem by row and column (`rows.<row>.<field>`); nothing is written. */
export function rowsError(errors: readonly RowError[], noun: string): AppError {
  const details = errors.map((e) => ({ field: `rows.${e.row}.${e.field}`, reason: `第${e.row}行 ${e.column}：${e.reason}` }));
  const shown = details
    .slice(0, 3)
    .map((d) => d.reason)
    .join('；');
  return new AppError('VALIDATION_FAILED', details, `导入文件有 ${errors.length} 处错误，未导入任何${noun}。${shown}${errors.length > 3 ? '……' : ''}`);
}

/** A workbook to download: its bytes and its name (Chinese, with an ASCII fallback). */
export interface WorkbookFile {
  bytes: Buffer;
  /** The file name shown to the user (UTF-8). */
  name: string;
  /** The ASCII fallback for old clients. */
  asciiName: string;
}

/** Sends a workbook as a download. A Buffer passes through Fastify without the JSON serializer. */
export function sendWorkbook(reply: FastifyReply, file: WorkbookFile) {
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('Content-Disposition', attachment(file.name, file.asciiName))
    .header('Cache-Control', 'no-store')
    .send(file.bytes);
}

/** The OpenAPI description of a workbook response. */
export const xlsxResponse = (description: string) => z.any().meta({ description: `${description} (${XLSX_CONTENT_TYPE})` });
