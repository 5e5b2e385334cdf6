import type { PlanIndicatorSuggestion } from './types.js';

/*
 * Quantified targets: a sentence that names a year (到2025年…, 2022年，…, 力争到2027年底…) and
 * figures with a unit (60%, 2600个, 1万个, 35亿元). Each figure is one suggestion, named by the
 * words before it in its clause, back to the previous comma or 、 and without the verbs that join
 * name and figure (达到, 超过, 突破, 新建 stays: it is what is counted). Ranges (8—10个), figures
 * inside words (5G) and years are not figures. The office decides which become indicators.
 */

const SENTENCE_END = /[。！？；;!?\n]/;
// 2012年起5年内 says when the work starts, not the year of the target: not a target year.
const YEAR = /(?:到|至|力争到|争取到|力争)?(20[0-9]{2})年(?:底|末|前|内)?(?!起|以来|开始)/;
const UNITS = [
  '个百分点',
  '万平方米',
  '平方公里',
  '平方米',
  '万人次',
  '万千瓦',
  '万吨',
  '万亩',
  '万元',
  '亿元',
  '万人',
  '万个',
  '万户',
  '万家',
  '人次',
  '千瓦',
  '兆瓦',
  '公里',
  '千米',
  '%',
  '％',
  '个',
  '家',
  '项',
  '元',
  '人',
  '名',
  '亩',
  '吨',
  '座',
  '所',
  '条',
  '户',
  '套',
  '台',
  '辆',
  '场',
  '支',
  '倍',
];
// Not the second figure of a range (8—10个, 3至5家), not inside a word or a number.
const FIGURE = new RegExp(`(?<![0-9.．A-Za-z])(?<![0-9][—\\-~～至到])([0-9]+(?:\\.[0-9]+)?)(${UNITS.join('|')})(?![0-9A-Za-z—\\-~～])`, 'g');
const JOINING_WORDS =
  /(?:达到|达|超过|突破|不低于|不少于|保持在|保持|控制在|提高到|提升到|提高至|提升至|降低到|降至|增至|增长|增加|为|在|到|以上|左右|力争|累计|年均|平均)+$/;
const CLAUSE_START = /[，,、：:]/;
const BUDGET_WORDS = /安排|预算|资金|奖励|补助|补贴|给予|奖补/;
// A year alone (2025年，区级财政安排资金3.05亿元) dates a fact; a target says where it wants to get.
const TARGET_WORDS = /(?:到|至)20[0-9]{2}年|力争|争取|达到|目标|以上|突破|超过|不低于|不少于|左右|累计|新建|建成|培育|提高到|提升到|控制在/;

/** Targets in text[start, end); `pathAt` names the section an offset is in. */
export function findTargets(text: string, start: number, end: number, pathAt: (offset: number) => string[]): PlanIndicatorSuggestion[] {
  const found: PlanIndicatorSuggestion[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && !SENTENCE_END.test(text.charAt(i))) continue;
    const sentence = text.slice(from, i).trim();
    const offset = from + (text.slice(from, i).length - text.slice(from, i).trimStart().length);
    from = i + 1;
    const year = YEAR.exec(sentence);
    if (year === null || !TARGET_WORDS.test(sentence) || !hasFigure(sentence)) continue;
    for (const match of sentence.matchAll(FIGURE)) {
      const at = match.index ?? 0;
      // The year's own digits are not a figure, nor a figure before the year is named.
      if (at < (year.index ?? 0) + year[0].length) continue;
      const value = Number(match[1]);
      if (!Number.isFinite(value)) continue;
      const name = clauseName(sentence, at);
      // Money set aside or paid out (安排资金5000万元, 给予最高20万元奖励) is a budget, not a target.
      if (BUDGET_WORDS.test(name)) continue;
      found.push({
        sentence,
        name,
        value,
        unit: match[2] ?? '',
        year: Number(year[1]),
        path: pathAt(offset + at),
        start: offset,
        end: offset + sentence.length,
      });
    }
  }
  return found;
}

function hasFigure(sentence: string): boolean {
  FIGURE.lastIndex = 0;
  const result = FIGURE.test(sentence);
  FIGURE.lastIndex = 0;
  return result;
}

function clauseName(sentence: string, figureAt: number): string {
  let start = figureAt;
  while (start > 0 && !CLAUSE_START.test(sentence.charAt(start - 1))) start--;
  let name = sentence.slice(start, figureAt);
  const year = YEAR.exec(name);
  if (year !== null && year.index === 0) name = name.slice(year[0].length);
  for (;;) {
    const trimmed = name.replace(JOINING_WORDS, '');
    if (trimmed === name) break;
    name = trimmed;
  }
  return name.trim();
}
