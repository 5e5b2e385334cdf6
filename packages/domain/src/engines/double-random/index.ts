export { type CanonicalValue, canonicalJson, digestList } from './canonical.js';
export {
  canonicalEntityRecord,
  canonicalInspectorRecord,
  DEFAULT_CREDIT_GRADES,
  DEFAULT_DRAW_RATIOS_PERCENT,
  DRAW_ALGORITHM,
  drawCountForGrade,
  entitiesDigest,
  inspectorsDigest,
  MIN_TEAM_SIZE,
  previousInspectionsDigest,
  runDraw,
  verifyDraw,
} from './draw.js';
export { createSeededRandom, drawSeed, type SeededRandom } from './random.js';
export type {
  DrawDifference,
  DrawGradeCount,
  DrawInput,
  DrawnEntity,
  DrawParameters,
  DrawProblem,
  DrawResult,
  DrawTeam,
  Inspector,
  PreviousInspection,
  SupervisedEntity,
  TeamExclusionCounts,
} from './types.js';
