import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import * as repo from './inspections.repository.js';
import { PublishedDrawOut, type VerifyOut } from './inspections.schema.js';
import { drawJobOf, publicDrawInputs } from './inspections.service.js';

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

/*
 * The published inputs and result (GET /api/v1/public/inspection-plans/:id/inputs), kept as the
 * JSON text sent: at the reference scale they are over 100 MB, and building, projecting and
 * serializing them for every anonymous request would tie up the HTTP thread for seconds each
 * time (the same denial of service as re-running the draw). They never change once published,
 * so they are built once per row version, like the verdicts, and later requests cost one small
 * query. Bounded by bytes as well as by count: a few very large draws must not hold the memory.
 */
const KEPT_INPUTS = 32;
const KEPT_INPUT_BYTES = 256 * 1024 * 1024;
const publishedJson = new WeakMap<Database, Map<string, Promise<string>>>();
const keptBytes = new WeakMap<Map<string, Promise<string>>, Map<string, number>>();

async function buildPublishedJson(ctx: ServiceContext, id: string): Promise<string> {
  const body = await publicDrawInputs(ctx, id);
  // Sent as text, this answer skips the per-response projection: check it against its schema where
  // responses are checked (the tests, `DUIKOU_RESPONSE_CHECKS=full`), and send only declared members.
  const declared = ctx.config.responseChecks === 'strip' ? body : PublishedDrawOut.parse(body);
  return JSON.stringify(declared);
}

/** The published draw as JSON text (404 unless published), built once per stored row version. */
export async function publishedDrawJson(ctx: ServiceContext, id: string): Promise<string> {
  const version = await repo.publishedDrawVersion(ctx.db, id);
  if (!version) throw new AppError('NOT_FOUND');
  let kept = publishedJson.get(ctx.db);
  if (!kept) {
    kept = new Map();
    publishedJson.set(ctx.db, kept);
    keptBytes.set(kept, new Map());
  }
  const sizes = keptBytes.get(kept)!;
  const key = `${id}:${version.plan}:${version.inputs}`;
  const found = kept.get(key);
  if (found) {
    kept.delete(key);
    kept.set(key, found);
    return found;
  }
  const pending = buildPublishedJson(ctx, id);
  kept.set(key, pending);
  pending.then(
    (json) => {
      if (!kept.has(key)) return;
      sizes.set(key, json.length * 2);
      let total = [...sizes.values()].reduce((sum, n) => sum + n, 0);
      // Oldest first, never the one just built (it is being sent).
      for (const oldest of kept.keys()) {
        if ((kept.size <= KEPT_INPUTS && total <= KEPT_INPUT_BYTES) || oldest === key) break;
        total -= sizes.get(oldest) ?? 0;
        sizes.delete(oldest);
        kept.delete(oldest);
      }
    },
    () => kept.delete(key),
  );
  return pending;
}
