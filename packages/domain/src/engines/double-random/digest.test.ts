import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestList } from './canonical.js';
import { canonicalEntityRecord, canonicalInspectorRecord, entitiesDigest, inspectorsDigest, previousInspectionsDigest } from './draw.js';
import type { Inspector, SupervisedEntity } from './types.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it.each([
    ['keys sorted by code unit, no whitespace', { b: 1, a: 'x', B: true }, '{"B":true,"a":"x","b":1}'],
    ['nested objects and arrays keep array order', { z: [3, 1, { y: null, x: 2 }], a: {} }, '{"a":{},"z":[3,1,{"x":2,"y":null}]}'],
    ['undefined members are left out', { a: undefined, b: 'kept' }, '{"b":"kept"}'],
    ['strings escaped as JSON.stringify does', { name: '深圳"某"\\公司\n' }, '{"name":"深圳\\"某\\"\\\\公司\\n"}'],
    ['numbers in shortest form', [0.1, 1e21, -0, 10], '[0.1,1e+21,0,10]'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
  });
});

describe('digestList', () => {
  const items = [
    { id: 'b', value: 2 },
    { id: 'a', value: 1 },
    { id: 'B', value: 3 },
  ];

  it('is SHA-256 over one canonical line per item, sorted by id in code-unit order', () => {
    // 'B' (U+0042) < 'a' (U+0061) < 'b' (U+0062).
    const expected = sha256('{"id":"B","value":3}\n{"id":"a","value":1}\n{"id":"b","value":2}\n');
    expect(digestList(items, (item) => item)).toBe(expected);
  });

  it('does not depend on the input order', () => {
    expect(digestList([...items].reverse(), (item) => item)).toBe(digestList(items, (item) => item));
  });

  it('refuses repeated ids', () => {
    expect(() => digestList([...items, { id: 'a', value: 9 }], (item) => item)).toThrow(/编号重复：a/);
  });
});

const entity: SupervisedEntity = {
  id: 'E001',
  creditCode: '91440300MA5EXAMPLE',
  name: '深圳市示例科技有限公司',
  creditGrade: 'B',
  industry: 'C39',
  location: '440304',
};

describe('entitiesDigest and inspectorsDigest', () => {
  // The fast serializer must write exactly canonicalJson(canonicalEntityRecord(...)).
  const entities: SupervisedEntity[] = [
    entity,
    { ...entity, id: 'E002', relatedUnitIds: ['U9'] },
    { ...entity, id: 'E003', relatedUnitIds: ['U9', 'U1', 'U9'] },
    { ...entity, id: 'E004', name: '带"引号"和\\反斜杠\n换行的名称' },
    { ...entity, id: 'E005', name: '含表情😀与\u2028的名称' },
    { ...entity, id: 'E006', relatedUnitIds: [] },
    { ...entity, id: 'E007', relatedUnitIds: ['U"1'] },
  ];

  it('equals digestList with the canonical entity record, for plain and unusual values', () => {
    expect(entitiesDigest([...entities].reverse())).toBe(digestList(entities, canonicalEntityRecord));
  });

  it('writes related units sorted and de-duplicated, [] when absent', () => {
    expect(canonicalJson(canonicalEntityRecord(entities[2]!))).toBe(
      '{"creditCode":"91440300MA5EXAMPLE","creditGrade":"B","id":"E003","industry":"C39","location":"440304","name":"深圳市示例科技有限公司","relatedUnitIds":["U1","U9"]}',
    );
    expect(entitiesDigest([entity])).toBe(entitiesDigest([{ ...entity, relatedUnitIds: [] }]));
  });

  it.each([
    ['grade', { creditGrade: 'C' }],
    ['name', { name: '深圳市示例科技股份有限公司' }],
    ['related units', { relatedUnitIds: ['U2'] }],
  ])("changes when one entity's %s changes", (_name, change) => {
    expect(entitiesDigest([...entities.slice(1), { ...entity, ...change }])).not.toBe(entitiesDigest(entities));
  });

  it('covers every inspector field', () => {
    const inspector: Inspector = { id: 'I1', name: '张三', unitId: 'U1', qualifications: ['执法证', '环境'], conflicts: ['E2', 'E1'] };
    expect(inspectorsDigest([inspector])).toBe(digestList([inspector], canonicalInspectorRecord));
    expect(canonicalJson(canonicalInspectorRecord(inspector))).toBe(
      '{"conflicts":["E1","E2"],"id":"I1","name":"张三","qualifications":["执法证","环境"],"unitId":"U1"}',
    );
    expect(inspectorsDigest([{ ...inspector, qualifications: ['执法证'] }])).not.toBe(inspectorsDigest([inspector]));
    expect(inspectorsDigest([{ ...inspector, unitId: 'U2' }])).not.toBe(inspectorsDigest([inspector]));
  });

  it('digests the previous plan as sorted, de-duplicated pairs', () => {
    const pairs = [
      { inspectorId: 'I2', entityId: 'E1' },
      { inspectorId: 'I1', entityId: 'E2' },
      { inspectorId: 'I1', entityId: 'E2' },
    ];
    expect(previousInspectionsDigest(pairs)).toBe(sha256('{"entityId":"E2","inspectorId":"I1"}\n{"entityId":"E1","inspectorId":"I2"}\n'));
  });
});
