/**
 * The error catalogue: every error the API returns has a stable code, a Chinese message for the
 * UI, an English one, and one HTTP status. Services throw `AppError(code)`; the error handler
 * (http/error-handler.ts) is the single place that turns it into a response.
 */
export const ERROR_CATALOGUE = {
  /** A request body, query or path parameter failed its schema; `details` names each field. */
  VALIDATION_FAILED: { status: 400, zh: '请求参数有误', en: 'The request is invalid' },
  /** The request body is not valid JSON. */
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  /** A new password does not meet the password policy. */
  PASSWORD_POLICY: { status: 400, zh: '密码不符合要求', en: 'The password does not meet the policy' },
  /** A unit's 统一社会信用代码 fails the GB 32100-2015 check. */
  INVALID_CREDIT_CODE: { status: 400, zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
  /** A unit's administrative division code is not a GB/T 2260 code of its city. */
  INVALID_ADMIN_CODE: { status: 400, zh: '行政区划代码无效', en: 'Invalid administrative division code' },
  /** A role is assigned with a scope it does not support, or without the unit/city it needs. */
  INVALID_ROLE_SCOPE: { status: 400, zh: '角色与数据范围不匹配', en: 'The scope does not fit the role' },
  /**
   * Login failed: unknown user, wrong password, disabled account, or locked account with a wrong
   * password (deliberately not saying which, so accounts and their state cannot be probed).
   */
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  /** The current password given when changing a password is wrong. */
  WRONG_PASSWORD: { status: 400, zh: '当前密码错误', en: 'The current password is wrong' },
  /** No session cookie, or the session expired or was ended. */
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  /** Too many wrong passwords: the account is locked for a while. Told only to the right password. */
  ACCOUNT_LOCKED: { status: 423, zh: '密码错误次数过多，账号已锁定，请稍后再试', en: 'Too many wrong passwords; the account is locked for a while' },
  /** A state-changing request without the session's CSRF token. */
  CSRF_FAILED: { status: 403, zh: '请求校验失败，请刷新页面后重试', en: 'CSRF check failed; reload the page and retry' },
  /**
   * The caller can see the record but may not do this to it; or, on a route without a record id
   * (a list, a create), holds the right nowhere. Never for a record the caller cannot see (404).
   */
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  /**
   * The record does not exist, or exists outside the caller's data scope: both answer 404 on
   * purpose, so ids cannot be probed. The rule, for every route and role (external and viewer too):
   * - a record named by the path, or the pair, plan or record a request works in (a required
   *   `pairId` or `planId`, an attachment's owner), that the caller cannot read answers 404 like
   *   a missing one, whatever the action; 403 only once it can read it (`assertPairPermission`,
   *   `assertRecordAccess`, `grantsWith` in http/principal.ts). On a route without a record id
   *   (a list, a create) a caller holding the right nowhere gets 403 before anything is looked up;
   * - a reference the body stores or acts on (a unit, user, section, task, record, username of
   *   an import row…) is resolved inside the caller's pair and scope, and one outside answers
   *   exactly like a missing one: 400 VALIDATION_FAILED naming the field, same reason. The
   *   units and cities of a pair are named to all its members (task lists, meetings): one of
   *   the caller's pairs is known to it, and may answer 403 where the caller may not use it;
   * - a reference in a list's query is a filter under the scope: outside it, no rows (or 404 as
   *   for a missing pair or plan).
   */
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  /** A unique value (username, unit name, pair code) is already taken. */
  CONFLICT: { status: 409, zh: '数据已存在或与现有数据冲突', en: 'Conflicts with existing data' },
  /** The change would break the structure (a unit moved under itself, the last system admin disabled). */
  INVALID_STATE: { status: 409, zh: '当前状态下不能执行此操作', en: 'Not possible in the current state' },
  /** A double-random draw cannot staff every team (avoidance rules): `details` name each entity and why; nothing is stored. */
  DRAW_IMPOSSIBLE: { status: 409, zh: '抽取无法完成：部分检查对象无法组成检查组', en: 'The draw cannot staff every team' },
  /** A report for a closed report period (报送期): `details` name the period; the office can reopen it. */
  PERIOD_CLOSED: { status: 409, zh: '报送期已关闭，不再接收报告', en: 'The report period is closed and takes no more reports' },
  /** The session's password must be changed (it was generated or reset) before anything else. */
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'Change your initial password first' },
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  /** The request body has a content type the route does not accept. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  /** The route answers only in a form the request does not accept (the change stream wants `Accept: text/event-stream`). */
  NOT_ACCEPTABLE: { status: 406, zh: '请求的 Accept 头不含此接口的内容类型', en: 'The Accept header does not allow what this route sends' },
  /** Too many requests from one client address or for one account: the response carries `Retry-After` (seconds). */
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  /** A competing change won: the record is no longer in the state this request started from. Re-read and retry. */
  STALE_STATE: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed meanwhile; reload and retry' },
  /** The heavy-work queue (file parsing, draws) is full: try again shortly (`Retry-After`). */
  BUSY: { status: 503, zh: '服务器繁忙，请稍后再试', en: 'The server is busy; try again shortly' },
  /**
   * The database cannot be reached or dropped the connection (restart, failover, a killed backend):
   * the response carries `Retry-After` (seconds). The request's writes were rolled back, unless the
   * connection broke during the COMMIT itself, whose outcome is then unknown: only a 2xx says written.
   */
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用，请稍后重试', en: 'The database is unavailable; try again shortly' },
  /** A path parameter is longer than any id the API uses. */
  URI_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'The request URI is too long' },
  /** The request line and headers together exceed the server's limit (Node's 16 KB header limit). */
  HEADERS_TOO_LARGE: { status: 431, zh: '请求地址或请求头过长', en: 'The request line or headers are too large' },
  /** The client did not send its request in time. */
  REQUEST_TIMEOUT: { status: 408, zh: '请求超时', en: 'Request timeout' },
  /** The bytes received are not a well-formed HTTP request. */
  MALFORMED_REQUEST: { status: 400, zh: '请求格式无效', en: 'Malformed request' },
  /** Anything unexpected; logged with the request id. */
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldIssue {
  field: string;
  reason: string;
  code?: string;
}

export class AppError extends Error {
  readonly status: number;
  /** Seconds after which the request may succeed, sent as the Retry-After header (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    readonly details: FieldIssue[] = [],
    message?: string,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].zh);
    this.status = ERROR_CATALOGUE[code].status;
    this.name = 'AppError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** 429 with the whole seconds to wait (at least one: Retry-After 0 would invite an immediate retry). */
export function rateLimited(retryAfterMs: number): AppError {
  return new AppError('RATE_LIMITED', [], undefined, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

/** Shorthand for a 400 naming one field. */
export function fieldError(code: ErrorCode, field: string, reason: string): AppError {
  return new AppError(code, [{ field, reason }], `${field}: ${reason}`);
}

/** A 400 (or another code) naming several fields at once. */
export function issuesError(code: ErrorCode, issues: FieldIssue[]): AppError {
  return new AppError(code, issues, issues.map((i) => `${i.field}: ${i.reason}`).join('；'));
}
