import type { Lang } from './i18n.js';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(value: string | Date): { y: number; m: number; d: number; date: Date | null } | null {
  if (typeof value === 'string') {
    // A calendar date (`2026-11-29`) is shown as written, never shifted by a time zone.
    const plain = PLAIN_DATE.exec(value);
    if (plain) return { y: Number(plain[1]), m: Number(plain[2]), d: Number(plain[3]), date: null };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate(), date };
}

/** `2026年11月29日` in Chinese, `Nov 29, 2026` in English; '—' for no date. */
export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = parts(value);
  if (!p) return String(value);
  return lang === 'zh' ? `${p.y}年${p.m}月${p.d}日` : `${EN_MONTHS[p.m - 1]} ${p.d}, ${p.y}`;
}

/** `2026年11月29日 14:05` in Chinese, `Nov 29, 2026 14:05` in English. */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = parts(value);
  if (!p?.date) return formatDate(value, lang);
  const hh = String(p.date.getHours()).padStart(2, '0');
  const mm = String(p.date.getMinutes()).padStart(2, '0');
  return `${formatDate(value, lang)} ${hh}:${mm}`;
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

/** Moves the decimal point of a decimal string `shift` places to the left (÷10^shift), exactly. */
function shiftLeft(value: string, shift: number): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const integer = (match[2] ?? '').padStart(shift + 1, '0');
  const fraction = match[3] ?? '';
  return `${match[1]}${integer.slice(0, integer.length - shift)}.${integer.slice(integer.length - shift)}${fraction}`;
}

/**
 * An amount in 万元 (ten thousand yuan), the unit of the plans' money figures: `12,345.68万元` in
 * Chinese (and `1.23亿元` from 1 亿 up); in English the same amount in yuan, in millions from
 * one million up (`CNY 123.46 million`).
 */
export function formatWan(amountWan: string | number, lang: Lang): string {
  const text = typeof amountWan === 'number' ? String(amountWan) : amountWan.trim();
  if (!/^[+-]?\d*(?:\.\d*)?$/.test(text) || text === '') return text;
  const abs = Math.abs(Number(text));
  if (lang === 'zh') {
    return abs >= 10_000 ? `${formatDecimal(shiftLeft(text, 4), 2)}亿元` : `${formatDecimal(text, 2)}万元`;
  }
  // 1 万元 = 10,000 yuan; 100 万元 = 1 million yuan.
  return abs >= 100 ? `CNY ${formatDecimal(shiftLeft(text, 2), 2)} million` : `CNY ${formatDecimal(Number(text) * 10_000, 0)}`;
}
