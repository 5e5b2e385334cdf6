import type { z } from 'zod';
import type * as repo from './bulletins.repository.js';
import type { BulletinFiguresOut, BulletinListItemOut, BulletinOut, BulletinStatus } from './bulletins.schema.js';

export type BulletinFigures = z.infer<typeof BulletinFiguresOut>;

export function presentListItem(row: repo.BulletinWithNames, canWrite: boolean): z.infer<typeof BulletinListItemOut> {
  const { bulletin } = row;
  return {
    id: bulletin.id,
    pairId: bulletin.pairId,
    cityId: bulletin.cityId,
    cityName: row.cityName,
    title: bulletin.title,
    issueNumber: bulletin.issueNumber,
    periodFrom: bulletin.periodFrom,
    periodTo: bulletin.periodTo,
    status: bulletin.status as BulletinStatus,
    publishedAt: bulletin.publishedAt?.toISOString() ?? null,
    publishedByName: row.publishedByName ?? null,
    createdAt: bulletin.createdAt.toISOString(),
    createdByName: row.createdByName ?? null,
    canWrite,
  };
}

/** A bulletin with the figures frozen when it was drafted. */
export function presentBulletin(row: repo.BulletinWithNames, canWrite: boolean): z.infer<typeof BulletinOut> {
  return { ...presentListItem(row, canWrite), figures: row.bulletin.figures as unknown as BulletinFigures };
}
