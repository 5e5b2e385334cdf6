// Section "draw": the double-random draw (packages/domain runDraw, pure) on the reference register,
// 1,000,000 entities and 10,000 inspectors, against a 2 s target and against a baseline measured in
// the same run on the same arrays: a plain copy + comparator sort by id + Fisher–Yates shuffle
// (what any draw must at least do). The ids are those the platform freezes: entities as `E` + their
// register number (the engine's radix-sort path), inspectors and units as uuids. Runs in a child process.
import { randomUUID } from 'node:crypto';
import { type DrawInput, type Inspector, runDraw, type SupervisedEntity, verifyDraw } from '../../packages/domain/src/index.js';
import { percentile } from './load.js';

export const DRAW_TARGET_MS = 2000;
export const DRAW_ENTITIES = 1_000_000;
export const DRAW_INSPECTORS = 10_000;
const RUNS = 3;
const GRADES = ['A', 'B', 'C', 'D'];

export interface DrawTiming {
  entities: number;
  inspectors: number;
  drawn: number;
  teams: number;
  complete: boolean;
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  baselineMedianMs: number;
  /** draw median / baseline median. */
  toBaseline: number;
  /** draw p95 / target: below 1 meets the target. */
  p95ToTarget: number;
  met: boolean;
  verifyMs: number;
  verifyIdentical: boolean;
}

export interface DrawBenchResult {
  targetMs: number;
  timings: DrawTiming[];
  error?: string;
}

/** The reference register in scrambled id order; grades 40 / 30 / 20 / 10 %; some related units, conflicts and previous pairs. */
function register(): DrawInput {
  const entityIds = Array.from({ length: DRAW_ENTITIES }, (_, n) => `E${n + 1}`);
  const unitIds = Array.from({ length: 100 }, () => randomUUID());
  const entities: SupervisedEntity[] = new Array(DRAW_ENTITIES);
  for (let index = 0; index < DRAW_ENTITIES; index++) {
    const number = (index * 7919) % DRAW_ENTITIES;
    const padded = String(number).padStart(7, '0');
    const tenth = number % 10;
    entities[index] = {
      id: entityIds[number]!,
      creditCode: `91440300MA5${padded}`,
      name: `赣州市示例科技有限公司${number}`,
      creditGrade: GRADES[tenth < 4 ? 0 : tenth < 7 ? 1 : tenth < 9 ? 2 : 3]!,
      industry: '电子信息',
      location: '赣州深赣合作园',
      relatedUnitIds: number % 100 === 0 ? [unitIds[number % 100]!] : [],
    };
  }
  const inspectors: Inspector[] = Array.from({ length: DRAW_INSPECTORS }, (_, index) => ({
    id: randomUUID(),
    name: `执法员${index}`,
    unitId: unitIds[index % 100]!,
    qualifications: ['市场监管'],
    conflicts: index % 10 === 0 ? [entityIds[(index * 97) % DRAW_ENTITIES]!] : [],
  }));
  const previousInspections = Array.from({ length: 20_000 }, (_, index) => ({
    inspectorId: inspectors[index % DRAW_INSPECTORS]!.id,
    entityId: entityIds[(index * 31) % DRAW_ENTITIES]!,
  }));
  return { planId: 'bench-plan', fixedValue: '2026年3月1日 福彩3D 385', entities, inspectors, previousInspections, teamSize: 2 };
}

/** The baseline: copy, sort by id (code-unit order), then a Fisher–Yates shuffle of both arrays. */
function baseline(input: DrawInput): number {
  const started = performance.now();
  const entities = [...input.entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inspectors = [...input.inspectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const list of [entities, inspectors] as unknown[][]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const swap = list[i];
      list[i] = list[j];
      list[j] = swap;
    }
  }
  return performance.now() - started;
}

function timeOne(log: (m: string) => void): DrawTiming {
  const input = register();
  log('draw: register built; warm-up run');
  let result = runDraw(input);
  baseline(input);
  const draws: number[] = [];
  const baselines: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baselines.push(baseline(input));
    const started = performance.now();
    result = runDraw(input);
    draws.push(performance.now() - started);
  }
  const verifyStarted = performance.now();
  const identical = verifyDraw(input, result).length === 0;
  const verifyMs = performance.now() - verifyStarted;
  const at = (values: number[], p: number) =>
    percentile(
      [...values].sort((a, b) => a - b),
      p,
    ) ?? Number.NaN;
  const medianMs = at(draws, 50);
  const p95Ms = at(draws, 95);
  const baselineMedianMs = at(baselines, 50);
  log(`draw: median ${medianMs.toFixed(0)} ms, baseline ${baselineMedianMs.toFixed(0)} ms`);
  return {
    entities: DRAW_ENTITIES,
    inspectors: DRAW_INSPECTORS,
    drawn: result.selected.length,
    teams: result.teams.length,
    complete: result.complete,
    runs: RUNS,
    medianMs,
    p95Ms,
    maxMs: Math.max(...draws),
    baselineMedianMs,
    toBaseline: medianMs / baselineMedianMs,
    p95ToTarget: p95Ms / DRAW_TARGET_MS,
    met: p95Ms < DRAW_TARGET_MS,
    verifyMs,
    verifyIdentical: identical,
  };
}

export function benchDraw(log: (m: string) => void): DrawBenchResult {
  return { targetMs: DRAW_TARGET_MS, timings: [timeOne(log)] };
}
