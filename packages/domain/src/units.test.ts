import { describe, expect, it } from 'vitest';
import { isUnitType, UNIT_TYPE_LABELS, UNIT_TYPES } from './units.js';

describe('units', () => {
  it('labels every unit type in both languages', () => {
    expect(Object.keys(UNIT_TYPE_LABELS).sort()).toEqual([...UNIT_TYPES].sort());
    for (const type of UNIT_TYPES) {
      expect(UNIT_TYPE_LABELS[type].zh).not.toBe('');
      expect(UNIT_TYPE_LABELS[type].en).not.toBe('');
    }
  });

  it.each([
    { value: 'county', expected: true },
    { value: 'coordination_office', expected: true },
    { value: 'County', expected: false },
    { value: 'city', expected: false },
    { value: 3, expected: false },
    { value: undefined, expected: false },
  ])('isUnitType($value) → $expected', ({ value, expected }) => {
    expect(isUnitType(value)).toBe(expected);
  });
});
