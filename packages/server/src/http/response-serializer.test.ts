import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectionOf, responseSerializerCompiler } from './response-serializer.js';

const Unit = z.object({ id: z.uuid(), name: z.string(), parentId: z.string().nullable() });
const Tree: z.ZodType<{ name: string; children: unknown[] }> = z.object({ name: z.string(), children: z.array(z.lazy(() => Tree)) });

// Each case: a schema, a value a service might hand over, and what must go out (what Zod's own output is).
const CASES: { name: string; schema: z.ZodType; value: unknown }[] = [
  {
    name: 'undeclared members are dropped',
    schema: Unit,
    value: { id: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11', name: '兴国县', parentId: null, passwordHash: 'x' },
  },
  {
    name: 'in nested objects and arrays too, members in the schema’s order',
    schema: z.object({ items: z.array(Unit), total: z.number().int() }),
    value: { total: 1, items: [{ parentId: 'p', name: '宁都县', id: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b12', secret: 1 }], debug: true },
  },
  { name: 'optional members absent stay absent', schema: z.object({ a: z.string().optional(), b: z.number() }), value: { b: 1 } },
  { name: 'nullable objects', schema: z.object({ unit: Unit.nullable() }), value: { unit: null } },
  {
    name: 'records keep their keys and project their values',
    schema: z.record(z.string(), Unit),
    value: { a: { id: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11', name: 'x', parentId: null, extra: 2 } },
  },
  { name: 'loose objects keep the other members', schema: z.looseObject({ a: z.string() }), value: { a: 'x', b: 2 } },
  {
    name: 'unions go through Zod',
    schema: z.object({ v: z.union([z.object({ kind: z.literal('a'), a: z.string() }), z.object({ kind: z.literal('b'), b: z.number() })]) }),
    value: { v: { kind: 'b', b: 2, hidden: 'x' } },
  },
  { name: 'defaults go through Zod', schema: z.object({ n: z.number().default(3), m: z.string().catch('x') }), value: { n: 5, m: 'y', o: 1 } },
  { name: 'dates as JSON writes them', schema: z.object({ at: z.date() }), value: { at: new Date('2026-12-02T00:00:00Z') } },
  { name: 'recursive schemas', schema: Tree, value: { name: 'root', children: [{ name: 'leaf', children: [], x: 1 }], y: 2 } },
];

describe('the response projection agrees with Zod’s output', () => {
  it.each(CASES)('$name', ({ schema, value }) => {
    expect(JSON.stringify(projectionOf(schema)(value))).toBe(JSON.stringify(z.encode(schema, value as never)));
  });
});

describe('responseSerializerCompiler', () => {
  const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/api/v1/x', httpStatus: '200' });
  const bad = { id: 'not-a-uuid', name: '兴国县', parentId: null, passwordHash: 'x' };

  it('strip: drops what the schema does not declare, without checking types', () => {
    expect(JSON.parse(responseSerializerCompiler('strip')(route(Unit))(bad))).toEqual({ id: 'not-a-uuid', name: '兴国县', parentId: null });
  });

  it('full and compare: a response that does not match its schema is refused', () => {
    for (const checks of ['full', 'compare'] as const) {
      let thrown: unknown;
      try {
        responseSerializerCompiler(checks)(route(Unit))(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isResponseSerializationError(thrown), checks).toBe(true);
    }
  });

  it('compare: a matching response is written once, as Zod writes it', () => {
    const good = { ...bad, id: '6f1c7a52-2f7e-4b6e-9a51-2d0c8f0e4b11' };
    expect(responseSerializerCompiler('compare')(route(Unit))(good)).toBe(JSON.stringify(z.encode(Unit, good as never)));
  });
});
