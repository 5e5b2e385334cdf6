import type { Lang } from './i18n.js';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A wall-clock time without a zone, as a sample's `2026-11-15 10:00` is recorded where it was taken. */
const PLAIN_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?$/;
const PLAIN_MONTH = /^(\d{4})-(\d{2})$/;

interface Parts {
  y: number;
  m: number;
  d: number;
  /** Hours and minutes, when the value has a time of day. */
  time: { h: number; min: number } | null;
}

function parts(value: string | Date): Parts | null {
  if (typeof value === 'string') {
    // A calendar date (`2026-11-29`) or a wall-clock time is shown as written, never shifted by a time zone.
    const plain = PLAIN_DATE.exec(value);
    if (plain) return { y: Number(plain[1]), m: Number(plain[2]), d: Number(plain[3]), time: null };
    const wall = PLAIN_DATE_TIME.exec(value);
    if (wall) return { y: Number(wall[1]), m: Number(wall[2]), d: Number(wall[3]), time: { h: Number(wall[4]), min: Number(wall[5]) } };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate(), time: { h: date.getHours(), min: date.getMinutes() } };
}

/** `2026年11月29日` in Chinese, `Nov 29, 2026` in English; '—' for no date. */
export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = parts(value);
  if (!p) return String(value);
  return lang === 'zh' ? `${p.y}年${p.m}月${p.d}日` : `${EN_MONTHS[p.m - 1]} ${p.d}, ${p.y}`;
}

/**
 * `2026年11月29日 14:05` in Chinese, `Nov 29, 2026 14:05` in English: an instant in the browser's
 * time, a wall-clock text (`2026-11-15 10:00`) as written; a plain date without a time.
 */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = parts(value);
  if (!p?.time) return formatDate(value, lang);
  const hh = String(p.time.h).padStart(2, '0');
  const mm = String(p.time.min).padStart(2, '0');
  return lang === 'zh' ? `${p.y}年${p.m}月${p.d}日 ${hh}:${mm}` : `${EN_MONTHS[p.m - 1]} ${p.d}, ${p.y} ${hh}:${mm}`;
}

/** A calendar month (`2026-11`): `2026年11月` in Chinese, `Nov 2026` in English. */
export function formatMonth(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = PLAIN_MONTH.exec(value);
  if (!match) return value;
  const y = Number(match[1]);
  const m = Number(match[2]);
  return lang === 'zh' ? `${y}年${m}月` : `${EN_MONTHS[m - 1]} ${y}`;
}

/**
 * A measured or computed figure as an exact decimal without trailing-zero noise: `6.8000` → `6.8`,
 * `7.0000` → `7`; at most `digits` fraction digits (the water engine's four by default). Never
 * through a float, so what is shown is what the database holds.
 */
export function formatMeasure(value: string | null | undefined, digits = 4): string {
  if (value === null || value === undefined || value === '') return '—';
  return formatDecimal(value, digits);
}

/**
 * Rounds a decimal (given as a string so 万元 figures never pass through a float) half away from
 * zero to at most `digits` fraction digits, dropping trailing zeros, and groups the integer part
 * by thousands as both Chinese and English conventions do (`12,345.68`).
 */
export function formatDecimal(value: string | number, digits = 2): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(Math.max(digits, 0) + 2) : String(value)) : value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return text;
  const negative = match[1] === '-';
  let integer = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  let fraction = match[3] ?? '';
  if (fraction.length > digits) {
    const roundUp = Number(fraction[digits]) >= 5;
    fraction = fraction.slice(0, digits);
    if (roundUp) {
      const digitsAll = `${integer}${fraction}`.split('').map(Number);
      let i = digitsAll.length - 1;
      while (i >= 0) {
        const next = (digitsAll[i] ?? 0) + 1;
        if (next < 10) {
          digitsAll[i] = next;
          break;
        }
        digitsAll[i] = 0;
        i -= 1;
      }
      if (i < 0) digitsAll.unshift(1);
      const joined = digitsAll.join('');
      integer = joined.slice(0, joined.length - fraction.length) || '0';
      fraction = joined.slice(joined.length - fraction.length);
    }
  }
  fraction = fraction.replace(/0+$/, '');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const isZero = /^0*$/.test(integer) && fraction === '';
  return `${negative && !isZero ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Whole numbers with thousands separators: `12,345`. */
export function formatNumber(value: number): string {
  return formatDecimal(value, 0);
}

/** A 0–1 rate as a percentage with one decimal: `45.5%`. */
export function formatPercent(rate: number): string {
  return `${formatDecimal(rate * 100, 1)}%`;
}

/** Moves the decimal point of a decimal string `shift` places to the right (×10^shift), exactly. */
function shiftRight(value: string, shift: number): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const fraction = (match[3] ?? '').padEnd(shift, '0');
  return `${match[1]}${match[2] ?? ''}${fraction.slice(0, shift)}.${fraction.slice(shift)}`;
}

/**
 * An amount in 万元 (ten thousand yuan), the unit of the plans' and agreements' money figures,
 * always in 万元 whatever its size, so a total reads in the unit of its rows (`10,000万元`, never
 * `1亿元` beside `5,000万元`); exact, at most two decimals. In English the same amount in yuan
 * (`CNY 100,000,000`).
 */
export function formatWan(amountWan: string | number, lang: Lang): string {
  const text = typeof amountWan === 'number' ? String(amountWan) : amountWan.trim();
  if (!/^[+-]?\d*(?:\.\d*)?$/.test(text) || text === '') return text;
  if (lang === 'zh') return `${formatDecimal(text, 2)}万元`;
  // 1 万元 = 10,000 yuan.
  return `CNY ${formatDecimal(shiftRight(text, 4), 2)}`;
}
