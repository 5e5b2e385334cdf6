import type { FastifyInstance } from 'fastify';
import { type FieldIssue, issuesError } from './errors.js';

/**
 * Limits every parsed request (JSON body, query string, path parameters) must respect, whatever
 * its route's schema says. PostgreSQL refuses NUL in text (22021) and a string that is not valid
 * UTF-16 cannot be encoded for it, so both used to surface as 500s from deep inside a service;
 * a JSON body nested thousands of levels deep costs stack in every walk over it (and in jsonb).
 * Checking once, here, before any route's validator runs, keeps the class out of every route,
 * including routes added later.
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of objects and arrays in a body; the deepest real body (a plan outline) is about 8. */
  maxDepth: 32,
  /** Values (strings, numbers, keys…) in one body: a 1 MB body of tiny arrays would otherwise be ~500k nodes. */
  maxNodes: 200_000,
  /** How many problems one answer lists: enough to fix a form, not a report of every cell of an attack. */
  maxIssues: 10,
} as const;

const NUL = '\u0000';
// With the u flag a well-formed surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

function textProblem(value: string): string | null {
  if (value.includes(NUL)) return '不能包含空字符（U+0000）';
  // Lone surrogates come from JSON escapes such as "\ud800": they are not text and have no UTF-8 form.
  if (LONE_SURROGATE.test(value)) return '包含无效的 Unicode 字符（不成对的代理项）';
  return null;
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/**
 * Walks a parsed value without recursion (a hostile body must not be able to overflow the stack of
 * the check meant to stop it) and lists the problems, field paths written as in validation errors.
 */
export function inputProblems(root: unknown, rootPath: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Pending[] = [{ value: root, path: rootPath, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && issues.length < INPUT_LIMITS.maxIssues) {
    const { value, path, depth } = stack.pop()!;
    if (++nodes > INPUT_LIMITS.maxNodes) {
      issues.push({ field: rootPath || 'body', reason: `内容过多（超过 ${INPUT_LIMITS.maxNodes} 个值）`, code: 'too_many_values' });
      break;
    }
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) issues.push({ field: path || 'body', reason: problem, code: 'invalid_text' });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.maxDepth) {
      issues.push({ field: path || 'body', reason: `嵌套层级超过 ${INPUT_LIMITS.maxDepth} 层`, code: 'too_deep' });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        issues.push({ field: path || 'body', reason: `字段名${keyProblem}`, code: 'invalid_text' });
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return issues;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * The query parser turns a percent-escape that is not UTF-8 (`%ED%A0%80`, a lone surrogate's bytes,
 * or a stray `%`) into replacement characters or leaves it raw, so the value a route sees is not
 * what the client sent: refuse it, naming the parameter, as the router does for the path.
 */
export function queryEscapeProblems(url: string): FieldIssue[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const issues: FieldIssue[] = [];
  for (const pair of url.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!decodes(key) || !decodes(value)) {
      issues.push({ field: decodes(key) ? decodeURIComponent(key) : 'query', reason: '百分号编码无效（不是 UTF-8）', code: 'bad_escape' });
      if (issues.length >= INPUT_LIMITS.maxIssues) break;
    }
  }
  return issues;
}

/** Refuses, with 400 VALIDATION_FAILED naming the field, any request whose parsed input breaks INPUT_LIMITS. */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues = [
      ...queryEscapeProblems(request.url),
      ...inputProblems(request.params, ''),
      ...inputProblems(request.query, ''),
      ...inputProblems(request.body, ''),
    ];
    if (issues.length > 0) throw issuesError('VALIDATION_FAILED', issues.slice(0, INPUT_LIMITS.maxIssues));
  });
}
