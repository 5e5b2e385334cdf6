import { isDateInRange } from '../../calendar.js';
import { parseChineseNumeral } from './numbering.js';

/*
 * The 完成时限 cell of a task table, read as written.
 *
 * A period resolves to its last day: 2025年底前 → 2025-12-31, 2026年6月 → 2026-06-30, 2025年上半年
 * → 2025-06-30, 2025年第三季度 → 2025-09-30, 2024—2026年 → 2026-12-31, 6月上旬 → the 10th,
 * 6月中旬 → the 20th, 6月中 → the 15th, 6月下旬 → the last day. A period written without a year
 * (年底前, 年内, 6月底, 第三季度) takes the year written last before it in the cell, else the plan's
 * year, else it is unknown. 2025年起 / 自2025年开始 marks where something starts, not a deadline.
 * 每年 / 每半年 / 每季度 / 每月 (and 按季度 …) are recurring; a period written without a year
 * after them belongs to the recurrence (每年12月底前 is yearly). 长期坚持, 持续推进, 常态化 … are
 * open-ended. When a cell names several deadlines (2024年底前启动，2025年底前完成) the last one
 * counts. Full-width digits, positional Chinese years (二〇二五年) and Chinese months, days and
 * quarters (十二月三十一日, 第三季度) are read too. Anything else is unknown; this never throws.
 */

export type Deadline =
  | { kind: 'date'; date: string; text: string }
  | { kind: 'recurring'; every: 'year' | 'half-year' | 'quarter' | 'month'; text: string }
  | { kind: 'open'; text: string }
  | { kind: 'unknown'; text: string };

export interface DeadlineContext {
  /** The year a yearless 年底前 / 年内 / 6月底 refers to when the cell names none. */
  planYear?: number;
}

type Every = 'year' | 'half-year' | 'quarter' | 'month';
type Reading = { kind: 'date'; date: string } | { kind: 'recurring'; every: Every } | { kind: 'open' } | { kind: 'unknown' };

// Whitespace runs are bounded so that no pattern rescans a long run from every position.
const S = '\\s{0,3}';
const DASH = `${S}[-—–－~～至到]{1,2}${S}`;
const RECURRING = /(?:每|按)个?(半年|年度?|季度?|月度?)/y;
const OPEN = /长期坚持|长期推进|长期开展|长期|持续推进|持续开展|持续实施|持续落实|常态化|久久为功/y;
const NUMERIC_DATE = /(\d{4})[-./／](\d{1,2})(?:[-./／](\d{1,2}))?(?!\d)/y;
const YEAR = new RegExp(`(\\d{4})${S}(?:(年度?)|(?=${DASH}\\d{4}))`, 'y');
const START_MARK = new RegExp(`${S}(?:起|开始|以来|以后|之后)`, 'y');
const HALF = /(上|下)半年/y;
const QUARTER = new RegExp(`第?${S}([1-4])${S}季度?`, 'y');
const MONTH = new RegExp(`(?:\\d{1,2}${DASH})?(\\d{1,2})${S}月份?(?:${S}(\\d{1,2})${S}[日号])?(?:${S}(上旬|中旬|下旬|初|中|底|末))?`, 'y');
const YEAR_END_AFTER_YEAR = /年?(?:底|末|内)/y;
const YEAR_END_ALONE = /年底|年末|年内|当年|今年|本年度?|全年/y;
// A yearless period right after a count (3年内, 6个月) is a duration, not a deadline.
const COUNT_BEFORE = /[0-9〇零一二三四五六七八九十两几每半个多]/;

const FULL_WIDTH_DIGIT = /[０-９]/g;
const POSITIONAL_YEAR = /[〇零○一二三四五六七八九]{4}(?=\s{0,3}年)/g;
const CHINESE_SMALL_NUMBER = /[一二三四五六七八九十]{1,3}(?=\s{0,3}(?:月|日|号|季度))/g;
const POSITIONAL_DIGIT: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  '○': '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

export function parseDeadline(text: string, context: DeadlineContext = {}): Deadline {
  const written = text.trim();
  let reading: Reading;
  try {
    reading = readLastDeadline(toDigits(written), context.planYear);
  } catch {
    reading = { kind: 'unknown' };
  }
  return { ...reading, text: written };
}

function toDigits(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(POSITIONAL_YEAR, (year) => [...year].map((ch) => POSITIONAL_DIGIT[ch] ?? ch).join(''))
    .replace(/元月/g, '1月')
    .replace(CHINESE_SMALL_NUMBER, (numeral) => String(parseChineseNumeral(numeral) ?? numeral));
}

function readLastDeadline(text: string, planYear: number | undefined): Reading {
  let last: Reading = { kind: 'unknown' };
  let writtenYear: number | undefined;
  let recurringSince = false;
  let index = 0;
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = index;
    return re.exec(text);
  };

  while (index < text.length) {
    const recurring = at(RECURRING);
    if (recurring !== null) {
      last = { kind: 'recurring', every: recurrence(recurring[1] ?? '') };
      recurringSince = true;
      index += recurring[0].length;
      continue;
    }
    const open = at(OPEN);
    if (open !== null) {
      last = { kind: 'open' };
      index += open[0].length;
      continue;
    }
    const numeric = at(NUMERIC_DATE);
    const numericMonth = Number(numeric?.[2]);
    if (numeric !== null && numericMonth >= 1 && numericMonth <= 12) {
      const year = Number(numeric[1]);
      writtenYear = year;
      recurringSince = false;
      last = dateReading(year, numericMonth, numeric[3] === undefined ? daysInMonth(year, numericMonth) : Number(numeric[3]));
      index += numeric[0].length;
      continue;
    }
    const yearMatch = at(YEAR);
    if (yearMatch !== null) {
      const year = Number(yearMatch[1]);
      writtenYear = year;
      recurringSince = false;
      index += yearMatch[0].length;
      // 2024—2026年: the first year of a range only sets the year.
      if (yearMatch[2] === undefined) continue;
      const period = readPeriod(text, index, year, true);
      if (period !== null) {
        last = period.reading;
        index = period.end;
        continue;
      }
      const start = at(START_MARK);
      if (start !== null) {
        index += start[0].length;
        continue;
      }
      last = dateReading(year, 12, 31);
      continue;
    }
    if (!COUNT_BEFORE.test(text.charAt(index - 1))) {
      const period = readPeriod(text, index, writtenYear ?? planYear, false);
      if (period !== null) {
        if (!recurringSince) last = period.reading;
        index = period.end;
        continue;
      }
    }
    index++;
  }
  return last;
}

/** A period starting at `index`; with an unknown year it reads as unknown rather than being skipped. */
function readPeriod(text: string, index: number, year: number | undefined, afterYear: boolean): { reading: Reading; end: number } | null {
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = index;
    return re.exec(text);
  };
  const resolve = (month: number, day: number | null): Reading =>
    year === undefined ? { kind: 'unknown' } : dateReading(year, month, day ?? daysInMonth(year, month));

  const half = at(HALF);
  if (half !== null) return { reading: resolve(half[1] === '上' ? 6 : 12, null), end: index + half[0].length };
  const quarter = at(QUARTER);
  if (quarter !== null) return { reading: resolve(Number(quarter[1]) * 3, null), end: index + quarter[0].length };
  const month = at(MONTH);
  if (month !== null) {
    const monthNumber = Number(month[1]);
    const end = index + month[0].length;
    if (monthNumber < 1 || monthNumber > 12) return { reading: { kind: 'unknown' }, end };
    return { reading: resolve(monthNumber, month[2] !== undefined ? Number(month[2]) : dayOfPart(month[3])), end };
  }
  const yearEnd = at(afterYear ? YEAR_END_AFTER_YEAR : YEAR_END_ALONE);
  if (yearEnd !== null) return { reading: resolve(12, 31), end: index + yearEnd[0].length };
  return null;
}

function dayOfPart(part: string | undefined): number | null {
  switch (part) {
    case '上旬':
    case '初':
      return 10;
    case '中':
      return 15;
    case '中旬':
      return 20;
    default:
      return null;
  }
}

function recurrence(unit: string): Every {
  if (unit === '半年') return 'half-year';
  if (unit.startsWith('季')) return 'quarter';
  if (unit.startsWith('月')) return 'month';
  return 'year';
}

function dateReading(year: number, month: number, day: number): Reading {
  if (day < 1 || day > daysInMonth(year, month)) return { kind: 'unknown' };
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isDateInRange(date) ? { kind: 'date', date } : { kind: 'unknown' };
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; Date.UTC applies the Gregorian leap rule.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
