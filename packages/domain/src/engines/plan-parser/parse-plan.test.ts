import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shenzhenGanzhou } from '../../default-data/index.js';
import { flattenUnitSeeds } from '../../default-data/types.js';
import { parsePlan, planOutline } from './index.js';

const source = readFileSync(new URL('../../../data/plans/shenzhen-ganzhou.txt', import.meta.url), 'utf8');
const knownUnits = shenzhenGanzhou.cities.flatMap((city) => flattenUnitSeeds(city.units).map((unit) => unit.name));
const plan = parsePlan(source, { knownUnits });

// The source writes ',' (U+002C) between Chinese clauses; titles keep it (see normalize.ts).
const CHAPTERS = [
  ['一', '总体要求'],
  ['二', '传承弘扬红色文化,共促文旅融合发展'],
  ['三', '强化科技产业合作,培育发展新质生产力'],
  ['四', '坚持城乡融合发展,助力乡村全面振兴'],
  ['五', '完善基础设施建设,提升公共服务水平'],
  ['六', '加强生态环保合作,推动绿色低碳发展'],
  ['七', '保障措施'],
];

const ARTICLES = [
  ['一', '指导思想'],
  ['二', '总体目标'],
  ['三', '广泛开展红色教育培训'],
  ['四', '加强红色研学交流合作'],
  ['五', '深化拓展文旅合作内涵'],
  ['六', '推进战略性新兴产业合作'],
  ['七', '加快深赣港产城一体化合作区建设'],
  ['八', '务实推进产业园区合作'],
  ['九', '推动规则规制对接'],
  ['十', '深化农业产业发展合作'],
  ['十一', '全面强化供销展销合作'],
  ['十二', '赋能数字乡村和智慧城市建设'],
  ['十三', '推进基础设施提质升级'],
  ['十四', '深化拓展科教交流合作'],
  ['十五', '推动医疗卫生事业合作发展'],
  ['十六', '推进生态环境共治共享'],
  ['十七', '探索节能降碳合作新模式'],
  ['十八', '加强组织领导'],
  ['十九', '健全合作机制'],
  ['二十', '积极宣传发动'],
];

const ARTICLES_PER_CHAPTER = [2, 3, 4, 3, 3, 2, 3];

describe('parsePlan on the default Shenzhen–Ganzhou plan', () => {
  it('finds the 7 chapters with their exact numbers and titles', () => {
    expect(plan.chapters.map((chapter) => [chapter.number, chapter.title])).toEqual(CHAPTERS);
    expect(plan.chapters[1]?.title).toBe('传承弘扬红色文化\u002c共促文旅融合发展');
  });

  it('finds the 20 articles numbered 一 to 二十 with their exact titles, continuous across chapters', () => {
    const articles = plan.chapters.flatMap((chapter) => chapter.articles);
    expect(articles.map((article) => [article.number, article.title])).toEqual(ARTICLES);
    expect(plan.chapters.map((chapter) => chapter.articles.length)).toEqual(ARTICLES_PER_CHAPTER);
  });

  it('keeps the text as it is (it needs no normalization) and reports no warnings', () => {
    expect(plan.text).toBe(source);
    expect(plan.warnings).toEqual([]);
    expect(plan.closing).toBe('');
    expect(plan.chapters.every((chapter) => chapter.body === '')).toBe(true);
  });

  it('separates the preamble from the first chapter', () => {
    expect(plan.preamble.startsWith('为深入贯彻习近平总书记关于区域协调发展的重要论述')).toBe(true);
    expect(plan.preamble.endsWith('结合两地对口合作进展情况和我市实际,制定本实施方案。')).toBe(true);
    expect(plan.text.slice(plan.preamble.length)).toMatch(/^\n一、总体要求\n/);
    expect(plan.chapters[0]?.start).toBe(plan.preamble.length + 1);
  });

  it('gives offsets into the text that cover whole articles and chapters', () => {
    for (const chapter of plan.chapters) {
      expect(plan.text.slice(chapter.start).startsWith(`${chapter.number}、${chapter.title}`)).toBe(true);
      const last = chapter.articles[chapter.articles.length - 1];
      expect(chapter.end).toBe(last?.end);
      for (const article of chapter.articles) {
        const whole = plan.text.slice(article.start, article.end);
        expect(whole.startsWith(`(${article.number})${article.title}。`)).toBe(true);
        expect(whole.endsWith(article.body)).toBe(true);
        expect(whole).toBe(`(${article.number})${article.title}。${article.body}`);
      }
    }
    const twenty = plan.chapters[6]?.articles[2];
    expect(twenty?.end).toBe(source.length);
    expect(twenty?.body).toBe('积极利用传统媒体、新媒体等平台渠道加大宣传力度,营造鼓励全社会关心、支持和参与对口合作的良好氛围。');
  });

  it('takes article 三’s three sentences as measures with verbs 支持, 鼓励, 支持', () => {
    const three = plan.chapters[1]?.articles[0];
    expect(three?.title).toBe('广泛开展红色教育培训');
    expect(three?.measures.map((measure) => measure.verb)).toEqual(['支持', '鼓励', '支持']);
    expect(three?.measures[0]?.text).toBe(
      '支持赣州打造深圳红培研学目的地,积极组织深圳各级党政机关、企事业单位赴赣州开展党性教育、党史学习教育等各类培训和现场教学活动',
    );
  });

  it('does not count the title sentence as a measure (the title of 三 contains 开展)', () => {
    for (const article of plan.chapters.flatMap((chapter) => chapter.articles)) {
      expect(article.measures.some((measure) => measure.text === article.title)).toBe(false);
      expect(article.measures.length).toBeGreaterThan(0);
    }
  });

  it('finds the institutions named in the plan and matches them to the default units', () => {
    expect(plan.organisations).toEqual([
      { name: '赣州市委党校', unitName: '中共赣州市委党校' },
      { name: '深圳改革开放干部学院', unitName: '深圳改革开放干部学院' },
      { name: '中国稀土集团', unitName: '中国稀土集团有限公司' },
      { name: '深圳市海吉星消费帮扶中心', unitName: '深圳市海吉星消费帮扶中心' },
      { name: '深圳精品展销中心(赣州)', unitName: null },
      { name: '深圳信息职业技术学院', unitName: '深圳信息职业技术学院' },
      { name: '赣州职业技术学院', unitName: '赣州职业技术学院' },
      { name: '深圳市对口支援和对口合作工作领导小组办公室', unitName: '深圳市对口支援和对口合作工作领导小组办公室' },
    ]);
    const names = plan.organisations.map((organisation) => organisation.name);
    for (const junk of ['各级党校', '深圳市区各级党校', '干部学院', '党校', '旅游协会', '深圳相关行业协会', '临床诊疗中心', '深圳中小学']) {
      expect(names).not.toContain(junk);
    }
  });

  it('returns unitName null for every organisation when no units are known', () => {
    expect(parsePlan(source).organisations.every((organisation) => organisation.unitName === null)).toBe(true);
  });

  it('is deterministic', () => {
    expect(parsePlan(source, { knownUnits })).toEqual(plan);
  });

  it('prints the public outline in exactly its shape', () => {
    const outline = planOutline(plan);
    expect(Object.keys(outline)).toEqual(['chapters', 'organisations']);
    expect(outline.organisations).toEqual(plan.organisations.map((organisation) => organisation.name));
    expect(outline.chapters.map((chapter) => Object.keys(chapter))).toEqual(CHAPTERS.map(() => ['number', 'title', 'articles']));
    const first = outline.chapters[0]?.articles[0];
    expect(first && Object.keys(first)).toEqual(['number', 'title', 'measures']);
    expect(first?.measures[0] && Object.keys(first.measures[0])).toEqual(['text', 'verb']);
    expect(outline.chapters[1]?.articles[0]).toEqual({
      number: '三',
      title: '广泛开展红色教育培训',
      measures: plan.chapters[1]?.articles[0]?.measures,
    });
  });
});
