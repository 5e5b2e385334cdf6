import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unheldParagraphs } from './coverage.js';
import { parsePlan } from './parse-plan.js';

// The built-in plan with an appendix 任务分工 table in the three layouts the readers give: tab
// cells (.docx and .xlsx), full-width-space columns (a text file) — the table's rows are ours,
// taken from the plan's articles (三), (六), (十四).
const source = readFileSync(new URL('../../../data/plans/shenzhen-ganzhou.txt', import.meta.url), 'utf8');

const tabTable = [
  '附件',
  '重点任务分工表',
  '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
  '一、红色文化\t\t\t\t',
  '1\t组建党校（干部学院）联盟，合作开展异地办学\t深圳市委党校\t赣州市委党校\t2025年底前',
  '2\t对应第（十四）条：推动深赣职业教育联盟实体化运作\t深圳市教育局\t赣州市教育局、各县（市、区）\t每年',
  '二、产业合作\t\t\t\t',
  '3\t合作共建无人机适航认证检测中心和检测基地\t市发展改革委\t市工业和信息化局\t长期坚持',
  '4\t完成两市档案数字化互认\t市档案馆\t\t2026年6月',
].join('\n');

describe('task tables inside a plan', () => {
  const plan = parsePlan(`${source}\n${tabTable}`);
  const [table] = plan.taskTables;

  it('reads every row with its units and deadline, and keeps the group rows out of the outline', () => {
    expect(plan.taskTables).toHaveLength(1);
    expect(table?.columns).toEqual(['serial', 'task', 'lead', 'supporting', 'deadline']);
    expect(table?.rows.map((row) => [row.serial, row.group, row.lead, row.supporting, row.deadline])).toEqual([
      ['1', '一、红色文化', ['深圳市委党校'], ['赣州市委党校'], { kind: 'date', date: '2025-12-31', text: '2025年底前' }],
      ['2', '一、红色文化', ['深圳市教育局'], ['赣州市教育局', '各县（市、区）'], { kind: 'recurring', every: 'year', text: '每年' }],
      ['3', '二、产业合作', ['市发展改革委'], ['市工业和信息化局'], { kind: 'open', text: '长期坚持' }],
      ['4', '二、产业合作', ['市档案馆'], [], { kind: 'date', date: '2026-06-30', text: '2026年6月' }],
    ]);
    expect(plan.chapters.map((chapter) => chapter.number)).toEqual(['一', '二', '三', '四', '五', '六', '七']);
    expect(plan.sections.map((section) => section.path[0])).toEqual(['一', '二', '三', '四', '五', '六', '七']);
    // The rows stay in the text as rows, in the closing matter (nothing dropped).
    expect(unheldParagraphs(plan)).toEqual([]);
    expect(plan.closing).toContain('3\t合作共建无人机适航认证检测中心和检测基地\t市发展改革委\t市工业和信息化局\t长期坚持');
    expect(plan.text.slice(table!.rows[2]!.start, table!.rows[2]!.end)).toBe(
      '3\t合作共建无人机适航认证检测中心和检测基地\t市发展改革委\t市工业和信息化局\t长期坚持',
    );
  });

  it('links each row to the item it carries out: named, else by its words, else not at all', () => {
    expect(table?.rows.map((row) => [row.link.path, row.link.articleNumber, row.link.explicit])).toEqual([
      [['二', '三'], '三', false],
      [['五', '十四'], '十四', true],
      [['三', '六'], '六', false],
      [null, null, false],
    ]);
    expect(table?.rows[1]?.link.reason).toBe('表中写明对应条目五、（十四）');
    expect(table?.rows[0]?.link.reason).toMatch(/^与条目二、（三）“广泛开展红色教育培训”用语最接近（相似度0\.\d\d），请核对$/);
    expect(table?.rows[3]?.link.reason).toBe('未找到用语相近的条款，请人工指定');
  });

  it('lists the units the table names among the organisations', () => {
    const names = plan.organisations.map((organisation) => organisation.name);
    expect(names).toEqual(expect.arrayContaining(['深圳市委党校', '深圳市教育局', '市发展改革委', '市档案馆', '各县（市、区）']));
  });

  it('reads the same table written in full-width-space columns in a text file', () => {
    const aligned = tabTable
      .split('\n')
      .map((line) => line.replace(/\t+$/, '').replace(/\t\t/g, '\u3000\u3000—\u3000\u3000').replace(/\t/g, '\u3000\u3000'))
      .join('\n');
    const fromText = parsePlan(`${source}\n${aligned}`);
    expect(fromText.taskTables[0]?.rows.map((row) => [row.serial, row.lead, row.deadline.kind, row.link.path])).toEqual([
      ['1', ['深圳市委党校'], 'date', ['二', '三']],
      ['2', ['深圳市教育局'], 'recurring', ['五', '十四']],
      ['3', ['市发展改革委'], 'open', ['三', '六']],
      ['4', ['市档案馆'], 'date', null],
    ]);
  });
});
