import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type DrawInput, type DrawResult, verifyDraw } from '@duikou/domain';
import { PublishedDrawOut } from './modules/inspections/inspections.schema.js';

/*
 * `duikou draw verify <FILE|URL>`: re-runs a published double-random draw from its inputs (the
 * JSON `GET /api/v1/public/inspection-plans/:id/inputs` answers) with the engine's verifyDraw and
 * compares with the published result (docs/domain.md "Double-random supervision"). Needs no
 * database: anyone holding the published file can check it.
 */

export class DrawVerifyInputError extends Error {}

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source);
    } catch (error) {
      throw new DrawVerifyInputError(`cannot fetch ${source}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new DrawVerifyInputError(`cannot fetch ${source}: HTTP ${response.status}`);
    return response.text();
  }
  try {
    return fs.readFileSync(source, 'utf8');
  } catch {
    throw new DrawVerifyInputError(`cannot read ${source}`);
  }
}

export interface DrawVerifyOutcome {
  identical: boolean;
  lines: string[];
}

/** Reads, checks the shape, re-runs and compares; the lines to print, in Chinese and English. */
export async function verifyPublishedDraw(source: string): Promise<DrawVerifyOutcome> {
  const text = await readSource(source);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DrawVerifyInputError(`${source} is not JSON`);
  }
  const parsed = PublishedDrawOut.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DrawVerifyInputError(`${source} is not a published draw (${first.path.join('.') || '(root)'}: ${first.message})`);
  }
  const { input, result, fixedValueHash } = parsed.data;
  let differences: ReturnType<typeof verifyDraw>;
  try {
    differences = verifyDraw(input as DrawInput, result as DrawResult);
  } catch (error) {
    if (error instanceof RangeError) throw new DrawVerifyInputError(`输入无效 invalid inputs: ${error.message}`);
    throw error;
  }
  const lines: string[] = [];
  if (fixedValueHash) {
    const actual = createHash('sha256').update(input.fixedValue, 'utf8').digest('hex');
    if (actual !== fixedValueHash)
      differences.push({ field: 'fixedValueHash', expected: actual, published: fixedValueHash, message: '事先公布的固定值与其 SHA-256 承诺不一致' });
  }
  if (differences.length === 0) {
    lines.push(
      `一致 identical: 计划 plan ${result.planId}，种子 seed ${result.seed}`,
      `  检查对象 entities ${input.entities.length}（摘要 digest ${result.entitiesDigest}）`,
      `  执法人员 inspectors ${input.inspectors.length}（摘要 digest ${result.inspectorsDigest}）`,
      `  抽中 drawn ${result.selected.length}，检查组 teams ${result.teams.length}`,
    );
    return { identical: true, lines };
  }
  lines.push(`不一致 differences: ${differences.length}`);
  for (const d of differences.slice(0, 50)) lines.push(`  ${d.field}: ${d.message}\n    重算 expected:  ${d.expected}\n    公布 published: ${d.published}`);
  if (differences.length > 50) lines.push(`  …… 另有 ${differences.length - 50} 处 (${differences.length - 50} more)`);
  return { identical: false, lines };
}
