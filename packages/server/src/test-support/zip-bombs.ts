import { constants, crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

/*
 * Archives that lie or explode, for the upload limit tests and the bench: a deflate stream that
 * inflates to gigabytes is built in a few milliseconds (each copy of a chunk is compressed alone,
 * with a full flush, so one compressed copy can simply be repeated), and a zip writer that says
 * whatever it is told about sizes.
 */

const MiB = 1024 * 1024;

/** Raw deflate of `head`, then `chunk` `times` times, then `tail`: inflates to head + times × chunk + tail. */
export function repeatedDeflate(head: Buffer, chunk: Buffer, times: number, tail: Buffer): Buffer {
  const flushed = (data: Buffer) => deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const one = flushed(chunk);
  return Buffer.concat([flushed(head), ...Array.from({ length: times }, () => one), deflateRawSync(tail, { level: 9 })]);
}

export interface ZipPart {
  name: string;
  /** The bytes as stored in the archive (already deflated when `method` is 8). */
  stored: Buffer;
  method: 0 | 8;
  /** The uncompressed size written in both headers (a lie, if one likes). */
  declaredSize: number;
  crc: number;
  /** General-purpose flags (default 0x800, UTF-8 names); bit 0 marks an encrypted part. */
  flags?: number;
  /** Where the central directory says the part's local header is (default: where it is). */
  claimedOffset?: number;
}

/** A zip of the parts exactly as given. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.flags ?? 0x800, 6);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.stored.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(part.flags ?? 0x800, 8);
    entry.writeUInt16LE(part.method, 10);
    entry.writeUInt32LE(part.crc, 16);
    entry.writeUInt32LE(part.stored.length, 20);
    entry.writeUInt32LE(part.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(part.claimedOffset ?? offset, 42);
    out.push(local, name, part.stored);
    central.push(entry, name);
    offset += local.length + name.length + part.stored.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, directory, end]);
}

/** A part deflated honestly. */
export function deflatedPart(name: string, data: Buffer): ZipPart {
  return { name, stored: deflateRawSync(data), method: 8, declaredSize: data.length, crc: crc32(data) };
}

/** The parts of a real archive (an .xlsx or .docx written by exceljs or docx), uncompressed. */
export async function partsOf(archive: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(archive);
  const parts = new Map<string, Buffer>();
  for (const file of Object.values(zip.files)) if (!file.dir) parts.set(file.name, await file.async('nodebuffer'));
  return parts;
}

export interface BombOptions {
  /** Bytes the bomb part inflates to (default 1 GiB). */
  inflatedBytes?: number;
  /** The uncompressed size the headers claim (default: the truth, or 0xFFFFFFFF-safe 4 GiB − 1 when larger). */
  declaredSize?: number;
}

/**
 * `archive` (a real .xlsx or .docx) with the part `target` replaced by one that starts and ends
 * as `head` and `tail` and repeats `filler` in between until it inflates to `inflatedBytes`.
 */
export async function bombOf(archive: Buffer, target: string, head: string, filler: string, tail: string, options: BombOptions = {}): Promise<Buffer> {
  const inflatedBytes = options.inflatedBytes ?? 1024 * MiB;
  const chunk = Buffer.from(filler.repeat(Math.max(1, Math.floor(MiB / filler.length))), 'utf8');
  const times = Math.ceil(inflatedBytes / chunk.length);
  const [start, end] = [Buffer.from(head, 'utf8'), Buffer.from(tail, 'utf8')];
  const stored = repeatedDeflate(start, chunk, times, end);
  const truth = start.length + times * chunk.length + end.length;
  // The true checksum, so that a reader that checks it still inflates the whole part first.
  let crc = crc32(start);
  for (let i = 0; i < times; i++) crc = crc32(chunk, crc);
  crc = crc32(end, crc);
  const parts: ZipPart[] = [];
  for (const [name, data] of await partsOf(archive)) {
    if (name === target) parts.push({ name, stored, method: 8, declaredSize: options.declaredSize ?? Math.min(truth, 0xfffffffe), crc });
    else parts.push(deflatedPart(name, data));
  }
  return zipOf(parts);
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
/** A row of formatting only (a style, no value): what a sheet formatted far down holds, counted by no row limit. */
const EMPTY_ROW = '<row r="3"><c r="B3" s="0"/></row>';

/** `workbook` (a real .xlsx) whose first sheet keeps its first row and then inflates to `inflatedBytes` of empty formatted rows. */
export async function sheetBomb(workbook: Buffer, options: BombOptions = {}): Promise<Buffer> {
  const firstRow = '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>';
  return bombOf(workbook, 'xl/worksheets/sheet1.xml', SHEET_HEAD + firstRow, EMPTY_ROW, SHEET_TAIL, options);
}

/** `document` (a real .docx) whose document.xml inflates to `inflatedBytes` of empty paragraphs. */
export async function docxBomb(document: Buffer, options: BombOptions = {}): Promise<Buffer> {
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  return bombOf(document, 'word/document.xml', head, '<w:p/>', '</w:body></w:document>', options);
}
