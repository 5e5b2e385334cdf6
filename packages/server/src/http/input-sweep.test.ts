import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_TEXT, publishDefaultPlan } from '../test-support/plans.js';
import { type Agent, createTestApp, type JsonBody, type TestApp } from '../test-support/test-app.js';
import { ERROR_CATALOGUE } from './errors.js';

/*
 * The bad-input sweep. Every route of the OpenAPI document is called with hostile values in each
 * place it takes input (path, query, body): NUL bytes, lone surrogates, over-long strings, wrong
 * types, numbers and dates past their bounds, malformed JSON, deep nesting, malformed ids. Each
 * answer must be a 4xx in the one error shape, a refused field must be named, and a refused write
 * must leave nothing behind (the audit log, which every change writes to, does not grow).
 * The routes come from the document, so a route added later is swept without anyone listing it.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

interface Route {
  method: string;
  path: string;
  op: Operation;
}

/** A value that must be refused, and what it is, for the failure message. */
interface Mutation {
  label: string;
  value: unknown;
}

let t: TestApp;
let admin: Agent;
let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };
const routes: Route[] = [];
/** Ids of real records by the name a request calls them, so requests reach past "not found". */
const world: Record<string, string> = {};

function resolve(schema: JsonSchema | undefined): JsonSchema {
  let current = schema ?? {};
  for (let i = 0; i < 10 && current.$ref; i++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = doc.components?.schemas?.[name] ?? {};
  }
  return current;
}

/** The non-null alternatives of a schema (nullable fields are `anyOf [X, null]`). */
function alternatives(schema: JsonSchema): JsonSchema[] {
  const s = resolve(schema);
  const list = s.anyOf ?? s.oneOf;
  if (!list) return [s];
  return list.map(resolve).filter((alt) => alt.type !== 'null');
}

function typeOf(schema: JsonSchema): string | undefined {
  const s = alternatives(schema)[0] ?? {};
  if (Array.isArray(s.type)) return s.type.find((x) => x !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.enum) return typeof s.enum[0];
  return undefined;
}

const DAY = '2026-06-30';
// Candidates for fields with a pattern (decimals, codes, coordinates): the first that fits is used.
const PATTERN_CANDIDATES = ['1', '2.5', '360700', 'sweep-code', 'A', '113.5', '25.8'];
// Values for fields whose rule a pattern cannot say (password policy, GB 32100 check digit).
const NAMED_SAMPLES: Record<string, () => string> = {
  password: () => 'Sweep#Pass2026x',
  newPassword: () => 'Sweep#Pass2026y',
  currentPassword: () => 'Sweep#Pass2026x',
  username: () => `sweep_${Math.random().toString(36).slice(2, 10)}`,
  creditCode: () => '91350100M000100Y43',
  code: () => `sweep-${Math.random().toString(36).slice(2, 8)}`,
  key: () => `sweep-${Math.random().toString(36).slice(2, 8)}`,
  badgeNo: () => `B${Math.random().toString(36).slice(2, 8)}`,
};

/** A plausible valid value for a field, from its schema and its name (ids of the world's records). */
function sample(schema: JsonSchema, name: string): unknown {
  const s = alternatives(schema)[0] ?? {};
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && s.default !== null && typeof s.default !== 'object') return s.default;
  const type = typeOf(s);
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    // Optional fields too: a nested field is only checked once its parents are whole (a union needs its tag).
    for (const [key, prop] of Object.entries(s.properties ?? {})) out[key] = sample(prop, key);
    return out;
  }
  if (type === 'array' && s.prefixItems) return s.prefixItems.map((item, i) => sample(item, `${name}.${i}`));
  if (type === 'array') {
    const items = s.items ?? {};
    const count = s.minItems ?? 0;
    return Array.from({ length: Math.max(count, 1) }, () => sample(items, name.replace(/s$/, '')));
  }
  if (type === 'integer' || type === 'number') {
    const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    return Math.max(min, Math.min(s.maximum ?? 1, 1));
  }
  if (type === 'boolean') return false;
  if (s.format === 'uuid') {
    const key = name.replace(/Ids?$/, 'Id');
    return world[key] ?? world[name] ?? '00000000-0000-4000-8000-000000000000';
  }
  if (s.format === 'date') return DAY;
  if (s.format === 'date-time') return `${DAY}T09:00:00+08:00`;
  const named = NAMED_SAMPLES[name];
  if (named) return named();
  if (s.pattern) {
    const pattern = new RegExp(s.pattern);
    const fit = PATTERN_CANDIDATES.find((c) => pattern.test(c) && c.length <= (s.maxLength ?? Infinity));
    if (fit) return fit;
  }
  const min = s.minLength ?? 1;
  const text = `sweep-${name}`;
  return text.length >= min ? text.slice(0, s.maxLength ?? text.length) : text.padEnd(min, 'x');
}

interface Leaf {
  path: string[];
  schema: JsonSchema;
}

/** Every field of a body schema, nested objects and the first element of arrays included. */
function leaves(schema: JsonSchema, path: string[] = [], depth = 0): Leaf[] {
  const s = alternatives(schema)[0] ?? {};
  const type = typeOf(s);
  if (depth > 6) return [];
  if (type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([key, prop]) => [
      ...(typeOf(prop) === 'object' || typeOf(prop) === 'array' ? [{ path: [...path, key], schema: prop }] : []),
      ...leaves(prop, [...path, key], depth + 1),
    ]);
  }
  if (type === 'array') return leaves(s.items ?? {}, [...path, '0'], depth + 1);
  return path.length === 0 ? [] : [{ path, schema }];
}

/** The values a field must refuse, by its type and bounds. */
function mutationsFor(schema: JsonSchema): Mutation[] {
  const s = alternatives(schema)[0] ?? {};
  const type = typeOf(s);
  const out: Mutation[] = [];
  if (type === 'string') {
    out.push({ label: 'NUL byte', value: 'a\u0000b' }, { label: 'lone surrogate', value: 'a\ud800b' }, { label: 'wrong type (object)', value: { x: 1 } });
    if (s.maxLength !== undefined && s.maxLength < 200_000) out.push({ label: `longer than ${s.maxLength}`, value: 'x'.repeat(s.maxLength + 1) });
    if (s.format === 'date') {
      out.push({ label: 'year 0000', value: '0000-01-01' }, { label: 'year 9999', value: '9999-12-31' }, { label: 'no such day', value: '2026-02-30' });
    }
    if (s.format === 'date-time')
      out.push({ label: 'year 0000', value: '0000-01-01T00:00:00+08:00' }, { label: 'year 9999', value: '9999-12-31T00:00:00+08:00' });
    if (s.format === 'uuid') out.push({ label: 'malformed id', value: 'not-a-uuid' });
    if (s.enum) out.push({ label: 'value outside the enum', value: 'zz-not-in-list' });
  } else if (type === 'integer' || type === 'number') {
    out.push({ label: 'wrong type (string)', value: 'abc' }, { label: '1e308', value: 1e308 }, { label: '-1e308', value: -1e308 });
    if (type === 'integer') out.push({ label: 'fraction for an integer', value: 1.5 });
  } else if (type === 'boolean') {
    out.push({ label: 'wrong type (string)', value: 'yes' });
  } else if (type === 'array') {
    out.push({ label: 'wrong type (string)', value: 'not-an-array' });
    if (s.maxItems !== undefined && s.maxItems < 5000)
      out.push({ label: `more than ${s.maxItems} items`, value: Array.from({ length: s.maxItems + 1 }, () => sample(s.items ?? {}, 'item')) });
  } else if (type === 'object') {
    out.push({ label: 'wrong type (array)', value: [1, 2] });
  }
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      node[key] = value;
      break;
    }
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = /^\d+$/.test(path[i + 1]!) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  return copy;
}

function pathWith(route: Route, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? world[name] ?? '00000000-0000-4000-8000-000000000000');
}

/** The kind of record a route works on: its path up to the record id ('water/sections', 'registries/{type}/records'). */
function kindOf(path: string): string {
  return path.replace('/api/v1/', '').replace(/\/\{id\}.*$/, '');
}

function pathParamValue(route: Route, name: string): string {
  if (name === 'type') return world.registryType!;
  if (name === 'list') return world.optionList!;
  // The id of a record of the route's own kind, when the world has one.
  return world[`${kindOf(route.path)}:id`] ?? '00000000-0000-4000-8000-000000000000';
}

/** Where a created record's id is also known by the field name other bodies use for it. */
const ID_FIELD_OF_KIND: Record<string, string> = {
  tasks: 'taskId',
  'water/sections': 'sectionId',
  meetings: 'meetingId',
  'inspections/entities': 'entityId',
  'inspections/inspectors': 'inspectorId',
  rollups: 'rollupId',
};

/** Remembers the id of a record a create route made, so the routes on that kind of record reach it. */
function remember(route: Route, body: JsonBody): void {
  const id = body?.id ?? body?.user?.id ?? body?.version?.id ?? body?.record?.id ?? body?.item?.id;
  if (typeof id !== 'string') return;
  const kind = route.path === '/api/v1/plans/import' ? 'plan-versions' : kindOf(route.path);
  world[`${kind}:id`] = id;
  const field = ID_FIELD_OF_KIND[kind];
  if (field) world[field] = id;
}

/**
 * Valid bodies where the schema cannot say enough (references that must agree with each other,
 * files): with them the sweep's requests get past "not found" and reach the database.
 */
const EXAMPLES: Record<string, () => unknown> = {
  'POST /api/v1/plans/import': () => ({ pairId: world.pairId, source: { text: DEFAULT_PLAN_TEXT } }),
  'POST /api/v1/tasks': () => ({ planId: world.planId, articleNo: world.articleNo, title: 'sweep task', leadUnitIds: [world.unitId] }),
  'PATCH /api/v1/tasks/{id}': () => ({ title: 'sweep task 2', description: 'sweep', dueOn: DAY, milestones: [{ title: 'm', dueOn: DAY }] }),
  'POST /api/v1/supervision': () => ({ taskId: world.taskId, unitId: world.unitId, requirement: '按期完成', deadline: '2026-12-31' }),
  'POST /api/v1/meetings': () => ({
    pairId: world.pairId,
    title: '联席会议',
    startsAt: `${DAY}T09:00:00+08:00`,
    place: '赣州',
    hostCityId: world.cityId,
    agenda: [{ title: '议程', link: { kind: 'task', id: world.taskId } }],
    decisions: [{ text: '决定事项', ownerUnitId: world.unitId, deadline: '2026-12-31' }],
  }),
  'POST /api/v1/rollups': () => ({
    pairId: world.pairId,
    key: NAMED_SAMPLES.key!(),
    name: '项目数',
    unitOfMeasure: '个',
    registryType: 'project',
    aggregate: 'count',
    period: 'all',
  }),
  'POST /api/v1/attachments': () => ({ ownerType: 'task', ownerId: world.taskId, fileName: 'sweep.txt', fileBase64: Buffer.from('sweep').toString('base64') }),
  'POST /api/v1/inspections/entities': () => ({
    pairId: world.pairId,
    cityId: world.cityId,
    creditCode: '91350100M000100Y43',
    name: '检查对象',
    creditGrade: 'A',
    industry: '制造业',
    location: '兴国县',
  }),
  'POST /api/v1/inspections/inspectors': () => ({
    pairId: world.pairId,
    cityId: world.cityId,
    badgeNo: NAMED_SAMPLES.badgeNo!(),
    name: '执法人员',
    unitId: world.unitId,
  }),
  'POST /api/v1/inspections/plans': () => ({ pairId: world.pairId, cityId: world.cityId, title: '双随机计划' }),
};

function exampleOrSample(route: Route, schema: JsonSchema): unknown {
  const example = EXAMPLES[`${route.method} ${route.path}`];
  return example ? example() : sample(schema, 'body');
}

function queryString(values: Record<string, string>): string {
  const entries = Object.entries(values);
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

function baseQuery(route: Route): Record<string, string> {
  const query: Record<string, string> = {};
  for (const param of route.op.parameters ?? []) {
    if (param.in !== 'query' || !param.required) continue;
    const value = sample(param.schema, param.name);
    query[param.name] = encodeURIComponent(String(value));
  }
  return query;
}

async function auditCount(): Promise<number> {
  const result = await t.ctx.db.execute(sql`select count(*)::int as n from audit_log`);
  return (result.rows[0] as { n: number }).n;
}

interface Failure {
  route: string;
  input: string;
  status: number;
  code: unknown;
  fields?: unknown;
}

/** One line per failure: the sweep can list hundreds, and each must say route, input and answer. */
function lines(failures: Failure[]): string[] {
  return failures.map((f) => `${f.route} [${f.input}] → ${f.status} ${String(f.code)}${f.fields ? ` fields=${JSON.stringify(f.fields).slice(0, 160)}` : ''}`);
}

/** Checks one answer to a hostile input; returns what was wrong, or null. */
function judge(route: string, input: string, response: { status: number; body: JsonBody }, field: string | null): Failure | null {
  const code = response.body?.error?.code;
  const inShape = typeof code === 'string' && code in ERROR_CATALOGUE && typeof response.body.error.message === 'string';
  const fields: string[] = Array.isArray(response.body?.error?.details) ? response.body.error.details.map((d: { field: string }) => d.field) : [];
  const fail = (): Failure => ({ route, input, status: response.status, code, fields });
  if (response.status < 400 || response.status >= 500 || !inShape) return fail();
  if (field !== null && response.status === 400 && !fields.some((f) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`))) return fail();
  return null;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  doc = (await t.agent().get('/api/v1/openapi.json')).body;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) routes.push({ method: method.toUpperCase(), path, op });
  }
  const pairs = await admin.get('/api/v1/pairs');
  const pair = pairs.body.items[0];
  world.pairId = pair.id;
  world.cityId = pair.cities?.[0]?.id ?? (await t.unit('gz-xingguo')).cityId;
  const { planId, versionId } = await publishDefaultPlan(admin, pair.id);
  world.planId = planId;
  world.versionId = versionId;
  world['plans:id'] = planId;
  world['plan-versions:id'] = versionId;
  const unit = await t.unit('gz-xingguo');
  world.unitId = unit.id;
  world['units:id'] = unit.id;
  const types = await admin.get(`/api/v1/registry-types?pairId=${pair.id}`);
  world.registryType = types.body.items?.[0]?.key ?? types.body[0]?.key ?? 'project';
  world.optionList = 'industry';
  const tree = await admin.get(`/api/v1/plans/${planId}/tree`);
  world.articleNo = tree.body.chapters?.[0]?.articles?.[0]?.number ?? '一';
  const users = await admin.get('/api/v1/users');
  world['users:id'] = users.body.items[0].id;
  world.userId = users.body.items[0].id;
}, 180_000);
afterAll(async () => t?.close());

describe('bad-input sweep over every route of the OpenAPI document', () => {
  it('the document lists the routes', () => {
    expect(routes.length).toBeGreaterThan(100);
  });

  it('every request field has bounds: strings a length, an enum or a format; numbers a range; arrays a size', () => {
    const unbounded: string[] = [];
    // Open maps whose keys and values a domain rule checks one by one (named here on purpose).
    const OPEN_MAPS = new Set(['data', 'mapping', 'ratiosPercent']);
    const walk = (schema: JsonSchema, path: string, route: string, depth: number) => {
      if (depth > 12) return;
      for (const s of alternatives(schema)) {
        const type = typeOf(s);
        if (type === 'string' && s.maxLength === undefined && !s.enum && s.const === undefined && !s.format && !s.pattern)
          unbounded.push(`${route} ${path}: string without maxLength`);
        if ((type === 'integer' || type === 'number') && (s.maximum === undefined || s.minimum === undefined))
          unbounded.push(`${route} ${path}: number without a range`);
        if (type === 'array') {
          if (s.maxItems === undefined) unbounded.push(`${route} ${path}: array without maxItems`);
          walk(s.items ?? {}, `${path}.0`, route, depth + 1);
        }
        if (type === 'object') {
          if (s.additionalProperties && typeof s.additionalProperties === 'object' && s.maxProperties === undefined && !OPEN_MAPS.has(path.split('.').pop()!)) {
            unbounded.push(`${route} ${path}: open object without maxProperties`);
          }
          for (const [key, prop] of Object.entries(s.properties ?? {})) walk(prop, path ? `${path}.${key}` : key, route, depth + 1);
        }
      }
    };
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      for (const param of route.op.parameters ?? []) walk(param.schema, param.name, name, 0);
      const body = route.op.requestBody?.content['application/json']?.schema;
      if (body) walk(body, '', name, 0);
    }
    if (unbounded.length > 0) console.error(unbounded.join('\n'));
    expect(unbounded).toEqual([]);
  });

  it('hostile path ids answer 4xx in the error shape (never 5xx)', async () => {
    const failures: Failure[] = [];
    const HOSTILE_IDS: Mutation[] = [
      { label: 'malformed id', value: 'not-a-uuid' },
      { label: 'NUL', value: '%00' },
      { label: 'lone surrogate (CESU-8 bytes)', value: '%ED%A0%80' },
      { label: 'broken percent-escape', value: '%zz' },
      { label: 'invalid UTF-8', value: '%FF%FE' },
      { label: 'over-long id', value: 'a'.repeat(300) },
      { label: 'number', value: '1e308' },
    ];
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      for (const param of (route.op.parameters ?? []).filter((p) => p.in === 'path')) {
        for (const hostile of HOSTILE_IDS) {
          const params = Object.fromEntries((route.op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(route, p.name)]));
          params[param.name] = String(hostile.value);
          const url = pathWith(route, params) + queryString(baseQuery(route));
          const response = await admin.request(route.method as 'GET', url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
          const failure = judge(`${route.method} ${route.path}`, `${param.name}=${hostile.label}`, response, null);
          if (failure) failures.push(failure);
        }
      }
    }
    if (failures.length > 0) console.error(lines(failures).join('\n'));
    expect(lines(failures)).toEqual([]);
  });

  it('hostile query values answer 4xx naming the parameter', async () => {
    const failures: Failure[] = [];
    const before = await auditCount();
    for (const route of routes) {
      for (const param of (route.op.parameters ?? []).filter((p) => p.in === 'query')) {
        const type = typeOf(param.schema);
        const s = alternatives(param.schema)[0] ?? {};
        const hostile: Mutation[] = [
          { label: 'NUL', value: '%00' },
          { label: 'lone surrogate (CESU-8 bytes)', value: '%ED%A0%80' },
          { label: 'lone surrogate (JSON-style text)', value: `${encodeURIComponent('a')}%ED%B0%80` },
        ];
        if (type === 'integer' || type === 'number')
          hostile.push({ label: '1e308', value: '1e308' }, { label: '-1e308', value: '-1e308' }, { label: 'text', value: 'abc' });
        if (s.format === 'date') hostile.push({ label: 'year 0000', value: '0000-01-01' }, { label: 'year 9999', value: '9999-12-31' });
        if (s.format === 'date-time') hostile.push({ label: 'year 0000', value: encodeURIComponent('0000-01-01T00:00:00+08:00') });
        if (s.format === 'uuid') hostile.push({ label: 'malformed id', value: 'not-a-uuid' });
        if (s.maxLength !== undefined) hostile.push({ label: `longer than ${s.maxLength}`, value: 'x'.repeat(s.maxLength + 1) });
        if (s.enum) hostile.push({ label: 'outside the enum', value: 'zz-not-in-list' });
        for (const bad of hostile) {
          const query = { ...baseQuery(route), [param.name]: String(bad.value) };
          const params = Object.fromEntries((route.op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(route, p.name)]));
          const url = pathWith(route, params) + queryString(query);
          const response = await admin.request(route.method as 'GET', url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
          const failure = judge(`${route.method} ${route.path}`, `${param.name}=${bad.label}`, response, param.name);
          if (failure) failures.push(failure);
        }
      }
    }
    if (failures.length > 0) console.error(lines(failures).join('\n'));
    expect(lines(failures)).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('hostile body fields answer 400 naming the field, and nothing is written', async () => {
    const failures: Failure[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.op.requestBody)) {
      const schema = route.op.requestBody!.content['application/json'].schema;
      const base = sample(schema, 'body');
      const params = Object.fromEntries((route.op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(route, p.name)]));
      const url = pathWith(route, params) + queryString(baseQuery(route));
      const before = await auditCount();
      for (const leaf of leaves(schema)) {
        for (const bad of mutationsFor(leaf.schema)) {
          const body = withValue(base, leaf.path, bad.value);
          const response = await admin.request(route.method as 'POST', url, body);
          checked++;
          const failure = judge(`${route.method} ${route.path}`, `${leaf.path.join('.')}=${bad.label}`, response, leaf.path.join('.'));
          if (failure) failures.push(failure);
        }
      }
      // A refused write leaves no trace; the login route is the exception on purpose (every failed login is audited).
      if (route.path !== '/api/v1/auth/login') {
        const after = await auditCount();
        if (after !== before)
          failures.push({ route: `${route.method} ${route.path}`, input: 'any refused body', status: 0, code: `audit log grew by ${after - before}` });
      }
    }
    expect(checked).toBeGreaterThan(300);
    if (failures.length > 0) console.error(lines(failures).join('\n'));
    expect(lines(failures)).toEqual([]);
  });

  it('valid extremes (longest strings of 4-byte characters, numbers at their bounds, the first and last dates) never answer 5xx', async () => {
    const failures: Failure[] = [];
    const accepted: string[] = [];
    const FOUR_BYTE = '𠀀'; // CJK Extension B: 4 bytes in UTF-8, 2 UTF-16 units
    // Extremes replace the free-text, number and date fields of a valid body, and keep its references.
    const overlay = (base: unknown, over: unknown): unknown => {
      if (Array.isArray(base)) return base.map((item, _i) => overlay(item, Array.isArray(over) ? over[0] : undefined));
      if (base && typeof base === 'object') {
        return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, overlay(v, (over as Record<string, unknown> | undefined)?.[k])]));
      }
      return over === undefined || typeof over !== typeof base ? base : over;
    };
    const extreme = (schema: JsonSchema, name: string, end: 'low' | 'high'): unknown => {
      const s = alternatives(schema)[0] ?? {};
      const type = typeOf(s);
      if (type === 'object') {
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, prop]) => [key, extreme(prop, key, end)]));
      }
      if (type === 'array') return [extreme(s.items ?? {}, name.replace(/s$/, ''), end)];
      if ((type === 'integer' || type === 'number') && s.minimum !== undefined && s.maximum !== undefined) return end === 'low' ? s.minimum : s.maximum;
      if (type === 'string' && !s.enum && !s.format && !s.pattern && s.maxLength !== undefined && end === 'high') {
        return FOUR_BYTE.repeat(Math.max(1, Math.floor(Math.min(s.maxLength, 100_000) / 2)));
      }
      if (type === 'string' && s.format === 'date') return end === 'low' ? '1900-01-01' : '2099-12-31';
      if (type === 'string' && s.format === 'date-time') return end === 'low' ? '1900-01-01T00:00:00+08:00' : '2099-12-31T23:59:59+08:00';
      return sample(s, name);
    };
    // Creates before changes, deletes last, so the changes find records to change.
    const order = (r: Route) => (r.method === 'POST' ? 0 : r.method === 'DELETE' ? 2 : 1);
    for (const route of [...routes].filter((r) => r.method !== 'GET').sort((a, b) => order(a) - order(b))) {
      if (route.path === '/api/v1/auth/logout' || route.path === '/api/v1/auth/password') continue; // would end the sweep's own session
      const schema = route.op.requestBody?.content['application/json'].schema;
      const params = Object.fromEntries((route.op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(route, p.name)]));
      const url = pathWith(route, params) + queryString(baseQuery(route));
      for (const end of ['plain', 'low', 'high'] as const) {
        const base = schema ? exampleOrSample(route, schema) : undefined;
        const body = schema && end !== 'plain' ? overlay(base, extreme(schema, 'body', end)) : base;
        const response = await admin.request(route.method as 'POST', url, body ?? (route.method === 'DELETE' ? undefined : {}));
        if (response.status < 300) remember(route, response.body);
        if (response.status < 400) accepted.push(`${route.method} ${route.path} (${end})`);
        else {
          if (process.env.SWEEP_DEBUG)
            console.info(
              `REFUSED ${route.method} ${route.path} (${end}) ${response.status} ${JSON.stringify(response.body?.error?.details ?? response.body).slice(0, 300)}`,
            );
          const failure = judge(`${route.method} ${route.path}`, `${end} extremes`, response, null);
          if (failure) failures.push(failure);
        }
      }
    }
    if (failures.length > 0) console.error(lines(failures).join('\n'));
    console.info(`valid-extremes sweep: ${accepted.length} requests accepted\n${accepted.join('\n')}`);
    expect(lines(failures)).toEqual([]);
  });

  it('the reported cases: NUL in a task title or a search, a lone surrogate in an anonymous login, years 0000 and 9999, an attachment of a missing record', async () => {
    const task = await admin.post('/api/v1/tasks', { planId: world.planId, articleNo: world.articleNo, title: '示例任务', leadUnitIds: [world.unitId] });
    expect(task.status).toBe(201);
    const before = await auditCount();
    const nul = await admin.patch(`/api/v1/tasks/${task.body.id}`, { title: 'a\u0000b' });
    expect([nul.status, nul.body.error.code, nul.body.error.details[0].field]).toEqual([400, 'VALIDATION_FAILED', 'title']);
    const search = await admin.get('/api/v1/tasks?q=%00');
    expect([search.status, search.body.error.details[0].field]).toEqual([400, 'q']);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"a\\ud800b","password":"x"}',
    });
    expect([login.statusCode, JSON.parse(login.body).error.details[0].field]).toEqual([400, 'username']);
    for (const day of ['0000-01-01', '9999-12-31', '1899-12-31', '2100-01-01']) {
      const dated = await admin.patch(`/api/v1/tasks/${task.body.id}`, { dueOn: day });
      expect({ day, status: dated.status, field: dated.body.error?.details?.[0]?.field }).toEqual({ day, status: 400, field: 'dueOn' });
    }
    const orphan = await admin.post('/api/v1/attachments', {
      ownerType: 'task',
      ownerId: '00000000-0000-4000-8000-000000000000',
      fileName: 'a.txt',
      fileBase64: Buffer.from('x').toString('base64'),
    });
    expect(orphan.status).toBe(404);
    expect(await auditCount()).toBe(before);
  });

  it('over-long addresses and headers, broken escapes and garbage on the wire answer in the error shape (414, 431, 400)', async () => {
    // These never reach a route: Node's HTTP parser or the router refuses them, so they are sent over a real socket.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (request: string) =>
      new Promise<{ status: number; body: JsonBody }>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const [head = '', ...rest] = text.split('\r\n\r\n');
          const status = Number(head.split(' ')[1]);
          let body: JsonBody = rest.join('\r\n\r\n');
          try {
            body = JSON.parse(body);
          } catch {
            // left as text: the assertion below names it
          }
          resolve({ status, body });
        });
      });
    const get = (path: string, extraHeaders = '') =>
      raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${admin.cookie}\r\n${extraHeaders}Connection: close\r\n\r\n`);
    const cases: { label: string; answer: Promise<{ status: number; body: JsonBody }>; status: number; code: string }[] = [
      { label: 'broken percent-escape in the path', answer: get('/api/v1/tasks/%zz'), status: 400, code: 'VALIDATION_FAILED' },
      { label: 'path parameter of 300 characters', answer: get(`/api/v1/tasks/${'a'.repeat(300)}`), status: 414, code: 'URI_TOO_LONG' },
      { label: 'query of 1 MB', answer: get(`/api/v1/tasks?q=${'x'.repeat(1024 * 1024)}`), status: 431, code: 'HEADERS_TOO_LARGE' },
      { label: 'a header of 20 KB', answer: get('/api/v1/health', `X-Filler: ${'y'.repeat(20 * 1024)}\r\n`), status: 431, code: 'HEADERS_TOO_LARGE' },
      { label: 'garbage instead of a request line', answer: raw('NOT HTTP AT ALL\r\n\r\n'), status: 400, code: 'MALFORMED_REQUEST' },
    ];
    const answers = [];
    for (const c of cases) {
      const { status, body } = await c.answer;
      answers.push({ label: c.label, status, code: body?.error?.code, hasMessage: typeof body?.error?.message === 'string' });
    }
    expect(answers).toEqual(cases.map((c) => ({ label: c.label, status: c.status, code: c.code, hasMessage: true })));
  });

  it('malformed, mistyped, deeply nested or oversized bodies answer 4xx in the error shape on every write route', async () => {
    const failures: Failure[] = [];
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const wide = `{"x":[${Array.from({ length: 150_000 }, () => '0').join(',')}]}`;
    const RAW_BODIES: { label: string; payload: string; contentType: string }[] = [
      { label: 'malformed JSON', payload: '{"a":', contentType: 'application/json' },
      { label: 'JSON with a NUL escape in a key', payload: '{"a\\u0000b":1}', contentType: 'application/json' },
      { label: 'JSON with a lone surrogate escape', payload: '{"x":"\\udc00"}', contentType: 'application/json' },
      { label: 'an array instead of an object', payload: '[1,2,3]', contentType: 'application/json' },
      { label: 'a string instead of an object', payload: '"text"', contentType: 'application/json' },
      { label: 'null', payload: 'null', contentType: 'application/json' },
      { label: 'nested 5000 levels', payload: `{"x":${deep}}`, contentType: 'application/json' },
      { label: '150 000 values', payload: wide, contentType: 'application/json' },
      { label: 'over 30 MB', payload: `{"x":"${'y'.repeat(31 * 1024 * 1024)}"}`, contentType: 'application/json' },
      { label: 'form-encoded', payload: 'a=1', contentType: 'application/x-www-form-urlencoded' },
      { label: 'plain text', payload: 'hello', contentType: 'text/plain' },
    ];
    for (const route of routes.filter((r) => r.method !== 'GET' && r.method !== 'DELETE')) {
      const params = Object.fromEntries((route.op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(route, p.name)]));
      const url = pathWith(route, params) + queryString(baseQuery(route));
      for (const raw of RAW_BODIES) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrfToken!, 'content-type': raw.contentType },
          payload: raw.payload,
        });
        const body = response.headers['content-type']?.toString().includes('json') ? JSON.parse(response.body) : response.body;
        const failure = judge(`${route.method} ${route.path}`, raw.label, { status: response.statusCode, body }, null);
        // A route without a body (publish, hold, read…) may ignore what it was sent; it must still not fail.
        if (failure && !(failure.status >= 200 && failure.status < 300 && !route.op.requestBody)) failures.push(failure);
      }
    }
    if (failures.length > 0) console.error(lines(failures).join('\n'));
    expect(lines(failures)).toEqual([]);
  });
});
