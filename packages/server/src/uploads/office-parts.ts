import { posix } from 'node:path';
import { XmlError, type XmlHandlers, XmlScanner } from '../xlsx/xml.js';
import type { CheckedZip } from './zip.js';

/*
 * The parts of an Office file (.xlsx, .docx) as streams of XML: each part is inflated through
 * CheckedZip, which counts every byte, and scanned as it inflates (xlsx/xml.ts), so no part is
 * ever held whole as text. Shared by the workbook reader (xlsx/read.ts) and the Word reader
 * (uploads/docx.ts).
 */

/** The longest tag or other markup accepted: no legitimate one comes near (text is not markup). */
const MAX_MARKUP = 1024 * 1024;

/** Thrown by a handler to end a part early once everything needed is read. */
export const DONE = Symbol('done');

/** Streams one part of the archive through the XML scanner; XML the scanner refuses is a file that is not valid. */
export async function parsePart(zip: CheckedZip, part: string, handlers: XmlHandlers): Promise<void> {
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

export interface Relationship {
  type: string;
  part: string;
}

/** Relationship id → part name, for the part whose .rels this is (external targets left out). */
export async function relationships(zip: CheckedZip, relsPart: string, baseDir: string): Promise<Map<string, Relationship>> {
  const out = new Map<string, Relationship>();
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

/** The relationships of `part` itself (its `_rels/<name>.rels`), targets resolved against its folder. */
export function relationshipsOf(zip: CheckedZip, part: string): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(part);
  return relationships(zip, posix.join(dir, '_rels', `${posix.basename(part)}.rels`), dir === '.' ? '' : dir);
}

/** Whether a relationship type URI names `name` (…/relationships/styles → styles). */
export const typeIs = (type: string, name: string) => type.endsWith(`/${name}`);

/** The target of the first relationship of that type, if any. */
export function partOfType(rels: ReadonlyMap<string, Relationship>, name: string): string | undefined {
  for (const rel of rels.values()) if (typeIs(rel.type, name)) return rel.part;
  return undefined;
}
