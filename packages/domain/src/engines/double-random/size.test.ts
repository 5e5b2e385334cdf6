import { describe, expect, it } from 'vitest';
import { runDraw, verifyDraw } from './draw.js';
import type { DrawInput, Inspector, SupervisedEntity } from './types.js';

// A tenth of the reference size (1,000,000 entities, 10,000 inspectors), which the benchmark times.
const ENTITIES = 100_000;
const INSPECTORS = 1_000;
const GRADES = ['A', 'B', 'C', 'D'];

/** A register in scrambled id order (7919 is prime to 10^5, so i × 7919 mod 10^5 is a permutation). */
function register(): DrawInput {
  const entities: SupervisedEntity[] = new Array(ENTITIES);
  for (let index = 0; index < ENTITIES; index++) {
    const number = (index * 7919) % ENTITIES;
    const padded = String(number).padStart(7, '0');
    entities[index] = {
      id: `E${padded}`,
      creditCode: `91440300MA5${padded}`,
      name: `深圳市示例科技有限公司${number}`,
      creditGrade: GRADES[number % 10 < 4 ? 0 : number % 10 < 7 ? 1 : number % 10 < 9 ? 2 : 3]!,
      industry: 'C39',
      location: '440304',
      relatedUnitIds: number % 100 === 0 ? [`U${number % 50}`] : undefined,
    };
  }
  const inspectors: Inspector[] = Array.from({ length: INSPECTORS }, (_, index) => ({
    id: `I${String(index).padStart(5, '0')}`,
    name: `执法员${index}`,
    unitId: `U${index % 50}`,
    qualifications: ['执法证'],
    conflicts: index % 10 === 0 ? [`E${String(index * 97).padStart(7, '0')}`] : undefined,
  }));
  const previousInspections = Array.from({ length: 2_000 }, (_, index) => ({
    inspectorId: `I${String(index % INSPECTORS).padStart(5, '0')}`,
    entityId: `E${String((index * 31) % ENTITIES).padStart(7, '0')}`,
  }));
  return { planId: 'perf', fixedValue: '2024001期', entities, inspectors, previousInspections };
}

// How fast is the benchmark's to say (`npm run bench`, section draw: 1,000,000 entities and
// 10,000 inspectors against a 2 s target); here, that a large register is drawn completely.
describe('runDraw on a large register', () => {
  it('draws from 100,000 entities and 1,000 inspectors with the right counts and complete teams', () => {
    const result = runDraw(register());
    // 40k A × 3 % + 30k B × 5 % + 20k C × 10 % + 10k D × 20 % = 1,200 + 1,500 + 2,000 + 2,000.
    expect(result.gradeCounts.map((count) => count.count)).toEqual([1_200, 1_500, 2_000, 2_000]);
    expect(result.teams).toHaveLength(6_700);
    expect(result.complete).toBe(true);
  });

  it('verifies a published draw of that size', () => {
    const input = register();
    expect(verifyDraw(input, runDraw(input))).toEqual([]);
  });
});
