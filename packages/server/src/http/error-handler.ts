import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isConnectionLoss } from '../db/connection-loss.js';
import { megabytes } from '../uploads/limits.js';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type FieldIssue } from './errors.js';

function errorBody(code: ErrorCode, details: FieldIssue[], requestId: string, message?: string) {
  const entry = ERROR_CATALOGUE[code];
  return { error: { code, message: message ?? entry.zh, messageEn: entry.en, details, requestId } };
}

/**
 * When a client should try again after losing the database: long enough for a restart or a
 * failover to finish (the pool reconnects by itself on the next request), short enough for a user.
 */
const DATABASE_RETRY_AFTER_SECONDS = 5;

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, details: FieldIssue[], message?: string) {
  if (code === 'DATABASE_UNAVAILABLE' && !reply.hasHeader('retry-after')) reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  return reply.status(ERROR_CATALOGUE[code].status).send(errorBody(code, details, String(request.id), message));
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): a path with a broken
 * percent-escape, a path parameter longer than `maxParamLength`. Without this they answer in
 * Fastify's own shape, which the clients cannot read.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request, reply) => {
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, request, 'VALIDATION_FAILED', [{ field: 'url', reason: '地址中的百分号编码无效', code: 'bad_url' }], 'url: 地址中的百分号编码无效');
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, request, 'URI_TOO_LONG', [{ field: 'url', reason: '路径参数过长', code: 'param_too_long' }]);
  }
  request.log.error({ err: error }, 'router error');
  return send(reply, request, 'INTERNAL', []);
};

/**
 * Bytes Node's HTTP parser refuses (headers over 16 KB, which includes an overlong request line,
 * garbage, a client too slow to send its headers) never reach Fastify's routing: Node hands the
 * socket to this handler, which answers in the same error shape and closes the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST';
  const { status } = ERROR_CATALOGUE[code];
  const body = JSON.stringify(errorBody(code, [], randomUUID()));
  if (socket.writable) {
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
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
// Write paths lock their rows in one order, so these should not happen; if two transactions still
// deadlock, or a serializable one loses, the database rolled it back whole: the client re-reads and retries.
const PG_LOST_RACE = new Set(['40P01', '40001']);

/** The column node-postgres reports for a NOT NULL violation, along the same cause chain. */
function columnOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const column = (current as { column?: unknown }).column;
    // Named as the API names fields (due_on → dueOn): the columns follow the same words.
    if (typeof column === 'string' && column !== '') return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

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

/**
 * Whether `error` is a unique violation of `constraint` (the index name node-postgres reports),
 * so a service can name the field that lost a race ("username taken") instead of a bare 409.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (sqlStateOf(error) !== PG_UNIQUE_VIOLATION) return false;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if ((current as { constraint?: unknown }).constraint === constraint) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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
    if (isConnectionLoss(error)) {
      // A restart, failover or killed backend: the pool heals by itself, the client retries.
      // Whatever the request wrote was rolled back, unless the connection broke during COMMIT
      // itself (then it may have committed): it never answered 2xx, which is what a client relies on.
      request.log.warn({ err: error }, 'database unavailable');
      return send(reply, request, 'DATABASE_UNAVAILABLE', []);
    }
    const pgCode = sqlStateOf(error);
    if (pgCode === PG_UNIQUE_VIOLATION) {
      // Services check uniqueness first; this only catches the race between two requests.
      return send(reply, request, 'CONFLICT', []);
    }
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) {
      return send(reply, request, 'INVALID_STATE', []);
    }
    if (pgCode && PG_LOST_RACE.has(pgCode)) {
      request.log.warn({ err: error }, 'transaction lost a race');
      return send(reply, request, 'STALE_STATE', []);
    }
    if (pgCode !== undefined && (pgCode.startsWith('22') || pgCode.startsWith('54') || pgCode === '23502' || pgCode === '23514')) {
      // A value the schemas let through but the database refuses (data exception, value too large
      // for a column or an index, a NOT NULL or CHECK constraint). The statement's transaction was
      // rolled back, so nothing was written; the schema should have named the field, so log it.
      request.log.warn({ err: error, sqlState: pgCode }, 'value refused by the database');
      const column = columnOf(error);
      return send(reply, request, 'VALIDATION_FAILED', [{ field: column ?? 'body', reason: '数据超出允许的范围或格式', code: `sqlstate_${pgCode}` }]);
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
