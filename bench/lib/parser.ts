// Section "parser": the plan-text parser (packages/domain, pure, in-process) on the default plan and
// on a ~200-page plan built from it. Warm runs only; every loop is bounded in time.
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan, toChineseNumeral } from '../../packages/domain/src/index.js';
import { percentile } from './load.js';

export const DEFAULT_PLAN_TARGET_MS = 50;
export const LARGE_PLAN_TARGET_MS = 2000;
/** ≈ 200 pages of ~1,500 characters. */
export const LARGE_PLAN_CHARS = 300_000;
const DEFAULT_RUNS = 500;
const LARGE_RUNS = 30;

export interface ParserTiming {
  plan: string;
  characters: number;
  chapters: number;
  articles: number;
  warnings: number;
  warmupRuns: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  targetMs: number;
  /** median / target: below 1 meets the target. */
  medianToTarget: number;
  p95ToTarget: number;
  met: boolean;
  /** Set when the runs were cut short by the time bound. */
  note?: string;
}

export interface ParserResult {
  defaultPlan?: ParserTiming;
  largePlan?: ParserTiming;
  /** The ~200-page plan with a 500-row task table in its appendix (issue 14's target). */
  largePlanWithTable?: ParserTiming;
  error?: string;
}

export const TABLE_ROWS = 500;

/**
 * An appendix 任务分工 table of `rows` tab-separated rows (as the .docx and .xlsx readers write
 * them): each row's task is an article title of the plan, so every row is linked by its words.
 */
export function buildTaskTable(source: string, rows = TABLE_ROWS): string {
  const titles = parsePlan(source).chapters.flatMap((chapter) => chapter.articles.map((article) => article.title));
  const lines = ['附件', '重点任务分工表', '序号\t重点任务\t牵头单位\t配合单位\t完成时限'];
  for (let row = 1; row <= rows; row++) {
    lines.push(
      `${row}\t${titles[(row - 1) % titles.length]}（第${row}项）\t深圳市发展和改革委员会\t赣州市发展和改革委员会、各县（市、区）\t${2025 + (row % 3)}年底前`,
    );
  }
  return lines.join('\n');
}

/**
 * A ~200-page plan: the default plan's preamble, then its articles (title and body) repeated in
 * order across chapters of 10 articles, numbered continuously （一）…（一千六百） under 一、…一百六十、.
 */
export function buildLargePlan(source: string, minChars = LARGE_PLAN_CHARS): { text: string; chapters: number; articles: number } {
  const parsed = parsePlan(source);
  const articles = parsed.chapters.flatMap((chapter) => chapter.articles.map((article) => `${article.title}。${article.body}`));
  if (articles.length === 0) throw new Error('the default plan parsed to no articles');
  const lines = [parsed.preamble];
  let length = parsed.preamble.length;
  let number = 0;
  let chapter = 0;
  while (length < minChars) {
    chapter++;
    if (chapter > 999) throw new Error('large plan: too many chapters');
    const heading = `${toChineseNumeral(chapter)}、第${toChineseNumeral(chapter)}部分重点任务`;
    lines.push(heading);
    length += heading.length + 1;
    for (let i = 0; i < 10; i++) {
      number++;
      const line = `（${toChineseNumeral(number)}）${articles[(number - 1) % articles.length]}`;
      lines.push(line);
      length += line.length + 1;
    }
  }
  return { text: lines.join('\n'), chapters: chapter, articles: number };
}

function time(
  plan: string,
  text: string,
  runs: number,
  warmupRuns: number,
  budgetMs: number,
  targetMs: number,
  expected?: { chapters: number; articles: number; tableRows?: number },
): ParserTiming {
  const first = parsePlan(text);
  const chapters = first.chapters.length;
  const articles = first.chapters.reduce((n, c) => n + c.articles.length, 0);
  if (expected && (chapters !== expected.chapters || articles !== expected.articles)) {
    throw new Error(`${plan}: parsed ${chapters} chapters / ${articles} articles, built ${expected.chapters} / ${expected.articles}`);
  }
  const tableRows = first.taskTables.reduce((n, table) => n + table.rows.length, 0);
  if (expected?.tableRows !== undefined && tableRows !== expected.tableRows) {
    throw new Error(`${plan}: read ${tableRows} task-table rows, built ${expected.tableRows}`);
  }
  for (let i = 1; i < warmupRuns; i++) parsePlan(text);
  const durations: number[] = [];
  const deadline = performance.now() + budgetMs;
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    if (performance.now() > deadline) {
      note = `stopped after ${durations.length} of ${runs} runs: time bound ${budgetMs / 1000} s`;
      break;
    }
    const started = performance.now();
    parsePlan(text);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const median = percentile(durations, 50) ?? Number.NaN;
  const p95 = percentile(durations, 95) ?? Number.NaN;
  return {
    plan,
    characters: text.length,
    chapters,
    articles,
    warnings: first.warnings.length,
    warmupRuns,
    runs: durations.length,
    medianMs: median,
    p95Ms: p95,
    minMs: durations[0] ?? Number.NaN,
    maxMs: durations[durations.length - 1] ?? Number.NaN,
    targetMs,
    medianToTarget: median / targetMs,
    p95ToTarget: p95 / targetMs,
    met: p95 < targetMs,
    ...(note ? { note } : {}),
  };
}

export function benchParser(root: string, log: (message: string) => void): ParserResult {
  const file = path.join(root, 'packages/domain/data/plans/shenzhen-ganzhou.txt');
  const source = fs.readFileSync(file, 'utf8');
  const result: ParserResult = {};
  log(`parser: default plan (${source.length} characters), ${DEFAULT_RUNS} warm runs`);
  result.defaultPlan = time(path.relative(root, file), source, DEFAULT_RUNS, 20, 60_000, DEFAULT_PLAN_TARGET_MS);
  log(`  median ${result.defaultPlan.medianMs.toFixed(2)} ms, p95 ${result.defaultPlan.p95Ms.toFixed(2)} ms`);
  const large = buildLargePlan(source);
  log(`parser: ~200-page plan (${large.text.length} characters, ${large.chapters} chapters, ${large.articles} articles), ${LARGE_RUNS} warm runs`);
  result.largePlan = time('default plan repeated, ~200 pages', large.text, LARGE_RUNS, 2, 60_000, LARGE_PLAN_TARGET_MS, large);
  log(`  median ${result.largePlan.medianMs.toFixed(0)} ms, p95 ${result.largePlan.p95Ms.toFixed(0)} ms`);
  const withTable = `${large.text}\n${buildTaskTable(source)}`;
  log(`parser: the same plan with a ${TABLE_ROWS}-row task table (${withTable.length} characters), ${LARGE_RUNS} warm runs`);
  result.largePlanWithTable = time(`~200 pages + ${TABLE_ROWS}-row task table`, withTable, LARGE_RUNS, 2, 60_000, LARGE_PLAN_TARGET_MS, {
    ...large,
    tableRows: TABLE_ROWS,
  });
  log(`  median ${result.largePlanWithTable.medianMs.toFixed(0)} ms, p95 ${result.largePlanWithTable.p95Ms.toFixed(0)} ms`);
  return result;
}
