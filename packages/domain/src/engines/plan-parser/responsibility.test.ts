import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';

// Responsibility notes in the forms real plans write them. The corpus (corpus.test.ts) holds the
// forms found in the published texts we have; the lines here are written in the same forms, for the
// ones it lacks (（A指导）, a plain （A、B负责）, the first-listed-leads convention) and for the edges.

const roles = (text: string) =>
  parsePlan(text).responsibilities.map(({ path, lead, supporting, guide, remark }) => ({ path, lead, supporting, guide, remark }));

describe('responsibility notes', () => {
  it.each([
    {
      form: '（A、B负责）: both lead',
      text: '一、重点任务\n（一）推进城市更新。实施老旧小区改造。（国家发展改革委、住房城乡建设部负责）',
      expected: [{ path: ['一', '一'], lead: ['国家发展改革委', '住房城乡建设部'], supporting: [], guide: [], remark: '' }],
    },
    {
      form: '（A指导）: guides',
      text: '一、重点任务\n（一）推进城市更新。实施老旧小区改造。（住房城乡建设部指导，各省级人民政府负责）',
      expected: [{ path: ['一', '一'], lead: ['各省级人民政府'], supporting: [], guide: ['住房城乡建设部'], remark: '' }],
    },
    {
      form: '（A牵头，B等按职责分工负责）',
      text: '一、重点任务\n（一）扩大消费。举办消费季活动。（市商务局牵头，市财政局、市文化广电旅游体育局等按职责分工负责）',
      expected: [{ path: ['一', '一'], lead: ['市商务局'], supporting: ['市财政局', '市文化广电旅游体育局'], guide: [], remark: '' }],
    },
    {
      form: '（牵头单位：A；责任单位：B）',
      text: '一、重点任务\n1.建设产业园。共建深赣产业园。（牵头单位：市发展改革委；责任单位：市工业和信息化局、各县（市、区）人民政府）',
      expected: [{ path: ['一', '1'], lead: ['市发展改革委'], supporting: ['市工业和信息化局', '各县（市、区）人民政府'], guide: [], remark: '' }],
    },
    {
      form: 'the document says the first listed leads',
      text: '各项任务排在第一位的为牵头单位。\n一、重点任务\n（一）扩大消费。举办消费季活动。（市商务局、市财政局负责）',
      expected: [{ path: ['一', '一'], lead: ['市商务局'], supporting: ['市财政局'], guide: [], remark: '' }],
    },
    {
      form: 'a time after the units is a remark, not a unit',
      text: '一、重点任务\n（一）压减审批时限。（国务院各部门分别负责，年内持续推进）',
      expected: [{ path: ['一', '一'], lead: ['国务院各部门'], supporting: [], guide: [], remark: '年内持续推进' }],
    },
    {
      form: '由A牵头 in the sentence',
      text: '一、重点任务\n（一）建立协调机制。由市发展改革委牵头，建立两市项目协调机制。',
      expected: [{ path: ['一', '一'], lead: ['市发展改革委'], supporting: [], guide: [], remark: '' }],
    },
  ])('$form', ({ text, expected }) => {
    expect(roles(text)).toEqual(expected);
  });

  it('does not take brackets that name no unit for a note', () => {
    const text = '一、重点任务\n（一）加强培训。每年培训企业家（含非公有制企业负责人）200名。组织干部（处级以上）挂职。';
    expect(roles(text)).toEqual([]);
  });

  it('takes no verb from a unit name and leaves the note out of the measure', () => {
    const plan = parsePlan('一、重点任务\n（一）城市更新。推动老旧小区改造。（住房城乡建设部、国家发展改革委负责）');
    expect(plan.chapters[0]?.articles[0]?.measures).toEqual([{ text: '推动老旧小区改造', verb: '推动' }]);
    const noteOnly = parsePlan('一、重点任务\n（一）城市更新。老旧小区改造完成率达到90%。（住房城乡建设部负责）');
    expect(noteOnly.chapters[0]?.articles[0]?.measures).toEqual([]);
  });

  it('gives a note on its own line after sub-items to the item they detail, and lines of labels to their item', () => {
    const text = [
      '一、应急体系',
      '1.完善应急预案体系',
      '(1)加强应急预案管理。',
      '(2)加强应急预案演练。',
      '(责任单位:市应急管理局、各县(市、区)人民政府)',
      '2.健全应急管理体制',
      '牵头单位:市应急管理局',
      '配合单位:市公安局,市消防救援支队',
    ].join('\n');
    expect(roles(text)).toEqual([
      { path: ['一', '1'], lead: ['市应急管理局', '各县(市、区)人民政府'], supporting: [], guide: [], remark: '' },
      { path: ['一', '2'], lead: ['市应急管理局'], supporting: ['市公安局', '市消防救援支队'], guide: [], remark: '' },
    ]);
    const plan = parsePlan(text);
    expect(plan.sections[0]?.children[1]?.responsibility).toEqual({ lead: ['市应急管理局'], supporting: ['市公安局', '市消防救援支队'], guide: [] });
    // Each labelled line is its own paragraph: the wrapped list is not glued to the label below.
    expect(plan.text).toContain('牵头单位:市应急管理局\n配合单位:');
  });

  it('lists every unit a note names among the organisations, even the ones the name finder cannot see', () => {
    const plan = parsePlan('一、重点任务\n（一）扩大消费。举办消费季活动。（市商务局牵头，区发改局、市委组织部配合）');
    expect(plan.organisations.map((organisation) => organisation.name)).toEqual(['市商务局', '区发改局', '市委组织部']);
  });
});
