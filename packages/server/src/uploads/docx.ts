import { crc32 } from 'node:zlib';
import type { ReadLimits } from './limits.js';
import { CheckedZip } from './zip.js';

/*
 * The text of a .docx, one paragraph per line, read by mammoth from a copy of the archive that
 * holds only parts already inflated under the limits: the XML parts (document, styles, numbering,
 * notes, relationships), inflated through CheckedZip, which counts every byte; images and embedded
 * files are left out unread (mammoth's raw text never uses them). The copy is stored, not
 * compressed, so mammoth's own unzip has nothing left to inflate.
 */

const TEXT_PART = /\.(xml|rels)$/i;

/** A zip of `parts`, stored (method 0). */
function storedZip(parts: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The raw text of a .docx (400/413 naming `field` past a limit or for a file that is not a .docx). */
export async function docxText(bytes: Uint8Array, limits: ReadLimits, field: string): Promise<string> {
  const zip = new CheckedZip(bytes, limits, field, '.docx');
  if (!zip.has('word/document.xml') && !zip.has('[Content_Types].xml')) throw zip.invalid();
  const parts: { name: string; data: Buffer }[] = [];
  for (const name of zip.names()) if (TEXT_PART.test(name)) parts.push({ name, data: await zip.read(name) });
  // mammoth is large and only plan imports need it: loaded on first use.
  const { default: mammoth } = await import('mammoth');
  try {
    const { value } = await mammoth.extractRawText({ buffer: storedZip(parts) });
    return value;
  } catch {
    throw zip.invalid('无法读取 .docx 文件');
  }
}
