import { createHash } from 'node:crypto';
import { type CanonicalValue, canonicalJson, digestLines, NEEDS_JSON_ESCAPE } from './canonical.js';
import { createSeededRandom, drawSeed, type SeededRandom } from './random.js';
import { compareCodeUnits, sortById } from './sort.js';
import type {
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

/**
 * Name and version of the published draw procedure. Any change to what runDraw computes — seed,
 * stream, selection, assignment, canonical forms — must change this string.
 */
export const DRAW_ALGORITHM = 'duikou-double-random/1: sha256-ctr-u64, partial-fisher-yates-by-id, least-loaded-teams-by-id';

/** The national A/B/C/D scale (国市监信发〔2022〕6号); the scale is plan data (docs/domain.md). */
export const DEFAULT_CREDIT_GRADES: readonly string[] = ['A', 'B', 'C', 'D'];

/**
 * Example draw ratios for the seed data, in percent: A 3 %, B 5 %, C 10 %, D 20 % (docs/domain.md,
 * "Double-random supervision with credit grades"). No national rule fixes them — ratios are local
 * rules (one county: A ≤ 5 %, B 5–20 %, C 21–60 %, D 61–100 %; Henan 2021: 1 / 2 / 10 / 30 %) —
 * so they are plan data and these are only defaults.
 */
export const DEFAULT_DRAW_RATIOS_PERCENT: Readonly<Record<string, number>> = { A: 3, B: 5, C: 10, D: 20 };

/**
 * Each team has at least two inspectors (docs/domain.md, "Avoidance"; cf. 《行政处罚法》(2021) 第四十二条,
 * 执法人员不得少于两人).
 */
export const MIN_TEAM_SIZE = 2;

const PERCENT_PATTERN = /^(\d+)(?:\.(\d{1,4}))?$/;
/** Ratios are read in units of 10^-4 percent, so 3 % is 30 000 and 100 % is 1 000 000. */
const PERCENT_SCALE = 10_000;
const HUNDRED_PERCENT = 100 * PERCENT_SCALE;
const UNKNOWN_GRADE_IDS_SHOWN = 20;

function parsePercent(value: number | string, grade: string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = PERCENT_PATTERN.exec(text);
  const scaled = match ? Number(match[1]) * PERCENT_SCALE + Number((match[2] ?? '').padEnd(4, '0')) : Number.NaN;
  if (!match || scaled > HUNDRED_PERCENT) throw new RangeError(`等级 ${grade} 的抽取比例“${String(value)}”应为 0–100 之间、最多4位小数的百分数`);
  return scaled;
}

function formatPercent(scaled: number): string {
  const fraction = String(scaled % PERCENT_SCALE)
    .padStart(4, '0')
    .replace(/0+$/, '');
  const integer = (scaled - (scaled % PERCENT_SCALE)) / PERCENT_SCALE;
  return fraction === '' ? String(integer) : `${integer}.${fraction}`;
}

/**
 * How many entities of a grade are drawn: ceil(size × ratio), computed on integers (7 % of 100 is
 * 7, where 0.07 × 100 in floating point is 7.000000000000001 and would ceil to 8).
 *
 * Why ceil and not round: a ratio is read as "at least X % of the grade is inspected"; ceil is the
 * smallest count that honours it, and it gives at least one entity for any non-empty grade with a
 * positive ratio — the "at least one per non-empty grade" rule of docs/domain.md — without a
 * special case (round would give 0 for 7 × 5 % = 0.35). A ratio of 0 % means the grade is not
 * drawn. The count never exceeds the grade's size since the ratio is at most 100 %.
 */
export function drawCountForGrade(size: number, ratioPercent: number | string): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`等级规模应为非负整数，收到 ${size}`);
  return countForScaledRatio(size, parsePercent(ratioPercent, '（未指定）'));
}

function countForScaledRatio(size: number, ratio: number): number {
  const hundred = BigInt(HUNDRED_PERCENT);
  return Math.min(size, Number((BigInt(size) * BigInt(ratio) + hundred - 1n) / hundred));
}

function sortedUnique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])].sort(compareCodeUnits);
}

/**
 * The canonical record of an entity in the entities digest: every field; related units sorted and
 * de-duplicated (their order means nothing), [] when absent.
 */
export function canonicalEntityRecord(entity: SupervisedEntity): CanonicalValue {
  return {
    id: entity.id,
    creditCode: entity.creditCode,
    name: entity.name,
    creditGrade: entity.creditGrade,
    industry: entity.industry,
    location: entity.location,
    relatedUnitIds: sortedUnique(entity.relatedUnitIds),
  };
}

/** The canonical record of an inspector: every field; qualifications and conflicts sorted and de-duplicated. */
export function canonicalInspectorRecord(inspector: Inspector): CanonicalValue {
  return {
    id: inspector.id,
    name: inspector.name,
    unitId: inspector.unitId,
    qualifications: sortedUnique(inspector.qualifications),
    conflicts: sortedUnique(inspector.conflicts),
  };
}

// A module-local binding: this runs six million times per million entities.
const needsJsonEscape = NEEDS_JSON_ESCAPE;

function isPlain(value: unknown): value is string {
  return typeof value === 'string' && !needsJsonEscape.test(value);
}

function isPlainList(values: readonly string[] | undefined): boolean {
  if (values === undefined) return true;
  if (!Array.isArray(values) || values.length > 1) return false;
  return values.length === 0 || isPlain(values[0]);
}

/**
 * canonicalJson(canonicalEntityRecord(entity)) + '\n', written out with the keys already in
 * canonical order: the digest of a million entities is mostly this function, and the generic path
 * (a record object, sorted keys, one JSON.stringify per value) allocates several times more. Takes
 * the generic path for anything unusual (escapes, several related units, non-strings).
 */
function entityLine(entity: SupervisedEntity): string {
  const { creditCode, creditGrade, id, industry, location, name, relatedUnitIds } = entity;
  if (isPlain(creditCode) && isPlain(creditGrade) && isPlain(id) && isPlain(industry) && isPlain(location) && isPlain(name) && isPlainList(relatedUnitIds)) {
    const related = relatedUnitIds === undefined || relatedUnitIds.length === 0 ? '[]' : `["${relatedUnitIds[0]}"]`;
    return `{"creditCode":"${creditCode}","creditGrade":"${creditGrade}","id":"${id}","industry":"${industry}","location":"${location}","name":"${name}","relatedUnitIds":${related}}\n`;
  }
  return `${canonicalJson(canonicalEntityRecord(entity))}\n`;
}

/** canonicalJson(canonicalInspectorRecord(inspector)) + '\n' (see entityLine; inspectors are few, so no fast path). */
function inspectorLine(inspector: Inspector): string {
  return `${canonicalJson(canonicalInspectorRecord(inspector))}\n`;
}

const PREFETCH_BLOCK = 64;
/** Keeps the prefetch loads of digestRegister observable, so that no compiler drops them. */
const prefetch = { sink: 0 };

/**
 * The entities digest of a register sorted by id, calling `visit` on each entity in order (the
 * grouping by grade rides on this pass rather than making a second one). With a million entities
 * in shuffled memory order every entity is a cache miss; reading the fields of a small block in a
 * tight loop first lets the processor fetch them in parallel, and serializing the block then finds
 * them in cache — about 30 % faster, with the same result. The block's lines go to the hash in one
 * update: a million calls into the hash cost more than joining 64 short lines (another ~30 %).
 */
function digestRegister(entities: readonly SupervisedEntity[], visit: (entity: SupervisedEntity) => void): string {
  const hash = createHash('sha256');
  let touched = 0;
  for (let start = 0; start < entities.length; start += PREFETCH_BLOCK) {
    const end = Math.min(entities.length, start + PREFETCH_BLOCK);
    for (let index = start; index < end; index++) {
      const entity = entities[index]!;
      touched += (entity.creditCode?.length ?? 0) + (entity.name?.length ?? 0) + (entity.industry?.length ?? 0) + (entity.location?.length ?? 0);
    }
    let block = '';
    for (let index = start; index < end; index++) {
      const entity = entities[index]!;
      visit(entity);
      block += entityLine(entity);
    }
    hash.update(block, 'utf8');
  }
  prefetch.sink = touched;
  return hash.digest('hex');
}

/** The entities digest: digestList(entities, canonicalEntityRecord). */
export function entitiesDigest(entities: readonly SupervisedEntity[]): string {
  return digestRegister(sortById(entities, '检查对象'), () => {});
}

/** The inspectors digest: digestList(inspectors, canonicalInspectorRecord). */
export function inspectorsDigest(inspectors: readonly Inspector[]): string {
  return digestLines(sortById(inspectors, '执法人员'), inspectorLine);
}

/** Digest of the previous plan's pairs: lines {"entityId","inspectorId"} sorted by inspector then entity, duplicates dropped. */
export function previousInspectionsDigest(pairs: readonly PreviousInspection[]): string {
  const unique = new Map<string, PreviousInspection>();
  for (const pair of pairs) unique.set(`${pair.inspectorId}\u0000${pair.entityId}`, pair);
  const sorted = [...unique.values()].sort((a, b) => compareCodeUnits(a.inspectorId, b.inspectorId) || compareCodeUnits(a.entityId, b.entityId));
  return digestLines(sorted, (pair) => `${canonicalJson({ entityId: pair.entityId, inspectorId: pair.inspectorId })}\n`);
}

function resolveParameters(input: DrawInput): { parameters: DrawParameters; ratios: Map<string, number> } {
  const grades = [...(input.grades ?? DEFAULT_CREDIT_GRADES)];
  if (grades.length === 0 || new Set(grades).size !== grades.length) throw new RangeError('信用等级序列不能为空，也不能重复');
  const given = input.ratiosPercent ?? DEFAULT_DRAW_RATIOS_PERCENT;
  const ratios = new Map<string, number>();
  const ratiosPercent: Record<string, string> = {};
  for (const grade of grades) {
    // Own members only: a grade may be any short word, `toString` too, which every object inherits.
    const ratio = Object.hasOwn(given, grade) ? given[grade] : undefined;
    if (ratio === undefined) throw new RangeError(`缺少等级 ${grade} 的抽取比例`);
    const scaled = parsePercent(ratio, grade);
    ratios.set(grade, scaled);
    ratiosPercent[grade] = formatPercent(scaled);
  }
  const teamSize = input.teamSize ?? MIN_TEAM_SIZE;
  if (!Number.isSafeInteger(teamSize) || teamSize < MIN_TEAM_SIZE) {
    throw new RangeError(`检查组至少需要 ${MIN_TEAM_SIZE} 名执法人员，收到 teamSize = ${teamSize}`);
  }
  return { parameters: { grades, ratiosPercent, teamSize, requiredQualification: input.requiredQualification ?? null }, ratios };
}

/**
 * Inspectors grouped by how many assignments they have so far, each group a Fenwick tree over the
 * inspectors' positions in id order: counting and finding "the r-th of the group in id order"
 * both take O(log n), so a draw stays O(teams × log n) however large the register.
 */
class LoadLevels {
  private readonly trees: Int32Array[] = [];
  private readonly totals: number[] = [];
  private lowest = 0;
  /** Assignments so far per inspector position; -1 for inspectors outside the pool. */
  readonly load: Int32Array;
  private readonly topStep: number;

  constructor(
    private readonly size: number,
    inPool: Uint8Array,
  ) {
    this.load = new Int32Array(size).fill(-1);
    const tree = new Int32Array(size + 1);
    let total = 0;
    for (let index = 0; index < size; index++) {
      if (!inPool[index]) continue;
      this.load[index] = 0;
      tree[index + 1] = 1;
      total++;
    }
    // Linear-time Fenwick build: each node passes its sum to its parent.
    for (let position = 1; position <= size; position++) {
      const parent = position + (position & -position);
      if (parent <= size) tree[parent]! += tree[position]!;
    }
    this.trees.push(tree);
    this.totals.push(total);
    let step = 1;
    while (step * 2 <= size) step *= 2;
    this.topStep = step;
  }

  get levelCount(): number {
    return this.trees.length;
  }

  get lowestLevel(): number {
    while (this.lowest < this.totals.length - 1 && this.totals[this.lowest] === 0) this.lowest++;
    return this.lowest;
  }

  total(level: number): number {
    return this.totals[level] ?? 0;
  }

  /** Members of the level at positions before `index`. */
  rank(level: number, index: number): number {
    const tree = this.trees[level]!;
    let sum = 0;
    for (let position = index; position > 0; position -= position & -position) sum += tree[position]!;
    return sum;
  }

  /** The position of the member with `rank` members of the level before it. */
  select(level: number, rank: number): number {
    const tree = this.trees[level]!;
    let position = 0;
    let remaining = rank + 1;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.size && tree[next]! < remaining) {
        position = next;
        remaining -= tree[next]!;
      }
    }
    return position;
  }

  private add(level: number, index: number, delta: number): void {
    if (level === this.trees.length) {
      this.trees.push(new Int32Array(this.size + 1));
      this.totals.push(0);
    }
    const tree = this.trees[level]!;
    for (let position = index + 1; position <= this.size; position += position & -position) tree[position]! += delta;
    this.totals[level]! += delta;
  }

  /** Records one more assignment for the inspector at `index`. */
  promote(index: number): void {
    const level = this.load[index]!;
    this.add(level, index, -1);
    this.add(level + 1, index, 1);
    this.load[index] = level + 1;
  }
}

/**
 * Draws one inspector: among pool members not in `excluded`, those with the fewest assignments so
 * far, in id order; the one at uniformInt(count). `excluded` holds pool positions, no repeats, and
 * leaves at least one candidate.
 */
function drawInspector(levels: LoadLevels, excluded: readonly number[], random: SeededRandom): number {
  for (let level = levels.lowestLevel; level < levels.levelCount; level++) {
    const total = levels.total(level);
    if (total === 0) continue;
    let excludedHere = 0;
    for (const index of excluded) if (levels.load[index] === level) excludedHere++;
    const available = total - excludedHere;
    if (available === 0) continue;
    let rank = random.uniformInt(available);
    if (excludedHere > 0) {
      // The r-th candidate in id order skips every excluded member ranked at or before it.
      const excludedRanks = excluded.filter((index) => levels.load[index] === level).map((index) => levels.rank(level, index));
      excludedRanks.sort((a, b) => a - b);
      for (const excludedRank of excludedRanks) {
        if (excludedRank <= rank) rank++;
        else break;
      }
    }
    return levels.select(level, rank);
  }
  throw new Error('drawInspector called without a candidate');
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function impossibleTeamMessage(
  entity: SupervisedEntity,
  teamSize: number,
  eligible: number,
  inspectors: number,
  excluded: TeamExclusionCounts,
  qualification: string | null,
): string {
  const rules = [
    `登记利害冲突排除 ${excluded.conflict} 名`,
    `关联单位回避排除 ${excluded.relatedUnit} 名`,
    `上一计划检查过该主体排除 ${excluded.previousPlan} 名`,
  ];
  if (qualification !== null) rules.push(`不具备“${qualification}”资格排除 ${excluded.qualification} 名`);
  return `主体“${entity.name}”（${entity.id}）无法组成 ${teamSize} 人检查组：执法人员共 ${inspectors} 名，符合条件的仅 ${eligible} 名（${rules.join('，')}；同一人员可能被多项规则排除）`;
}

/**
 * Runs a double-random draw (双随机、一公开, docs/domain.md "Double-random supervision with credit
 * grades"), reproducibly from published inputs:
 *
 * 1. Both registers are sorted by id (UTF-16 code units) and digested (digestList with
 *    canonicalEntityRecord / canonicalInspectorRecord); the seed is drawSeed(planId, entitiesDigest,
 *    inspectorsDigest, fixedValue); the random stream is createSeededRandom(seed) ("sha256-ctr-u64").
 * 2. Entities: for each grade in the plan's scale order, the grade's entities in id order, count =
 *    drawCountForGrade(size, ratio); a partial Fisher–Yates shuffle picks them: for i = 0 … count−1,
 *    j = i + uniformInt(size − i), swap positions i and j; the first `count` are drawn, in that
 *    order. Entities whose grade is not in the scale are not drawn (problem UNKNOWN_GRADE).
 * 3. Teams: the drawn entities in grade (scale order) then id order; for each, `teamSize` times:
 *    the candidates are the inspectors holding the required qualification (if any) who have no
 *    registered conflict with the entity, do not belong to one of its related units, did not
 *    inspect it in the previous plan and are not already on its team; among them, those with the
 *    fewest assignments so far in this draw (so work is spread evenly); in id order, the one at
 *    uniformInt(number of such candidates) joins the team.
 * 4. When fewer than `teamSize` inspectors are eligible for an entity, no random number is drawn
 *    for it, it gets no team and a TEAM_IMPOSSIBLE problem says how many inspectors each rule
 *    excluded; the other teams are still drawn and `complete` is false — the caller must not publish
 *    an incomplete draw (fix the registers or the parameters and draw again).
 *
 * Throws a RangeError for invalid parameters (team size below 2, ratios outside 0–100 %, a grade
 * without a ratio) or repeated ids. O(n log n) in the register sizes (the sorts); the rest is
 * linear plus O(log n) per team member.
 */
export function runDraw(input: DrawInput): DrawResult {
  const { parameters, ratios } = resolveParameters(input);
  const entities = sortById(input.entities, '检查对象');
  const inspectors = sortById(input.inspectors, '执法人员');
  const byGrade = new Map<string, SupervisedEntity[]>(parameters.grades.map((grade) => [grade, []]));
  const unknownGrades = new Map<string, SupervisedEntity[]>();
  const entitiesDigestHex = digestRegister(entities, (entity) => {
    const list = byGrade.get(entity.creditGrade);
    if (list) list.push(entity);
    else {
      const unknown = unknownGrades.get(entity.creditGrade) ?? [];
      unknown.push(entity);
      unknownGrades.set(entity.creditGrade, unknown);
    }
  });
  const inspectorsDigestHex = digestLines(inspectors, inspectorLine);
  const seed = drawSeed(input.planId, entitiesDigestHex, inspectorsDigestHex, input.fixedValue);
  const random = createSeededRandom(seed);
  const problems: DrawProblem[] = [];
  for (const [grade, list] of [...unknownGrades].sort(([a], [b]) => compareCodeUnits(a, b))) {
    problems.push({
      code: 'UNKNOWN_GRADE',
      grade,
      count: list.length,
      entityIds: list.slice(0, UNKNOWN_GRADE_IDS_SHOWN).map((entity) => entity.id),
      message: `${list.length} 个主体的信用等级“${grade}”不在本计划的等级（${parameters.grades.join('、')}）中，未参与抽取`,
    });
  }

  const gradeCounts: DrawGradeCount[] = [];
  const selected: DrawnEntity[] = [];
  const assignmentOrder: SupervisedEntity[] = [];
  for (const grade of parameters.grades) {
    const list = byGrade.get(grade) ?? [];
    const count = countForScaledRatio(list.length, ratios.get(grade) ?? 0);
    gradeCounts.push({ grade, size: list.length, ratioPercent: parameters.ratiosPercent[grade] ?? '0', count });
    // The shuffle runs on positions in the id-ordered list: sorting the drawn positions as numbers
    // then gives the drawn entities in id order without comparing a single id.
    const positions = new Int32Array(list.length);
    for (let index = 0; index < positions.length; index++) positions[index] = index;
    for (let index = 0; index < count; index++) {
      const swapWith = index + random.uniformInt(list.length - index);
      const picked = positions[swapWith]!;
      positions[swapWith] = positions[index]!;
      positions[index] = picked;
      const entity = list[picked]!;
      selected.push({ order: selected.length + 1, entityId: entity.id, creditCode: entity.creditCode, name: entity.name, creditGrade: grade });
    }
    for (const position of positions.subarray(0, count).sort()) assignmentOrder.push(list[position]!);
  }

  // Avoidance indexes: who is excluded for an entity, by rule, as inspector positions.
  const positionOf = new Map(inspectors.map((inspector, index) => [inspector.id, index]));
  const byUnit = new Map<string, number[]>();
  const conflictsOf = new Map<string, number[]>();
  const inPool = new Uint8Array(inspectors.length);
  inspectors.forEach((inspector, index) => {
    push(byUnit, inspector.unitId, index);
    for (const entityId of new Set(inspector.conflicts ?? [])) push(conflictsOf, entityId, index);
    inPool[index] = parameters.requiredQualification === null || inspector.qualifications.includes(parameters.requiredQualification) ? 1 : 0;
  });
  const previousOf = new Map<string, Set<number>>();
  for (const pair of input.previousInspections ?? []) {
    const position = positionOf.get(pair.inspectorId);
    if (position === undefined) continue;
    const set = previousOf.get(pair.entityId) ?? new Set<number>();
    set.add(position);
    previousOf.set(pair.entityId, set);
  }
  const poolSize = inPool.reduce((sum, flag) => sum + flag, 0);
  const levels = new LoadLevels(inspectors.length, inPool);
  // mark[position] === stamp: the inspector is already excluded for the current entity.
  const mark = new Int32Array(inspectors.length);
  let stamp = 0;

  let excluded: number[] = [];
  const exclude = (position: number): void => {
    if (mark[position] === stamp) return;
    mark[position] = stamp;
    if (inPool[position]) excluded.push(position);
  };
  const noPositions: readonly number[] = [];

  const teams: DrawTeam[] = [];
  for (const entity of assignmentOrder) {
    stamp++;
    excluded = [];
    const conflicts = conflictsOf.get(entity.id) ?? noPositions;
    for (const position of conflicts) exclude(position);
    let relatedUnit = 0;
    const relatedUnitIds = entity.relatedUnitIds ?? [];
    for (const unitId of relatedUnitIds.length > 1 ? new Set(relatedUnitIds) : relatedUnitIds) {
      const members = byUnit.get(unitId) ?? noPositions;
      relatedUnit += members.length;
      for (const position of members) exclude(position);
    }
    const previous = previousOf.get(entity.id);
    if (previous) for (const position of previous) exclude(position);

    const eligible = poolSize - excluded.length;
    if (eligible < parameters.teamSize) {
      const counts = { conflict: conflicts.length, relatedUnit, previousPlan: previous?.size ?? 0, qualification: inspectors.length - poolSize };
      problems.push({
        code: 'TEAM_IMPOSSIBLE',
        entityId: entity.id,
        teamSize: parameters.teamSize,
        eligible,
        inspectors: inspectors.length,
        excluded: counts,
        message: impossibleTeamMessage(entity, parameters.teamSize, eligible, inspectors.length, counts, parameters.requiredQualification),
      });
      continue;
    }
    const inspectorIds: string[] = [];
    for (let member = 0; member < parameters.teamSize; member++) {
      const position = drawInspector(levels, excluded, random);
      levels.promote(position);
      exclude(position);
      inspectorIds.push(inspectors[position]!.id);
    }
    teams.push({ entityId: entity.id, creditGrade: entity.creditGrade, inspectorIds });
  }

  return {
    algorithm: DRAW_ALGORITHM,
    planId: input.planId,
    fixedValue: input.fixedValue,
    entitiesDigest: entitiesDigestHex,
    inspectorsDigest: inspectorsDigestHex,
    previousInspectionsDigest: previousInspectionsDigest(input.previousInspections ?? []),
    seed,
    parameters,
    gradeCounts,
    selected,
    teams,
    problems,
    complete: problems.length === 0,
  };
}

const FIELD_LABELS: Readonly<Record<keyof DrawResult, string>> = {
  algorithm: '算法版本',
  planId: '计划编号',
  fixedValue: '事先公布的固定值',
  entitiesDigest: '检查对象名录摘要',
  inspectorsDigest: '执法人员名录摘要',
  previousInspectionsDigest: '上一计划检查记录摘要',
  seed: '随机种子',
  parameters: '抽取参数',
  gradeCounts: '各等级抽取数量',
  selected: '抽中的检查对象',
  teams: '检查组',
  problems: '问题清单',
  complete: '完整性标记',
};

/** Text for comparison; a tampered result may hold anything, so this never throws. */
function comparable(value: unknown): string {
  try {
    return value === undefined ? 'undefined' : canonicalJson(value as CanonicalValue);
  } catch {
    return String(value);
  }
}

/**
 * Re-runs the draw from its published inputs and compares it with a published result, part by
 * part (array entries one by one). Returns the differences, in Chinese, empty when identical.
 */
export function verifyDraw(input: DrawInput, published: DrawResult): DrawDifference[] {
  const expected = runDraw(input);
  const differences: DrawDifference[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof DrawResult)[]) {
    const label = FIELD_LABELS[field];
    const mine: unknown = expected[field];
    const theirs: unknown = (published as unknown as Record<string, unknown>)[field];
    if (Array.isArray(mine) && Array.isArray(theirs)) {
      if (mine.length !== theirs.length) {
        differences.push({
          field: `${field}.length`,
          expected: String(mine.length),
          published: String(theirs.length),
          message: `${label}条数与重算结果不一致`,
        });
      }
      const length = Math.max(mine.length, theirs.length);
      for (let index = 0; index < length; index++) {
        const [a, b] = [comparable(mine[index]), comparable(theirs[index])];
        if (a !== b) differences.push({ field: `${field}[${index}]`, expected: a, published: b, message: `${label}第 ${index + 1} 项与重算结果不一致` });
      }
      continue;
    }
    const [a, b] = [comparable(mine), comparable(theirs)];
    if (a !== b) differences.push({ field, expected: a, published: b, message: `${label}与重算结果不一致` });
  }
  return differences;
}
