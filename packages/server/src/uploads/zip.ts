import { createInflateRaw } from 'node:zlib';
import { fieldError } from '../http/errors.js';
import { megabytes, type ReadLimits } from './limits.js';

/*
 * A zip reader that trusts nothing the archive says about itself. The sizes in the central
 * directory and local headers are ignored: each part is inflated as a stream and every byte that
 * comes out is counted against one budget for the whole archive, the inflating stopped at the
 * first byte over (413 naming the limit). Only the parts a reader asks for are inflated; a part
 * nobody reads (an image, an embedded workbook, a nested archive) costs nothing. Archives that
 * are odd rather than merely large are refused outright: encrypted or multi-disk archives, ZIP64,
 * methods other than stored and deflate, names that climb out of the archive or repeat, parts
 * whose data lies outside the file or overlaps another part (the "overlapping files" bomb).
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATE = 8;
/** Inflated data is handed on in slices of this size: a part is never held whole unless the reader keeps it. */
const CHUNK = 64 * 1024;

interface Entry {
  name: string;
  method: number;
  start: number;
  end: number;
}

/** The count of inflated bytes shared by every part read from one archive. */
class Budget {
  used = 0;
  constructor(
    readonly limit: number,
    readonly field: string,
  ) {}
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw fieldError('PAYLOAD_TOO_LARGE', this.field, `解压后超过 ${megabytes(this.limit)} 上限`);
  }
}

export class CheckedZip {
  private readonly entries = new Map<string, Entry>();
  private readonly budget: Budget;

  /**
   * Reads the central directory of `bytes` (400 naming `field` if it is not a zip we accept).
   * `kind` names the file in messages (`.xlsx`, `.docx`).
   */
  constructor(
    private readonly bytes: Uint8Array,
    limits: Pick<ReadLimits, 'inflatedBytes' | 'zipEntries'>,
    readonly field: string,
    readonly kind: string,
  ) {
    this.budget = new Budget(limits.inflatedBytes, field);
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = findEndOfCentralDirectory(view);
    if (eocd < 0) throw this.invalid();
    const disk = view.readUInt16LE(eocd + 4);
    const centralDisk = view.readUInt16LE(eocd + 6);
    const diskEntries = view.readUInt16LE(eocd + 8);
    const count = view.readUInt16LE(eocd + 10);
    const size = view.readUInt32LE(eocd + 12);
    const offset = view.readUInt32LE(eocd + 16);
    // 0xFFFF / 0xFFFFFFFF mark a ZIP64 archive: neither Excel nor Word writes one for files this small.
    if (disk !== 0 || centralDisk !== 0 || diskEntries !== count || count === 0xffff || offset === 0xffffffff || size === 0xffffffff) throw this.invalid();
    if (count > limits.zipEntries) throw fieldError('VALIDATION_FAILED', field, `压缩包内文件超过 ${limits.zipEntries} 个上限`);
    if (offset + size > eocd) throw this.invalid();
    let at = offset;
    const ranges: Entry[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > offset + size || view.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw this.invalid();
      const flags = view.readUInt16LE(at + 8);
      const method = view.readUInt16LE(at + 10);
      const compressedSize = view.readUInt32LE(at + 20);
      const nameLength = view.readUInt16LE(at + 28);
      const extraLength = view.readUInt16LE(at + 30);
      const commentLength = view.readUInt16LE(at + 32);
      const localOffset = view.readUInt32LE(at + 42);
      const nameEnd = at + 46 + nameLength;
      if (nameEnd > offset + size) throw this.invalid();
      // Bit 11: the name is UTF-8; otherwise code page 437, which for the ASCII names of Office parts is the same.
      const name = view.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, nameEnd);
      at = nameEnd + extraLength + commentLength;
      // Bit 0: encrypted; bit 6: strong encryption. Office never encrypts parts this way.
      if (flags & 0x41) throw this.invalid();
      if (method !== STORED && method !== DEFLATE) throw this.invalid();
      if (compressedSize === 0xffffffff || localOffset === 0xffffffff) throw this.invalid();
      if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..') || name.includes('\0')) throw this.invalid();
      if (localOffset + 30 > view.length || view.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw this.invalid();
      const start = localOffset + 30 + view.readUInt16LE(localOffset + 26) + view.readUInt16LE(localOffset + 28);
      const end = start + compressedSize;
      if (end > offset) throw this.invalid();
      const key = name.toLowerCase();
      if (this.entries.has(key)) throw this.invalid();
      const entry = { name, method, start, end };
      this.entries.set(key, entry);
      ranges.push({ ...entry, start: localOffset });
    }
    ranges.sort((a, b) => a.start - b.start);
    for (let i = 1; i < ranges.length; i++) if (ranges[i]!.start < ranges[i - 1]!.end) throw this.invalid();
  }

  /** 400: not an archive this reader accepts. */
  invalid(reason = `不是有效的 ${this.kind} 文件`) {
    return fieldError('VALIDATION_FAILED', this.field, reason);
  }

  /** Whether the archive has a part of that name (names compare without case, as Office does). */
  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The names of every part. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  /** Bytes inflated so far, all parts together. */
  get inflated(): number {
    return this.budget.used;
  }

  /**
   * Inflates one part, handing each slice to `onChunk` as it comes; every byte is counted against
   * the archive's budget first (413 past it). An exception from `onChunk` stops the inflating and
   * is passed on, so a reader can stop at its own limits.
   */
  async stream(name: string, onChunk: (chunk: Buffer) => void): Promise<void> {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) throw this.invalid();
    const data = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + entry.start, entry.end - entry.start);
    if (entry.method === STORED) {
      for (let at = 0; at < data.length; at += CHUNK) {
        const chunk = data.subarray(at, Math.min(data.length, at + CHUNK));
        this.budget.take(chunk.length);
        onChunk(chunk);
      }
      return;
    }
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    inflater.end(data);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        this.budget.take(chunk.length);
        onChunk(chunk);
      }
    } catch (error) {
      if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')) throw this.invalid();
      throw error;
    } finally {
      inflater.destroy();
    }
  }

  /** One part whole (counted like any other read). */
  async read(name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.stream(name, (chunk) => chunks.push(Buffer.from(chunk)));
    return Buffer.concat(chunks);
  }
}

function findEndOfCentralDirectory(view: Buffer): number {
  const lowest = Math.max(0, view.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = view.length - EOCD_SIZE; at >= lowest; at--) {
    if (view.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + view.readUInt16LE(at + 20) === view.length) return at;
  }
  return -1;
}
