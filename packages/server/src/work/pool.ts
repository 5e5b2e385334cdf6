import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type FieldIssue } from '../http/errors.js';
import type { JobInput, JobName, JobOutput } from './jobs.js';

/*
 * The work pool: a few worker threads that do the platform's heavy work — reading uploaded files,
 * parsing plan text, running and verifying double-random draws — so that the HTTP thread keeps
 * answering while they run. Bounded three ways:
 *   - a fixed number of threads (DUIKOU_WORKERS), each job on one thread at a time;
 *   - a bounded queue (DUIKOU_WORK_QUEUE): past it a request is refused at once with 503 BUSY and
 *     Retry-After, instead of piling up bodies in memory;
 *   - each thread's heap capped (resourceLimits), by the kind of job it runs: a file that slips past
 *     the readers' limits runs its thread out of memory, not the process; the thread is replaced.
 *     Each job has a time limit (DUIKOU_WORK_TIMEOUT_SECONDS), past which its thread is stopped.
 *
 * Worker threads cannot load TypeScript: built, the worker is dist/work/worker.js beside this
 * file; run from the sources (vitest, tsx), workers/ts-worker.mjs loads work/worker.ts through tsx.
 */

/** Threads are made for one kind of job: the heap a draw at reference size needs would let a bad file grow far. */
export type HeapClass = 'files' | 'draw';

const HEAP_OF: Record<JobName, HeapClass> = {
  'xlsx.sheet': 'files',
  'water.samples': 'files',
  'plan.parse': 'files',
  'draw.run': 'draw',
  'draw.verify': 'draw',
};

export interface WorkPoolOptions {
  /** Threads (at least 1). */
  workers: number;
  /** Jobs that may wait for a thread; one more is refused with 503 BUSY. */
  queue: number;
  /** A job running longer is stopped (its thread is replaced). */
  timeoutMs: number;
  /** Old-generation heap of a thread, in MB, by the kind of job it runs. */
  heapMb: Record<HeapClass, number>;
  /** The worker module (tests give one that sleeps or allocates on request). */
  workerUrl?: URL;
}

/** A job stopped by the pool: its thread ran out of memory, or the job ran out of time. */
export class WorkLimitError extends Error {
  constructor(
    readonly limit: 'memory' | 'timeout',
    readonly job: string,
    readonly heapMb: number,
    readonly timeoutMs: number,
  ) {
    super(limit === 'memory' ? `${job}: worker ran out of memory (${heapMb} MB)` : `${job}: ran longer than ${timeoutMs / 1000} s`);
    this.name = 'WorkLimitError';
  }
}

/** A job's failure as the worker reports it (AppError members, or an unexpected error's text). */
export type WorkFailure =
  | { kind: 'app'; code: ErrorCode; details: FieldIssue[]; message: string }
  | { kind: 'error'; name: string; message: string; stack?: string };
export type WorkReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkFailure };
export interface WorkRequest {
  id: number;
  name: string;
  input: unknown;
}

interface Job {
  id: number;
  name: JobName;
  input: unknown;
  heap: HeapClass;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** performance.now() when a thread took it. */
  started: number;
}

interface Slot {
  worker: Worker | null;
  heap: HeapClass | null;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export interface WorkStats {
  /** Threads alive. */
  threads: number;
  running: number;
  queued: number;
  completed: number;
  /** Jobs refused because the queue was full. */
  refused: number;
  /** Threads stopped for memory, time or a crash, and replaced on demand. */
  replaced: number;
}

const DEFAULT_WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../workers/ts-worker.mjs' : './worker.js', import.meta.url);
const WORKER_ENTRY = new URL('./worker.ts', import.meta.url).href;

export class WorkPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private completed = 0;
  private refused = 0;
  private replaced = 0;
  /** Mean running time of recent jobs, for Retry-After. */
  private meanMs = 1000;

  constructor(readonly options: WorkPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error('the work pool needs at least one worker');
    this.slots = Array.from({ length: options.workers }, () => ({ worker: null, heap: null, job: null, timer: null }));
  }

  /**
   * Runs a job on a thread: its value, or its AppError (the readers' 400/413 answers) re-thrown
   * here; 503 BUSY at once when every thread is busy and the queue is full; WorkLimitError when
   * the pool stopped it.
   */
  run<N extends JobName>(name: N, input: JobInput<N>): Promise<JobOutput<N>> {
    if (this.closed) return Promise.reject(new Error('the work pool is closed'));
    const idle = this.slots.some((s) => s.job === null);
    if (!idle && this.queue.length >= this.options.queue) {
      this.refused++;
      const waiting = this.queue.length + this.slots.length;
      const retryAfterSeconds = Math.min(60, Math.max(1, Math.ceil((this.meanMs * waiting) / this.slots.length / 1000)));
      return Promise.reject(new AppError('BUSY', [], undefined, { retryAfterSeconds }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, name, input, heap: HEAP_OF[name], resolve: resolve as (value: unknown) => void, reject, started: 0 });
      this.dispatch();
    });
  }

  stats(): WorkStats {
    return {
      threads: this.slots.filter((s) => s.worker !== null).length,
      running: this.slots.filter((s) => s.job !== null).length,
      queued: this.queue.length,
      completed: this.completed,
      refused: this.refused,
      replaced: this.replaced,
    };
  }

  /** Stops every thread; waiting and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the work pool is closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        const { worker, job } = slot;
        this.finish(slot, null);
        slot.worker = null;
        job?.reject(new Error('the work pool is closed'));
        if (worker) await worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => s.job === null);
      if (idle.length === 0) return;
      const job = this.queue.shift()!;
      // A thread already made for this kind of job, else an empty place, else an idle thread of the other kind, replaced.
      const slot = idle.find((s) => s.heap === job.heap && s.worker) ?? idle.find((s) => !s.worker) ?? idle[0]!;
      if (slot.worker && slot.heap !== job.heap) {
        void slot.worker.terminate();
        slot.worker = null;
      }
      if (!slot.worker) this.spawn(slot, job.heap);
      slot.job = job;
      job.started = performance.now();
      slot.timer = setTimeout(
        () => this.stop(slot, new WorkLimitError('timeout', job.name, this.options.heapMb[job.heap], this.options.timeoutMs)),
        this.options.timeoutMs,
      );
      slot.timer.unref();
      slot.worker!.postMessage({ id: job.id, name: job.name, input: job.input } satisfies WorkRequest);
      // The input may be large (a file, a register): the job holds it only until the thread has its copy.
      job.input = null;
    }
  }

  private spawn(slot: Slot, heap: HeapClass): void {
    const worker = new Worker(this.options.workerUrl ?? DEFAULT_WORKER_URL, {
      workerData: { entry: WORKER_ENTRY },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb[heap], maxYoungGenerationSizeMb: Math.min(32, this.options.heapMb[heap] / 4) },
      stdout: false,
      stderr: false,
    });
    // Idle threads must not keep a finished process (a CLI command, a test) alive.
    worker.unref();
    slot.worker = worker;
    slot.heap = heap;
    worker.on('message', (reply: WorkReply) => {
      const job = slot.job;
      if (slot.worker !== worker || !job || job.id !== reply.id) return;
      const ms = performance.now() - job.started;
      this.meanMs = this.meanMs * 0.8 + ms * 0.2;
      this.completed++;
      this.finish(slot, null);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(revive(job.name, reply.error));
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      const cause =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new WorkLimitError('memory', job?.name ?? 'idle', this.options.heapMb[heap], this.options.timeoutMs)
          : new Error(`work thread failed: ${error.message}`, { cause: error });
      this.stop(slot, cause);
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      this.stop(slot, new Error(`work thread exited with code ${code}`));
    });
  }

  /** Ends the slot's thread (memory, time, crash): its job fails with `error`, the next job gets a new thread. */
  private stop(slot: Slot, error: Error): void {
    const worker = slot.worker;
    const job = slot.job;
    slot.worker = null;
    slot.heap = null;
    this.finish(slot, null);
    if (worker) {
      this.replaced++;
      void worker.terminate();
    }
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private finish(slot: Slot, job: Job | null): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = job;
  }
}

function revive(name: string, failure: WorkFailure): Error {
  if (failure.kind === 'app') return new AppError(failure.code, failure.details, failure.message);
  const error = new Error(`${name}: ${failure.name}: ${failure.message}`);
  if (failure.stack) error.stack = `${error.message}\n  in the work thread: ${failure.stack}`;
  return error;
}
