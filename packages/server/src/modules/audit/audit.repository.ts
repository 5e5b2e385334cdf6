import { and, asc, desc, eq, gt, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { totalOf, totalOver } from '../../db/pagination.js';
import { auditHead, auditLog, users } from '../../db/schema.js';

// Serializes appends so that each entry chains to the one committed before it, across processes.
const AUDIT_CHAIN_LOCK_KEY = 7_020_262_3;

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<typeof auditLog.$inferInsert, 'id'>;

export async function lockChain(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
}

export type AuditHeadRow = Pick<typeof auditHead.$inferSelect, 'entries' | 'lastId' | 'lastHash'>;

/** The chain's head (count, newest id and hash), or null if its row was removed. */
export async function readHead(db: Executor): Promise<AuditHeadRow | null> {
  const [row] = await db
    .select({ entries: auditHead.entries, lastId: auditHead.lastId, lastHash: auditHead.lastHash })
    .from(auditHead)
    .where(eq(auditHead.id, 1));
  return row ?? null;
}

export async function insertEntry(tx: Executor, row: NewAuditRow): Promise<void> {
  await tx.insert(auditLog).values(row);
}

export interface AuditQuery {
  scope: SQL;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function listEntries(db: Executor, query: AuditQuery): Promise<{ rows: { entry: AuditRow; actorDisplayName: string | null }[]; total: number }> {
  const where = and(
    query.scope,
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.from ? gte(auditLog.at, query.from) : undefined,
    query.to ? lte(auditLog.at, query.to) : undefined,
  );
  const rows = await db
    .select({ entry: auditLog, actorDisplayName: users.displayName, total: totalOver })
    .from(auditLog)
    // The name people know the actor by; the hashed entry keeps the username it was recorded with.
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .offset(query.offset);
  const total = await totalOf(rows, query.offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => ({ entry: r.entry, actorDisplayName: r.actorDisplayName })), total };
}

/** Reads the whole chain in id order, a page at a time, without holding it all in memory. */
export async function* readChain(db: Executor, pageSize = 1000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(pageSize);
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
