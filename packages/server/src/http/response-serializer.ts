import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { safeEncode, type ZodType } from 'zod';

/**
 * How responses are written out (`DUIKOU_RESPONSE_CHECKS`, docs/configuration.md):
 * - `strip`: each response schema is compiled once into a projection that copies the declared
 *   members only, so no field a schema does not declare ever leaves the server; types are not
 *   checked again. The default: checking every response cost a quarter of the server's CPU under
 *   load (docs/benchmarks.md, reference scale).
 * - `full`: every response is checked against its Zod schema (a mismatch is a 500, logged).
 * - `compare`: both, and a response whose projection differs from what Zod makes of it is a 500:
 *   what the tests run, so every response the suite produces proves the projection right.
 */
export type ResponseChecks = 'strip' | 'full' | 'compare';
export const RESPONSE_CHECKS: readonly ResponseChecks[] = ['strip', 'full', 'compare'];

type Projection = (value: unknown) => unknown;

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, ZodType>;
      catchall?: ZodType;
      element?: ZodType;
      innerType?: ZodType;
      valueType?: ZodType;
      getter?: () => ZodType;
    };
  };
}

const defOf = (schema: ZodType) => (schema as unknown as ZodInternals)._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const identity: Projection = (value) => value;
/** Types whose output is their input: a projection has nothing to do. */
const AS_GIVEN = new Set(['string', 'number', 'int', 'boolean', 'bigint', 'null', 'enum', 'literal', 'date', 'any', 'unknown', 'nan']);

/** What Zod makes of a value, for the parts a projection leaves to Zod (unions, defaults, transforms). */
function byZod(schema: ZodType): Projection {
  return (value) => {
    const result = safeEncode(schema, value as never);
    if (!result.success) throw result.error;
    return result.data;
  };
}

/**
 * A function that keeps what `schema` declares of a value and drops the rest, as Zod's output
 * would (members in the schema's order, undeclared members left out), without checking types.
 * Anything it does not know how to project (unions, defaults, transforms, typed catch-alls) goes
 * through Zod itself.
 */
export function projectionOf(schema: ZodType, seen = new Map<ZodType, Projection>()): Projection {
  const known = seen.get(schema);
  if (known) return known;
  // Recursive schemas meet themselves again through a lazy getter: point at the slot being filled.
  let compiled: Projection = identity;
  const slot: Projection = (value) => compiled(value);
  seen.set(schema, slot);
  compiled = compile(schema, seen);
  return compiled;
}

function compile(schema: ZodType, seen: Map<ZodType, Projection>): Projection {
  const def = defOf(schema);
  if (AS_GIVEN.has(def.type)) return identity;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'readonly': {
      const inner = projectionOf(def.innerType!, seen);
      return (value) => (value === undefined || value === null ? value : inner(value));
    }
    case 'lazy':
      return projectionOf(def.getter!(), seen);
    case 'array': {
      const element = projectionOf(def.element!, seen);
      return (value) => (Array.isArray(value) ? value.map(element) : value);
    }
    case 'record': {
      const member = projectionOf(def.valueType!, seen);
      return (value) => {
        if (!isRecord(value)) return value;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) out[key] = member(value[key]);
        return out;
      };
    }
    case 'object': {
      const catchall = def.catchall ? defOf(def.catchall).type : 'never';
      if (catchall !== 'never' && catchall !== 'unknown') return byZod(schema);
      const members = Object.entries(def.shape ?? {}).map(([key, member]) => [key, projectionOf(member, seen)] as const);
      const declared = new Set(members.map(([key]) => key));
      const keepsOthers = catchall === 'unknown';
      return (value) => {
        if (!isRecord(value)) return value;
        const out: Record<string, unknown> = {};
        for (const [key, project] of members) {
          if (key in value) out[key] = project(value[key]);
        }
        if (keepsOthers) for (const key of Object.keys(value)) if (!declared.has(key)) out[key] = value[key];
        return out;
      };
    }
    default:
      return byZod(schema);
  }
}

/** Fastify's response serializer for the chosen checks; `schema` is a route's Zod response schema. */
export function responseSerializerCompiler(checks: ResponseChecks): FastifySerializerCompiler<ZodType> {
  return ({ schema, method, url }) => {
    // Every route declares its responses as Zod schemas; anything else is a mistake in the route.
    if (!('_zod' in schema)) throw new TypeError(`${method} ${url}: a response schema must be a Zod schema`);
    const encode = (data: unknown) => {
      const result = safeEncode(schema, data as never);
      if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
      return JSON.stringify(result.data);
    };
    if (checks === 'full') return encode;
    const project = projectionOf(schema);
    if (checks === 'strip') return (data) => JSON.stringify(project(data));
    return (data) => {
      const checked = encode(data);
      const projected = JSON.stringify(project(data));
      if (projected !== checked) {
        throw new Error(
          `response projection of ${method} ${url} differs from its schema's output:\n  zod:        ${checked.slice(0, 500)}\n  projection: ${projected.slice(0, 500)}`,
        );
      }
      return projected;
    };
  };
}
