/**
 * 统一社会信用代码 (Unified Social Credit Identifier), GB 32100-2015.
 * See also the team domain notes (docs/domain.md), section "Identifiers".
 *
 * 18 characters from a 31-character alphabet (digits and upper-case letters without
 * I, O, Z, S, V). The 18th character is a check character computed over the first 17:
 *   sum   = Σ value(c_i) × w_i, with w = 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
 *           (w_i = 3^(i-1) mod 31) and value(c) = index of c in the alphabet (0–30);
 *   check = 31 − (sum mod 31), where 31 maps to 0.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Check-character weights for positions 1–17 (GB 32100-2015). */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const CREDIT_CODE_LENGTH = 18;

export type CreditCodeProblem = 'length' | 'charset' | 'checksum';

function charValue(ch: string): number {
  return CREDIT_CODE_ALPHABET.indexOf(ch);
}

/**
 * Computes the 18th (check) character for the first 17 characters of a credit code.
 * Throws a RangeError when `first17` is not exactly 17 characters of the alphabet.
 */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError(`expected 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = charValue(first17.charAt(i));
    if (value < 0) {
      throw new RangeError(`character ${JSON.stringify(first17.charAt(i))} is not in the credit-code alphabet`);
    }
    sum += value * (CREDIT_CODE_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31; // 31 maps to 0
  return CREDIT_CODE_ALPHABET.charAt(check);
}

/**
 * Validates a credit code. Input must already be upper case (lower-case letters are a
 * `charset` problem; callers that want leniency normalise before calling).
 * Problems are reported in the order length → charset → checksum.
 */
export function validateCreditCode(code: string): { ok: true } | { ok: false; problem: CreditCodeProblem } {
  if (code.length !== CREDIT_CODE_LENGTH) return { ok: false, problem: 'length' };
  for (const ch of code) {
    if (charValue(ch) < 0) return { ok: false, problem: 'charset' };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, CREDIT_CODE_LENGTH - 1));
  if (code.charAt(CREDIT_CODE_LENGTH - 1) !== expected) return { ok: false, problem: 'checksum' };
  return { ok: true };
}
