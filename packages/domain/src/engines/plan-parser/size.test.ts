import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, toChineseNumeral } from './index.js';

const source = readFileSync(new URL('../../../data/plans/shenzhen-ganzhou.txt', import.meta.url), 'utf8');

/** A ~200-page plan: the default plan's 20 articles repeated, renumbered continuously, 10 per chapter. */
function bigPlan(chapterCount: number): string {
  const articles = parsePlan(source).chapters.flatMap((chapter) => chapter.articles.map((article) => `${article.title}。${article.body}`));
  const lines = [parsePlan(source).preamble];
  let number = 0;
  for (let chapter = 1; chapter <= chapterCount; chapter++) {
    lines.push(`${toChineseNumeral(chapter)}、第${chapter}部分重点任务`);
    for (let i = 0; i < 10; i++) {
      number++;
      lines.push(`（${toChineseNumeral(number)}）${articles[(number - 1) % articles.length]}`);
    }
  }
  return lines.join('\n');
}

// Large and pathological inputs parse completely (a regular expression that backtracks
// exponentially would never finish within the test's time-out). How fast is the benchmark's to
// say (`npm run bench`, section parser), not a timed test's.
describe('parsePlan at size', () => {
  it('parses a ~300,000-character plan with every article found', () => {
    const text = bigPlan(160);
    expect(text.length).toBeGreaterThan(300_000);
    const plan = parsePlan(text);
    expect(plan.chapters).toHaveLength(160);
    expect(plan.chapters.flatMap((chapter) => chapter.articles)).toHaveLength(1600);
    expect(plan.chapters[159]?.articles[9]?.number).toBe('一千六百');
    expect(plan.warnings).toEqual([]);
  });

  it('gets through pathological input: many title-only headings, long space and bracket runs', () => {
    const headings = Array.from({ length: 20_000 }, (_, i) => `（${toChineseNumeral((i % 9999) + 1)}）标题${i}`).join('\n');
    const spaces = `一、总体要求\n（一）指导思想。支持${' '.repeat(100_000)}合作${'）'.repeat(50_000)}x\n`;
    const plan = parsePlan(headings);
    expect(plan.chapters[0]?.articles).toHaveLength(20_000);
    expect(parsePlan(spaces).chapters[0]?.articles[0]?.title).toBe('指导思想');
  });
});
