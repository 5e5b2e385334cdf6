import { createHash, hash } from 'node:crypto';

/**
 * The seed of a draw (docs/domain.md, "Double-random supervision"): SHA-256, lower-case hex, of
 * the UTF-8 text `planId + '\n' + entitiesDigest + '\n' + inspectorsDigest + '\n' + fixedValue`.
 * `fixedValue` is fixed and published before the draw (a lottery number, a block hash), so nobody
 * can choose the lists after seeing it, nor choose it after seeing the lists.
 */
export function drawSeed(planId: string, entitiesDigest: string, inspectorsDigest: string, fixedValue: string): string {
  return createHash('sha256').update(`${planId}\n${entitiesDigest}\n${inspectorsDigest}\n${fixedValue}`, 'utf8').digest('hex');
}

export interface SeededRandom {
  /** The next unsigned 64-bit integer of the stream. */
  nextUint64(): bigint;
  /** An unbiased integer in [0, n), 1 ≤ n ≤ 2^53 − 1, by rejection sampling. */
  uniformInt(n: number): number;
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 1n << 64n;
const SEED_PATTERN = /^[0-9a-f]{64}$/;
/** Below this, x mod n and the rejection bound are exact in double arithmetic (n² < 2^53). */
const FAST_RANGE_LIMIT = 2 ** 26;

/**
 * The deterministic generator of the draw, "sha256-ctr-u64" — specified so that anyone can
 * re-implement it from this description:
 *
 * 1. Let S be the 32 bytes of the seed (its hex decoded).
 * 2. Block i (i = 0, 1, 2, …) is SHA-256(S ‖ i), i written as 8 bytes big-endian.
 * 3. Each block gives four unsigned 64-bit integers, read big-endian from bytes 0–7, 8–15, 16–23,
 *    24–31; the stream is block 0's four, then block 1's four, and so on.
 * 4. uniformInt(n): take the next integer x; if x ≥ 2^64 − (2^64 mod n) discard it and take the
 *    next (the discarded range is what would make x mod n biased); otherwise return x mod n.
 *    For n up to a million a discard happens with probability below 10^-13.
 *
 * (For speed, n < 2^26 is computed on the two 32-bit halves of x in exact double arithmetic; the
 * result is the same as the 64-bit integer arithmetic above, which larger n use.)
 */
export function createSeededRandom(seedHex: string): SeededRandom {
  if (!SEED_PATTERN.test(seedHex)) throw new RangeError('种子应为64位小写十六进制 SHA-256 值');
  // seed ‖ counter, the counter (bytes 32–39) rewritten for each block.
  const input = Buffer.alloc(40);
  input.write(seedHex, 0, 'hex');
  let blockIndex = 0;
  // The current block as eight big-endian 32-bit words; integer k of the block is words 2k, 2k+1.
  const words = new Array<number>(8).fill(0);
  let word = 8;
  let high = 0;
  let low = 0;

  /** Moves the stream on by one 64-bit integer, left in `high` and `low`. */
  const advance = (): void => {
    if (word === 8) {
      // Block indexes stay far below 2^53, so the high half of the counter is exact.
      input.writeUInt32BE(Math.floor(blockIndex / TWO_POW_32), 32);
      input.writeUInt32BE(blockIndex % TWO_POW_32, 36);
      const block = hash('sha256', input, 'buffer');
      for (let index = 0; index < 8; index++) {
        const at = index * 4;
        words[index] = block[at]! * 0x1000000 + ((block[at + 1]! << 16) | (block[at + 2]! << 8) | block[at + 3]!);
      }
      blockIndex++;
      word = 0;
    }
    high = words[word]!;
    low = words[word + 1]!;
    word += 2;
  };

  const nextUint64 = (): bigint => {
    advance();
    return (BigInt(high) << 32n) | BigInt(low);
  };

  const uniformInt = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`uniformInt needs a positive safe integer, got ${n}`);
    if (n < FAST_RANGE_LIMIT) {
      const wordModN = TWO_POW_32 % n;
      // 2^64 mod n. x is discarded when x ≥ 2^64 − remainder, i.e. when 2^64 − 1 − x < remainder;
      // the remainder being below 2^32, that needs the high half to be all ones.
      const remainder = (wordModN * wordModN) % n;
      for (;;) {
        advance();
        if (high === TWO_POW_32 - 1 && TWO_POW_32 - 1 - low < remainder) continue;
        return ((((high % n) * wordModN) % n) + low) % n;
      }
    }
    const range = BigInt(n);
    const limit = TWO_POW_64 - (TWO_POW_64 % range);
    for (;;) {
      const x = nextUint64();
      if (x < limit) return Number(x % range);
    }
  };

  return { nextUint64, uniformInt };
}
