import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { notifications, users } from '../../db/schema.js';

export type NotificationRow = typeof notifications.$inferSelect;

export async function listFor(db: Executor, userId: string, unreadOnly: boolean, limit: number, offset: number) {
  const where = and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = await db
    .select({ n: notifications, total: totalOver })
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .offset(offset);
  const total = await totalOf(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(where))[0]?.n ?? 0);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { rows: rows.map((r) => r.n), total, unread: unread?.n ?? 0 };
}

/** Marks one of the user's notices read; false when it is not theirs (or does not exist). */
export async function markRead(db: Executor, userId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Executor, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/**
 * Sends a notice to a user whose account is still active (a disabled account gets none). The
 * dedupe key is the notice's identity: inserting the same notice again does nothing.
 */
export async function notifyActiveUser(db: Executor, row: typeof notifications.$inferInsert): Promise<void> {
  const [user] = await db.select({ status: users.status }).from(users).where(eq(users.id, row.userId));
  if (user?.status !== 'active') return;
  await db.insert(notifications).values(row).onConflictDoNothing({ target: notifications.dedupeKey });
  // The recipient's open screens (the bell) hear of it once this commits.
  await publishChange(db, changed.user(row.userId));
}
