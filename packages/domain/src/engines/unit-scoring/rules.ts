/**
 * 考评 rules: what a city office decides each year a unit's events are worth, as data. Points and
 * caps have at most two decimals; all arithmetic is done in hundredths (integers), never floats.
 */

export const SCORING_RULE_KEYS = [
  'report_on_time',
  'report_late',
  'supervision_closed_on_time',
  'supervision_closed_late',
  'supervision_overdue',
  'supervision_extension',
  'supervision_chased',
  'task_completed',
] as const;
export type ScoringRuleKey = (typeof SCORING_RULE_KEYS)[number];

/** What each rule is called on screens, in the breakdown and the export. */
export const SCORING_RULE_LABELS: Readonly<Record<ScoringRuleKey, string>> = {
  report_on_time: '按时报送进展',
  report_late: '逾期报送进展',
  supervision_closed_on_time: '督办事项按期办结',
  supervision_closed_late: '督办事项逾期办结',
  supervision_overdue: '督办事项逾期未办结',
  supervision_extension: '督办事项获准延期',
  supervision_chased: '督办事项被催办',
  task_completed: '完成任务（分值 × 任务权重）',
};

/** A group of rules whose points are capped together per period: gains at most `gainCap`, deductions at most `lossCap` (both ≥ 0; null: no cap). */
export interface ScoringCategory {
  key: string;
  name: string;
  gainCap: number | null;
  lossCap: number | null;
}

/** One rule: the points an event of its kind earns (negative: a deduction), counted in a category. */
export interface ScoringRule {
  key: ScoringRuleKey;
  category: string;
  points: number;
}

/** A rule set's rules: every unit starts each period at `base`; rules left out earn nothing. */
export interface ScoringRules {
  base: number;
  categories: ScoringCategory[];
  rules: ScoringRule[];
}

/** A problem with the rules, naming the field as the API's field errors do (`rules.2.points`). */
export interface ScoringRuleIssue {
  field: string;
  reason: string;
}

/** A starting point for an office that has no rules yet. */
export const DEFAULT_SCORING_RULES: ScoringRules = {
  base: 100,
  categories: [
    { key: 'report', name: '进展报送', gainCap: 5, lossCap: 10 },
    { key: 'supervision', name: '督办落实', gainCap: 10, lossCap: 20 },
    { key: 'task', name: '任务完成', gainCap: 10, lossCap: null },
  ],
  rules: [
    { key: 'report_on_time', category: 'report', points: 0.5 },
    { key: 'report_late', category: 'report', points: -1 },
    { key: 'supervision_closed_on_time', category: 'supervision', points: 1 },
    { key: 'supervision_closed_late', category: 'supervision', points: -0.5 },
    { key: 'supervision_overdue', category: 'supervision', points: -2 },
    { key: 'supervision_extension', category: 'supervision', points: -0.5 },
    { key: 'supervision_chased', category: 'supervision', points: -1 },
    { key: 'task_completed', category: 'task', points: 2 },
  ],
};

const MAX_POINTS = 1000;
const MAX_CAP = 100_000;
const MAX_BASE = 10_000;
const MAX_CATEGORIES = 20;
const CATEGORY_KEY = /^[a-z][a-z0-9_]{0,31}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a number has at most two decimals (what numeric(10,2) keeps). */
export function hasTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
}

function checkAmount(issues: ScoringRuleIssue[], field: string, value: unknown, min: number, max: number): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, reason: '须为数字' });
    return false;
  }
  if (!hasTwoDecimals(value)) {
    issues.push({ field, reason: '最多两位小数' });
    return false;
  }
  if (value < min || value > max) {
    issues.push({ field, reason: `须在 ${min} 到 ${max} 之间` });
    return false;
  }
  return true;
}

/**
 * Checks rules as they arrive (JSON of unknown shape): every problem, with its field. On success
 * the rules are returned normalised (caps null when absent, names trimmed).
 */
export function validateScoringRules(input: unknown): { ok: true; rules: ScoringRules } | { ok: false; issues: ScoringRuleIssue[] } {
  const issues: ScoringRuleIssue[] = [];
  if (!isObject(input)) return { ok: false, issues: [{ field: 'rules', reason: '须为对象' }] };
  checkAmount(issues, 'base', input.base, 0, MAX_BASE);
  const categories: ScoringCategory[] = [];
  if (!Array.isArray(input.categories)) issues.push({ field: 'categories', reason: '须为列表' });
  else if (input.categories.length === 0) issues.push({ field: 'categories', reason: '至少一个类别' });
  else if (input.categories.length > MAX_CATEGORIES) issues.push({ field: 'categories', reason: `最多 ${MAX_CATEGORIES} 个类别` });
  else {
    const seen = new Set<string>();
    for (const [i, c] of input.categories.entries()) {
      const at = `categories.${i}`;
      if (!isObject(c)) {
        issues.push({ field: at, reason: '须为对象' });
        continue;
      }
      const key = typeof c.key === 'string' ? c.key : '';
      if (!CATEGORY_KEY.test(key)) issues.push({ field: `${at}.key`, reason: '须为小写字母开头的英文标识（字母、数字、下划线，最多 32 个字符）' });
      else if (seen.has(key)) issues.push({ field: `${at}.key`, reason: '类别标识重复' });
      seen.add(key);
      const name = typeof c.name === 'string' ? c.name.trim() : '';
      if (name.length === 0 || name.length > 50) issues.push({ field: `${at}.name`, reason: '须填写类别名称（最多 50 个字）' });
      const cap = (field: 'gainCap' | 'lossCap') => {
        const v = c[field];
        if (v === undefined || v === null) return null;
        return checkAmount(issues, `${at}.${field}`, v, 0, MAX_CAP) ? v : null;
      };
      categories.push({ key, name, gainCap: cap('gainCap'), lossCap: cap('lossCap') });
    }
  }
  const rules: ScoringRule[] = [];
  if (!Array.isArray(input.rules)) issues.push({ field: 'rules', reason: '须为列表' });
  else {
    const seen = new Set<string>();
    const categoryKeys = new Set(categories.map((c) => c.key));
    for (const [i, r] of input.rules.entries()) {
      const at = `rules.${i}`;
      if (!isObject(r)) {
        issues.push({ field: at, reason: '须为对象' });
        continue;
      }
      const key = r.key as ScoringRuleKey;
      if (!SCORING_RULE_KEYS.includes(key)) issues.push({ field: `${at}.key`, reason: `未知的规则：${String(r.key)}` });
      else if (seen.has(key)) issues.push({ field: `${at}.key`, reason: '同一规则只能出现一次' });
      seen.add(key);
      const category = typeof r.category === 'string' ? r.category : '';
      if (!categoryKeys.has(category)) issues.push({ field: `${at}.category`, reason: '须为已定义的类别' });
      if (checkAmount(issues, `${at}.points`, r.points, -MAX_POINTS, MAX_POINTS)) rules.push({ key, category, points: r.points as number });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rules: { base: input.base as number, categories, rules } };
}

/** Hundredths of a point from a number with at most two decimals. */
export const toCents = (n: number): number => Math.round(n * 100);

/** Hundredths of a point from a decimal string (numeric(10,2) as the database returns it: "-2.50"). */
export function centsOf(decimal: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(decimal.trim());
  if (!m) throw new Error(`not a decimal: ${decimal}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** A decimal string with two decimals ("87.50", "-0.50") from hundredths. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A product in hundredths of hundredths, rounded half away from zero to hundredths. */
export function roundHundredths(product: number): number {
  const sign = product < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(product) + 50) / 100);
}
