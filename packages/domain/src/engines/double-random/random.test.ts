import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSeededRandom, drawSeed } from './random.js';

const SEED = drawSeed('plan-2024-01', 'a'.repeat(64), 'b'.repeat(64), '2024001期 03 11 19 24 27 31 + 08');

/** Block i of the documented stream, computed independently: SHA-256(seed bytes ‖ i as 8 bytes big-endian). */
function block(seedHex: string, index: number): Buffer {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(index));
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(seedHex, 'hex'), counter]))
    .digest();
}

/** The documented uniformInt on 64-bit integers, with BigInt only. */
function referenceUniform(next: () => bigint, n: number): number {
  const range = BigInt(n);
  const limit = (1n << 64n) - ((1n << 64n) % range);
  for (;;) {
    const x = next();
    if (x < limit) return Number(x % range);
  }
}

function referenceStream(seedHex: string): () => bigint {
  let index = 0;
  let current = block(seedHex, 0);
  let offset = 0;
  return () => {
    if (offset === 32) {
      index++;
      current = block(seedHex, index);
      offset = 0;
    }
    const value = current.readBigUInt64BE(offset);
    offset += 8;
    return value;
  };
}

describe('drawSeed', () => {
  it('is SHA-256 of planId, the two digests and the fixed value, one per line', () => {
    const expected = createHash('sha256').update('plan-2024-01\naaaa\nbbbb\n12345', 'utf8').digest('hex');
    expect(drawSeed('plan-2024-01', 'aaaa', 'bbbb', '12345')).toBe(expected);
  });

  it.each([
    ['planId', drawSeed('plan-2024-02', 'a'.repeat(64), 'b'.repeat(64), '2024001期 03 11 19 24 27 31 + 08')],
    ['fixed value', drawSeed('plan-2024-01', 'a'.repeat(64), 'b'.repeat(64), '2024002期')],
    ['entities digest', drawSeed('plan-2024-01', 'c'.repeat(64), 'b'.repeat(64), '2024001期 03 11 19 24 27 31 + 08')],
  ])('changes with the %s', (_name, other) => {
    expect(other).not.toBe(SEED);
  });
});

describe('createSeededRandom: the documented sha256-ctr-u64 stream (known-answer test)', () => {
  it('yields block 0 as four big-endian 64-bit integers, then block 1', () => {
    const block0 = block(SEED, 0);
    const block1 = block(SEED, 1);
    const expected = [0, 8, 16, 24].map((offset) => block0.readBigUInt64BE(offset)).concat([0, 8].map((offset) => block1.readBigUInt64BE(offset)));
    const random = createSeededRandom(SEED);
    expect(Array.from({ length: 6 }, () => random.nextUint64())).toEqual(expected);
  });

  it('gives uniformInt(n) = x mod n for the first integers (none of them falls in the rejected range)', () => {
    const block0 = block(SEED, 0);
    const first = [0, 8, 16, 24].map((offset) => block0.readBigUInt64BE(offset));
    const random = createSeededRandom(SEED);
    const ranges = [10, 1_000_000, 7, 2 ** 40];
    for (const [index, n] of ranges.entries()) {
      const x = first[index]!;
      // The rejected range is the top 2^64 mod n values: far out of reach for these n.
      expect(x < (1n << 64n) - ((1n << 64n) % BigInt(n))).toBe(true);
      expect(random.uniformInt(n)).toBe(Number(x % BigInt(n)));
    }
  });

  it.each([1, 2, 3, 10, 97, 1_000_000, 2 ** 26 - 1, 2 ** 26, 2 ** 32 + 15, 2 ** 53 - 1])('matches the 64-bit reference for n = %s over 300 draws', (n) => {
    const random = createSeededRandom(SEED);
    const next = referenceStream(SEED);
    for (let draw = 0; draw < 300; draw++) expect(random.uniformInt(n)).toBe(referenceUniform(next, n));
  });

  it('interleaves ranges on one stream exactly like the reference', () => {
    const random = createSeededRandom(SEED);
    const next = referenceStream(SEED);
    for (let draw = 0; draw < 500; draw++) {
      const n = ((draw * 7919) % 5000) + 1;
      expect(random.uniformInt(n)).toBe(referenceUniform(next, n));
    }
  });

  it('rejects malformed seeds and ranges', () => {
    expect(() => createSeededRandom('xyz')).toThrow(RangeError);
    expect(() => createSeededRandom(SEED.toUpperCase())).toThrow(RangeError);
    expect(() => createSeededRandom(SEED).uniformInt(0)).toThrow(RangeError);
    expect(() => createSeededRandom(SEED).uniformInt(1.5)).toThrow(RangeError);
  });
});
