import { chinaDate } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { AppError, fieldError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, type Principal } from '../../http/principal.js';
import { readUploadedSheet } from '../../uploads/on-pool.js';
import { rowsError, type WorkbookFile } from '../../xlsx/cells.js';
import { recordDownload } from '../audit/audit.service.js';
import { presentTasks } from './tasks.presenter.js';
import * as repo from './tasks.repository.js';
import { TaskCreateBody, type TaskExportQuery, type TaskImportBody, type TaskImportChecked, type TaskImportCreated } from './tasks.schema.js';
import { checkNewTask, databaseLookups, type PreparedTask, readScope, type TaskLookups, writeNewTasks } from './tasks.service.js';
import {
  buildImportTemplate,
  buildLedger,
  IMPORT_COLUMNS,
  IMPORT_SHEET,
  type ImportedRow,
  importColumnOf,
  MAX_IMPORT_ROWS,
  type RowError,
  readImportSheet,
} from './tasks.xlsx.js';

const PREVIEW_ROWS = 20;
/** The most tasks one ledger export holds; a wider filter is refused rather than silently cut. */
export const EXPORT_CAP = 50_000;

type PairUnit = Awaited<ReturnType<typeof repo.unitsOfPair>>[number];

interface CheckedRow {
  row: ImportedRow;
  task: PreparedTask;
  leadUnits: PairUnit[];
  supportUnits: PairUnit[];
}

export async function importTemplate(ctx: ServiceContext, principal: Principal, actor: Actor): Promise<WorkbookFile> {
  grantsFor(principal, 'tasks.write');
  const file = { bytes: await buildImportTemplate(), name: '任务导入模板.xlsx', asciiName: 'task-import-template.xlsx' };
  await recordDownload(ctx, actor, { action: 'task.template_download', entityType: 'task', entityId: null, after: { file: file.name } });
  return file;
}

/**
 * Unit names as people write them: the full name, else the short name (简称), among the units of
 * the plan's pair. A name that fits several units is refused rather than guessed.
 */
function unitResolver(pairUnits: PairUnit[]) {
  const byName = new Map<string, PairUnit[]>();
  const byShortName = new Map<string, PairUnit[]>();
  for (const unit of pairUnits) {
    byName.set(unit.name, [...(byName.get(unit.name) ?? []), unit]);
    if (unit.shortName) byShortName.set(unit.shortName, [...(byShortName.get(unit.shortName) ?? []), unit]);
  }
  return (name: string): { unit: PairUnit } | { error: string } => {
    const matches = byName.get(name) ?? byShortName.get(name) ?? [];
    if (matches.length === 1) return { unit: matches[0]! };
    if (matches.length > 1) return { error: `“${name}”对应多个单位（${matches.map((u) => u.name).join('、')}），请填写能唯一确定的全称` };
    return { error: `本结对城市没有名为“${name}”的单位` };
  };
}

const ITEM_LABELS: Record<string, { noun: string; parts: Record<string, string> }> = {
  milestones: { noun: '节点', parts: { title: '名称', dueOn: '日期', doneOn: '完成日期' } },
  indicators: { noun: '指标', parts: { name: '名称', unitOfMeasure: '计量单位', target: '目标值', actual: '实际值' } },
};

/** A problem on `milestones.1.dueOn` reads 第2个节点日期：…; on `leadUnitIds.0` it names the unit. */
function reasonFor(field: string, reason: string, units: { lead: PairUnit[]; support: PairUnit[] }): string {
  const [root, index, part] = field.split('.');
  const i = Number(index);
  if (root && index !== undefined && Number.isInteger(i)) {
    const items = ITEM_LABELS[root];
    if (items) return `第${i + 1}个${items.noun}${part ? (items.parts[part] ?? part) : ''}：${reason}`;
    const unit = root === 'leadUnitIds' ? units.lead[i] : root === 'supportUnitIds' ? units.support[i] : undefined;
    if (unit) return `“${unit.name}”：${reason}`;
  }
  return reason;
}

/**
 * Checks every row with the rules of `POST /api/v1/tasks` (the same schema and the same
 * `checkNewTask`), after reading unit names. Collects every problem of every row; a column that
 * already failed to read is not reported again by the later checks.
 */
async function checkRows(
  ctx: ServiceContext,
  principal: Principal,
  planId: string,
  pairId: string,
  rows: ImportedRow[],
  sheetErrors: RowError[],
): Promise<{ checked: CheckedRow[]; errors: RowError[] }> {
  const pairUnits = await repo.unitsOfPair(ctx.db, pairId);
  const unitsById = new Map(pairUnits.map((u) => [u.id, u]));
  const articles = new Map((await repo.publishedArticles(ctx.db, planId)).map((a) => [a.articleNo, a]));
  const fromDatabase = databaseLookups(ctx.db);
  const lookups: TaskLookups = {
    article: async (plan, articleNo) => (plan === planId ? articles.get(articleNo) : fromDatabase.article(plan, articleNo)),
    measureOfArticle: fromDatabase.measureOfArticle,
    units: async (ids) => ids.flatMap((id) => unitsById.get(id) ?? []),
  };
  const resolve = unitResolver(pairUnits);
  const errors: RowError[] = [];
  const checked: CheckedRow[] = [];

  for (const row of rows) {
    const rowErrors = sheetErrors.filter((e) => e.row === row.row);
    const failedColumns = new Set(rowErrors.map((e) => e.column));
    const units = { lead: [] as PairUnit[], support: [] as PairUnit[] };
    const add = (field: string, reason: string) => {
      const column = importColumnOf(field)?.header ?? field;
      if (!failedColumns.has(column)) rowErrors.push({ row: row.row, column, field, reason: reasonFor(field, reason, units) });
    };
    const closeStage = () => {
      for (const e of rowErrors) failedColumns.add(e.column);
    };

    for (const [role, names, field] of [
      ['lead', row.leadUnitNames, 'leadUnitIds'],
      ['support', row.supportUnitNames, 'supportUnitIds'],
    ] as const) {
      for (const [i, name] of names.entries()) {
        const found = resolve(name);
        if ('error' in found) add(`${field}.${i}`, found.error);
        else if (!units[role].includes(found.unit)) units[role].push(found.unit);
      }
    }
    closeStage();

    const parsed = TaskCreateBody.safeParse({
      planId,
      articleNo: row.articleNo,
      title: row.title,
      description: row.description,
      startOn: row.startOn,
      dueOn: row.dueOn,
      leadUnitIds: units.lead.map((u) => u.id),
      supportUnitIds: units.support.map((u) => u.id),
      milestones: row.milestones,
      indicators: row.indicators,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) add(issue.path.join('.') || 'row', issue.message);
    }
    closeStage();

    if (parsed.success && rowErrors.length === 0) {
      const check = await checkNewTask(ctx, principal, parsed.data, lookups);
      if (check.ok) checked.push({ row, task: check.task, leadUnits: units.lead, supportUnits: units.support });
      else for (const issue of check.issues) add(issue.field, issue.reason);
    } else if (!articles.has(row.articleNo)) {
      add('articleNo', '方案未发布或没有这一条');
    }
    errors.push(...rowErrors);
  }
  const order = (e: RowError) => IMPORT_COLUMNS.findIndex((c) => c.header === e.column);
  errors.sort((a, b) => a.row - b.row || order(a) - order(b));
  return { checked, errors };
}

function previewOf(c: CheckedRow) {
  return {
    row: c.row.row,
    chapterNo: c.task.row.chapterNo,
    articleNo: c.task.row.articleNo,
    title: c.task.row.title,
    description: c.task.row.description ?? '',
    startOn: c.task.row.startOn ?? null,
    dueOn: c.task.row.dueOn ?? null,
    leadUnits: c.leadUnits.map((u) => ({ unitId: u.id, name: u.name })),
    supportUnits: c.supportUnits.map((u) => ({ unitId: u.id, name: u.name })),
    milestones: c.task.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn })),
    indicators: c.task.indicators.map((i) => ({ name: i.name, unitOfMeasure: i.unitOfMeasure, target: i.target ?? null })),
  };
}

export type ImportOutcome = { kind: 'checked'; body: z.infer<typeof TaskImportChecked> } | { kind: 'created'; body: z.infer<typeof TaskImportCreated> };

/**
 * Bulk assignment from an .xlsx: every row is read and checked first; one bad row refuses the
 * whole file (400 listing every problem by row and column) and nothing is written. Otherwise a
 * dry run answers a preview, and a real run creates every task in one transaction, each with its
 * audit entry, through the same write step as a single create.
 */
export async function importTasks(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof TaskImportBody>): Promise<ImportOutcome> {
  grantsFor(principal, 'tasks.write');
  const plan = await repo.planForTasks(ctx.db, body.planId);
  if (!plan) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'tasks.write', plan.pairId);
  if (!plan.published) throw fieldError('VALIDATION_FAILED', 'planId', '方案尚未发布，不能分解任务');
  const sheet = readImportSheet(await readUploadedSheet(ctx, body.fileBase64, { maxDataRows: MAX_IMPORT_ROWS, preferredSheet: IMPORT_SHEET }));
  const { checked, errors } = await checkRows(ctx, principal, body.planId, plan.pairId, sheet.rows, sheet.errors);
  if (errors.length > 0) throw rowsError(errors, '任务');
  if (body.dryRun) return { kind: 'checked', body: { valid: true, rows: checked.length, preview: checked.slice(0, PREVIEW_ROWS).map(previewOf) } };
  const created = await ctx.db.transaction((tx) =>
    writeNewTasks(
      tx,
      ctx,
      actor,
      checked.map((c) => c.task),
    ),
  );
  const taskIds = created.map((task) => task.id);
  return { kind: 'created', body: { created: taskIds.length, taskIds } };
}

/** The ledger (台账) of the tasks the caller can read, with the list's filters. */
/** The ledger (台账) of the tasks the caller can read, with the list's filters; the export is audited with its filter and size. */
export async function exportLedger(ctx: ServiceContext, principal: Principal, actor: Actor, query: z.infer<typeof TaskExportQuery>): Promise<WorkbookFile> {
  grantsFor(principal, 'tasks.read');
  const rows = await repo.listTaskRows(ctx.db, { ...query, scope: readScope(principal) }, EXPORT_CAP + 1);
  if (rows.length > EXPORT_CAP) {
    const reason = `符合条件的任务超过 ${EXPORT_CAP} 条，请缩小筛选范围后再导出`;
    throw new AppError('VALIDATION_FAILED', [{ field: 'query', reason }], `query: ${reason}`);
  }
  const details = await repo.detailsOfMany(
    ctx.db,
    rows.map((r) => r.id),
  );
  const day = chinaDate(ctx.clock()).replaceAll('-', '');
  const file = { bytes: await buildLedger(presentTasks(rows, details)), name: `任务台账-${day}.xlsx`, asciiName: `task-ledger-${day}.xlsx` };
  const pairIds = new Set(rows.map((r) => r.pairId));
  await recordDownload(ctx, actor, {
    action: 'task.export',
    entityType: 'task',
    entityId: null,
    // Seen by the pair's office when the ledger holds that pair's tasks only.
    pairId: query.pairId ?? (pairIds.size === 1 ? [...pairIds][0] : null),
    cityId: query.cityId ?? null,
    after: { file: file.name, filter: query, rows: rows.length },
  });
  return file;
}
