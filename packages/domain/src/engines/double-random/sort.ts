/** Code-unit order, the same in every locale and engine (localeCompare is neither). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ids up to this many code units, all in U+0001–U+00FF, take the radix path. */
const MAX_PACKED_LENGTH = 16;
const DIGIT_BUCKETS = 1 << 16;

/**
 * Positions of `keys` in ascending UTF-16 code-unit order (compareCodeUnits), for a million keys.
 *
 * Why not just `sort` with a comparator: with the items in shuffled memory order, each of the
 * ~20 million comparisons reads two strings from random places, and that alone takes over a
 * second. The usual register ids (codes and numbers: ASCII, at most 16 characters) are instead
 * packed four characters to a 32-bit word, big-endian, zero-padded — which keeps code-unit order,
 * as no id character is U+0000 — and sorted by a stable LSD radix sort on 16-bit digits, linear in
 * the number of ids, reading each id's characters once. Any other key set falls back to the comparator
 * sort. Both give the same order; `repeated` is the first key found twice, if any.
 */
export function sortedPositions(keys: readonly string[]): { order: ArrayLike<number>; repeated: string | null } {
  return packedOrder(keys) ?? comparatorOrder(keys);
}

function comparatorOrder(keys: readonly string[]): { order: number[]; repeated: string | null } {
  const order = Array.from({ length: keys.length }, (_, index) => index);
  order.sort((a, b) => compareCodeUnits(keys[a]!, keys[b]!));
  for (let index = 1; index < order.length; index++) {
    const key = keys[order[index]!]!;
    if (key === keys[order[index - 1]!]) return { order, repeated: key };
  }
  return { order, repeated: null };
}

function packedOrder(keys: readonly string[]): { order: Uint32Array; repeated: string | null } | null {
  const count = keys.length;
  let maxLength = 0;
  for (const key of keys) maxLength = Math.max(maxLength, key.length);
  if (maxLength > MAX_PACKED_LENGTH || count < 2) return null;
  const width = Math.max(1, Math.ceil(maxLength / 4));
  const packed = new Uint32Array(count * width);
  for (let index = 0; index < count; index++) {
    const key = keys[index]!;
    const base = index * width;
    for (let position = 0; position < key.length; position++) {
      const unit = key.charCodeAt(position);
      if (unit === 0 || unit > 0xff) return null;
      packed[base + (position >> 2)]! |= unit << (24 - 8 * (position & 3));
    }
  }

  let order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  let spare = new Uint32Array(count);
  const starts = new Uint32Array(DIGIT_BUCKETS);
  // Least significant digit first: the low half of the last word, up to the high half of the first.
  for (let word = width - 1; word >= 0; word--) {
    for (const shift of [0, 16]) {
      starts.fill(0);
      for (let index = 0; index < count; index++) starts[(packed[index * width + word]! >>> shift) & 0xffff]!++;
      // A digit all keys share (a common prefix) needs no pass.
      if (starts[(packed[word]! >>> shift) & 0xffff] === count) continue;
      let sum = 0;
      for (let digit = 0; digit < DIGIT_BUCKETS; digit++) {
        const size = starts[digit]!;
        starts[digit] = sum;
        sum += size;
      }
      for (let index = 0; index < count; index++) {
        const position = order[index]!;
        spare[starts[(packed[position * width + word]! >>> shift) & 0xffff]!++] = position;
      }
      [order, spare] = [spare, order];
    }
  }

  // Packing is one-to-one for these keys, so equal neighbours in the packed form are repeated ids.
  for (let index = 1; index < count; index++) {
    const a = order[index - 1]! * width;
    const b = order[index]! * width;
    let same = true;
    for (let word = 0; word < width && same; word++) same = packed[a + word] === packed[b + word];
    if (same) return { order, repeated: keys[order[index]!]! };
  }
  return { order, repeated: null };
}

/**
 * The items sorted by id in code-unit order; throws a RangeError on a repeated id, which would
 * make the order ambiguous, or on an id that is not a string. Registers often come sorted already
 * (a database export), which a linear check detects.
 */
export function sortById<T extends { id: string }>(items: readonly T[], what: string): T[] {
  const ids = new Array<string>(items.length);
  for (let index = 0; index < items.length; index++) ids[index] = items[index]!.id;
  let ascending = true;
  for (let index = 0; index < ids.length; index++) {
    if (typeof ids[index] !== 'string') throw new RangeError(`${what}编号应为文本，第 ${index + 1} 项不是`);
    if (index > 0 && ascending) ascending = ids[index - 1]! < ids[index]!;
  }
  if (ascending) return items.slice();
  const { order, repeated } = sortedPositions(ids);
  if (repeated !== null) throw new RangeError(`${what}编号重复：${repeated}`);
  const sorted = new Array<T>(order.length);
  for (let index = 0; index < order.length; index++) sorted[index] = items[order[index]!]!;
  return sorted;
}
