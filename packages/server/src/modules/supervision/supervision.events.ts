import { chinaDate } from '@duikou/domain';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { supervisionEvents } from '../../db/schema.js';
import { applySupervisionEvent } from '../scoring/scoring.hooks.js';

export type SupervisionEventKind = (typeof supervisionEvents.$inferInsert)['kind'];

/** One step of an item, as stored in supervision_events (the source of bulletins and scores). */
export interface SupervisionEvent {
  id: string;
  itemId: string;
  pairId: string;
  cityId: string;
  unitId: string;
  kind: string;
  at: Date;
  onDate: string;
  actorId: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface NewSupervisionEvent {
  itemId: string;
  pairId: string;
  cityId: string;
  unitId: string;
  kind: SupervisionEventKind;
  at: Date;
  actorId: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  /** A job's step: recorded once whatever how often or in how many processes the job runs. */
  dedupeKey?: string;
}

/**
 * Records a step inside the caller's transaction (the step's own write, its audit entry and this
 * row commit together). Returns the event, or null when its dedupe key was already recorded.
 */
export async function recordSupervisionEvent(tx: Executor, event: NewSupervisionEvent): Promise<SupervisionEvent | null> {
  const [row] = await tx
    .insert(supervisionEvents)
    .values({
      itemId: event.itemId,
      pairId: event.pairId,
      cityId: event.cityId,
      unitId: event.unitId,
      kind: event.kind,
      at: event.at,
      onDate: chinaDate(event.at),
      actorId: event.actorId,
      note: event.note ?? null,
      data: event.data ?? {},
      dedupeKey: event.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: supervisionEvents.dedupeKey, where: sql`${supervisionEvents.dedupeKey} is not null` })
    .returning();
  if (!row) return null;
  // 考评: the entries this step earns, in the same transaction.
  await applySupervisionEvent(tx, row);
  return row as SupervisionEvent;
}
