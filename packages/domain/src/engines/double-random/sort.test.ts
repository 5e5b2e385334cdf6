import { describe, expect, it } from 'vitest';
import { compareCodeUnits, sortById, sortedPositions } from './sort.js';

/** The order by definition: a comparator sort in code-unit order. */
function expectedOrder(keys: readonly string[]): string[] {
  return [...keys].sort(compareCodeUnits);
}

/** A deterministic scramble for the tests. */
function scrambled(keys: readonly string[]): string[] {
  return keys
    .map((key, index) => ({ key, rank: (index * 7919) % 10_007 }))
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.key);
}

describe('sortedPositions: the same order as the comparator, on both paths', () => {
  const numbered = Array.from({ length: 3000 }, (_, index) => `E${index}`);
  const cases: [string, string[]][] = [
    // Radix path: ASCII, at most 16 code units; prefixes sort first ('A' < 'A0' < 'AB').
    ['variable-length ASCII ids with shared prefixes', scrambled([...numbered, 'A', 'AB', 'A0', 'a', 'Z', '~', '0', '00', '000'])],
    ['Latin-1 characters (still one byte per unit)', scrambled(['café', 'cafe', 'cafè', 'CAFÉ', 'caf', ...numbered.slice(0, 200)])],
    ['exactly 16 characters', scrambled(numbered.map((id) => id.padStart(16, 'x')))],
    // Fallback path: longer ids, characters above U+00FF, U+0000.
    ['ids longer than 16 characters', scrambled(numbered.map((id) => `ENTITY-2024-ZONE-${id}`))],
    ['Chinese ids', scrambled(['深圳', '赣州', '寻乌', '安远', 'A1', 'B2', ...numbered.slice(0, 50)])],
    ['ids with U+0000', scrambled(['a\u0000', 'a', 'a\u0001', 'b'])],
  ];
  it.each(cases)('%s', (_name, keys) => {
    const { order, repeated } = sortedPositions(keys);
    expect(Array.from(order, (position) => keys[position])).toEqual(expectedOrder(keys));
    expect(repeated).toBeNull();
  });

  it.each([
    ['the radix path', ['E2', 'E1', 'E3', 'E1']],
    ['the fallback path', ['深圳', '赣州', '深圳']],
  ])('reports a repeated key on %s', (_name, keys) => {
    expect(sortedPositions(keys).repeated).toBe(keys[keys.length - 1]);
  });
});

describe('sortById', () => {
  it('returns a copy in id order and leaves its input alone', () => {
    const items = [{ id: 'b' }, { id: 'c' }, { id: 'a' }];
    expect(sortById(items, '条目').map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(items.map((item) => item.id)).toEqual(['b', 'c', 'a']);
  });

  it.each([
    ['a repeated id in sorted input', [{ id: 'a' }, { id: 'a' }], /主体编号重复：a/],
    ['a repeated id in unsorted input', [{ id: 'b' }, { id: 'a' }, { id: 'b' }], /主体编号重复：b/],
    ['an id that is not text', [{ id: 'a' }, { id: 7 as unknown as string }], /主体编号应为文本，第 2 项不是/],
  ])('rejects %s', (_name, items, message) => {
    expect(() => sortById(items, '主体')).toThrow(message);
  });
});
