import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import * as repo from './inspections.repository.js';
import type { VerifyOut } from './inspections.schema.js';
import { drawJobOf } from './inspections.service.js';

/*
 * The public verification of a published draw (POST /api/v1/public/inspection-plans/:id/verify):
 * the draw re-run from the inputs frozen in the database and compared with the stored result.
 * It takes no input from the caller — checking inputs or a result of one's own is what
 * `duikou draw verify` is for (draw-verify.ts), on one's own machine — and runs on the work pool.
 * The inputs of a published plan never change, so the verdict is kept: per database handle, by
 * plan and by the row versions of the plan and of its inputs (PostgreSQL's xmin changes with
 * every update, even one made by hand), so an anonymous caller costs one small query, and the
 * draw runs again only when the stored rows did change. Concurrent first calls share one run.
 */

type Verdict = z.infer<typeof VerifyOut>;

/** Verdicts kept per database; each is small (the differences, empty when identical). */
const KEPT = 4096;
const verdicts = new WeakMap<Database, Map<string, Promise<Verdict>>>();

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function verdictOf(ctx: ServiceContext, id: string): Promise<Verdict> {
  const plan = await repo.findPlan(ctx.db, id);
  const frozen = await repo.drawInputsText(ctx.db, id);
  if (plan?.status !== 'published' || !frozen?.result) throw new AppError('NOT_FOUND');
  const differences = await ctx.work.run('draw.verify', { ...drawJobOf(plan, frozen), resultJson: frozen.result });
  return { identical: differences.length === 0, differences, fixedValueMatchesHash: sha256(plan.fixedValue ?? '') === plan.fixedValueHash };
}

/** The verdict on a published plan's stored draw (404 unless published). */
export async function verifyPublished(ctx: ServiceContext, id: string): Promise<Verdict> {
  const version = await repo.publishedDrawVersion(ctx.db, id);
  if (!version) throw new AppError('NOT_FOUND');
  let kept = verdicts.get(ctx.db);
  if (!kept) {
    kept = new Map();
    verdicts.set(ctx.db, kept);
  }
  const key = `${id}:${version.plan}:${version.inputs}`;
  const found = kept.get(key);
  if (found) {
    // Most recently asked last: the first entry is the one to drop.
    kept.delete(key);
    kept.set(key, found);
    return found;
  }
  const pending = verdictOf(ctx, id);
  kept.set(key, pending);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  // A failure (a full queue, a database error) is not a verdict: the next call tries again.
  pending.catch(() => kept.delete(key));
  return pending;
}
