// The SQL shapes behind GET /api/v1/dashboard and GET /api/v1/tasks, written out by hand from
// packages/server/src/modules/dashboard/dashboard.service.ts, dashboard.repository.ts and
// tasks/tasks.repository.ts (as of the read cache), so that they can be timed with EXPLAIN (ANALYZE, BUFFERS) from
// outside the server. They follow the server's queries (same joins, filters, scope conditions);
// if those change, these must follow — they are a diagnosis aid, not the measurement.
import type pg from 'pg';

export interface Shape {
  name: string;
  text: string;
  values: unknown[];
}

export interface ScopeParams {
  planId: string;
  pairId: string;
  /** China date the server uses as "today". */
  today: string;
  periodIds: string[];
  /** Set for the county reporter (role scope 'unit'); absent for the system administrator (scope 'all'). */
  unitId?: string;
}

/** Numbered parameters for one statement: `p(value)` returns `$n`. */
function params() {
  const values: unknown[] = [];
  const p = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, p };
}

/** The dashboard's statements for one caller, in the order the service runs them. */
export function dashboardShapes(s: ScopeParams): Shape[] {
  const county = s.unitId !== undefined;
  const who = county ? 'county' : 'admin';
  // scopeFilter over units (the service's unitScope): the system administrator's grant is 'all'
  // without a pair, which becomes `true`; the county reporter's is 'unit'.
  const unitScope = (p: (v: unknown) => string) => (county ? `(units.pair_id = ${p(s.pairId)} and units.id = ${p(s.unitId)})` : '(true)');
  const supervisionScope = (p: (v: unknown) => string) =>
    county ? `(units.pair_id = ${p(s.pairId)} and supervision_items.unit_id = ${p(s.unitId)})` : '(true)';
  const shape = (name: string, build: (p: (v: unknown) => string) => string): Shape => {
    const { values, p } = params();
    return { name: `dashboard/${who}: ${name}`, text: build(p), values };
  };
  const statsSelect =
    'select scope_key, chapter_no, article_no, status, light, n, overdue_reports, indicators_with_target, indicators_attained from task_stats';
  const key = county ? `unit:${s.unitId}` : 'all';
  return [
    shape('task_stats of the scope key', (p) => `${statsSelect} where plan_id = ${p(s.planId)} and scope_key = ${p(key)} and n > 0`),
    shape(
      'published articles',
      (p) => `select pa.chapter_no, pa.chapter_title, pa.article_no, pa.title from plan_articles pa
        join plan_versions pv on pv.id = pa.version_id where pa.plan_id = ${p(s.planId)} and pv.status = 'published' order by pa.position`,
    ),
    shape('task_stats city:*', (p) => `${statsSelect} where plan_id = ${p(s.planId)} and scope_key like ${p('city:%')} and n > 0`),
    shape('task_stats unit:*', (p) => `${statsSelect} where plan_id = ${p(s.planId)} and scope_key like ${p('unit:%')} and n > 0`),
    shape('visible units', (p) => `select units.id, units.name, units.city_id from units where units.pair_id = ${p(s.pairId)} and ${unitScope(p)}`),
    shape('cities', (p) => `select id, name from cities where pair_id = ${p(s.pairId)} order by position`),
    shape(
      'overdue supervision',
      (p) => `select count(*)::int from supervision_items join units on units.id = supervision_items.unit_id
        where supervision_items.pair_id = ${p(s.pairId)} and supervision_items.status <> 'closed' and supervision_items.deadline < ${p(s.today)}::date
          and ${supervisionScope(p)}`,
    ),
    shape('report periods', (p) => `select * from report_periods where plan_id = ${p(s.planId)} order by starts_on`),
    shape(
      'report_stats of the scope key',
      (p) => `select period_id, status, n from report_stats where plan_id = ${p(s.planId)} and scope_key = ${p(key)} and n > 0`,
    ),
  ];
}

function taskScopeCondition(scope: { pairId: string; unitId?: string }, param: (v: unknown) => string): string {
  return scope.unitId
    ? `(exists (select 1 from task_units join units on units.id = task_units.unit_id where task_units.task_id = tasks.id and (units.pair_id = ${param(scope.pairId)} and units.id = ${param(scope.unitId)})))`
    : '((true))';
}

const LIST_ORDER = 'order by tasks.due_on asc, tasks.created_at desc nulls last, tasks.id asc';

/** GET /api/v1/tasks on a cache miss: the ids of every matching task in list order (tasks.repository.ts `listTaskIds`). */
export function taskOrderShape(who: 'admin' | 'county', filter: { light?: string; articleNo?: string }, scope: { pairId: string; unitId?: string }): Shape {
  const { values, p: param } = params();
  const conditions = [taskScopeCondition(scope, param)];
  if (filter.articleNo) conditions.push(`tasks.article_no = ${param(filter.articleNo)}`);
  if (filter.light) conditions.push(`tasks.light = ${param(filter.light)}`);
  const label = [filter.light ? `light=${filter.light}` : '', filter.articleNo ? `articleNo=${filter.articleNo}` : ''].filter(Boolean).join('&') || 'no filter';
  return { name: `tasks/${who}: list order (${label})`, text: `select tasks.id from tasks where ${conditions.join(' and ')} ${LIST_ORDER}`, values };
}

/** GET /api/v1/tasks, every request: the rows of one page by id (tasks.repository.ts `taskListRows`). */
export function taskPageRowsShape(who: 'admin' | 'county', ids: string[], scope: { pairId: string; unitId?: string }): Shape {
  const { values, p: param } = params();
  const idsParam = param(`{${ids.join(',')}}`);
  return {
    name: `tasks/${who}: rows of a page of ${ids.length}`,
    text: `select id, pair_id, plan_id, chapter_no, article_no, measure_id, title, start_on, due_on, status, progress, light, light_reasons, updated_at,
        array(select tu.unit_id::text || ':' || tu.role from task_units tu where tu.task_id = tasks.id)
      from tasks where tasks.id = any(${idsParam}::uuid[]) and ${taskScopeCondition(scope, param)}`,
    values,
  };
}

/** What a page cost before the order was cached: the OFFSET page and the count of the whole list, in one statement. */
export function taskOffsetPageShape(who: 'admin' | 'county', offset: number, scope: { pairId: string; unitId?: string }): Shape {
  const { values, p: param } = params();
  const where = taskScopeCondition(scope, param);
  return {
    name: `tasks/${who}: OFFSET ${offset} page and count`,
    text: `select page.*, (select count(*)::int from tasks where ${where}) as total from (
        select tasks.* from tasks where ${where} ${LIST_ORDER} limit 20 offset ${param(offset)}) page`,
    values,
  };
}

/** What the dashboard replaces: the counts straight from the tasks. */
export const BASELINE_ADMIN = 'select chapter_no, article_no, status, light, count(*) from tasks where plan_id = $1 group by 1, 2, 3, 4';
export const BASELINE_COUNTY = `select t.chapter_no, t.article_no, t.status, t.light, count(*) from tasks t
  join task_units tu on tu.task_id = t.id where t.plan_id = $1 and tu.unit_id = $2 group by 1, 2, 3, 4`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Temp Read Blocks'?: number;
  'Temp Written Blocks'?: number;
  'Sort Method'?: string;
  'Sort Space Used'?: number;
  'Sort Space Type'?: string;
  Plans?: PlanNode[];
}

export interface ExplainResult {
  name: string;
  /** Median of 3 plain runs (no EXPLAIN overhead), client round trip included. */
  plainMs?: number;
  executionMs: number;
  planningMs: number;
  /** Rows the statement returns (decoded and mapped by the server for each request). */
  rows?: number;
  /** The nodes with the most time of their own, heaviest first. */
  heaviest: string[];
  /** The plan as an indented outline (node, relation, time × loops, rows). */
  plan: string[];
  error?: string;
}

function describe(node: PlanNode): string {
  const on = node['Relation Name'] ? ` on ${node['Relation Name']}${node.Alias && node.Alias !== node['Relation Name'] ? ` ${node.Alias}` : ''}` : '';
  const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const sort = node['Sort Method'] ? ` [${node['Sort Method']}, ${node['Sort Space Used']} kB ${node['Sort Space Type']}]` : '';
  const temp =
    (node['Temp Written Blocks'] ?? 0) + (node['Temp Read Blocks'] ?? 0) > 0 ? ` temp ${node['Temp Written Blocks']}w/${node['Temp Read Blocks']}r blocks` : '';
  return `${node['Node Type']}${on}${using}${sort}${temp}`;
}

const totalOf = (node: PlanNode) => (node['Actual Total Time'] ?? 0) * (node['Actual Loops'] ?? 1);

export async function explain(client: pg.Client, shape: Shape): Promise<ExplainResult> {
  try {
    const result = await client.query(`explain (analyze, buffers, format json) ${shape.text}`, shape.values);
    const raw = result.rows[0]?.['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }];
    const top = raw[0];
    const selfTimes: { label: string; self: number }[] = [];
    const plan: string[] = [];
    const walk = (node: PlanNode, depth: number) => {
      const children = node.Plans ?? [];
      const self = Math.max(0, totalOf(node) - children.reduce((sum, c) => sum + totalOf(c), 0));
      const label = `${describe(node)}: ${node['Actual Total Time']?.toFixed(1)} ms × ${node['Actual Loops']} loops, ${node['Actual Rows']} rows, buffers hit ${node['Shared Hit Blocks'] ?? 0} read ${node['Shared Read Blocks'] ?? 0}`;
      plan.push(`${'  '.repeat(depth)}${label}`);
      selfTimes.push({ label: `${describe(node)} (self ${self.toFixed(1)} ms, ${node['Actual Rows']} rows × ${node['Actual Loops']} loops)`, self });
      for (const child of children) walk(child, depth + 1);
    };
    walk(top.Plan, 0);
    selfTimes.sort((a, b) => b.self - a.self);
    return {
      name: shape.name,
      executionMs: top['Execution Time'],
      planningMs: top['Planning Time'],
      rows: top.Plan['Actual Rows'] ?? 0,
      heaviest: selfTimes.slice(0, 3).map((s) => s.label),
      plan,
    };
  } catch (error) {
    return {
      name: shape.name,
      executionMs: Number.NaN,
      planningMs: Number.NaN,
      heaviest: [],
      plan: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
