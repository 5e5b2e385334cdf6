import { centsOf, formatCents, roundHundredths, SCORING_RULE_LABELS, type ScoringRuleKey, type ScoringRules, toCents } from './rules.js';

/**
 * What happened that a rule may score, as the server reads it from its tables:
 * - a progress report's first submission (on time when on or before its period's due date);
 * - a step of a supervision item (its owner unit's; `closed` carries `late`);
 * - a task becoming done, scored for its lead units (points × the task's weight).
 */
export type ScoringEvent =
  | { source: 'report'; id: string; unitId: string; onDate: string; dueOn: string }
  | { source: 'supervision_event'; id: string; itemId: string; unitId: string; kind: string; onDate: string; data: Record<string, unknown> }
  | { source: 'task'; id: string; unitIds: readonly string[]; onDate: string; weight: string };

/** What one event earned one unit under one rule (a row of score_entries). `points` has two decimals. */
export interface ScoreEntry {
  unitId: string;
  onDate: string;
  category: string;
  ruleKey: ScoringRuleKey;
  points: string;
  sourceType: ScoringEvent['source'];
  sourceId: string;
  note: string;
  link: string;
}

function ruleKeyOf(event: ScoringEvent): ScoringRuleKey | null {
  switch (event.source) {
    case 'report':
      return event.onDate <= event.dueOn ? 'report_on_time' : 'report_late';
    case 'task':
      return 'task_completed';
    case 'supervision_event':
      switch (event.kind) {
        case 'closed':
          return event.data.late === true ? 'supervision_closed_late' : 'supervision_closed_on_time';
        case 'overdue':
          return 'supervision_overdue';
        case 'extension_approved':
          return 'supervision_extension';
        case 'chased':
          return 'supervision_chased';
        default:
          return null;
      }
  }
}

/** The entries an event earns under the rules: none when no rule scores it. */
export function entriesForEvent(rules: ScoringRules, event: ScoringEvent): ScoreEntry[] {
  const key = ruleKeyOf(event);
  const rule = key ? rules.rules.find((r) => r.key === key) : undefined;
  if (!key || !rule) return [];
  const entry = (unitId: string, cents: number, note: string, link: string): ScoreEntry => ({
    unitId,
    onDate: event.onDate,
    category: rule.category,
    ruleKey: key,
    points: formatCents(cents),
    sourceType: event.source,
    sourceId: event.id,
    note,
    link,
  });
  const label = SCORING_RULE_LABELS[key];
  switch (event.source) {
    case 'report':
      return [entry(event.unitId, toCents(rule.points), label, `/reports/${event.id}`)];
    case 'supervision_event':
      return [entry(event.unitId, toCents(rule.points), label, `/supervision/${event.itemId}`)];
    case 'task': {
      const cents = roundHundredths(toCents(rule.points) * centsOf(event.weight));
      const note = `完成任务（权重 ${formatCents(centsOf(event.weight)).replace(/\.?0+$/, '')}）`;
      return [...new Set(event.unitIds)].map((unitId) => entry(unitId, cents, note, `/tasks/${event.id}`));
    }
  }
}

/** The period a score covers, within the rule set's year. */
export type ScoringPeriod = { kind: 'year' } | { kind: 'quarter'; quarter: number } | { kind: 'month'; month: number };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const QUARTERS = ['一', '二', '三', '四'];

/** The first and last China date of a period (both inclusive). */
export function periodRange(year: number, period: ScoringPeriod): { from: string; to: string } {
  const months = period.kind === 'year' ? [1, 12] : period.kind === 'quarter' ? [period.quarter * 3 - 2, period.quarter * 3] : [period.month, period.month];
  const [first, last] = months as [number, number];
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

export function periodLabel(year: number, period: ScoringPeriod): string {
  if (period.kind === 'year') return `${year}年度`;
  if (period.kind === 'quarter') return `${year}年第${QUARTERS[period.quarter - 1]}季度`;
  return `${year}年${period.month}月`;
}

/** Whether a period names a real quarter or month. */
export function isScoringPeriod(period: ScoringPeriod): boolean {
  if (period.kind === 'quarter') return Number.isInteger(period.quarter) && period.quarter >= 1 && period.quarter <= 4;
  if (period.kind === 'month') return Number.isInteger(period.month) && period.month >= 1 && period.month <= 12;
  return true;
}

/** A unit's points in one category over a period, before caps: positives and negatives apart (hundredths). */
export interface CategorySums {
  unitId: string;
  category: string;
  gain: number;
  loss: number;
  count: number;
}

export interface CategoryScore {
  key: string;
  name: string;
  /** Sum of positive entries, and what counts of it after the gain cap. */
  gain: string;
  countedGain: string;
  /** Sum of negative entries (≤ 0), and what counts of it after the loss cap. */
  loss: string;
  countedLoss: string;
  subtotal: string;
  capped: boolean;
  entries: number;
}

export interface UnitScore {
  unitId: string;
  base: string;
  total: string;
  categories: CategoryScore[];
}

/**
 * Scores from each unit's sums per category (what the server's SQL adds up): base, plus per
 * category the gains up to its gain cap and the deductions up to its loss cap. Every unit of
 * `unitIds` gets a score (the base when nothing happened), in that order; a category with no
 * entries is listed with zeros so every row has the same columns.
 */
export function scoreFromSums(rules: ScoringRules, sums: readonly CategorySums[], unitIds: readonly string[]): UnitScore[] {
  const byUnit = new Map<string, Map<string, CategorySums>>();
  for (const s of sums) {
    const unit = byUnit.get(s.unitId) ?? new Map<string, CategorySums>();
    const prev = unit.get(s.category);
    unit.set(s.category, prev ? { ...prev, gain: prev.gain + s.gain, loss: prev.loss + s.loss, count: prev.count + s.count } : { ...s });
    byUnit.set(s.unitId, unit);
  }
  const known = new Set(rules.categories.map((c) => c.key));
  const order = [...new Set([...unitIds, ...byUnit.keys()])];
  const base = toCents(rules.base);
  return order.map((unitId) => {
    const unit = byUnit.get(unitId) ?? new Map<string, CategorySums>();
    // Categories of the rules first; any other (an entry of a category since removed) after them, uncapped.
    const categories = [...rules.categories, ...[...unit.keys()].filter((k) => !known.has(k)).map((key) => ({ key, name: key, gainCap: null, lossCap: null }))];
    let total = base;
    const out = categories.map((c): CategoryScore => {
      const s = unit.get(c.key);
      const gain = s?.gain ?? 0;
      const loss = s?.loss ?? 0;
      const countedGain = c.gainCap === null ? gain : Math.min(gain, toCents(c.gainCap));
      const countedLoss = c.lossCap === null ? loss : Math.max(loss, -toCents(c.lossCap));
      const subtotal = countedGain + countedLoss;
      total += subtotal;
      return {
        key: c.key,
        name: c.name,
        gain: formatCents(gain),
        countedGain: formatCents(countedGain),
        loss: formatCents(loss),
        countedLoss: formatCents(countedLoss),
        subtotal: formatCents(subtotal),
        capped: countedGain !== gain || countedLoss !== loss,
        entries: s?.count ?? 0,
      };
    });
    return { unitId, base: formatCents(base), total: formatCents(total), categories: out };
  });
}

/** Adds entries up per unit and category (positives and negatives apart). */
export function sumEntries(entries: readonly Pick<ScoreEntry, 'unitId' | 'category' | 'points'>[]): CategorySums[] {
  const sums = new Map<string, CategorySums>();
  for (const e of entries) {
    const key = `${e.unitId}\u0000${e.category}`;
    const s = sums.get(key) ?? { unitId: e.unitId, category: e.category, gain: 0, loss: 0, count: 0 };
    const cents = centsOf(e.points);
    if (cents >= 0) s.gain += cents;
    else s.loss += cents;
    s.count += 1;
    sums.set(key, s);
  }
  return [...sums.values()];
}

/**
 * Each unit's score over a period from its entries, with the entries that make it up (the
 * breakdown: "why 87.5 points"), in date order.
 */
export function scoreUnits<E extends Pick<ScoreEntry, 'unitId' | 'category' | 'points' | 'onDate'>>(
  rules: ScoringRules,
  entries: readonly E[],
  year: number,
  period: ScoringPeriod,
  unitIds: readonly string[] = [],
): (UnitScore & { entries: E[] })[] {
  const { from, to } = periodRange(year, period);
  const inPeriod = entries.filter((e) => e.onDate >= from && e.onDate <= to);
  const scores = scoreFromSums(rules, sumEntries(inPeriod), unitIds);
  const byUnit = new Map<string, E[]>();
  for (const e of [...inPeriod].sort((a, b) => (a.onDate < b.onDate ? -1 : a.onDate > b.onDate ? 1 : 0))) {
    byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
  }
  return scores.map((s) => ({ ...s, entries: byUnit.get(s.unitId) ?? [] }));
}

/**
 * Ranks scores, highest total first; equal totals share a rank and the next rank skips
 * (1, 1, 3). Equal totals keep their given order (the server gives the city's unit order).
 */
export function rankScores<S extends { total: string }>(scores: readonly S[]): (S & { rank: number })[] {
  const sorted = scores.map((s, i) => ({ s, i, cents: centsOf(s.total) })).sort((a, b) => b.cents - a.cents || a.i - b.i);
  let rank = 0;
  return sorted.map((x, position) => {
    if (position === 0 || x.cents !== sorted[position - 1]!.cents) rank = position + 1;
    return { ...x.s, rank };
  });
}
