import type { UnitType } from '../units.js';

/** One organisational unit of a city, with optional sub-units. */
export interface UnitSeed {
  /** Stable ASCII slug, unique within the pair (e.g. 'sz-futian', 'gz-xingguo'). */
  key: string;
  name: string;
  shortName?: string;
  type: UnitType;
  /** GB/T 2260 county-level code, for units of type district/county that have one. */
  adminCode?: string;
  /** 统一社会信用代码 (GB 32100-2015), only when known for certain. */
  creditCode?: string;
  children?: UnitSeed[];
}

export interface CitySeed {
  /** GB/T 2260 prefecture prefix, e.g. '4403'. */
  code: string;
  name: string;
  units: UnitSeed[];
}

/** A pair's plan as shipped in `data/plans`: loaded and published on the first start of a database. */
export interface PlanSeed {
  /** File name inside `packages/domain/data/plans` (the text, verbatim). */
  file: string;
  title: string;
  /** Where the text comes from, kept on the version and shown with it (data/plans/SOURCE.md). */
  sourceNote: string;
}

export interface PairSeed {
  code: string;
  name: string;
  nameEn: string;
  /** The public documents the seed data comes from. */
  source: string;
  plan?: PlanSeed;
  cities: [CitySeed, CitySeed];
  /** District–county pairings by unit key; `since` is 'YYYY-MM'. */
  unitPairings: { a: string; b: string; since: string }[];
}

/** All units of a tree in depth-first pre-order (parents before their children). */
export function flattenUnitSeeds(units: readonly UnitSeed[]): UnitSeed[] {
  const out: UnitSeed[] = [];
  const visit = (list: readonly UnitSeed[]): void => {
    for (const unit of list) {
      out.push(unit);
      if (unit.children) visit(unit.children);
    }
  };
  visit(units);
  return out;
}
