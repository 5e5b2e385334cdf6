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

/**
 * Answers kept per database handle and key (plan and row versions), the most recently asked last:
 * at most `count` of them and `bytes` together. Concurrent first asks share one build; a failed
 * build (a full queue, a database error) is not kept, so the next ask tries again.
 */
class KeptAnswers<T> {
  private readonly perDatabase = new WeakMap<Database, Map<string, { value: Promise<T>; bytes: number }>>();

  constructor(
    private readonly count: number,
    private readonly bytes: number,
    private readonly sizeOf: (value: T) => number,
  ) {}

  get(db: Database, key: string, build: () => Promise<T>): Promise<T> {
    let kept = this.perDatabase.get(db);
    if (!kept) {
      kept = new Map();
      this.perDatabase.set(db, kept);
    }
    const found = kept.get(key);
    if (found) {
      kept.delete(key);
      kept.set(key, found);
      return found.value;
    }
    const entry = { value: build(), bytes: 0 };
    kept.set(key, entry);
    const map = kept;
    entry.value.then(
      (value) => {
        entry.bytes = this.sizeOf(value);
        let total = [...map.values()].reduce((sum, e) => sum + e.bytes, 0);
        // Oldest first, never the one just built (it is being sent).
        for (const [oldest, old] of map) {
          if ((map.size <= this.count && total <= this.bytes) || oldest === key) break;
          total -= old.bytes;
          map.delete(oldest);
        }
      },
      () => map.delete(key),
    );
    return entry.value;
  }
}

/** Verdicts are small (the differences, empty when identical): many are kept. */
const verdicts = new KeptAnswers<Verdict>(4096, Number.POSITIVE_INFINITY, () => 0);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function verdictOf(ctx: ServiceContext, id: string): Promise<Verdict> {
  const plan = await repo.findPlan(ctx.db, id);
  const frozen = await repo.drawInputsText(ctx.db, id);
  if (plan?.status !== 'published' || !frozen?.result) throw new AppError('NOT_FOUND');
  const differences = await ctx.work.run('draw.verify', { ...drawJobOf(plan, frozen), resultJson: frozen.result });
  return { identical: differences.length === 0, differences, fixedValueMatchesHash: sha256(plan.fixedValue ?? '') === plan.fixedValueHash };
}

/** The key of a published plan's stored draw: its id and row versions (404 unless published with a result). */
async function versionKey(ctx: ServiceContext, id: string): Promise<string> {
  const version = await repo.publishedDrawVersion(ctx.db, id);
  if (!version) throw new AppError('NOT_FOUND');
  return `${id}:${version.plan}:${version.inputs}`;
}

/** The verdict on a published plan's stored draw (404 unless published). */
export async function verifyPublished(ctx: ServiceContext, id: string): Promise<Verdict> {
  return verdicts.get(ctx.db, await versionKey(ctx, id), () => verdictOf(ctx, id));
}

/*
 * The published inputs and result (GET /api/v1/public/inspection-plans/:id/inputs), kept as the
 * JSON text sent: at the reference scale they are over 100 MB, and building, projecting and
 * serializing them for every anonymous request would tie up the HTTP thread for seconds each
 * time (the same denial of service as re-running the draw). They never change once published,
 * so they are built once per row version, like the verdicts, and later requests cost one small
 * query. Bounded by bytes as well as by count: a few very large draws must not hold the memory.
 */
const publishedJson = new KeptAnswers<string>(32, 256 * 1024 * 1024, (json) => json.length * 2);

async function buildPublishedJson(ctx: ServiceContext, id: string): Promise<string> {
  const body = await publicDrawInputs(ctx, id);
  // Sent as text, this answer skips the per-response projection: check it against its schema where
  // responses are checked (the tests, `DUIKOU_RESPONSE_CHECKS=full`), and send only declared members.
  const declared = ctx.config.responseChecks === 'strip' ? body : PublishedDrawOut.parse(body);
  return JSON.stringify(declared);
}

/** The published draw as JSON text (404 unless published), built once per stored row version. */
export async function publishedDrawJson(ctx: ServiceContext, id: string): Promise<string> {
  return publishedJson.get(ctx.db, await versionKey(ctx, id), () => buildPublishedJson(ctx, id));
}
