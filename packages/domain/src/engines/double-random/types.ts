/** An entity of the supervision register (检查对象名录), frozen for the plan. */
export interface SupervisedEntity {
  id: string;
  /** 统一社会信用代码. */
  creditCode: string;
  name: string;
  /** A grade of the plan's scale (default A/B/C/D). */
  creditGrade: string;
  industry: string;
  location: string;
  /** Units that are related parties of the entity: their inspectors are not drawn for it. */
  relatedUnitIds?: readonly string[];
}

/** A law-enforcement officer of the inspector register (执法检查人员名录), frozen for the plan. */
export interface Inspector {
  id: string;
  name: string;
  unitId: string;
  qualifications: readonly string[];
  /** Ids of entities with a registered conflict of interest (a relative, a former employer…). */
  conflicts?: readonly string[];
}

/** An (inspector, entity) pair inspected in the previous plan. */
export interface PreviousInspection {
  inspectorId: string;
  entityId: string;
}

export interface DrawInput {
  planId: string;
  /** A value fixed and published before the draw (lottery number, block hash). */
  fixedValue: string;
  entities: readonly SupervisedEntity[];
  inspectors: readonly Inspector[];
  previousInspections?: readonly PreviousInspection[];
  /** The plan's grade scale, best first; default DEFAULT_CREDIT_GRADES. Also the draw order of grades. */
  grades?: readonly string[];
  /** Draw ratio per grade, in percent (3 = 3 %), up to four decimals; default DEFAULT_DRAW_RATIOS_PERCENT. */
  ratiosPercent?: Readonly<Record<string, number | string>>;
  /** Inspectors per team, at least 2; default 2. */
  teamSize?: number;
  /** A qualification every team member must hold; default none. */
  requiredQualification?: string | null;
}

/** The parameters as the draw used them, normalized (ratios as decimal text). */
export interface DrawParameters {
  grades: string[];
  ratiosPercent: Record<string, string>;
  teamSize: number;
  requiredQualification: string | null;
}

export interface DrawGradeCount {
  grade: string;
  /** Entities of the grade in the register. */
  size: number;
  ratioPercent: string;
  /** ceil(size × ratio), see drawCountForGrade. */
  count: number;
}

export interface DrawnEntity {
  /** 1-based position in draw order: grades in scale order, then the order the shuffle picked them. */
  order: number;
  entityId: string;
  creditCode: string;
  name: string;
  creditGrade: string;
}

export interface DrawTeam {
  entityId: string;
  creditGrade: string;
  /** In the order drawn. */
  inspectorIds: string[];
}

/** How many inspectors each avoidance rule excluded for an entity (one inspector may count under several). */
export interface TeamExclusionCounts {
  conflict: number;
  relatedUnit: number;
  previousPlan: number;
  qualification: number;
}

export type DrawProblem =
  | {
      code: 'TEAM_IMPOSSIBLE';
      entityId: string;
      teamSize: number;
      /** Inspectors no rule excluded. */
      eligible: number;
      inspectors: number;
      excluded: TeamExclusionCounts;
      message: string;
    }
  | {
      code: 'UNKNOWN_GRADE';
      grade: string;
      count: number;
      /** Up to the first 20 ids, in id order. */
      entityIds: string[];
      message: string;
    };

export interface DrawResult {
  /** Name and version of the published procedure (DRAW_ALGORITHM). */
  algorithm: string;
  planId: string;
  fixedValue: string;
  entitiesDigest: string;
  inspectorsDigest: string;
  /** Not part of the seed; published so that the avoidance input can be checked too. */
  previousInspectionsDigest: string;
  seed: string;
  parameters: DrawParameters;
  gradeCounts: DrawGradeCount[];
  selected: DrawnEntity[];
  /** One per selected entity that could be staffed, in assignment order (grade in scale order, then id). */
  teams: DrawTeam[];
  problems: DrawProblem[];
  /** False when there are problems: an incomplete draw must not be published. */
  complete: boolean;
}

export interface DrawDifference {
  /** Path of the differing part: 'seed', 'teams[3]', 'selected.length'. */
  field: string;
  expected: string;
  published: string;
  message: string;
}
