import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDecimal, formatMeasure, formatMonth, formatPercent, formatWan } from '../src/i18n/format.js';
import { translate } from '../src/i18n/i18n.js';
import { messages } from '../src/i18n/messages.js';

describe('Chinese and English formats', () => {
  it.each([
    ['2026-11-29', 'zh', '2026年11月29日'],
    ['2026-01-05', 'zh', '2026年1月5日'],
    ['2026-01-05', 'en', 'Jan 5, 2026'],
    [null, 'zh', '—'],
  ] as const)('formatDate(%s, %s) = %s', (value, lang, expected) => {
    expect(formatDate(value, lang)).toBe(expected);
  });

  it('shows timestamps in local time (Asia/Shanghai in the tests)', () => {
    expect(formatDateTime('2026-11-29T16:05:00Z', 'zh')).toBe('2026年11月30日 00:05');
    expect(formatDateTime('2026-11-29T16:05:00Z', 'en')).toBe('Nov 30, 2026 00:05');
  });

  it.each([
    ['12345.6789', 2, '12,345.68'],
    ['1234.5000', 2, '1,234.5'],
    ['999.995', 2, '1,000'],
    ['-0.004', 2, '0'],
    ['-1234567.1', 0, '-1,234,567'],
    [0.125, 2, '0.13'],
    ['7', 2, '7'],
  ] as const)('formatDecimal(%s, %i) = %s', (value, digits, expected) => {
    expect(formatDecimal(value, digits)).toBe(expected);
  });

  it('formats 万元 amounts exactly and always in 万元, so a total reads in the unit of its rows; in yuan in English', () => {
    expect(formatWan('5000', 'zh')).toBe('5,000万元');
    expect(formatWan('10000', 'zh')).toBe('10,000万元');
    expect(formatWan('12345.6789', 'zh')).toBe('12,345.68万元');
    expect(formatWan('1234.5', 'zh')).toBe('1,234.5万元');
    expect(formatWan(0.5, 'zh')).toBe('0.5万元');
    expect(formatWan('1234.5', 'en')).toBe('CNY 12,345,000');
    expect(formatWan('0.5', 'en')).toBe('CNY 5,000');
    // Beyond a float's 15–17 significant digits: still exact.
    expect(formatWan('123456789012.3456', 'zh')).toBe('123,456,789,012.35万元');
  });

  it('shows a wall-clock time (a sample’s `2026-11-15 10:00`) as written, in the app’s one date format', () => {
    expect(formatDateTime('2026-11-15 10:00', 'zh')).toBe('2026年11月15日 10:00');
    expect(formatDateTime('2026-11-15T10:00', 'en')).toBe('Nov 15, 2026 10:00');
    expect(formatDateTime('2026-11-15', 'zh')).toBe('2026年11月15日');
  });

  it('formats months', () => {
    expect(formatMonth('2026-01', 'zh')).toBe('2026年1月');
    expect(formatMonth('2026-11', 'en')).toBe('Nov 2026');
    expect(formatMonth(null, 'zh')).toBe('—');
  });

  it.each([
    ['6.8000', '6.8'],
    ['7.0000', '7'],
    ['1.8000', '1.8'],
    ['0.0500', '0.05'],
    ['0.6853', '0.6853'],
    ['12345.1000', '12,345.1'],
    [null, '—'],
  ] as const)('formatMeasure(%s) = %s: exact, without trailing-zero noise', (value, expected) => {
    expect(formatMeasure(value)).toBe(expected);
  });

  it('formats rates as percentages', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(1)).toBe('100%');
  });
});

describe('the dictionary', () => {
  it('has Chinese and English for every key, with the same placeholders', () => {
    for (const [key, text] of Object.entries(messages)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(text.zh.length, key).toBeGreaterThan(0);
      expect(text.en.length, key).toBeGreaterThan(0);
      expect(placeholders(text.en), key).toEqual(placeholders(text.zh));
    }
  });

  it('fills placeholders', () => {
    expect(translate('zh', 'header.bell', { count: 3 })).toBe('通知，3 条未读');
    expect(translate('en', 'header.bell', { count: 3 })).toBe('Notifications, 3 unread');
  });
});
