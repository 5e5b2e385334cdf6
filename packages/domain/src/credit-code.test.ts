import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, validateCreditCode } from './credit-code.js';

/*
 * Valid codes, check characters computed by hand.
 * Alphabet values: 0–9 → 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25
 * T26 U27 W28 X29 Y30. Weights: 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28.
 *
 * (1) 91350100M000100Y4? — the sample code widely quoted for GB 32100-2015
 *     9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M21·20 + 0·29 + 0·25 + 0·13 + 1·8
 *     + 0·24 + 0·10 + Y30·30 + 4·28
 *     = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28 (31·52 = 1612);
 *     31 − 28 = 3 → '3'  ⇒ 91350100M000100Y43
 * (2) 91440300MA5F00000? (synthetic)
 *     9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + M21·20 + A10·29 + 5·25 + F15·13
 *     + 0·(8,24,10,30,28)
 *     = 9 + 3 + 36 + 108 + 78 + 420 + 290 + 125 + 195 = 1264; 1264 mod 31 = 24 (31·40 = 1240);
 *     31 − 24 = 7 → '7'  ⇒ 91440300MA5F000007
 * (3) 12360700491234567? (synthetic)
 *     1·1 + 2·3 + 3·9 + 6·27 + 0·19 + 7·26 + 0·16 + 0·17 + 4·20 + 9·29 + 1·25 + 2·13 + 3·8
 *     + 4·24 + 5·10 + 6·30 + 7·28
 *     = 1 + 6 + 27 + 162 + 182 + 80 + 261 + 25 + 26 + 24 + 96 + 50 + 180 + 196 = 1316;
 *     1316 mod 31 = 14 (31·42 = 1302); 31 − 14 = 17 → 'H'  ⇒ 12360700491234567H
 * (4) 5144030000000000X? (synthetic)
 *     5·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·(16 … 30) + X29·28
 *     = 5 + 3 + 36 + 108 + 78 + 812 = 1042; 1042 mod 31 = 19 (31·33 = 1023);
 *     31 − 19 = 12 → 'C'  ⇒ 5144030000000000XC
 * (5) 91440300MA5F00008? (synthetic, exercises the "31 maps to 0" rule)
 *     as (2) but the 17th character is 8: 1264 + 8·28 = 1488 = 31·48, mod 31 = 0;
 *     31 − 0 = 31 → 0 → '0'  ⇒ 91440300MA5F000080
 */
const VALID: { code: string; note: string }[] = [
  { code: '91350100M000100Y43', note: 'GB 32100 sample, sum 1640' },
  { code: '91440300MA5F000007', note: 'sum 1264' },
  { code: '12360700491234567H', note: 'sum 1316' },
  { code: '5144030000000000XC', note: 'sum 1042' },
  { code: '91440300MA5F000080', note: 'sum 1488 ≡ 0 → check 0' },
];

describe('creditCodeCheckCharacter', () => {
  it.each(VALID)('computes the check character of $code ($note)', ({ code }) => {
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code.slice(17));
  });

  it('rejects input that is not 17 alphabet characters', () => {
    expect(() => creditCodeCheckCharacter('9135010')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100I000100Y4')).toThrow(RangeError);
  });

  it('uses the 31-character alphabet without I, O, Z, S, V', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
  });
});

describe('validateCreditCode', () => {
  it.each(VALID)('accepts $code', ({ code }) => {
    expect(validateCreditCode(code)).toEqual({ ok: true });
  });

  it.each([
    { code: '', why: 'empty' },
    { code: '91350100M000100Y4', why: '17 characters' },
    { code: '91350100M000100Y433', why: '19 characters' },
    { code: ' 91350100M000100Y43', why: 'leading space' },
  ])('reports length for $why', ({ code }) => {
    expect(validateCreditCode(code)).toEqual({ ok: false, problem: 'length' });
  });

  it.each([
    { code: '91350100I000100Y43', why: 'I' },
    { code: '91350100O000100Y43', why: 'O' },
    { code: '91350100Z000100Y43', why: 'Z' },
    { code: '91350100S000100Y43', why: 'S' },
    { code: '91350100V000100Y43', why: 'V' },
    { code: '91350100m000100Y43', why: 'lower-case m' },
    { code: '91440300ma5f000007', why: 'all lower case' },
    { code: '91350100M000100Y4-', why: 'punctuation as check character' },
    { code: '91350100M000100Y4I', why: 'forbidden check character' },
  ])('reports charset for $why', ({ code }) => {
    expect(validateCreditCode(code)).toEqual({ ok: false, problem: 'charset' });
  });

  it.each([
    { code: '91350100M000100Y44', why: 'check character changed 3 → 4' },
    { code: '91350100M000200Y43', why: 'body character changed 1 → 2' },
    { code: '91440300MA5F000008', why: 'check character changed 7 → 8' },
    { code: '12360700491234567J', why: 'check character changed H → J' },
    { code: '91440300MA5F00008A', why: 'check character changed 0 → A' },
    { code: '51350100M000100Y43', why: 'first character changed 9 → 5 (sum 1636, check would be 7)' },
  ])('reports checksum for $why', ({ code }) => {
    expect(validateCreditCode(code)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('every single-character substitution of a valid code fails the checksum', () => {
    const code = '91440300MA5F000007';
    for (let i = 0; i < code.length; i++) {
      for (const ch of CREDIT_CODE_ALPHABET) {
        if (ch === code.charAt(i)) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateCreditCode(changed)).toEqual({ ok: false, problem: 'checksum' });
      }
    }
  });
});
