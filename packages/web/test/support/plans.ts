import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built-in plan's text (深圳市与赣州市对口合作实施方案, see its SOURCE.md). */
export const PLAN_FILE = fileURLToPath(new URL('../../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

/**
 * An appendix task table (任务分工表) as a spreadsheet pasted into the plan gives it: one row per
 * line, cells separated by tabs. Row 1 names units of the pair by their short names, row 2 a
 * department without its city (there is one in each city) and the counties together, row 3 a unit
 * the pair does not have, and a task no article of the plan resembles.
 */
export const TASK_TABLE_APPENDIX = [
  '附件',
  '任务分工表',
  '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
  '1\t组建党校（干部学院）联盟，合作开展异地办学\t深圳市委党校\t赣州市委党校\t2025年底前',
  '2\t合作共建无人机适航认证检测中心和检测基地\t市发展改革委\t各县（市、区）\t长期坚持',
  '3\t完成两市档案数字化互认\t市档案馆\t\t2026年6月',
].join('\n');

/** The built-in plan followed by the appendix task table. */
export function planWithTaskTable(): string {
  return `${fs.readFileSync(PLAN_FILE, 'utf8').trimEnd()}\n${TASK_TABLE_APPENDIX}\n`;
}

/**
 * The plan with a task table, a responsibility note after the heading of article 二十 and a
 * quantified target in its text: something in each card of the review page.
 */
export function showcasePlanText(): string {
  const text = planWithTaskTable()
    .replace('(二十)积极宣传发动。', '(二十)积极宣传发动。（牵头单位：市委宣传部；配合单位：市发展改革委、各县（市、区））')
    .replace('的良好氛围。', '的良好氛围。到2027年，两市联合开展宣传活动达到30场。');
  if (!text.includes('牵头单位：市委宣传部') || !text.includes('到2027年')) throw new Error('the plan text changed: place the note and the target anew');
  return text;
}
