import { diffPlanOutlines, type PlanAnalysis, planAnalysis, planOutline, resolveUnitName } from '@duikou/domain';
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { plans } from '../../db/schema.js';
import { AppError, type FieldIssue, fieldError, issuesError } from '../../http/errors.js';
import { type Actor, assertPairPermission, grantsFor, type Principal, pairsWith } from '../../http/principal.js';
import { readOnPool, uploadLimits } from '../../uploads/on-pool.js';
import { recordAudit } from '../audit/audit.service.js';
import { syncTaskStats } from '../dashboard/task-stats.js';
import * as tasksRepo from '../tasks/tasks.repository.js';
import { taskScope } from '../tasks/tasks.repository.js';
import { checkNewTask, databaseLookups, type PreparedTask, type TaskLookups, writeNewTasks } from '../tasks/tasks.service.js';
import * as repo from './plans.repository.js';
import type { AnalysisOut, ImportBody, Outline, ParseBody, PlanListQuery, TableTasksBody, VersionOut } from './plans.schema.js';

type OutlineValue = z.infer<typeof Outline>;

/**
 * The parser's findings with every unit name resolved against the pair's units and the office's
 * aliases as they are now: a mapping made after the import applies at once.
 */
async function presentAnalysis(ctx: ServiceContext, pairId: string | null, analysis: PlanAnalysis): Promise<z.infer<typeof AnalysisOut>> {
  const units = pairId === null ? [] : await repo.namedUnitsOfPair(ctx.db, pairId);
  const aliases = pairId === null ? new Map<string, string[]>() : await repo.aliasesOfPair(ctx.db, pairId);
  const unitNameOf = new Map(units.map((unit) => [unit.id, unit.name]));
  const { unitNames, ...rest } = analysis;
  return {
    ...rest,
    unitNames: unitNames.map((name) => {
      if (pairId === null) return { name, status: 'unresolved' as const, units: [], reason: '未选择结对城市，无法对应单位' };
      const resolution = resolveUnitName(name, units, aliases);
      const resolved = resolution.unitIds.flatMap((id) => {
        const unitName = unitNameOf.get(id);
        return unitName === undefined ? [] : [{ id, name: unitName }];
      });
      return { name, status: resolution.status, units: resolved, reason: resolution.reason };
    }),
  };
}

async function presentVersion(ctx: ServiceContext, row: repo.VersionRow & { planTitle: string }): Promise<z.infer<typeof VersionOut>> {
  return {
    id: row.id,
    planId: row.planId,
    pairId: row.pairId,
    planTitle: row.planTitle,
    versionNo: row.versionNo,
    status: row.status as 'draft' | 'published' | 'superseded',
    sourceName: row.sourceName,
    sourceText: row.sourceText,
    sourceNote: row.sourceNote,
    outline: row.outline as OutlineValue,
    warnings: row.warnings as string[],
    analysis: row.analysis === null ? null : await presentAnalysis(ctx, row.pairId, row.analysis as PlanAnalysis),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Reading the file and parsing the text run on the work pool: a 3,000-page plan takes its time there. */
async function parseSource(ctx: ServiceContext, source: z.infer<typeof ParseBody>['source'], pairId: string | undefined) {
  const knownUnits = pairId ? await repo.unitNamesOfPair(ctx.db, pairId) : [];
  return readOnPool(ctx, 'source.fileBase64', 'plan.parse', { source, knownUnits: [...knownUnits], limits: uploadLimits(ctx) });
}

/** Parses a plan text and writes nothing: what `duikou parse-plan` prints, for the office's first look. */
export async function parse(ctx: ServiceContext, principal: Principal, body: z.infer<typeof ParseBody>) {
  grantsFor(principal, 'plans.write');
  if (body.pairId) assertPairPermission(principal, 'plans.write', body.pairId);
  const { parsed } = await parseSource(ctx, body.source, body.pairId);
  return {
    ...planOutline(parsed),
    matchedUnits: parsed.organisations,
    warnings: parsed.warnings,
    analysis: await presentAnalysis(ctx, body.pairId ?? null, planAnalysis(parsed)),
  };
}

async function diffAgainstPrevious(ctx: ServiceContext, version: repo.VersionRow) {
  const previous = await repo.previousPublished(ctx.db, version.planId, version.versionNo);
  const diff = diffPlanOutlines((previous?.outline as OutlineValue | undefined) ?? { chapters: [] }, version.outline as OutlineValue);
  return { againstVersionId: previous?.id ?? null, againstVersionNo: previous?.versionNo ?? null, ...diff };
}

/**
 * Imports a plan text as a new draft version of the pair's plan (created on first import), for
 * the office to review; returns it with what changed since the last published version.
 * `sourceNote` says where the text comes from (the built-in plan's public source).
 */
export async function importPlan(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  body: z.infer<typeof ImportBody>,
  options: { sourceNote?: string } = {},
) {
  assertPairPermission(principal, 'plans.write', body.pairId);
  const { parsed, name } = await parseSource(ctx, body.source, body.pairId);
  if (parsed.chapters.length === 0) {
    // A version without chapters has nothing to split into tasks: say why instead of storing it.
    const field = body.source.text !== undefined ? 'source.text' : 'source.fileBase64';
    const reason = `未能识别出任何章节（如“一、”“（一）”）${parsed.warnings.length > 0 ? `：${parsed.warnings.join('；')}` : ''}`;
    throw fieldError('VALIDATION_FAILED', field, reason);
  }
  const outline: OutlineValue = {
    chapters: parsed.chapters.map((c) => ({
      number: c.number,
      title: c.title,
      articles: c.articles.map((a) => ({ number: a.number, title: a.title, measures: a.measures, start: a.start, end: a.end })),
    })),
    organisations: parsed.organisations,
  };
  const now = ctx.clock();
  const version = await ctx.db.transaction(async (tx) => {
    const plan =
      (await repo.findPlanByTitle(tx, body.pairId, body.title)) ??
      (await repo.findOrInsertPlan(tx, { pairId: body.pairId, title: body.title, createdBy: principal.userId, createdAt: now, updatedAt: now }));
    await repo.lockPlan(tx, plan.id);
    const row = await repo.insertVersion(tx, {
      planId: plan.id,
      pairId: body.pairId,
      versionNo: await repo.nextVersionNo(tx, plan.id),
      sourceName: name,
      sourceText: parsed.text,
      sourceNote: options.sourceNote ?? null,
      outline,
      warnings: parsed.warnings,
      analysis: planAnalysis(parsed),
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'plan.import',
      entityType: 'plan_version',
      entityId: row.id,
      pairId: body.pairId,
      after: {
        plan: plan.title,
        versionNo: row.versionNo,
        sourceName: name,
        ...(options.sourceNote ? { sourceNote: options.sourceNote } : {}),
        chapters: outline.chapters.length,
        articles: outline.chapters.reduce((n, c) => n + c.articles.length, 0),
      },
    });
    return { ...row, planTitle: plan.title };
  });
  return { version: await presentVersion(ctx, version), diff: await diffAgainstPrevious(ctx, version) };
}

async function visibleVersion(ctx: ServiceContext, principal: Principal, id: string, permission: 'plans.read' | 'plans.write') {
  const version = await repo.findVersion(ctx.db, id);
  if (!version) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, permission, version.pairId);
  return version;
}

export async function getVersion(ctx: ServiceContext, principal: Principal, id: string) {
  return presentVersion(ctx, await visibleVersion(ctx, principal, id, 'plans.read'));
}

export async function versionDiff(ctx: ServiceContext, principal: Principal, id: string) {
  return diffAgainstPrevious(ctx, await visibleVersion(ctx, principal, id, 'plans.read'));
}

/** Duplicate numbers would make articles ambiguous for tasks; say exactly where. */
function assertUniqueNumbers(outline: OutlineValue): void {
  const chapters = new Set<string>();
  const articles = new Set<string>();
  for (const [i, chapter] of outline.chapters.entries()) {
    if (chapters.has(chapter.number))
      throw new AppError('VALIDATION_FAILED', [{ field: `outline.chapters.${i}.number`, reason: `章编号“${chapter.number}”重复` }]);
    chapters.add(chapter.number);
    for (const [j, article] of chapter.articles.entries()) {
      const field = `outline.chapters.${i}.articles.${j}.number`;
      if (articles.has(article.number))
        throw new AppError('VALIDATION_FAILED', [{ field, reason: `条编号“${article.number}”重复` }], `${field}: 条编号“${article.number}”重复`);
      articles.add(article.number);
    }
  }
}

/** Inside the transaction: the version locked and still a draft (it was one when first read, so anything else is a lost race). */
async function lockDraft(tx: Executor, id: string, reason: string): Promise<repo.VersionRow> {
  const locked = await repo.lockVersion(tx, id);
  if (!locked) throw new AppError('NOT_FOUND');
  if (locked.status !== 'draft') throw new AppError('STALE_STATE', [{ field: 'status', reason }]);
  return locked;
}

/** Saves the office's corrections (merged or split articles and measures, edited titles) to a draft. */
export async function saveOutline(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, outline: OutlineValue) {
  const version = await visibleVersion(ctx, principal, id, 'plans.write');
  if (version.status !== 'draft') throw new AppError('INVALID_STATE', [{ field: 'status', reason: '只能修改草稿版本' }], '只能修改草稿版本');
  assertUniqueNumbers(outline);
  await ctx.db.transaction(async (tx) => {
    // Published meanwhile: the corrections would change a published text (409 STALE_STATE).
    const locked = await lockDraft(tx, id, '只能修改草稿版本');
    await repo.updateVersion(tx, id, { outline, updatedAt: ctx.clock() });
    await recordAudit(tx, ctx.clock, actor, {
      action: 'plan.edit_outline',
      entityType: 'plan_version',
      entityId: id,
      pairId: version.pairId,
      before: locked.outline,
      after: outline,
    });
  });
  return presentVersion(ctx, { ...version, outline, updatedAt: ctx.clock() });
}

/**
 * Publishes a draft: its articles and measures become rows that tasks point to, the previously
 * published version is superseded, and existing tasks follow their article (by number) and their
 * measure (by text) into the new version.
 */
export async function publish(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const version = await visibleVersion(ctx, principal, id, 'plans.write');
  if (version.status !== 'draft') throw new AppError('INVALID_STATE', [{ field: 'status', reason: '只能发布草稿版本' }], '只能发布草稿版本');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    // The plan, then the version, then its tasks (in id order): publishing twice at once, the
    // second finds the version published (409) instead of superseding it and adding its articles
    // again; the outline published is the one under the lock.
    await repo.lockPlan(tx, version.planId);
    const outline = (await lockDraft(tx, id, '只能发布草稿版本')).outline as OutlineValue;
    assertUniqueNumbers(outline);
    await repo.lockTasksOfPlan(tx, version.planId);
    const previous = await repo.publishedVersion(tx, version.planId);
    if (previous) await repo.updateVersion(tx, previous.id, { status: 'superseded', updatedAt: now });
    await repo.updateVersion(tx, id, { status: 'published', publishedAt: now, publishedBy: principal.userId, updatedAt: now });
    const measureIds = new Map<string, string>();
    const chapterOf = new Map<string, string>();
    let position = 0;
    for (const chapter of outline.chapters) {
      for (const article of chapter.articles) {
        const row = await repo.insertArticle(tx, {
          versionId: id,
          planId: version.planId,
          chapterNo: chapter.number,
          chapterTitle: chapter.title,
          articleNo: article.number,
          title: article.title,
          position: position++,
        });
        chapterOf.set(article.number, chapter.number);
        const measures = await repo.insertMeasures(
          tx,
          article.measures.map((m, i) => ({ articleId: row.id, position: i, text: m.text, verb: m.verb })),
        );
        for (const m of measures) measureIds.set(`${article.number}\u0000${m.text}`, m.id);
      }
    }
    for (const task of await repo.tasksWithMeasureText(tx, version.planId)) {
      const measureId = task.measureText ? (measureIds.get(`${task.articleNo}\u0000${task.measureText}`) ?? null) : null;
      await repo.relinkTask(tx, task.id, chapterOf.get(task.articleNo) ?? null, measureId);
      // An article moved to another chapter moves its tasks' dashboard counts too.
      await syncTaskStats(tx, task.id);
    }
    await recordAudit(tx, ctx.clock, actor, {
      action: 'plan.publish',
      entityType: 'plan_version',
      entityId: id,
      pairId: version.pairId,
      before: previous ? { publishedVersionId: previous.id } : null,
      after: { publishedVersionId: id, versionNo: version.versionNo },
    });
  });
  return presentVersion(ctx, (await repo.findVersion(ctx.db, id))!);
}

export async function listPlans(ctx: ServiceContext, principal: Principal, query: z.infer<typeof PlanListQuery>) {
  const pairs = pairsWith(principal, 'plans.read');
  if (query.pairId) assertPairPermission(principal, 'plans.read', query.pairId);
  const scope = query.pairId ? eq(plans.pairId, query.pairId) : pairs === null ? undefined : inArray(plans.pairId, pairs);
  const { planRows, versions } = await repo.listPlans(ctx.db, scope);
  const items = planRows.map((p) => ({
    id: p.id,
    pairId: p.pairId,
    title: p.title,
    versions: versions
      .filter((v) => v.planId === p.id)
      .map((v) => ({
        id: v.id,
        versionNo: v.versionNo,
        status: v.status as 'draft' | 'published' | 'superseded',
        publishedAt: v.publishedAt?.toISOString() ?? null,
        createdAt: v.createdAt.toISOString(),
      })),
  }));
  return { items, total: items.length };
}

/** The published plan as a tree, each article with its measures and the number of tasks the caller can see. */
export async function planTree(ctx: ServiceContext, principal: Principal, planId: string) {
  const plan = await repo.findPlan(ctx.db, planId);
  if (!plan) throw new AppError('NOT_FOUND');
  assertPairPermission(principal, 'plans.read', plan.pairId);
  const version = await repo.publishedVersion(ctx.db, planId);
  if (!version) throw new AppError('INVALID_STATE', [{ field: 'planId', reason: '方案尚未发布' }], '方案尚未发布');
  const { articles, measures } = await repo.articlesWithMeasures(ctx.db, version.id);
  const counts = await repo.taskCountsByArticle(ctx.db, planId, taskScope(grantsFor(principal, 'tasks.read'), principal.userId));
  const chapters: {
    number: string;
    title: string;
    articles: { id: string; number: string; title: string; measures: { id: string; text: string; verb: string }[]; taskCount: number }[];
  }[] = [];
  for (const article of articles) {
    let chapter = chapters[chapters.length - 1];
    if (!chapter || chapter.number !== article.chapterNo) {
      chapter = { number: article.chapterNo, title: article.chapterTitle, articles: [] };
      chapters.push(chapter);
    }
    chapter.articles.push({
      id: article.id,
      number: article.articleNo,
      title: article.title,
      measures: measures.filter((m) => m.articleId === article.id).map((m) => ({ id: m.id, text: m.text, verb: m.verb })),
      taskCount: counts.get(article.articleNo) ?? 0,
    });
  }
  return { planId, versionId: version.id, versionNo: version.versionNo, chapters };
}

/**
 * The reviewed rows of a version's task tables become tasks of its plan: every row is checked by
 * the rules of `POST /api/v1/tasks` (published article, units of the pair, the caller's reach over
 * a lead unit) and all are written in one transaction, or none (400 naming `tasks.N.field`).
 * The version must be the published one: tasks are filed under its articles. A row whose article
 * already has a task of the same title is refused (409 naming it), so sending the rows twice
 * creates them once.
 */
export async function createTasksFromTables(ctx: ServiceContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof TableTasksBody>) {
  // A version the caller cannot see is answered as missing (404) before any question of rights.
  const version = await visibleVersion(ctx, principal, id, 'plans.read');
  assertPairPermission(principal, 'tasks.write', version.pairId);
  if (version.status !== 'published') {
    throw new AppError('INVALID_STATE', [{ field: 'status', reason: '请先发布该版本，再从任务分工表生成任务' }], '请先发布该版本，再从任务分工表生成任务');
  }
  const articles = new Map((await tasksRepo.publishedArticles(ctx.db, version.planId)).map((article) => [article.articleNo, article]));
  const fromDatabase = databaseLookups(ctx.db);
  const lookups: TaskLookups = { ...fromDatabase, article: async (planId, articleNo) => (planId === version.planId ? articles.get(articleNo) : undefined) };
  const issues: FieldIssue[] = [];
  let forbidden: FieldIssue | null = null;
  const prepared: PreparedTask[] = [];
  for (const [index, row] of body.tasks.entries()) {
    const check = await checkNewTask(
      ctx,
      principal,
      { planId: version.planId, ...row, startOn: null, measureId: null, weight: 1, milestones: [], indicators: [] },
      lookups,
    );
    if (check.ok) prepared.push(check.task);
    else if (check.kind === 'forbidden') forbidden ??= { ...check.issues[0]!, field: `tasks.${index}.${check.issues[0]!.field}` };
    else issues.push(...check.issues.map((issue) => ({ ...issue, field: `tasks.${index}.${issue.field}` })));
  }
  const key = (row: { articleNo: string; title: string }) => `${row.articleNo}\u0000${row.title}`;
  const sent = new Set<string>();
  body.tasks.forEach((row, index) => {
    if (sent.has(key(row))) issues.push({ field: `tasks.${index}.title`, reason: '与前面一行的条款和任务名称相同' });
    sent.add(key(row));
  });
  if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues);
  if (forbidden !== null) throw issuesError('FORBIDDEN', [forbidden]);
  const created = await ctx.db.transaction(async (tx) => {
    // The same rows sent twice (a second click, a reloaded page, two offices at once): under the
    // plan's lock the second sending finds the first one's tasks and creates none.
    await repo.lockPlan(tx, version.planId);
    // Still the published version, and the one whose articles the rows were checked against: a
    // version published meanwhile would file them under other articles than the office reviewed.
    const locked = await repo.lockVersion(tx, id);
    if (locked?.status !== 'published' || prepared.some((task) => task.versionId !== id)) {
      throw new AppError('STALE_STATE', [{ field: 'status', reason: '方案已发布新版本，请刷新后重试' }]);
    }
    const existing = await repo.taskKeysOfPlan(tx, version.planId);
    const taken = body.tasks.flatMap((row, index) =>
      existing.has(key(row)) ? [{ field: `tasks.${index}.title`, reason: `第${row.articleNo}条下已有任务“${row.title}”` }] : [],
    );
    if (taken.length > 0) throw issuesError('CONFLICT', taken);
    return writeNewTasks(tx, ctx, actor, prepared);
  });
  return { created: created.length, taskIds: created.map((task) => task.id) };
}
