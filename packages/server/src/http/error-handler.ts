import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { megabytes } from '../uploads/limits.js';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type FieldIssue } from './errors.js';

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, details: FieldIssue[], message?: string) {
  const entry = ERROR_CATALOGUE[code];
  return reply.status(entry.status).send({
    error: { code, message: message ?? entry.zh, messageEn: entry.en, details, requestId: String(request.id) },
  });
}

// Fastify's own client errors, by their stable codes (never by message text).
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';

/**
 * The SQLSTATE of a database error, wherever it sits: Drizzle wraps the driver's error in a
 * DrizzleQueryError whose `cause` is the node-postgres error, so the code is searched along the
 * cause chain (a bounded walk: causes can in principle form a cycle).
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return path === '' ? (context ?? 'body') : path;
}

/** The single boundary where errors become responses (house style: one catalogue, one place). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
      return send(reply, request, error.code, error.details, error.details.length > 0 ? error.message : undefined);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const field = fieldName(error.validationContext, issue.instancePath);
        return { field, reason: issue.message ?? issue.keyword, code: issue.keyword };
      });
      const summary = details.map((d) => `${d.field}: ${d.reason}`).join('；');
      return send(reply, request, 'VALIDATION_FAILED', details, summary);
    }
    const fastifyCode = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (fastifyCode === 'PAYLOAD_TOO_LARGE') {
      // Name the route's limit, so the sender knows how much smaller the file must be.
      const reason = `请求内容超过 ${megabytes(request.routeOptions.bodyLimit ?? 0)} 上限`;
      return send(reply, request, fastifyCode, [{ field: 'body', reason }], `body: ${reason}`);
    }
    if (fastifyCode) {
      return send(reply, request, fastifyCode, [{ field: 'body', reason: ERROR_CATALOGUE[fastifyCode].zh }]);
    }
    const pgCode = sqlStateOf(error);
    if (pgCode === PG_UNIQUE_VIOLATION) {
      // Services check uniqueness first; this only catches the race between two requests.
      return send(reply, request, 'CONFLICT', []);
    }
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) {
      return send(reply, request, 'INVALID_STATE', []);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return send(reply, request, 'INTERNAL', []);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.warn({ err: error }, 'client error without catalogue entry');
      return send(reply, request, 'VALIDATION_FAILED', [{ field: 'request', reason: error.message }]);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 'INTERNAL', []);
  });
}
