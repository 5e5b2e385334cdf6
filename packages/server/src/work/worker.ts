import { parentPort } from 'node:worker_threads';
import { AppError } from '../http/errors.js';
import { JOBS, type JobName } from './jobs.js';
import type { WorkFailure, WorkReply, WorkRequest } from './pool.js';

/*
 * A thread of the work pool (work/pool.ts): runs one job at a time, as the pool sends them, and
 * answers with its value or its failure. An AppError (a reader's 400 or 413) crosses back whole;
 * anything else crosses as text, for the log.
 */

function failure(error: unknown): WorkFailure {
  if (error instanceof AppError) return { kind: 'app', code: error.code, details: error.details, message: error.message };
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'error', name: 'Error', message: String(error) };
}

parentPort!.on('message', async (request: WorkRequest) => {
  let reply: WorkReply;
  try {
    if (!Object.hasOwn(JOBS, request.name)) throw new Error(`unknown job ${request.name}`);
    const run = JOBS[request.name as JobName] as (input: unknown) => Promise<unknown>;
    reply = { id: request.id, ok: true, value: await run(request.input) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: failure(error) };
  }
  parentPort!.postMessage(reply);
});
