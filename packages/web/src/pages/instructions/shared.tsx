import type { Schemas, Session } from '../../api/client.js';
import type { Pair } from '../../shell/pair.js';

export type Instruction = Schemas['LeaderInstruction'];
export type InstructionListItem = Schemas['LeaderInstructionListItem'];

/** Limits of the server's request schema, for the form's counters. */
export const INSTRUCTION_LIMITS = { leaderName: 50, content: 5000, documentTitle: 200 } as const;

const grantsIn = (session: Session, pair: Pair | null) => session.grants.filter((g) => g.pairId === null || g.pairId === pair?.id);

/**
 * Whether the session reads the list of instructions: an office or a leader of the whole pair or of
 * a city (the server answers 403 to a unit's reporter, who sees an instruction through its items).
 */
export function readsInstructionList(session: Session, pair: Pair | null): boolean {
  return grantsIn(session, pair).some((g) => g.role !== 'unit_reporter' && g.role !== 'external' && (g.scope === 'all' || g.scope === 'city'));
}

/** The cities of the pair the session records instructions for: all for a pair-wide office, its own for a city office. */
export function writableCities(session: Session, pair: Pair | null): Pair['cities'] {
  const grants = grantsIn(session, pair).filter((g) => g.role === 'system_admin' || g.role === 'office_admin');
  const cities = pair?.cities ?? [];
  if (grants.some((g) => g.scope === 'all')) return cities;
  const own = new Set(grants.filter((g) => g.scope === 'city').map((g) => g.cityId));
  return cities.filter((c) => own.has(c.id));
}
