import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formNameOf, fromControl, importFieldOf, isEmptyValue, toControl } from '../src/pages/registries/values.js';

const field = (key: string, kind: string) => ({ key, type: { kind } });
const FIELDS = [field('name', 'text'), field('investorCreditCode', 'creditCode'), field('organiserUnitIds', 'units'), field('signedOn', 'date')];

describe('the registry form’s values', () => {
  it('counts blank text and empty lists as empty, never 0', () => {
    expect([undefined, null, '', '  ', []].map(isEmptyValue)).toEqual([true, true, true, true, true]);
    expect([0, 'x', ['a'], false].map(isEmptyValue)).toEqual([false, false, false, false]);
  });

  it('holds dates as dayjs in the control and sends them as YYYY-MM-DD; text is trimmed; empties are sent as null', () => {
    const date = field('signedOn', 'date');
    const control = toControl(date, '2026-02-20');
    expect(dayjs.isDayjs(control)).toBe(true);
    expect(fromControl(date, control)).toBe('2026-02-20');
    expect(toControl(date, null)).toBeUndefined();
    expect(fromControl(field('name', 'text'), '  稀土项目 ')).toBe('稀土项目');
    // Exact decimals stay text: 万元 never pass through a float.
    expect(fromControl(field('plannedInvestment', 'decimal'), '1234.5678')).toBe('1234.5678');
    expect(fromControl(field('headcount', 'integer'), 0)).toBe(0);
    expect(fromControl(field('organiserUnitIds', 'units'), [])).toBeNull();
    expect(fromControl(field('place', 'text'), '')).toBeNull();
  });
});

describe('server field issues on the registry screens', () => {
  it.each([
    ['data.investorCreditCode', ['data', 'investorCreditCode']],
    ['data.organiserUnitIds.1', ['data', 'organiserUnitIds']],
    ['articleNos.0', ['articleNos']],
    ['data.extra', null],
    ['pairId', null],
    ['', null],
  ] as const)('%s goes to the form field %j', (issue, expected) => {
    expect(formNameOf(issue, FIELDS)).toEqual(expected);
  });

  it('names the declared field of an import issue', () => {
    expect(importFieldOf('data.headcount')).toBe('headcount');
    expect(importFieldOf('articleNos')).toBe('articleNos');
    expect(importFieldOf('data.organiserUnitIds.0')).toBe('organiserUnitIds');
  });
});
