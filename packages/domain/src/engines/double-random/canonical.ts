import { createHash } from 'node:crypto';
import { compareCodeUnits, sortById } from './sort.js';

/** A JSON value as the digests read it; `undefined` object members are left out, as JSON does. */
export type CanonicalValue = string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue | undefined };

/**
 * Canonical JSON (the subset of RFC 8785, JCS, that our values need): no whitespace, object
 * members sorted by key in UTF-16 code-unit order, arrays in their order, strings and numbers as
 * JSON.stringify writes them (the shortest round-trip form, which is what JCS prescribes), members
 * whose value is undefined left out. Strings are not Unicode-normalized: they are hashed as given.
 * Throws on non-finite numbers, which JSON cannot carry.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`canonical JSON cannot carry ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((entry: CanonicalValue) => canonicalJson(entry)).join(',')}]`;
  const record = value as { readonly [key: string]: CanonicalValue | undefined };
  const members: string[] = [];
  for (const key of Object.keys(record).sort(compareCodeUnits)) {
    const member = record[key];
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * SHA-256 (hex) of items already in their canonical order: the UTF-8 bytes of `line(item)` for
 * each item, `line` returning one canonical JSON line ending with '\n'. One incremental hash
 * update per item: no giant string is built (and no long concatenation of mixed-width strings is
 * flattened, which costs more than the hashing itself).
 */
export function digestLines<T>(sorted: readonly T[], line: (item: T) => string): string {
  const hash = createHash('sha256');
  for (const item of sorted) hash.update(line(item), 'utf8');
  return hash.digest('hex');
}

// Characters JSON.stringify escapes: '"', '\\', controls (U+0000–U+001F) and lone surrogates (any
// surrogate here, to keep the test simple; JSON.stringify then decides).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be found
export const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The digest of a frozen list (docs/domain.md, "Double-random supervision"): SHA-256, in lower-case
 * hex, over one line per item — the canonical JSON (canonicalJson) of `canonicalize(item)` followed
 * by '\n', UTF-8 — with the items sorted by id in UTF-16 code-unit order, so the input order does
 * not matter. Anyone holding the published list can recompute it, e.g. with `sha256sum` over the
 * lines. Throws a RangeError when two items share an id.
 */
export function digestList<T extends { id: string }>(items: readonly T[], canonicalize: (item: T) => CanonicalValue): string {
  return digestLines(sortById(items, '条目'), (item) => `${canonicalJson(canonicalize(item))}\n`);
}
