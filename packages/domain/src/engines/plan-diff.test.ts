import { describe, expect, it } from 'vitest';
import { diffPlanOutlines, type OutlineForDiff } from './plan-diff.js';

const v1: OutlineForDiff = {
  chapters: [
    {
      number: '一',
      title: '总体要求',
      articles: [
        { number: '一', title: '指导思想', measures: [] },
        { number: '二', title: '总体目标', measures: [{ text: '推动合作。' }] },
      ],
    },
    {
      number: '二',
      title: '红色文化',
      articles: [{ number: '三', title: '广泛开展红色教育培训', measures: [{ text: '支持赣州打造深圳红培研学目的地。' }, { text: '鼓励组建党校联盟。' }] }],
    },
  ],
};

describe('diffPlanOutlines', () => {
  it('finds nothing between a version and itself, whitespace in measures ignored', () => {
    const same = structuredClone(v1) as OutlineForDiff & { chapters: { articles: { measures: { text: string }[] }[] }[] };
    same.chapters[1]!.articles[0]!.measures[0]!.text = '支持赣州打造 深圳红培研学目的地。';
    expect(diffPlanOutlines(v1, same)).toEqual({
      chapters: { added: [], removed: [], retitled: [] },
      articles: { added: [], removed: [], retitled: [], measuresChanged: [] },
      unchanged: true,
    });
  });

  it('reports added, removed and retitled chapters and articles, and changed measures', () => {
    const v2: OutlineForDiff = {
      chapters: [
        { number: '一', title: '总体要求', articles: [{ number: '一', title: '指导思想（修订）', measures: [] }] },
        {
          number: '二',
          title: '传承弘扬红色文化',
          articles: [{ number: '三', title: '广泛开展红色教育培训', measures: [{ text: '支持赣州打造深圳红培研学目的地。' }, { text: '支持互派干部挂职。' }] }],
        },
        { number: '三', title: '科技产业', articles: [{ number: '四', title: '推进产业合作', measures: [] }] },
      ],
    };
    const diff = diffPlanOutlines(v1, v2);
    expect(diff.unchanged).toBe(false);
    expect(diff.chapters).toEqual({
      added: [{ number: '三', title: '科技产业' }],
      removed: [],
      retitled: [{ number: '二', from: '红色文化', to: '传承弘扬红色文化' }],
    });
    expect(diff.articles.added).toEqual([{ number: '四', title: '推进产业合作' }]);
    expect(diff.articles.removed).toEqual([{ number: '二', title: '总体目标' }]);
    expect(diff.articles.retitled).toEqual([{ number: '一', from: '指导思想', to: '指导思想（修订）' }]);
    expect(diff.articles.measuresChanged).toEqual([{ number: '三', added: ['支持互派干部挂职。'], removed: ['鼓励组建党校联盟。'] }]);
  });
});
