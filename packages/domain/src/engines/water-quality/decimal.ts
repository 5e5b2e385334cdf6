/**
 * Exact decimal arithmetic for concentrations, percentages and amounts.
 *
 * Why not plain numbers: 0.1 + 0.2 !== 0.3 in binary floating point, and a class boundary
 * (NH3-N 0.5 mg/L, TP 0.025 mg/L) must be decided exactly — a value typed as 0.5 has to land in
 * class II, not in class III because of a representation error. So every value is carried as an
 * integer count of 10^-4 units (SCALE): 0.025 mg/L is 250, 7.5 mg/L is 75000. Four decimals cover
 * every limit of GB 3838-2002 table 1 (the finest is 0.025) and the reporting precision of the
 * usual methods (TP and NH3-N to 0.001 mg/L). Integers stay far below 2^53 (a concentration is
 * capped at 11 integer digits), so sums and comparisons are exact; divisions (means, ratios,
 * percentages) go through BigInt and are rounded exactly once.
 *
 * Rounding is half-up (half away from zero: 0.41665 → 0.4167), as the brief asks. Note that
 * GB/T 8170-2008 (数值修约规则) rounds halves to even (四舍六入五成双); the two differ only on an exact
 * half at the fifth decimal.
 */

export const DECIMALS = 4;
export const SCALE = 10_000;

const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?$/;
const MAX_INTEGER_DIGITS = 11;

export interface ParsedDecimal {
  /** The value in units of 10^-4, rounded half-up when more decimals were given. */
  scaled: number;
  /** False when digits beyond the fourth decimal were rounded away. */
  exact: boolean;
}

/** The plain decimal text of a finite number (no exponent), or null when it is too large to matter. */
function numberText(value: number): string | null {
  const text = String(value);
  if (!text.includes('e')) return text;
  // Tiny magnitudes (below 1e-6) print with an exponent; toFixed gives their plain form.
  return Math.abs(value) < 1 ? value.toFixed(20) : null;
}

/**
 * Reads a decimal given as a number or as text ('0.45', '1', '.5', '-0.2') into units of 10^-4.
 * Numbers are read through their shortest decimal representation (what the user typed: 0.45 is
 * '0.45'), so no binary error leaks in. Returns null for anything that is not a plain decimal.
 */
export function parseDecimal(value: unknown): ParsedDecimal | null {
  let text: string | null;
  if (typeof value === 'number') text = Number.isFinite(value) ? numberText(value) : null;
  else if (typeof value === 'string') text = value.trim();
  else text = null;
  if (text === null) return null;
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const integerDigits = match[2] ?? '';
  const fractionDigits = match[3] ?? '';
  if (integerDigits === '' && fractionDigits === '') return null;
  if (integerDigits.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) return null;
  const kept = fractionDigits.slice(0, DECIMALS).padEnd(DECIMALS, '0');
  const dropped = fractionDigits.slice(DECIMALS);
  let scaled = Number(integerDigits || '0') * SCALE + Number(kept);
  if (dropped !== '' && dropped.charAt(0) >= '5') scaled += 1;
  return { scaled: match[1] === '-' ? -scaled : scaled, exact: /^0*$/.test(dropped) };
}

/** Like parseDecimal, for configuration values that must be exact: throws a RangeError otherwise. */
export function parseExactDecimal(value: number | string, what: string): number {
  const parsed = parseDecimal(value);
  if (!parsed?.exact) throw new RangeError(`${what}：“${String(value)}”不是最多${DECIMALS}位小数的数值`);
  return parsed.scaled;
}

/**
 * Formats a value in units of 10^-4: with `fixed`, always four decimals ('0.4000', for means and
 * reported figures, so the precision shows); otherwise without trailing zeros ('0.4', for values
 * as measured and limits as written in the standard).
 */
export function formatScaled(scaled: number, fixed = false): string {
  const sign = scaled < 0 ? '-' : '';
  const magnitude = Math.abs(scaled);
  const fraction = magnitude % SCALE;
  const integer = (magnitude - fraction) / SCALE;
  const fractionText = String(fraction).padStart(DECIMALS, '0');
  if (fixed) return `${sign}${integer}.${fractionText}`;
  const trimmed = fractionText.replace(/0+$/, '');
  return trimmed === '' ? `${sign}${integer}` : `${sign}${integer}.${trimmed}`;
}

/** numerator / denominator rounded half-up to an integer; both non-negative, denominator > 0. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

/** An exact non-negative rational number, for chains of products and quotients (the P index). */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const SCALE_BIG = BigInt(SCALE);

/** The exact value of a number given in units of 10^-4. */
export function fractionOfScaled(scaled: number): Fraction {
  return { num: BigInt(scaled), den: SCALE_BIG };
}

/** a × b, exactly. */
export function multiplyFractions(a: Fraction, b: Fraction): Fraction {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** a / b, exactly; throws a RangeError when b is zero. */
export function divideFractions(a: Fraction, b: Fraction): Fraction {
  if (b.num === 0n) throw new RangeError('division by zero');
  return { num: a.num * b.den, den: a.den * b.num };
}

/** a + b, exactly. */
export function addFractions(a: Fraction, b: Fraction): Fraction {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** A non-negative fraction rounded half-up to `decimals` places, as fixed-point text. */
export function formatFraction(value: Fraction, decimals: number): string {
  const factor = 10n ** BigInt(decimals);
  const rounded = (2n * value.num * factor + value.den) / (2n * value.den);
  if (decimals === 0) return rounded.toString();
  const text = rounded.toString().padStart(decimals + 1, '0');
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** A non-negative fraction rounded half-up to four decimals, in units of 10^-4. */
export function roundFractionToScaled(value: Fraction): number {
  return Number((2n * value.num * SCALE_BIG + value.den) / (2n * value.den));
}
