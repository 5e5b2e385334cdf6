import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import { deflatedPart, partsOf, sheetBomb, zipOf } from '../test-support/zip-bombs.js';
import { readLimits } from '../uploads/limits.js';
import { readXlsxSheet, readXlsxWorkbook, type SheetData } from './read.js';

const read = (bytes: Buffer, maxDataRows = 100, preferredSheet?: string) =>
  readXlsxSheet(bytes, { field: 'fileBase64', limits: readLimits(), maxDataRows, preferredSheet });
const values = (sheet: SheetData) => Object.fromEntries(sheet.rows.map((r) => [r.row, r.cells]));

/** `archive` with some parts replaced (given as XML text). */
async function withParts(archive: Buffer, replaced: Record<string, string>): Promise<Buffer> {
  const parts = await partsOf(archive);
  for (const [name, text] of Object.entries(replaced)) parts.set(name, Buffer.from(text, 'utf8'));
  return zipOf([...parts].map(([name, data]) => deflatedPart(name, data)));
}

describe('readXlsxSheet', () => {
  it('gives what exceljs reads, flattened: text, numbers, dates at UTC, a formula’s result, rich text and a link’s text, booleans; empty rows left out', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('导入');
    sheet.addRow(['名称', '日期', '数字', '公式', '富文本', '链接', '布尔']);
    sheet.addRow([
      'a&b<c>',
      new Date(Date.UTC(2026, 11, 31)),
      3.5,
      { formula: '1+2', result: 3 },
      { richText: [{ text: '红' }, { text: '色' }] },
      { text: '网站', hyperlink: 'https://example.org' },
      true,
    ]);
    sheet.addRow([]);
    sheet.addRow(['第四行', '2026-01-01']);
    sheet.getCell('J4').value = new Date(Date.UTC(2026, 2, 5, 10, 30));
    book.addWorksheet('任务导入').addRow(['另一张表']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const first = await read(bytes);
    expect(first.sheetName).toBe('导入');
    expect(values(first)).toEqual({
      1: ['名称', '日期', '数字', '公式', '富文本', '链接', '布尔'],
      2: ['a&b<c>', new Date(Date.UTC(2026, 11, 31)), 3.5, 3, '红色', '网站', true],
      4: ['第四行', '2026-01-01', null, null, null, null, null, null, null, new Date(Date.UTC(2026, 2, 5, 10, 30))],
    });
    expect(first.columns).toBe(10);
    expect(values(await read(bytes, 100, '任务导入'))).toEqual({ 1: ['另一张表'] });
    expect((await read(bytes, 100, '没有这张表')).sheetName).toBe('导入');
  });

  it('reads what other writers write: inline strings (without phonetic runs), ISO date cells, prefixed tags, CDATA, references, cells and rows without r, the 1904 date system', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('S').addRow(['x']);
    const base = Buffer.from(await book.xlsx.writeBuffer());
    const sheet = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:r><x:t>兴国</x:t></x:r><x:r><x:t xml:space="preserve"> 县</x:t></x:r><x:rPh><x:t>xingguo</x:t></x:rPh></x:is></x:c><x:c t="d"><x:v>2026-06-30T00:00:00Z</x:v></x:c><x:c t="str"><x:v><![CDATA[a<b]]></x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>&#x5174;&#22269;&amp;&quot;</x:t></x:is></x:c><x:c r="C2"><x:v>45000</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`;
    const bytes = await withParts(base, {
      'xl/worksheets/sheet1.xml': sheet,
      'xl/workbook.xml':
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId4"/></sheets></workbook>',
    });
    expect(values(await read(bytes))).toEqual({
      1: ['兴国 县', new Date(Date.UTC(2026, 5, 30)), 'a<b'],
      2: ['兴国&"', null, 45000, false],
    });
  });

  it('opens only the parts it needs: a gigabyte bomb embedded as a workbook inside is never inflated', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('导入').addRow(['名称']);
    const base = Buffer.from(await book.xlsx.writeBuffer());
    const zip = await JSZip.loadAsync(base);
    zip.file('xl/embeddings/Microsoft_Excel_Worksheet.xlsx', await sheetBomb(base, { inflatedBytes: 1024 * 1024 * 1024 }));
    const nested = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(values(await read(nested))).toEqual({ 1: ['名称'] });
  });

  it('refuses a DTD (no entity is ever expanded) and markup longer than any cell could need: 400', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('S').addRow(['x']);
    const base = Buffer.from(await book.xlsx.writeBuffer());
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>`;
    const longTag = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1" spans="${'1'.repeat(2 * 1024 * 1024)}"/></sheetData></worksheet>`;
    for (const sheet of [laughs, longTag]) {
      const error = await read(await withParts(base, { 'xl/worksheets/sheet1.xml': sheet })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual([{ field: 'fileBase64', reason: '不是有效的 .xlsx 文件' }]);
    }
  });
});

describe('readXlsxWorkbook', () => {
  const readAll = (bytes: Buffer) => readXlsxWorkbook(bytes, { field: 'fileBase64', limits: readLimits(), maxDataRows: 100 });

  it('every worksheet in workbook order; a merged range keeps its first cell only', async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet('任务');
    first.addRow(['甲', '乙', '丙']);
    first.addRow(['合并', null, null]);
    first.mergeCells('A2:C2');
    book.addWorksheet('空表');
    book.addWorksheet('说明').addRow(['备注']);
    const zip = await JSZip.loadAsync(Buffer.from(await book.xlsx.writeBuffer()));
    // A value kept in a merged-away cell, as LibreOffice may save it.
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(/<c r="C2"[^>]*\/>/, '<c r="C2"><v>7</v></c>');
    zip.file('xl/worksheets/sheet1.xml', sheet);
    const sheets = await readAll(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(sheets.map((s) => [s.sheetName, values(s)])).toEqual([
      ['任务', { 1: ['甲', '乙', '丙'], 2: ['合并', null, null] }],
      ['空表', {}],
      ['说明', { 1: ['备注'] }],
    ]);
  });

  it('merged ranges that overlap, over and over, to cost time: 400', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('S');
    for (let r = 0; r < 3; r++) sheet.addRow(['a', 'b', 'c']);
    const base = Buffer.from(await book.xlsx.writeBuffer());
    const xml = (await partsOf(base)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    // Each range covers the 9 cells; the 3 rows held may be visited 3 × 100 times in all.
    const merges = `<mergeCells count="40">${'<mergeCell ref="A1:C3"/>'.repeat(40)}</mergeCells>`;
    const bomb = await withParts(base, { 'xl/worksheets/sheet1.xml': xml.replace('</sheetData>', `</sheetData>${merges}`) });
    const error = await readAll(bomb).catch((e: unknown) => e);
    expect((error as AppError).details).toEqual([{ field: 'fileBase64', reason: '不是有效的 .xlsx 文件' }]);
    // One such range is read.
    const one = await withParts(base, {
      'xl/worksheets/sheet1.xml': xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:C3"/></mergeCells>'),
    });
    expect(values((await readAll(one))[0]!)).toEqual({ 1: ['a', null, null], 2: [null, null, null], 3: [null, null, null] });
  });
});
