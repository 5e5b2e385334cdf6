import { chineseDate } from '../../calendar.js';

/**
 * 督办工作情况通报: the figures of one city's supervision items over a period, per unit and in
 * total, with the ranking by on-time close rate and the bulletin's text. Pure: the counts come
 * from the events (server `bulletins.repository.ts`), the same definitions as the supervision
 * list's `event` filter, so every figure equals that list's total.
 *
 * - raised (交办): distinct items with an `assigned` event in the period
 * - closedOnTime (按期办结) / closedLate (逾期办结): distinct items with a `closed` event, `data.late` false / true
 * - extended (延期): distinct items with an `extension_approved` event
 * - overdue (逾期未办结): distinct items with an `overdue` event
 * - chased (催办): distinct items with a `chased` event; chaseTimes the number of those events
 */
export const BULLETIN_FIGURES = ['raised', 'closedOnTime', 'closedLate', 'extended', 'overdue', 'chased'] as const;
export type BulletinFigure = (typeof BULLETIN_FIGURES)[number];

/** The supervision list's `event` filter value of each figure (GET /api/v1/supervision?event=…). */
export const BULLETIN_FIGURE_EVENTS: Readonly<Record<BulletinFigure, string>> = {
  raised: 'raised',
  closedOnTime: 'closed_on_time',
  closedLate: 'closed_late',
  extended: 'extended',
  overdue: 'overdue',
  chased: 'chased',
};

export const BULLETIN_FIGURE_LABELS: Readonly<Record<BulletinFigure, string>> = {
  raised: '交办事项',
  closedOnTime: '按期办结',
  closedLate: '逾期办结',
  extended: '延期',
  overdue: '逾期未办结',
  chased: '催办事项',
};

export interface BulletinCounts {
  raised: number;
  closedOnTime: number;
  closedLate: number;
  extended: number;
  overdue: number;
  chased: number;
  /** Number of 催办 events (a unit chased twice on one item counts two). */
  chaseTimes: number;
}

export interface BulletinUnitCounts extends BulletinCounts {
  unitId: string;
  unitName: string;
}

export interface BulletinRow extends BulletinUnitCounts {
  /** closedOnTime / (closedOnTime + closedLate + overdue); null without a denominator. */
  rate: number | null;
  /** 1-based, shared by ties; null for units without a denominator (listed last). */
  rank: number | null;
}

export interface BulletinInput {
  cityName: string;
  /** The issuing office, e.g. 赣州市对口合作工作领导小组办公室. */
  officeName: string;
  periodFrom: string;
  periodTo: string;
  units: readonly BulletinUnitCounts[];
  /** The city's totals (distinct items over the whole city, which may differ from the units' sum when an item moved unit). */
  totals: BulletinCounts;
}

export interface BulletinSection {
  heading: string;
  paragraphs: string[];
}

export interface BulletinResult {
  rows: BulletinRow[];
  totals: BulletinCounts & { rate: number | null };
  sections: BulletinSection[];
}

export const EMPTY_COUNTS: BulletinCounts = { raised: 0, closedOnTime: 0, closedLate: 0, extended: 0, overdue: 0, chased: 0, chaseTimes: 0 };

const denominatorOf = (c: BulletinCounts) => c.closedOnTime + c.closedLate + c.overdue;

export function onTimeRate(c: BulletinCounts): number | null {
  const d = denominatorOf(c);
  return d === 0 ? null : c.closedOnTime / d;
}

/** Compares two rates exactly (cross-multiplied), higher first; both have a denominator. */
function compareRate(a: BulletinCounts, b: BulletinCounts): number {
  return b.closedOnTime * denominatorOf(a) - a.closedOnTime * denominatorOf(b);
}

const byName = (a: { unitName: string; unitId: string }, b: { unitName: string; unitId: string }) =>
  a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);

/**
 * The ranking: by on-time close rate (highest first), ties broken by fewer overdue items, then
 * by name; units equal on rate and overdue share a rank (1, 1, 3). Units without a denominator
 * (nothing closed or overdue) are unranked and listed last, by name.
 */
export function rankUnits(units: readonly BulletinUnitCounts[]): BulletinRow[] {
  const ranked = units.filter((u) => denominatorOf(u) > 0);
  const unranked = units.filter((u) => denominatorOf(u) === 0);
  ranked.sort((a, b) => compareRate(a, b) || a.overdue - b.overdue || byName(a, b));
  unranked.sort(byName);
  const rows: BulletinRow[] = [];
  for (const [i, u] of ranked.entries()) {
    const previous = i > 0 ? ranked[i - 1]! : null;
    const tied = previous !== null && compareRate(previous, u) === 0 && previous.overdue === u.overdue;
    rows.push({ ...u, rate: onTimeRate(u), rank: tied ? rows[i - 1]!.rank : i + 1 });
  }
  for (const u of unranked) rows.push({ ...u, rate: null, rank: null });
  return rows;
}

/** 0.8571… → 85.7% (one decimal, trailing .0 kept off: 100%, 50%). */
export function percentText(rate: number): string {
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

export const NEXT_STEPS: readonly string[] = [
  '（一）压实办理责任。各单位要高度重视督办事项办理工作，主要负责同志亲自过问，明确责任人和完成时限，确保事项按期办结。',
  '（二）抓紧整改落实。对逾期未办结事项，相关单位要认真分析原因，制定整改措施，限期办结，并及时报送办理情况。',
  '（三）加强跟踪督办。市对口合作工作领导小组办公室将持续跟踪督办事项办理进展，定期通报办理情况，对推进不力的单位进行约谈。',
];

/** 2026年1月1日至2026年3月31日 */
export function periodText(from: string, to: string): string {
  return from === to ? chineseDate(from) : `${chineseDate(from)}至${chineseDate(to)}`;
}

function overallParagraphs(input: BulletinInput, rows: BulletinRow[], rate: number | null): string[] {
  const t = input.totals;
  const first =
    `${periodText(input.periodFrom, input.periodTo)}，${input.cityName}本期共交办督办事项${t.raised}件，` +
    `按期办结${t.closedOnTime}件，逾期办结${t.closedLate}件，申请延期${t.extended}件，逾期未办结${t.overdue}件，催办${t.chaseTimes}次。`;
  const out = [first];
  if (rate !== null) {
    const top = rows.filter((r) => r.rank === 1);
    const lead = top.length > 0 ? `其中，${top.map((r) => r.unitName).join('、')}按期办结率最高（${percentText(top[0]!.rate!)}）。` : '';
    out.push(`全市督办事项按期办结率为${percentText(rate)}。${lead}`);
  } else {
    out.push('本期无已办结或逾期的督办事项，暂不计算按期办结率。');
  }
  return out;
}

function problemParagraphs(rows: BulletinRow[]): string[] {
  const overdue = rows.filter((r) => r.overdue > 0).sort((a, b) => b.overdue - a.overdue || byName(a, b));
  const late = rows.filter((r) => r.closedLate > 0).sort((a, b) => b.closedLate - a.closedLate || byName(a, b));
  const out: string[] = [];
  if (overdue.length > 0) {
    out.push(`部分单位督办事项办理不及时。${overdue.map((r) => `${r.unitName}（${r.overdue}件）`).join('、')}存在逾期未办结事项。`);
  }
  if (late.length > 0) {
    out.push(`${late.map((r) => `${r.unitName}（${r.closedLate}件）`).join('、')}存在逾期办结事项，办理时效有待提高。`);
  }
  if (out.length === 0) out.push('本期各单位督办事项均按期办理，未发现逾期情况。');
  return out;
}

/** The rows with rate and rank, the totals with the city's rate, and the text of the four sections. */
export function buildBulletin(input: BulletinInput): BulletinResult {
  const rows = rankUnits(input.units);
  const rate = onTimeRate(input.totals);
  const ranked = rows.filter((r) => r.rank !== null).length;
  return {
    rows,
    totals: { ...input.totals, rate },
    sections: [
      { heading: '一、总体情况', paragraphs: overallParagraphs(input, rows, rate) },
      {
        heading: '二、各单位办理情况',
        paragraphs: [
          rows.length === 0
            ? '本期各单位无督办事项。'
            : `本期共有${rows.length}个单位承办督办事项，其中${ranked}个单位参与按期办结率排名（按期办结率＝按期办结件数÷（按期办结＋逾期办结＋逾期未办结件数）），各单位办理情况见下表。`,
        ],
      },
      { heading: '三、存在问题', paragraphs: problemParagraphs(rows) },
      { heading: '四、下步工作', paragraphs: [...NEXT_STEPS] },
    ],
  };
}

/** 督办工作情况通报（2026年第3期） */
export function bulletinTitle(year: number, issueNumber: number): string {
  return `督办工作情况通报（${year}年第${issueNumber}期）`;
}
