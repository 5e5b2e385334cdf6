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

// Smoke checks with generous bounds; the real figures belong to the benchmark.
describe('parsePlan performance', () => {
  it('parses the default plan quickly', () => {
    parsePlan(source);
    const started = performance.now();
    parsePlan(source);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('parses a ~300,000-character plan in well under 5 s, with every article found', () => {
    const text = bigPlan(160);
    expect(text.length).toBeGreaterThan(300_000);
    const started = performance.now();
    const plan = parsePlan(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(5000);
    expect(plan.chapters).toHaveLength(160);
    expect(plan.chapters.flatMap((chapter) => chapter.articles)).toHaveLength(1600);
    expect(plan.chapters[159]?.articles[9]?.number).toBe('一千六百');
    expect(plan.warnings).toEqual([]);
  });

  it('stays linear on pathological input: many title-only headings, long space and bracket runs', () => {
    const headings = Array.from({ length: 20_000 }, (_, i) => `（${toChineseNumeral((i % 9999) + 1)}）标题${i}`).join('\n');
    const spaces = `一、总体要求\n（一）指导思想。支持${' '.repeat(100_000)}合作${'）'.repeat(50_000)}x\n`;
    const started = performance.now();
    const plan = parsePlan(headings);
    parsePlan(spaces);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(plan.chapters[0]?.articles).toHaveLength(20_000);
  });
});
