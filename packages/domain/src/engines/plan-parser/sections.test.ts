import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unheldParagraphs } from './coverage.js';
import { parsePlan } from './parse-plan.js';
import type { PlanSection } from './types.js';

const source = readFileSync(new URL('../../../data/plans/shenzhen-ganzhou.txt', import.meta.url), 'utf8');

function outline(sections: readonly PlanSection[]): string[] {
  return sections.flatMap((section) => [`${section.path.join('/')} ${section.title}`, ...outline(section.children)]);
}

describe('sections at every depth', () => {
  it('nests 第X编/章/节 and 一、（一）1.（1）① by rank, whatever levels a branch skips', () => {
    const plan = parsePlan(
      [
        '第一编 总体',
        '第一章 发展基础',
        '第一节 发展成效',
        '“十三五”期间成效明显。',
        '一、产业合作',
        '（一）共建园区。推进园区建设。',
        '1.完善配套',
        '（1）建设道路。',
        '①修建主干道。',
        '二、加强组织领导',
        '第二章 总体要求',
        '一、指导思想',
      ].join('\n'),
    );
    expect(outline(plan.sections)).toEqual([
      '第一编 总体',
      '第一编/第一章 发展基础',
      '第一编/第一章/第一节 发展成效',
      '第一编/第一章/第一节/一 产业合作',
      '第一编/第一章/第一节/一/一 共建园区',
      '第一编/第一章/第一节/一/一/1 完善配套',
      '第一编/第一章/第一节/一/一/1/1 建设道路',
      '第一编/第一章/第一节/一/一/1/1/① 修建主干道',
      '第一编/第一章/第一节/二 加强组织领导',
      '第一编/第二章 总体要求',
      '第一编/第二章/一 指导思想',
    ]);
    expect(plan.sections[0]?.children[0]?.children[0]?.text).toBe('“十三五”期间成效明显。');
  });

  it('keeps items directly under a chapter and the third level of the default plan', () => {
    const plan = parsePlan('第一章 总则\n一、为推动两市合作，制定本办法。\n二、本办法适用于两市。\n第二章 组织领导\n一、加强组织领导\n成立领导小组。');
    expect(outline(plan.sections)).toEqual([
      '第一章 总则',
      '第一章/一 为推动两市合作，制定本办法',
      '第一章/二 本办法适用于两市',
      '第二章 组织领导',
      '第二章/一 加强组织领导',
    ]);
    expect(plan.sections[1]?.children[0]?.text).toBe('成立领导小组。');
  });

  it('drops no paragraph of the default plan or of a plan with a table of contents', () => {
    expect(unheldParagraphs(parsePlan(source))).toEqual([]);
    const withContents = parsePlan(['目录', '第一章 总则', '第二章 任务', '第一章 总则', '总则正文。', '第二章 任务', '任务正文。'].join('\n'));
    expect(unheldParagraphs(withContents)).toEqual([]);
  });

  it('does not break a paragraph across a blank line', () => {
    const plan = parsePlan('一、产业合作\n共建产业园区\n\n推动两市企业合作。');
    expect(plan.sections[0]?.text).toBe('共建产业园区\n推动两市企业合作。');
  });
});

describe('tables of contents', () => {
  it('skips a labelled 目录 up to where the body repeats its first entry', () => {
    const plan = parsePlan(['某某规划', '目 录', '第一章 总则……1', '第二章 任务……5', '第一章 总则', '总则正文。', '第二章 任务', '任务正文。'].join('\n'));
    expect(outline(plan.sections)).toEqual(['第一章 总则', '第二章 任务']);
    expect(plan.contents).toBe('目 录\n第一章 总则……1\n第二章 任务……5');
    expect(plan.chapters.map((chapter) => chapter.title)).toEqual(['总则', '任务']);
  });

  it('skips an unlabelled run of headings that the body repeats', () => {
    const entries = ['第一章 发展基础', '第一节 发展成效', '第二节 机遇挑战', '第二章 总体要求', '第一节 指导思想', '第二节 发展目标'];
    const body = [
      '第一章 发展基础',
      '第一节 发展成效',
      '成效明显。',
      '第二节 机遇挑战',
      '机遇大于挑战。',
      '第二章 总体要求',
      '第一节 指导思想',
      '坚持新发展理念。',
      '第二节 发展目标',
      '到2025年，地区生产总值达到5000亿元。',
    ];
    const plan = parsePlan([...entries, ...body].join('\n'));
    expect(outline(plan.sections)).toHaveLength(6);
    expect(plan.contents.split('\n')).toEqual(entries);
    expect(plan.indicators.map(({ name, value, unit, year, path }) => ({ name, value, unit, year, path }))).toEqual([
      { name: '地区生产总值', value: 5000, unit: '亿元', year: 2025, path: ['第二章', '第二节'] },
    ]);
  });

  it('warns about a run of headings with no body after it instead of calling it chapters', () => {
    const plan = parsePlan(
      ['某某规划', '第一章 发展基础', '第一节 发展成效', '第二节 机遇挑战', '第二章 总体要求', '第一节 指导思想', '第二节 发展目标'].join('\n'),
    );
    expect(plan.sections).toEqual([]);
    expect(plan.warnings).toContain('第2段起的6个标题之间没有正文，且其后没有正文，疑似目录，未计入章节');
  });
});
