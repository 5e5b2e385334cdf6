import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { ServiceContext } from '../../context.js';
import { type ChangeTopic, changed, publishChange } from '../../db/change-feed.js';
import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { scopeFilter } from '../../db/scope-filter.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../../http/principal.js';
import { grantsFor, isSystemAdmin, type Principal } from '../../http/principal.js';
import { type ChainedFields, entryHash, GENESIS_HASH } from './audit.hash.js';
import * as repo from './audit.repository.js';
import type { AuditEntryOut, AuditListQuery } from './audit.schema.js';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  pairId?: string | null;
  cityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Plain JSON (dates as ISO strings), exactly what jsonb gives back, so the hash can be recomputed. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * What an audited change invalidates in the read caches. Every change is audited, so the audit
 * entry doubles as the change notice: an account's events touch that account's sessions, a
 * unit's also every session (grants carry unit paths), anything else the data of its pair (and
 * its task lists, unless the record cannot move a task), and an event without a pair everything
 * (they are rare: new pairs, deployment settings).
 */
function topicsOf(event: AuditEvent): ChangeTopic[] {
  // A failed login of an unknown name changes nothing but the log.
  if (event.entityType === 'user') return event.entityId ? [changed.user(event.entityId)] : [];
  if (!event.pairId) return ['all'];
  const topics = [changed.pair(event.pairId)];
  // Tasks say themselves when they move in a list (task-stats.ts, tasks.service.ts).
  if (!LIST_NEUTRAL_ENTITIES.has(event.entityType)) topics.push(changed.taskLists(event.pairId));
  if (event.entityType === 'unit') topics.push(changed.auth);
  return topics;
}

/**
 * Audited records whose changes never move a task within or between task lists by themselves:
 * a task's own changes do when its list fields change, and then the task code publishes it.
 */
const LIST_NEUTRAL_ENTITIES = new Set([
  'task',
  'progress_report',
  'supervision',
  'attachment',
  'meeting',
  'registry_record',
  'registry_options',
  'rollup',
  'water_section',
  'water_agreement',
  'water_samples',
  'inspection_entity',
  'inspection_inspector',
  'inspection_plan',
  'inspection',
]);

/**
 * Appends one entry to the hash-chained audit log. Call it inside the transaction that makes the
 * change: the change and its audit entry commit together or not at all, and the processes' read
 * caches hear of the change once it has committed.
 */
export async function recordAudit(tx: Executor, clock: Clock, actor: Actor, event: AuditEvent): Promise<void> {
  await publishChange(tx, ...topicsOf(event));
  await repo.lockChain(tx);
  const prevHash = (await repo.lastHash(tx)) ?? GENESIS_HASH;
  const fields: ChainedFields = {
    at: clock(),
    actorId: actor.userId,
    actorName: actor.name,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    pairId: event.pairId ?? null,
    cityId: event.cityId ?? null,
    before: toJson(event.before),
    after: toJson(event.after),
    ip: actor.ip,
    userAgent: actor.userAgent,
    prevHash,
  };
  await repo.insertEntry(tx, { ...fields, hash: entryHash(fields) });
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: 'hash_mismatch' | 'chain_broken' | null;
}

/**
 * Recomputes every entry's hash in order. `hash_mismatch`: the row's content was altered;
 * `chain_broken`: its prev_hash is not the previous row's hash (a row was removed or inserted).
 */
export async function verifyChain(db: Executor): Promise<ChainCheck> {
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  for await (const row of repo.readChain(db)) {
    checked++;
    if (row.prevHash !== expectedPrev) return { ok: false, checked, firstBrokenId: row.id, reason: 'chain_broken' };
    const { id: _id, hash, ...fields } = row;
    if (entryHash(fields) !== hash) return { ok: false, checked, firstBrokenId: row.id, reason: 'hash_mismatch' };
    expectedPrev = hash;
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}

function presentEntry(row: repo.AuditRow): z.infer<typeof AuditEntryOut> {
  return { ...row, at: row.at.toISOString() };
}

/** Entries of the pairs and cities the caller administers; deployment-wide events only for system administrators. */
export async function listAudit(ctx: ServiceContext, principal: Principal, query: z.infer<typeof AuditListQuery>) {
  const scope = scopeFilter(grantsFor(principal, 'audit.read'), principal.userId, { pairId: auditLog.pairId, cityId: auditLog.cityId });
  const { rows, total } = await repo.listEntries(ctx.db, {
    scope,
    entityType: query.entityType,
    entityId: query.entityId,
    actorId: query.actorId,
    action: query.action,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(presentEntry), total };
}

/** The chain spans every pair, so only a deployment-wide administrator checks it. */
export async function verifyAuditChain(ctx: ServiceContext, principal: Principal) {
  grantsFor(principal, 'audit.read');
  if (!isSystemAdmin(principal)) throw new AppError('FORBIDDEN');
  return verifyChain(ctx.db);
}
