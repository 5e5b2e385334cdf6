import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline.js';

describe('parseDeadline: dates, the last day of the period written', () => {
  it.each([
    // Year ends.
    ['2025年底前', '2025-12-31'],
    ['2025年年底', '2025-12-31'],
    ['2025年底', '2025-12-31'],
    ['2025年末', '2025-12-31'],
    ['2025年内完成', '2025-12-31'],
    ['2025年', '2025-12-31'],
    ['2025年度', '2025-12-31'],
    ['2025 年底前', '2025-12-31'],
    ['2025年12月底前', '2025-12-31'],
    ['2025年12月31日前', '2025-12-31'],
    // Months and days.
    ['2026年6月', '2026-06-30'],
    ['2026年6月底前', '2026-06-30'],
    ['2026年6月前完成', '2026-06-30'],
    ['2026年06月', '2026-06-30'],
    ['2025年10月15日前', '2025-10-15'],
    ['2025年10月15号', '2025-10-15'],
    ['2025年9月上旬', '2025-09-10'],
    ['2025年9月中旬', '2025-09-20'],
    ['2025年9月下旬', '2025-09-30'],
    ['2025年3—6月', '2025-06-30'],
    ['2025年1-6月', '2025-06-30'],
    // Halves and quarters.
    ['2025年上半年', '2025-06-30'],
    ['2025年下半年', '2025-12-31'],
    ['2025年第三季度', '2025-09-30'],
    ['2025年第一季度末', '2025-03-31'],
    ['2025年四季度', '2025-12-31'],
    ['2025年第2季度', '2025-06-30'],
    // Ranges: the end of the last year.
    ['2024—2026年', '2026-12-31'],
    ['2024-2026年', '2026-12-31'],
    ['2024～2026年', '2026-12-31'],
    ['2024年—2026年', '2026-12-31'],
    ['2024年至2026年', '2026-12-31'],
    ['2025年6月—2026年6月', '2026-06-30'],
    // Full-width digits and Chinese numerals.
    ['２０２５年底前', '2025-12-31'],
    ['２０２６年６月底', '2026-06-30'],
    ['二〇二五年', '2025-12-31'],
    ['二〇二五年底前', '2025-12-31'],
    ['二零二六年六月底前', '2026-06-30'],
    ['二〇二五年十二月三十一日前', '2025-12-31'],
    ['二○二五年十月', '2025-10-31'],
    // Dates as spreadsheets write them.
    ['2025-10-15', '2025-10-15'],
    ['2025/6/30', '2025-06-30'],
    ['2025.6', '2025-06-30'],
    // Leap years.
    ['2028年2月底', '2028-02-29'],
    ['2025年2月底', '2025-02-28'],
    ['2100年2月底', 'unknown'],
    ['2024年2月29日', '2024-02-29'],
    ['2025年2月29日', 'unknown'],
    // Several deadlines: the last one.
    ['2024年底前启动，2025年底前完成', '2025-12-31'],
    ['2025年6月底前完成方案编制，年底前建成投用', '2025-12-31'],
    ['2025年3月启动，6月底前完成', '2025-06-30'],
    ['2025年底前完成一期，2027年6月底前全部建成', '2027-06-30'],
  ])('%s → %s', (text, expected) => {
    const deadline = parseDeadline(text, {});
    if (expected === 'unknown') expect(deadline).toEqual({ kind: 'unknown', text });
    else expect(deadline).toEqual({ kind: 'date', date: expected, text });
  });
});

describe('parseDeadline: periods without a year take the plan year', () => {
  it.each([
    ['年底前', 2025, '2025-12-31'],
    ['年内', 2025, '2025-12-31'],
    ['年内完成', 2026, '2026-12-31'],
    ['年底前完成', 2024, '2024-12-31'],
    ['6月底前', 2025, '2025-06-30'],
    ['上半年', 2025, '2025-06-30'],
    ['第三季度', 2025, '2025-09-30'],
    // A year written in the cell wins over the plan year.
    ['2026年启动，年底前完成', 2025, '2026-12-31'],
  ])('%s with plan year %i → %s', (text, planYear, date) => {
    expect(parseDeadline(text, { planYear })).toEqual({ kind: 'date', date, text });
  });

  it.each(['年底前', '年内', '6月底前', '上半年'])('%s without a plan year is unknown', (text) => {
    expect(parseDeadline(text, {})).toEqual({ kind: 'unknown', text });
  });

  it.each(['3年内', '三年内', '6个月内', '1—2年内'])('%s is a duration, not a date', (text) => {
    expect(parseDeadline(text, { planYear: 2025 })).toEqual({ kind: 'unknown', text });
  });
});

describe('parseDeadline: recurring and open', () => {
  it.each([
    ['每年', 'year'],
    ['每年底', 'year'],
    ['每年度', 'year'],
    ['每年12月底前', 'year'],
    ['每年6月和12月', 'year'],
    ['每半年', 'half-year'],
    ['每季度', 'quarter'],
    ['每个季度', 'quarter'],
    ['每季度末', 'quarter'],
    ['按季度报送', 'quarter'],
    ['每月', 'month'],
    ['每个月', 'month'],
    ['每月10日前', 'month'],
    ['2025年起每年', 'year'],
    ['自2025年起，每年开展一次', 'year'],
    ['2024年底前启动，此后每半年评估一次', 'half-year'],
  ] as const)('%s → every %s', (text, every) => {
    expect(parseDeadline(text, { planYear: 2025 })).toEqual({ kind: 'recurring', every, text });
  });

  it.each(['长期坚持', '持续推进', '长期', '持续开展', '常态化', '常态化推进', '2025年起持续推进', '2025年底前完成，长期坚持'])('%s is open', (text) => {
    expect(parseDeadline(text, { planYear: 2025 })).toEqual({ kind: 'open', text });
  });
});

describe('parseDeadline: anything else is unknown', () => {
  it.each(['', '—', '/', '根据工作需要', '适时', '2025年起', '13月', '2025年13月', '第五季度', '近期'])('%j → unknown', (text) => {
    expect(parseDeadline(text, { planYear: 2025 })).toEqual({ kind: 'unknown', text });
  });

  it('keeps the text as written, trimmed', () => {
    expect(parseDeadline('  2025年底前\u3000', {})).toEqual({ kind: 'date', date: '2025-12-31', text: '2025年底前' });
  });

  it('gets through long and pathological cells', () => {
    const long = `${'2024年'.repeat(20_000)}${' '.repeat(100_000)}${'1'.repeat(50_000)}，2025年底前`;
    expect(parseDeadline(long, {})).toEqual({ kind: 'date', date: '2025-12-31', text: long });
    // Four digits before 年 that are not a plausible year (1111) give no date.
    expect(parseDeadline(`${'1'.repeat(50_000)}年底前`, {}).kind).toBe('unknown');
    expect(parseDeadline(`${'每'.repeat(100_000)}月`, {})).toEqual({ kind: 'recurring', every: 'month', text: `${'每'.repeat(100_000)}月` });
  });
});
