import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { IMPORT_ROWS } from '../../uploads/limits.js';
import { planSourceText } from './plan-source.js';

/*
 * A task table sent as an .xlsx: each sheet's name, then one line per row, cells separated by
 * tabs. Workbooks are written with exceljs, as an office's would be by Excel.
 */

const FIELD = 'source.fileBase64';
const fromFile = async (bytes: Buffer, fileName = '重点任务表.xlsx') => (await planSourceText({ fileName, fileBase64: bytes.toString('base64') })).text;
const refusal = async (bytes: Buffer) => {
  const error = await fromFile(bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return { status: (error as AppError).status, details: (error as AppError).details };
};

async function taskWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const tasks = book.addWorksheet('重点任务');
  tasks.addRow(['序号', '重点任务', '牵头单位', '配合单位', '完成时限']);
  tasks.addRow(['一、传承弘扬红色文化,共促文旅融合发展']);
  tasks.mergeCells('A2:E2');
  tasks.addRow([1, '广泛开展红色教育培训', '深圳改革开放干部学院', '赣州市委党校', new Date(Date.UTC(2025, 11, 31))]);
  tasks.addRow([
    2,
    { richText: [{ text: '加强红色研学', font: { bold: true } }, { text: '交流合作' }] },
    '市教育局',
    '市文旅局\n市团委',
    new Date(Date.UTC(2026, 5, 30, 17, 30)),
  ]);
  tasks.addRow([]);
  tasks.addRow([3, '深化拓展文旅合作内涵', '市文旅局', null, '长期坚持']);
  // A range merged down a column: the lead unit of rows 7–8 leads both rows.
  tasks.addRow([4, '推进战略性新兴产业合作', '中国稀土集团', '市工信局', 0.5]);
  tasks.addRow([5, '加快深赣港产城一体化合作区建设', null, '市商务局', 2026]);
  tasks.mergeCells('C7:C8');
  book.addWorksheet('说明').addRow(['本表由市对口办汇总', true]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('planSourceText: an .xlsx task table', () => {
  it('each sheet by name, then one row a line: a range merged across in its first cell, one merged down in each of its rows, rich text flattened, dates as YYYY-MM-DD, numbers as written, no line breaks inside a row', async () => {
    expect((await fromFile(await taskWorkbook())).split('\n')).toEqual([
      '重点任务',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '一、传承弘扬红色文化,共促文旅融合发展',
      '1\t广泛开展红色教育培训\t深圳改革开放干部学院\t赣州市委党校\t2025-12-31',
      '2\t加强红色研学交流合作\t市教育局\t市文旅局 市团委\t2026-06-30 17:30',
      '3\t深化拓展文旅合作内涵\t市文旅局\t\t长期坚持',
      '4\t推进战略性新兴产业合作\t中国稀土集团\t市工信局\t0.5',
      '5\t加快深赣港产城一体化合作区建设\t中国稀土集团\t市商务局\t2026',
      '说明',
      '本表由市对口办汇总\tTRUE',
    ]);
  });

  it('a value another program kept in a merged-away cell is left out, as Excel shows the range', async () => {
    const zip = await JSZip.loadAsync(await taskWorkbook());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const kept = sheet.replace(/<c r="B2"[^>]*\/>/, '<c r="B2" t="inlineStr"><is><t>隐藏的值</t></is></c>');
    expect(kept).not.toBe(sheet);
    zip.file('xl/worksheets/sheet1.xml', kept);
    const text = await fromFile(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(text).not.toContain('隐藏的值');
    expect(text.split('\n')[2]).toBe('一、传承弘扬红色文化,共促文旅融合发展');
  });

  it('400 naming the file: not a workbook, more rows than a plan has tasks', async () => {
    expect(await refusal(Buffer.from('一、总体要求'))).toEqual({ status: 400, details: [{ field: FIELD, reason: '不是有效的 .xlsx 文件' }] });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('任务');
    sheet.addRow(['重点任务']);
    for (let i = 0; i <= IMPORT_ROWS.tasks; i++) sheet.addRow([`任务${i}`]);
    expect(await refusal(Buffer.from(await book.xlsx.writeBuffer()))).toEqual({
      status: 400,
      details: [{ field: FIELD, reason: `一次最多导入 ${IMPORT_ROWS.tasks} 行` }],
    });
  });
});
