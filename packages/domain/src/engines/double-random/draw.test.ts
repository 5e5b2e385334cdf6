import { describe, expect, it } from 'vitest';
import { digestList } from './canonical.js';
import { canonicalEntityRecord, canonicalInspectorRecord, DRAW_ALGORITHM, drawCountForGrade, runDraw, verifyDraw } from './draw.js';
import { createSeededRandom, drawSeed } from './random.js';
import type { DrawInput, DrawResult, Inspector, SupervisedEntity } from './types.js';

function entity(id: string, creditGrade: string, extra: Partial<SupervisedEntity> = {}): SupervisedEntity {
  return { id, creditCode: `91440300${id.padStart(10, '0')}`, name: `主体${id}`, creditGrade, industry: 'C39', location: '440304', ...extra };
}

function entities(prefix: string, grade: string, count: number): SupervisedEntity[] {
  return Array.from({ length: count }, (_, index) => entity(`${prefix}${String(index).padStart(4, '0')}`, grade));
}

function inspector(id: string, unitId: string, extra: Partial<Inspector> = {}): Inspector {
  return { id, name: `执法员${id}`, unitId, qualifications: ['执法证'], ...extra };
}

const inspectors: Inspector[] = Array.from({ length: 12 }, (_, index) => inspector(`I${String(index).padStart(2, '0')}`, `U${index % 3}`));

/** A deterministic shuffle for the tests (a small LCG); the engine itself never sees it. */
function shuffled<T>(items: readonly T[], salt: number): T[] {
  const copy = [...items];
  let state = salt;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const baseInput: DrawInput = {
  planId: 'SZ-2024-双随机-01',
  fixedValue: '2024001期 03 11 19 24 27 31 + 08',
  entities: [...entities('A', 'A', 100), ...entities('C', 'C', 1), ...entities('D', 'D', 7)],
  inspectors,
  previousInspections: [{ inspectorId: 'I03', entityId: 'D0001' }],
};

describe('drawCountForGrade: ceil(size × ratio), at least one per non-empty grade', () => {
  it.each([
    [100, 3, 3], // 100 × 3 % = 3
    [7, 20, 2], // 7 × 20 % = 1.4 → 2
    [1, 10, 1], // 1 × 10 % = 0.1 → 1
    [0, 5, 0], // empty grade
    [7, 5, 1], // 0.35 → 1 (round would give 0)
    [33, 3, 1], // 0.99 → 1
    [34, 3, 2], // 1.02 → 2
    [100, 7, 7], // exactly 7: in floating point 0.07 × 100 = 7.000000000000001, which would ceil to 8
    [1_000_000, 3, 30_000],
    [10, 100, 10],
    [10, 0, 0], // 0 % means the grade is not drawn
    [3, '33.3333', 1], // 0.999999 → 1
    [200, 0.5, 1], // exactly 1
  ])('%i entities at %s %% → %i', (size, ratio, expected) => {
    expect(drawCountForGrade(size, ratio)).toBe(expected);
  });

  it.each([101, -1, '3.00001', 'abc'])('rejects the ratio %s', (ratio) => {
    expect(() => drawCountForGrade(10, ratio)).toThrow(RangeError);
  });
});

describe('runDraw: reproducible', () => {
  it('gives the same result for the same inputs, and says how it was computed', () => {
    const first = runDraw(baseInput);
    expect(runDraw(baseInput)).toEqual(first);
    expect(first.algorithm).toBe(DRAW_ALGORITHM);
    expect(first.entitiesDigest).toBe(digestList(baseInput.entities, canonicalEntityRecord));
    expect(first.inspectorsDigest).toBe(digestList(inspectors, canonicalInspectorRecord));
    expect(first.seed).toBe(drawSeed(baseInput.planId, first.entitiesDigest, first.inspectorsDigest, baseInput.fixedValue));
    expect(first.complete).toBe(true);
    expect(first.parameters).toEqual({
      grades: ['A', 'B', 'C', 'D'],
      ratiosPercent: { A: '3', B: '5', C: '10', D: '20' },
      teamSize: 2,
      requiredQualification: null,
    });
  });

  it('does not depend on the order of the registers', () => {
    const reordered = { ...baseInput, entities: shuffled(baseInput.entities, 7), inspectors: shuffled(inspectors, 11) };
    expect(runDraw(reordered)).toEqual(runDraw(baseInput));
  });

  it.each([
    ['grade', { creditGrade: 'D' }],
    ['name', { name: '改名后的主体' }],
  ])("changes the entities digest and the seed when one entity's %s changes", (_name, change) => {
    const changed = { ...baseInput, entities: baseInput.entities.map((item) => (item.id === 'A0042' ? { ...item, ...change } : item)) };
    const [before, after] = [runDraw(baseInput), runDraw(changed)];
    expect(after.entitiesDigest).not.toBe(before.entitiesDigest);
    expect(after.seed).not.toBe(before.seed);
  });

  it('changes the selection when the fixed value changes', () => {
    const large = { ...baseInput, entities: entities('A', 'A', 1000) };
    const picks = (fixedValue: string) => runDraw({ ...large, fixedValue }).selected.map((item) => item.entityId);
    // 30 of 1000: two draws agreeing by chance has probability far below 10^-40.
    expect(picks('2024001期')).toHaveLength(30);
    expect(picks('2024002期')).not.toEqual(picks('2024001期'));
  });

  it('counts per grade: 100 A at 3 % → 3, empty B → 0, 1 C at 10 % → 1, 7 D at 20 % → 2', () => {
    const result = runDraw(baseInput);
    expect(result.gradeCounts).toEqual([
      { grade: 'A', size: 100, ratioPercent: '3', count: 3 },
      { grade: 'B', size: 0, ratioPercent: '5', count: 0 },
      { grade: 'C', size: 1, ratioPercent: '10', count: 1 },
      { grade: 'D', size: 7, ratioPercent: '20', count: 2 },
    ]);
    expect(result.selected.map((item) => [item.order, item.creditGrade])).toEqual([
      [1, 'A'],
      [2, 'A'],
      [3, 'A'],
      [4, 'C'],
      [5, 'D'],
      [6, 'D'],
    ]);
    expect(new Set(result.selected.map((item) => item.entityId)).size).toBe(6);
  });

  it('takes the grade scale and ratios as plan data', () => {
    const result = runDraw({
      ...baseInput,
      entities: [...entities('P', 'A+', 10), ...entities('E', 'E', 4)],
      grades: ['A+', 'E'],
      ratiosPercent: { 'A+': 1, E: 50 },
    });
    expect(result.gradeCounts.map((count) => [count.grade, count.count])).toEqual([
      ['A+', 1],
      ['E', 2],
    ]);
  });

  it('forms teams of distinct inspectors in grade then id order, spreading the work evenly', () => {
    const result = runDraw({ ...baseInput, previousInspections: [], ratiosPercent: { A: 10, B: 5, C: 100, D: 100 } });
    const order = result.selected.map((item) => item.entityId);
    const gradeRank = (grade: string) => ['A', 'B', 'C', 'D'].indexOf(grade);
    const expectedOrder = [...result.selected].sort((a, b) => gradeRank(a.creditGrade) - gradeRank(b.creditGrade) || (a.entityId < b.entityId ? -1 : 1));
    expect(result.teams.map((team) => team.entityId)).toEqual(expectedOrder.map((item) => item.entityId));
    expect(order).toHaveLength(18);
    for (const team of result.teams) expect(new Set(team.inspectorIds).size).toBe(2);
    // 18 teams × 2 = 36 places over 12 inspectors: exactly 3 each, as the least-loaded rule spreads them.
    const loads = new Map<string, number>();
    for (const id of result.teams.flatMap((team) => team.inspectorIds)) loads.set(id, (loads.get(id) ?? 0) + 1);
    expect([...loads.values()]).toEqual(Array.from({ length: 12 }, () => 3));
  });

  it('leaves out entities of grades outside the scale and marks the draw incomplete', () => {
    const result = runDraw({ ...baseInput, entities: [...baseInput.entities, entity('X1', 'E'), entity('X2', 'E')] });
    expect(result.problems).toEqual([
      { code: 'UNKNOWN_GRADE', grade: 'E', count: 2, entityIds: ['X1', 'X2'], message: '2 个主体的信用等级“E”不在本计划的等级（A、B、C、D）中，未参与抽取' },
    ]);
    expect(result.complete).toBe(false);
    expect(result.selected.some((item) => item.creditGrade === 'E')).toBe(false);
  });

  it.each([
    ['a team of one', { teamSize: 1 }, /检查组至少需要 2 名执法人员，收到 teamSize = 1/],
    ['a fractional team size', { teamSize: 2.5 }, /检查组至少需要 2 名执法人员/],
    ['a grade without a ratio', { ratiosPercent: { A: 3, B: 5, C: 10 } }, /缺少等级 D 的抽取比例/],
    ['a grade whose ratio only an object inherits', { grades: ['A', 'toString'], ratiosPercent: { A: 3 } }, /缺少等级 toString 的抽取比例/],
    ['a ratio above 100 %', { ratiosPercent: { A: 3, B: 5, C: 10, D: 120 } }, /等级 D 的抽取比例/],
    ['a repeated entity id', { entities: [...baseInput.entities, entity('A0001', 'B')] }, /检查对象编号重复：A0001/],
    ['a repeated inspector id', { inspectors: [...inspectors, inspector('I01', 'U9')] }, /执法人员编号重复：I01/],
  ])('rejects %s', (_name, change, message) => {
    expect(() => runDraw({ ...baseInput, ...change })).toThrow(message);
  });
});

describe('runDraw: avoidance (回避), each rule on its own, over many fixed values', () => {
  // Every entity is drawn (100 %), and four inspectors make teams of two: without the rule, the
  // avoided inspector would sit on about half of the target's teams.
  const small = (extra: Partial<DrawInput>): DrawInput => ({
    planId: 'avoidance',
    fixedValue: '',
    entities: [entity('T', 'A', { relatedUnitIds: ['U-related'] }), ...entities('O', 'A', 5)],
    inspectors: [inspector('I1', 'U-a'), inspector('I2', 'U-b'), inspector('I3', 'U-c'), inspector('I4', 'U-d')],
    ratiosPercent: { A: 100, B: 100, C: 100, D: 100 },
    ...extra,
  });
  const fixedValues = Array.from({ length: 40 }, (_, index) => `第${index}期`);

  const rules: [string, Partial<DrawInput>][] = [
    [
      'a registered conflict',
      { inspectors: [inspector('I1', 'U-a', { conflicts: ['T'] }), inspector('I2', 'U-b'), inspector('I3', 'U-c'), inspector('I4', 'U-d')] },
    ],
    ['a related unit', { inspectors: [inspector('I1', 'U-related'), inspector('I2', 'U-b'), inspector('I3', 'U-c'), inspector('I4', 'U-d')] }],
    ['the previous plan', { previousInspections: [{ inspectorId: 'I1', entityId: 'T' }] }],
    [
      'a missing qualification',
      {
        requiredQualification: '环境执法',
        inspectors: [inspector('I1', 'U-a'), ...['I2', 'I3', 'I4'].map((id) => inspector(id, `U-${id}`, { qualifications: ['执法证', '环境执法'] }))],
      },
    ],
  ];
  it.each(rules)('%s keeps the inspector off the team', (name, extra) => {
    let elsewhere = 0;
    for (const fixedValue of fixedValues) {
      const result = runDraw(small({ ...extra, fixedValue }));
      expect(result.complete).toBe(true);
      const target = result.teams.find((team) => team.entityId === 'T');
      expect(target?.inspectorIds).toHaveLength(2);
      expect(target?.inspectorIds).not.toContain('I1');
      elsewhere += result.teams.filter((team) => team.inspectorIds.includes('I1')).length;
    }
    // The rule is specific to T: I1 still works on other teams, except when unqualified for all.
    if (name === 'a missing qualification') expect(elsewhere).toBe(0);
    else expect(elsewhere).toBeGreaterThan(0);
  });
});

describe('runDraw: a team that avoidance makes impossible', () => {
  const input: DrawInput = {
    planId: 'impossible',
    fixedValue: '1',
    entities: [entity('T', 'A', { name: '深圳市某某有限公司', relatedUnitIds: ['U1'] }), entity('O', 'A')],
    inspectors: [
      inspector('I1', 'U1'),
      inspector('I2', 'U1'),
      inspector('I3', 'U2', { conflicts: ['T'] }),
      inspector('I4', 'U2'),
      inspector('I5', 'U3', { qualifications: [] }),
    ],
    previousInspections: [{ inspectorId: 'I4', entityId: 'T' }],
    ratiosPercent: { A: 100, B: 0, C: 0, D: 0 },
  };

  it('reports why with counts per rule, draws the other teams and marks the draw incomplete', () => {
    const result = runDraw(input);
    expect(result.problems).toEqual([
      {
        code: 'TEAM_IMPOSSIBLE',
        entityId: 'T',
        teamSize: 2,
        eligible: 1,
        inspectors: 5,
        excluded: { conflict: 1, relatedUnit: 2, previousPlan: 1, qualification: 0 },
        message:
          '主体“深圳市某某有限公司”（T）无法组成 2 人检查组：执法人员共 5 名，符合条件的仅 1 名（登记利害冲突排除 1 名，关联单位回避排除 2 名，上一计划检查过该主体排除 1 名；同一人员可能被多项规则排除）',
      },
    ]);
    expect(result.complete).toBe(false);
    expect(result.teams.map((team) => team.entityId)).toEqual(['O']);
    expect(result.selected.map((item) => item.entityId).sort()).toEqual(['O', 'T']);
  });

  it('counts the qualification rule when the plan requires one', () => {
    const [problem] = runDraw({ ...input, requiredQualification: '执法证' }).problems;
    expect(problem).toMatchObject({ eligible: 0, excluded: { conflict: 1, relatedUnit: 2, previousPlan: 1, qualification: 1 } });
    expect(problem?.message).toContain('不具备“执法证”资格排除 1 名');
  });

  it('reports every entity when there are fewer inspectors than a team needs', () => {
    const result = runDraw({ ...input, inspectors: [inspector('I9', 'U9')], previousInspections: [] });
    expect(result.problems.map((problem) => [problem.code, problem.code === 'TEAM_IMPOSSIBLE' ? problem.eligible : null])).toEqual([
      ['TEAM_IMPOSSIBLE', 1],
      ['TEAM_IMPOSSIBLE', 1],
    ]);
    expect(result.teams).toEqual([]);
  });
});

describe('verifyDraw', () => {
  const published = runDraw(baseInput);

  it('finds nothing when the published result is the re-run, also after a JSON round trip', () => {
    expect(verifyDraw(baseInput, published)).toEqual([]);
    expect(verifyDraw(baseInput, JSON.parse(JSON.stringify(published)) as DrawResult)).toEqual([]);
  });

  it('detects a swapped team member', () => {
    const team = published.teams[1]!;
    const outsider = inspectors.map((item) => item.id).find((id) => !team.inspectorIds.includes(id))!;
    const tampered: DrawResult = {
      ...published,
      teams: published.teams.map((item, index) => (index === 1 ? { ...item, inspectorIds: [item.inspectorIds[0]!, outsider] } : item)),
    };
    const differences = verifyDraw(baseInput, tampered);
    expect(differences.map((difference) => [difference.field, difference.message])).toEqual([['teams[1]', '检查组第 2 项与重算结果不一致']]);
    expect(differences[0]?.published).toContain(outsider);
  });

  it('detects a different seed', () => {
    const differences = verifyDraw(baseInput, { ...published, seed: 'f'.repeat(64) });
    expect(differences).toEqual([
      { field: 'seed', expected: JSON.stringify(published.seed), published: JSON.stringify('f'.repeat(64)), message: '随机种子与重算结果不一致' },
    ]);
  });

  it('detects a selection with an entity removed, and a published result for other inputs', () => {
    expect(verifyDraw(baseInput, { ...published, selected: published.selected.slice(1) }).map((difference) => difference.field)).toContain('selected.length');
    const other = verifyDraw({ ...baseInput, fixedValue: '2024002期' }, published).map((difference) => difference.field);
    expect(other).toEqual(expect.arrayContaining(['fixedValue', 'seed']));
  });
});

/**
 * The draw re-implemented naively from its published description (runDraw's documentation), on
 * top of the generator checked by random.test.ts: no indexes, no trees, every rule spelled out.
 */
function referenceDraw(input: DrawInput): { selected: string[]; teams: [string, string[]][]; impossible: string[] } {
  const grades = input.grades ?? ['A', 'B', 'C', 'D'];
  const ratios = input.ratiosPercent ?? { A: 3, B: 5, C: 10, D: 20 };
  const teamSize = input.teamSize ?? 2;
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const registered = [...input.entities].sort(byId);
  const staff = [...input.inspectors].sort(byId);
  const seed = drawSeed(input.planId, digestList(registered, canonicalEntityRecord), digestList(staff, canonicalInspectorRecord), input.fixedValue);
  const random = createSeededRandom(seed);
  const selected: SupervisedEntity[] = [];
  const assignment: SupervisedEntity[] = [];
  for (const grade of grades) {
    const list = registered.filter((item) => item.creditGrade === grade);
    const count = Math.ceil((list.length * Number(ratios[grade])) / 100);
    for (let index = 0; index < count; index++) {
      const other = index + random.uniformInt(list.length - index);
      [list[index], list[other]] = [list[other]!, list[index]!];
      selected.push(list[index]!);
    }
    assignment.push(...list.slice(0, count).sort(byId));
  }
  const loads = new Map(staff.map((item) => [item.id, 0]));
  const teams: [string, string[]][] = [];
  const impossible: string[] = [];
  for (const target of assignment) {
    const eligible = staff.filter(
      (item) =>
        (!input.requiredQualification || item.qualifications.includes(input.requiredQualification)) &&
        !(item.conflicts ?? []).includes(target.id) &&
        !(target.relatedUnitIds ?? []).includes(item.unitId) &&
        !(input.previousInspections ?? []).some((pair) => pair.inspectorId === item.id && pair.entityId === target.id),
    );
    if (eligible.length < teamSize) {
      impossible.push(target.id);
      continue;
    }
    const team: string[] = [];
    for (let member = 0; member < teamSize; member++) {
      const candidates = eligible.filter((item) => !team.includes(item.id));
      const fewest = Math.min(...candidates.map((item) => loads.get(item.id)!));
      const leastLoaded = candidates.filter((item) => loads.get(item.id) === fewest);
      const chosen = leastLoaded[random.uniformInt(leastLoaded.length)]!;
      team.push(chosen.id);
      loads.set(chosen.id, fewest + 1);
    }
    teams.push([target.id, team]);
  }
  return { selected: selected.map((item) => item.id), teams, impossible };
}

describe('runDraw matches a naive re-implementation of its documented procedure', () => {
  const scenarios = Array.from({ length: 12 }, (_, scenario) => {
    const unitCount = 2 + (scenario % 4);
    const staff = Array.from({ length: 5 + scenario }, (_, index) =>
      inspector(`I${(index * 37) % 101}`, `U${index % unitCount}`, {
        qualifications: index % 3 === 0 ? ['执法证'] : ['执法证', '环境执法'],
        conflicts: index % 4 === 1 ? [`E${(index * 7) % 30}`, `E${(index * 11) % 30}`] : undefined,
      }),
    );
    const registered = Array.from({ length: 30 + scenario * 20 }, (_, index) =>
      entity(`E${index}`, ['A', 'B', 'C', 'D'][(index * 5 + scenario) % 4]!, { relatedUnitIds: index % 5 === 0 ? [`U${index % unitCount}`] : undefined }),
    );
    const input: DrawInput = {
      planId: `scenario-${scenario}`,
      fixedValue: String(scenario * 7919),
      entities: registered,
      inspectors: staff,
      previousInspections: staff.slice(0, 3).map((item, index) => ({ inspectorId: item.id, entityId: `E${index * 3}` })),
      ratiosPercent: { A: 20, B: 30, C: 50, D: 100 },
      teamSize: 2 + (scenario % 3),
      requiredQualification: scenario % 2 === 0 ? null : '环境执法',
    };
    return [scenario, input] as const;
  });

  it.each(scenarios)('scenario %i', (_scenario, input) => {
    const result = runDraw(input);
    const reference = referenceDraw(input);
    expect(result.selected.map((item) => item.entityId)).toEqual(reference.selected);
    expect(result.teams.map((team) => [team.entityId, team.inspectorIds])).toEqual(reference.teams);
    expect(result.problems.flatMap((problem) => (problem.code === 'TEAM_IMPOSSIBLE' ? [problem.entityId] : []))).toEqual(reference.impossible);
  });
});
