/**
 * Administrative division codes, GB/T 2260 (中华人民共和国行政区划代码).
 * See the team domain notes (docs/domain.md), section "Administrative divisions (GB/T 2260)".
 *
 * A code has six digits: PP (province level) · CC (prefecture level) · DD (county level).
 * Province codes end in 0000 (e.g. 440000), prefecture codes in 00 (e.g. 440300), county-level
 * codes (districts, counties, county-level cities) have DD ≠ 00 (e.g. 440304 福田区).
 *
 * These checks are structural only: they do not consult a list of codes in force, so a
 * well-formed but unassigned or abolished code still passes.
 */

/** Province-level prefixes used by GB/T 2260 (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门). */
export const PROVINCE_PREFIXES: readonly string[] = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
];

const SIX_DIGITS = /^\d{6}$/;

export type AdminDivisionLevel = 'province' | 'prefecture' | 'county';

/**
 * Level of a structurally valid 6-digit GB/T 2260 code, or null if the code is malformed
 * (not 6 digits, unknown province prefix, or a county segment under a 00 prefecture segment).
 */
export function adminDivisionLevel(code: string): AdminDivisionLevel | null {
  if (!SIX_DIGITS.test(code)) return null;
  if (!PROVINCE_PREFIXES.includes(code.slice(0, 2))) return null;
  const prefecture = code.slice(2, 4);
  const county = code.slice(4, 6);
  if (prefecture === '00') return county === '00' ? 'province' : null;
  return county === '00' ? 'prefecture' : 'county';
}

/**
 * True for a county-level GB/T 2260 code — the codes units of type `district`/`county` carry:
 * six digits, a valid province-level prefix (11–82), a non-zero prefecture segment and a
 * county segment (last two digits) ≠ 00. Province (xx0000) and prefecture (xxxx00) codes
 * are not accepted here; use `adminDivisionLevel` to classify those.
 */
export function isAdminDivisionCode(code: string): boolean {
  return adminDivisionLevel(code) === 'county';
}

/**
 * The 4-digit prefecture prefix of a 6-digit division code (e.g. '360732' → '3607'),
 * the form `CitySeed.code` uses. Throws a RangeError if `code` is not six digits.
 */
export function parentPrefecture(code: string): string {
  if (!SIX_DIGITS.test(code)) throw new RangeError(`not a 6-digit division code: ${JSON.stringify(code)}`);
  return code.slice(0, 4);
}
