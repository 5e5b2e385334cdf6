import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import { deflatedPart, sheetBomb, zipOf } from '../test-support/zip-bombs.js';
import { readLimits } from './limits.js';
import { CheckedZip } from './zip.js';

const limits = { ...readLimits(100 * 1024), zipEntries: 5 };
const open = (bytes: Buffer) => new CheckedZip(bytes, limits, 'fileBase64', '.xlsx');
const part = (name: string, text = '<x/>') => deflatedPart(name, Buffer.from(text));

/** The error `run` throws, as the API would name it. */
async function refusal(run: () => unknown): Promise<{ status: number; field: string; reason: string } | 'accepted'> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: error.status, field: error.details[0]!.field, reason: error.details[0]!.reason };
  }
}

const INVALID = { status: 400, field: 'fileBase64', reason: '不是有效的 .xlsx 文件' };

/** The archive with its last part's compressed size, in the central directory, made larger than the file. */
function pastTheDirectory(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const directory = out.readUInt32LE(out.length - 22 + 16);
  let at = directory;
  let last = at;
  while (out.readUInt32LE(at) === 0x02014b50) {
    last = at;
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  out.writeUInt32LE(out.length, last + 20);
  return out;
}

describe('CheckedZip', () => {
  it('reads a real workbook part by part', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('导入').addRow(['名称']);
    const zip = new CheckedZip(Buffer.from(await book.xlsx.writeBuffer()), readLimits(), 'fileBase64', '.xlsx');
    expect(zip.names()).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
    expect((await zip.read('xl/workbook.xml')).toString('utf8')).toContain('<sheet ');
    expect(zip.has('XL/WORKBOOK.XML')).toBe(true);
  });

  it('counts what it inflates, not what the headers say: 413 at the limit whether they tell the truth or claim 10 bytes', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('导入').addRow(['名称']);
    const real = Buffer.from(await book.xlsx.writeBuffer());
    for (const declaredSize of [undefined, 10]) {
      const zip = new CheckedZip(
        await sheetBomb(real, { inflatedBytes: 64 * 1024 * 1024, declaredSize }),
        { ...limits, zipEntries: 100 },
        'fileBase64',
        '.xlsx',
      );
      let seen = 0;
      expect(await refusal(() => zip.stream('xl/worksheets/sheet1.xml', (chunk) => (seen += chunk.length)))).toEqual({
        status: 413,
        field: 'fileBase64',
        reason: '解压后超过 0.1 MB 上限',
      });
      // Stopped at the first chunk over, not after inflating the rest.
      expect(seen).toBeLessThanOrEqual(100 * 1024);
    }
  });

  it('refuses archives that are odd rather than large: 400 naming the file', async () => {
    const good = [part('a.xml'), part('b.xml')];
    const cases: [string, Buffer][] = [
      ['not a zip', Buffer.from('条款编号,任务名称\n四,研学')],
      ['no central directory', Buffer.from('PK\u0003\u0004 not really a zip')],
      ['encrypted', zipOf([{ ...part('a.xml'), flags: 0x801 }])],
      ['method 12 (bzip2)', zipOf([{ ...part('a.xml'), method: 12 as 8 }])],
      ['a name that climbs out', zipOf([part('../evil.xml')])],
      ['an absolute name', zipOf([part('/etc/evil.xml')])],
      ['a backslash', zipOf([part('xl\\evil.xml')])],
      ['the same name twice', zipOf([part('a.xml'), part('A.XML')])],
      ['two entries on the same data', zipOf([part('a.xml'), { ...part('b.xml'), claimedOffset: 0 }])],
      ['data that runs into the directory', pastTheDirectory(zipOf(good))],
    ];
    for (const [name, bytes] of cases) expect({ name, refusal: await refusal(() => open(bytes)) }).toEqual({ name, refusal: INVALID });
  });

  it('refuses ZIP64 markers, and more entries than the limit', async () => {
    const zip64 = zipOf([part('a.xml')]);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 8);
    expect(await refusal(() => open(zip64))).toEqual(INVALID);
    const many = zipOf(Array.from({ length: 6 }, (_, i) => part(`p${i}.xml`)));
    expect(await refusal(() => open(many))).toEqual({ status: 400, field: 'fileBase64', reason: '压缩包内文件超过 5 个上限' });
  });

  it('a part whose deflate data is broken is a file that is not valid', async () => {
    const broken = zipOf([{ ...part('a.xml', '<x>'.repeat(1000)), stored: Buffer.from([0xff, 0xff, 0xff, 0xff]) }]);
    expect(await refusal(() => open(broken).read('a.xml'))).toEqual(INVALID);
  });
});
