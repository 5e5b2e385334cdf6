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
import type { AuditAction, AuditEntityType } from './audit.actions.js';
import { type ChainedFields, entryHash, GENESIS_HASH } from './audit.hash.js';
import * as repo from './audit.repository.js';
import type { AuditEntryOut, AuditListQuery } from './audit.schema.js';

export interface AuditEvent {
  action: AuditAction;
  entityType: AuditEntityType;
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
  'instruction',
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
  await appendEntry(tx, clock, actor, event);
}

/**
 * Records that data left the platform (an export, a download, a template): who took what, with the
 * filter it was taken with. It changes nothing else, so it announces no change to the caches. Call
 * it once the file is built, before it is sent: a file that could not be recorded is not handed out.
 */
export async function recordDownload(ctx: ServiceContext, actor: Actor, event: AuditEvent): Promise<void> {
  await ctx.db.transaction((tx) => appendEntry(tx, ctx.clock, actor, event));
}

async function appendEntry(tx: Executor, clock: Clock, actor: Actor, event: AuditEvent): Promise<void> {
  await repo.lockChain(tx);
  // The entry extends the head (audit_head), not whatever row is newest: had the newest entries
  // been cut, the next entry shows the gap instead of closing over it (the head's trigger refuses
  // anything else anyway).
  const head = await repo.readHead(tx);
  if (!head) throw new Error('audit_head is missing: the audit log cannot be extended; run `duikou audit verify`');
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
    prevHash: head.lastHash,
  };
  await repo.insertEntry(tx, { ...fields, hash: entryHash(fields) });
}

/**
 * What is wrong with the log: `hash_mismatch` an entry's content was altered; `chain_broken` its
 * prev_hash is not the previous entry's hash (an entry removed or inserted before it);
 * `tail_missing` fewer entries than the head counts (the newest were cut, or the log emptied);
 * `head_mismatch` the entries do not end where the head says (entries written past the head's
 * trigger, or the log rewritten); `head_missing` the head itself was removed.
 */
export type ChainProblem = 'hash_mismatch' | 'chain_broken' | 'tail_missing' | 'head_mismatch' | 'head_missing';

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: ChainProblem | null;
  /** The head the log was held against; null when it is missing. */
  head: repo.AuditHeadRow | null;
}

/**
 * Recomputes every entry's hash in order, then holds the chain against its head (audit_head).
 *
 * What a passing check proves: no entry was altered, removed or inserted, and none was cut from the
 * end, unless whoever did it could also disable the triggers and rewrite the head to match (the
 * database's owner): the head lives in the same database as the log. Comparing the printed head
 * with one kept elsewhere (`duikou audit verify` prints it) catches that too, up to that copy.
 *
 * Entries keep arriving while the check runs, so the head is read twice: every entry the head
 * counted before the walk must be found by it, and every entry found must be counted by the head
 * read after it.
 */
export async function verifyChain(db: Executor): Promise<ChainCheck> {
  const head = await repo.readHead(db);
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  let atHead: { id: number; hash: string } | null = null;
  const beyondHead: number[] = [];
  for await (const row of repo.readChain(db)) {
    checked++;
    if (row.prevHash !== expectedPrev) return { ok: false, checked, firstBrokenId: row.id, reason: 'chain_broken', head };
    const { id: _id, hash, ...fields } = row;
    if (entryHash(fields) !== hash) return { ok: false, checked, firstBrokenId: row.id, reason: 'hash_mismatch', head };
    expectedPrev = hash;
    if (head && checked === head.entries) atHead = { id: row.id, hash };
    if (!head || checked > head.entries) beyondHead.push(row.id);
  }
  if (!head) return { ok: false, checked, firstBrokenId: null, reason: 'head_missing', head: null };
  if (checked < head.entries) return { ok: false, checked, firstBrokenId: null, reason: 'tail_missing', head };
  if (atHead && (atHead.id !== head.lastId || atHead.hash !== head.lastHash))
    return { ok: false, checked, firstBrokenId: atHead.id, reason: 'head_mismatch', head };
  const after = await repo.readHead(db);
  if (!after) return { ok: false, checked, firstBrokenId: null, reason: 'head_missing', head: null };
  if (checked > after.entries)
    return { ok: false, checked, firstBrokenId: beyondHead[after.entries - head.entries] ?? null, reason: 'head_mismatch', head: after };
  return { ok: true, checked, firstBrokenId: null, reason: null, head: after };
}

function presentEntry({ entry, actorDisplayName }: { entry: repo.AuditRow; actorDisplayName: string | null }): z.infer<typeof AuditEntryOut> {
  return { ...entry, at: entry.at.toISOString(), actorDisplayName };
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
