import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { grantsFor, type Principal } from '../../http/principal.js';
import * as repo from './notifications.repository.js';
import type { NotificationListQuery, NotificationOut } from './notifications.schema.js';

function present(row: repo.NotificationRow): z.infer<typeof NotificationOut> {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A user's own notices: scope "self" by construction, whatever the user's other rights. */
export async function listMine(ctx: ServiceContext, principal: Principal, query: z.infer<typeof NotificationListQuery>) {
  grantsFor(principal, 'notifications.read');
  const { rows, total, unread } = await repo.listFor(ctx.db, principal.userId, query.unread ?? false, query.pageSize, (query.page - 1) * query.pageSize);
  return { items: rows.map(present), total, unread };
}

export async function markRead(ctx: ServiceContext, principal: Principal, id: string) {
  grantsFor(principal, 'notifications.read');
  if (!(await repo.markRead(ctx.db, principal.userId, id, ctx.clock()))) throw new AppError('NOT_FOUND');
  return { ok: true as const };
}

export async function markAllRead(ctx: ServiceContext, principal: Principal) {
  grantsFor(principal, 'notifications.read');
  return { marked: await repo.markAllRead(ctx.db, principal.userId, ctx.clock()) };
}
