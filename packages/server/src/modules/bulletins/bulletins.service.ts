import { buildBulletin, bulletinTitle, canAccess, chinaDate, daysBetween, periodText, type RecordLocation } from '@duikou/domain';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { type Actor, grantsFor, grantsWith, type Principal, readsPair } from '../../http/principal.js';
import { recordAudit, recordDownload } from '../audit/audit.service.js';
import { bulletinDocx } from './bulletins.docx.js';
import { type BulletinFigures, presentBulletin, presentListItem } from './bulletins.presenter.js';
import * as repo from './bulletins.repository.js';
import { BULLETIN_MAX_DAYS, type BulletinCreateBody, type BulletinListQuery, type BulletinPreviewQuery } from './bulletins.schema.js';

type Period = { cityId: string; from: string; to: string };

const readScope = (p: Principal) => repo.bulletinScope(grantsWith(p, 'supervision.read'), p.unitId);

const cityLocation = (b: { pairId: string; cityId: string }): RecordLocation => ({
  pairId: b.pairId,
  cityId: b.cityId,
  unitId: null,
  unitPath: null,
  ownerId: null,
});

const canWrite = (principal: Principal, b: { pairId: string; cityId: string }) =>
  canAccess(principal.grants, 'supervision.write', principal.userId, cityLocation(b));

function checkPeriod(period: Period): void {
  if (period.from > period.to) throw new AppError('VALIDATION_FAILED', [{ field: 'to', reason: '结束日期不能早于开始日期' }]);
  if (daysBetween(period.from, period.to) + 1 > BULLETIN_MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'to', reason: `通报期间不能超过${BULLETIN_MAX_DAYS}天` }]);
  }
}

/**
 * The city a caller works on: 404 when it does not exist or lies in a pair whose supervision
 * the caller cannot read (named like a missing one), 403 unless a grant with `permission` covers
 * the whole city (an office or viewer of the pair or city; a unit's account sees its own items only).
 */
async function cityFor(ctx: ServiceContext, principal: Principal, cityId: string, permission: 'supervision.read' | 'supervision.write') {
  const city = await repo.findCity(ctx.db, cityId);
  if (!city || !readsPair(principal, 'supervision.read', city.pairId)) throw new AppError('NOT_FOUND');
  if (!canAccess(principal.grants, permission, principal.userId, cityLocation({ pairId: city.pairId, cityId: city.id }))) {
    throw new AppError('FORBIDDEN');
  }
  return city;
}

async function figuresOf(db: Executor, city: NonNullable<Awaited<ReturnType<typeof repo.findCity>>>, from: string, to: string): Promise<BulletinFigures> {
  const counts = await repo.cityFigures(db, city.id, from, to);
  const officeName = city.officeName ?? `${city.name}对口合作工作领导小组办公室`;
  const result = buildBulletin({ cityName: city.name, officeName, periodFrom: from, periodTo: to, units: counts.units, totals: counts.totals });
  return {
    cityId: city.id,
    cityName: city.name,
    officeName,
    periodFrom: from,
    periodTo: to,
    rows: result.rows,
    totals: result.totals,
    sections: result.sections,
  };
}

/** The figures of a city over a period as a bulletin would freeze them now. */
export async function previewFigures(ctx: ServiceContext, principal: Principal, query: z.infer<typeof BulletinPreviewQuery>) {
  grantsFor(principal, 'supervision.read');
  const city = await cityFor(ctx, principal, query.cityId, 'supervision.read');
  checkPeriod(query);
  return figuresOf(ctx.db, city, query.from, query.to);
}

/** A draft with the figures frozen now and the city's next issue number, audited. */
export async function createBulletin(ctx: ServiceContext, principal: Principal, actor: Actor, body: z.infer<typeof BulletinCreateBody>) {
  grantsFor(principal, 'supervision.write');
  const city = await cityFor(ctx, principal, body.cityId, 'supervision.write');
  checkPeriod(body);
  return ctx.db.transaction(async (tx) => {
    // Issue numbers are taken one at a time per city: a second draft waits here for the first.
    await repo.lockCityForIssue(tx, city.id);
    const issueNumber = await repo.nextIssueNumber(tx, city.id);
    const figures = await figuresOf(tx, city, body.from, body.to);
    const now = ctx.clock();
    const row = await repo.insertBulletin(tx, {
      pairId: city.pairId,
      cityId: city.id,
      title: bulletinTitle(Number(body.to.slice(0, 4)), issueNumber),
      issueNumber,
      periodFrom: body.from,
      periodTo: body.to,
      status: 'draft',
      figures: figures as unknown as Record<string, unknown>,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    const out = presentBulletin((await repo.findBulletin(tx, row.id))!, true);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'bulletin.create',
      entityType: 'supervision_bulletin',
      entityId: row.id,
      pairId: city.pairId,
      cityId: city.id,
      after: { title: out.title, issueNumber, periodFrom: body.from, periodTo: body.to, totals: figures.totals },
    });
    return out;
  });
}

export async function listBulletins(ctx: ServiceContext, principal: Principal, query: z.infer<typeof BulletinListQuery>) {
  grantsFor(principal, 'supervision.read');
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.listBulletins(ctx.db, { ...filter, scope: readScope(principal) }, pageSize, (page - 1) * pageSize);
  return { items: rows.map((r) => presentListItem(r, canWrite(principal, r.bulletin))), total };
}

async function visible(ctx: ServiceContext, principal: Principal, id: string, db: Executor = ctx.db) {
  const row = await repo.findBulletin(db, id, readScope(principal));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getBulletin(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await visible(ctx, principal, id);
  return presentBulletin(row, canWrite(principal, row.bulletin));
}

/** A bulletin the caller sees (else 404) and may write (else 403). */
async function writable(ctx: ServiceContext, principal: Principal, id: string) {
  const row = await visible(ctx, principal, id);
  if (!canWrite(principal, row.bulletin)) throw new AppError('FORBIDDEN');
  return row;
}

/**
 * Publishes a draft: a guarded UPDATE (draft → published), so of two concurrent publishes one
 * wins and the other answers 409 STALE_STATE; with it, in the same transaction, one notice to
 * every active account of the city's units and the audit entry.
 */
export async function publishBulletin(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const seen = await writable(ctx, principal, id);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const updated = await repo.markPublished(tx, id, principal.userId, now);
    if (!updated) throw new AppError('STALE_STATE', [{ field: 'status', reason: '通报已发布或已删除，请刷新后重试' }]);
    const figures = updated.figures as unknown as BulletinFigures;
    const notified = await repo.notifyCityUsers(tx, updated, {
      title: `情况通报：${updated.title}`,
      body: `${seen.cityName}${updated.title}（${periodText(updated.periodFrom, updated.periodTo)}）已发布，请查阅。`,
      link: `/supervision/bulletins/${id}`,
    });
    if (notified.length > 0) await publishChange(tx, ...notified.map((u) => changed.user(u)));
    await recordAudit(tx, ctx.clock, actor, {
      action: 'bulletin.publish',
      entityType: 'supervision_bulletin',
      entityId: id,
      pairId: updated.pairId,
      cityId: updated.cityId,
      before: { status: 'draft' },
      after: { status: 'published', publishedAt: now.toISOString(), notified: notified.length, totals: figures.totals },
    });
    return presentBulletin((await repo.findBulletin(tx, id))!, true);
  });
}

/** Deletes a draft (a published bulletin stays: 409 INVALID_STATE). */
export async function deleteBulletin(ctx: ServiceContext, principal: Principal, actor: Actor, id: string) {
  const seen = await writable(ctx, principal, id);
  if (seen.bulletin.status !== 'draft') throw new AppError('INVALID_STATE', [{ field: 'status', reason: '已发布的通报不能删除' }]);
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteDraft(tx, id))) throw new AppError('STALE_STATE', [{ field: 'status', reason: '通报已发布或已删除，请刷新后重试' }]);
    await recordAudit(tx, ctx.clock, actor, {
      action: 'bulletin.delete',
      entityType: 'supervision_bulletin',
      entityId: id,
      pairId: seen.bulletin.pairId,
      cityId: seen.bulletin.cityId,
      before: { title: seen.bulletin.title, issueNumber: seen.bulletin.issueNumber, periodFrom: seen.bulletin.periodFrom, periodTo: seen.bulletin.periodTo },
    });
  });
  return { ok: true as const };
}

export interface BulletinFile {
  bytes: Buffer;
  name: string;
  asciiName: string;
}

/** The bulletin as a Word document; the download is audited. */
export async function bulletinFile(ctx: ServiceContext, principal: Principal, actor: Actor, id: string): Promise<BulletinFile> {
  const bulletin = await getBulletin(ctx, principal, id);
  const issuedOn = bulletin.publishedAt ? chinaDate(new Date(bulletin.publishedAt)) : chinaDate(ctx.clock());
  const bytes = await bulletinDocx(bulletin, issuedOn);
  const file = {
    bytes,
    name: `${bulletin.cityName}${bulletin.title}${bulletin.status === 'draft' ? '（草稿）' : ''}.docx`,
    asciiName: `bulletin-${bulletin.issueNumber}.docx`,
  };
  await recordDownload(ctx, actor, {
    action: 'bulletin.export',
    entityType: 'supervision_bulletin',
    entityId: bulletin.id,
    pairId: bulletin.pairId,
    cityId: bulletin.cityId,
    after: { file: file.name },
  });
  return file;
}
