import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import type { JobName } from './jobs.js';
import { WorkLimitError, WorkPool, type WorkPoolOptions } from './pool.js';

const TEST_WORKER = new URL('../test-support/test-worker.mjs', import.meta.url);
const pools: WorkPool[] = [];

function pool(options: Partial<WorkPoolOptions> = {}): WorkPool {
  const made = new WorkPool({ workers: 1, queue: 4, timeoutMs: 10_000, heapMb: { files: 64, draw: 256 }, workerUrl: TEST_WORKER, ...options });
  pools.push(made);
  return made;
}
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

/** The test worker reads `kind` from the input; the job's name only picks the kind of thread. */
const run = (p: WorkPool, input: Record<string, unknown>, name: JobName = 'xlsx.sheet') => p.run(name, input as never) as Promise<unknown>;

describe('WorkPool', () => {
  it('refuses with 503 BUSY and a Retry-After once every thread is busy and the queue is full; the accepted jobs finish', async () => {
    const p = pool({ workers: 1, queue: 1 });
    const first = run(p, { kind: 'sleep', ms: 400 });
    const second = run(p, { kind: 'sleep', ms: 10 });
    const third = run(p, { kind: 'sleep', ms: 10 }).catch((error: unknown) => error);
    const refused = await third;
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('BUSY');
    expect((refused as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await first).toEqual({ slept: 400 });
    expect(await second).toEqual({ slept: 10 });
    expect(p.stats()).toMatchObject({ completed: 2, refused: 1, running: 0, queued: 0 });
  });

  it('stops a job past its time; the thread is replaced and the next job runs', async () => {
    const p = pool({ timeoutMs: 300 });
    const late = await run(p, { kind: 'sleep', ms: 10_000 }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(WorkLimitError);
    expect((late as WorkLimitError).limit).toBe('timeout');
    expect(await run(p, { kind: 'sleep', ms: 1 })).toEqual({ slept: 1 });
    expect(p.stats().replaced).toBe(1);
  });

  it('a job that runs its thread out of memory fails alone: the process lives on, the next job gets a new thread', async () => {
    const p = pool({ heapMb: { files: 32, draw: 256 } });
    const before = process.memoryUsage().rss;
    const out = await run(p, { kind: 'allocate' }).catch((error: unknown) => error);
    expect(out).toBeInstanceOf(WorkLimitError);
    expect((out as WorkLimitError).limit).toBe('memory');
    expect(await run(p, { kind: 'sleep', ms: 1 })).toEqual({ slept: 1 });
    expect((process.memoryUsage().rss - before) / (1024 * 1024)).toBeLessThan(300);
  });

  it("passes a job's AppError back whole, and anything else as an Error naming the job; a thread that exits is replaced", async () => {
    const p = pool();
    const app = await run(p, { kind: 'app' }).catch((error: unknown) => error);
    expect(app).toBeInstanceOf(AppError);
    expect(app).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, details: [{ field: 'f', reason: '太多' }] });
    const other = await run(p, { kind: 'throw' }).catch((error: unknown) => error);
    expect((other as Error).message).toBe('xlsx.sheet: TypeError: boom');
    const exited = await run(p, { kind: 'exit' }).catch((error: unknown) => error);
    expect((exited as Error).message).toMatch(/exited with code 3/);
    expect(await run(p, { kind: 'sleep', ms: 1 })).toEqual({ slept: 1 });
  });

  it('runs files and draws on threads with their own heap limits', async () => {
    const p = pool({ heapMb: { files: 64, draw: 512 } });
    const files = (await run(p, { kind: 'heap' }, 'xlsx.sheet')) as number;
    const draw = (await run(p, { kind: 'heap' }, 'draw.run')) as number;
    expect(files).toBeLessThan(200);
    expect(draw).toBeGreaterThan(512);
  });

  it('closing fails the jobs running and waiting', async () => {
    const p = pool({ workers: 1, queue: 2 });
    const running = run(p, { kind: 'sleep', ms: 200 }).catch((error: unknown) => error);
    const waiting = run(p, { kind: 'sleep', ms: 1 }).catch((error: unknown) => error);
    await p.close();
    expect(((await waiting) as Error).message).toBe('the work pool is closed');
    expect(((await running) as Error).message).toBe('the work pool is closed');
    await expect(run(p, { kind: 'sleep', ms: 1 })).rejects.toThrow('the work pool is closed');
  });
});
