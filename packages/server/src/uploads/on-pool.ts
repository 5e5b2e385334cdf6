import type { ServiceContext } from '../context.js';
import { fieldError } from '../http/errors.js';
import type { JobInput, JobName, JobOutput } from '../work/jobs.js';
import { WorkLimitError } from '../work/pool.js';
import type { SheetData } from '../xlsx/read.js';
import { type ReadLimits, readLimits } from './limits.js';

/** The reader limits in force: the fixed ones and the configured inflated ceiling. */
export const uploadLimits = (ctx: ServiceContext): ReadLimits => readLimits(ctx.config.uploadInflatedBytes);

/**
 * Reads an uploaded file on the work pool. A file whose reading the pool had to stop (its thread
 * out of memory, or out of time) is the file's doing: 413 naming `field` and the limit it passed.
 * 503 BUSY when the queue is full; a reader's own 400/413 pass through.
 */
export async function readOnPool<N extends JobName>(ctx: ServiceContext, field: string, name: N, input: JobInput<N>): Promise<JobOutput<N>> {
  try {
    return await ctx.work.run(name, input);
  } catch (error) {
    if (error instanceof WorkLimitError) {
      throw fieldError(
        'PAYLOAD_TOO_LARGE',
        field,
        error.limit === 'memory' ? `读取所需内存超过 ${error.heapMb} MB 上限` : `读取时间超过 ${error.timeoutMs / 1000} 秒上限`,
      );
    }
    throw error;
  }
}

/** One worksheet of an uploaded .xlsx (the named one if present, else the first), read within the limits. */
export function readUploadedSheet(
  ctx: ServiceContext,
  fileBase64: string,
  options: { maxDataRows: number; preferredSheet?: string; field?: string },
): Promise<SheetData> {
  const field = options.field ?? 'fileBase64';
  return readOnPool(ctx, field, 'xlsx.sheet', {
    fileBase64,
    options: { field, limits: uploadLimits(ctx), maxDataRows: options.maxDataRows, preferredSheet: options.preferredSheet },
  });
}
