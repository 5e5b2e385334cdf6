import { DATE_RANGE_MESSAGE, isDateInRange } from '@duikou/domain';
import { z } from 'zod';

/** Every error response: `{ error: { code, message, messageEn, details, requestId } }`. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable error code from the catalogue' }),
      message: z.string().meta({ description: 'Chinese message for the user' }),
      messageEn: z.string(),
      details: z.array(z.object({ field: z.string(), reason: z.string(), code: z.string().optional() })),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const IdParams = z.object({ id: z.uuid() });

export const Timestamp = z.string().meta({ format: 'date-time' });

/**
 * A calendar date in a request (YYYY-MM-DD), within the platform's date range (domain
 * `DATE_MIN`…`DATE_MAX`): every date a request carries goes through this, never bare `z.iso.date()`.
 */
// `abort`: a malformed date gets one issue, not a second one for its range.
export const DateOnly = z.iso.date({ abort: true }).refine(isDateInRange, { message: DATE_RANGE_MESSAGE });

/** An instant with its offset in a request, within the platform's date range. */
export const DateTimeWithOffset = z.iso.datetime({ offset: true, abort: true }).refine(isDateInRange, { message: DATE_RANGE_MESSAGE });

/** Standard error responses a protected route can give, for the OpenAPI document. */
export const protectedErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
} as const;

export const OkResponse = z.object({ ok: z.literal(true) });

export function offsetOf(query: { page: number; pageSize: number }): { limit: number; offset: number } {
  return { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
}

/** Query-string booleans arrive as text. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
