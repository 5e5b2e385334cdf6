import fs from 'node:fs';
import { parsePlan, planOutline } from '@duikou/domain';
import { describe, expect, it } from 'vitest';
import { planSourceText } from '../src/modules/plans/plan-source.js';
// @ts-expect-error: a plain script, without types
import { buildPlanAutoNumberingDocx } from './fixtures/build-plan-auto-numbering.mjs';

/*
 * The default plan typed in Word with automatic numbering (test/fixtures/build-plan-auto-numbering.mjs):
 * its text holds no heading number, yet it must parse as the plain text does.
 */

const PLAN_TEXT = fs.readFileSync(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url), 'utf8');
const FIXTURE = new URL('./fixtures/plan-auto-numbering.docx', import.meta.url);

describe('plan-auto-numbering.docx', () => {
  it('is what its script builds from the plan text (rebuild it with the script after changing either)', async () => {
    const built: Buffer = await buildPlanAutoNumberingDocx(PLAN_TEXT);
    expect(built.equals(fs.readFileSync(FIXTURE))).toBe(true);
  });

  it('parses to the chapters, articles and measures of the plain text; the appendix table, one row a line, closes the plan', async () => {
    const { text } = await planSourceText({ fileName: '深圳市与赣州市对口合作实施方案.docx', fileBase64: fs.readFileSync(FIXTURE).toString('base64') });
    const fromDocx = parsePlan(text);
    const fromText = parsePlan(PLAN_TEXT);
    const titles = (plan: typeof fromText) => plan.chapters.map((c) => [c.number, c.title, c.articles.map((a) => [a.number, a.title])]);
    expect(titles(fromDocx)).toEqual(titles(fromText));
    expect(fromDocx.chapters).toHaveLength(7);
    expect(fromDocx.chapters.flatMap((c) => c.articles)).toHaveLength(20);
    expect(planOutline(fromDocx).chapters).toEqual(planOutline(fromText).chapters);
    expect(fromDocx.warnings).toEqual(fromText.warnings);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([PLAN_TEXT.split('\n')[0], '一、总体要求', expect.stringMatching(/^（一）指导思想。以习近平新时代/)]);
    expect(lines.slice(lines.indexOf('附件'))).toEqual([
      '附件',
      '深圳市与赣州市对口合作重点任务表',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '1\t承办两地各层次领导干部培训班\t深圳改革开放干部学院\t赣州市委党校\t长期坚持',
      // 中国稀土集团 spans the lead and supporting columns.
      '2\t支持中国稀土集团创新总部基地建设发展\t中国稀土集团\t\t持续推进',
      '3\t推进深圳信息职业技术学院与赣州职业技术学院开展深度合作办学\t深圳信息职业技术学院\t赣州职业技术学院\t2025年12月',
      // The lead unit's cell is merged with the row above: it leads this row too.
      '4\t推动深赣职业教育联盟实体化运作\t深圳信息职业技术学院\t赣州职业技术学院\t2026年6月',
      '5\t定期召开会议研究审议对口合作重大事项\t深圳市对口支援和对口合作工作领导小组办公室\t各有关部门\t每年',
    ]);
    expect(fromDocx.closing).toMatch(/^附件\n深圳市与赣州市对口合作重点任务表/);
  });

  it('reads its task table: units, deadlines as written, and each row linked to the article it was taken from', async () => {
    const { text } = await planSourceText({ fileName: '深圳市与赣州市对口合作实施方案.docx', fileBase64: fs.readFileSync(FIXTURE).toString('base64') });
    const [table] = parsePlan(text).taskTables;
    expect(table?.rows.map((row) => [row.serial, row.lead, row.supporting, row.deadline, row.link.articleNumber])).toEqual([
      ['1', ['深圳改革开放干部学院'], ['赣州市委党校'], { kind: 'open', text: '长期坚持' }, '三'],
      ['2', ['中国稀土集团'], [], { kind: 'open', text: '持续推进' }, '六'],
      ['3', ['深圳信息职业技术学院'], ['赣州职业技术学院'], { kind: 'date', date: '2025-12-31', text: '2025年12月' }, '十四'],
      ['4', ['深圳信息职业技术学院'], ['赣州职业技术学院'], { kind: 'date', date: '2026-06-30', text: '2026年6月' }, '十四'],
      ['5', ['深圳市对口支援和对口合作工作领导小组办公室'], ['各有关部门'], { kind: 'recurring', every: 'year', text: '每年' }, '十八'],
    ]);
  });
});
