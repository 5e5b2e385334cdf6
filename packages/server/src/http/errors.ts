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
  /** Login failed: unknown user or wrong password (deliberately not saying which). */
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  /** The current password given when changing a password is wrong. */
  WRONG_PASSWORD: { status: 400, zh: '当前密码错误', en: 'The current password is wrong' },
  /** No session cookie, or the session expired or was ended. */
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  /** Too many wrong passwords: the account is locked for a while. */
  ACCOUNT_LOCKED: { status: 423, zh: '密码错误次数过多，账号已锁定，请稍后再试', en: 'Too many wrong passwords; the account is locked for a while' },
  /** The account is disabled by an administrator. */
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  /** A state-changing request without the session's CSRF token. */
  CSRF_FAILED: { status: 403, zh: '请求校验失败，请刷新页面后重试', en: 'CSRF check failed; reload the page and retry' },
  /** The user's roles do not include the right for this action. */
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  /**
   * The record does not exist, or exists outside the caller's data scope: both answer 404 on
   * purpose, so ids cannot be probed.
   */
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  /** A unique value (username, unit name, pair code) is already taken. */
  CONFLICT: { status: 409, zh: '数据已存在或与现有数据冲突', en: 'Conflicts with existing data' },
  /** The change would break the structure (a unit moved under itself, the last system admin disabled). */
  INVALID_STATE: { status: 409, zh: '当前状态下不能执行此操作', en: 'Not possible in the current state' },
  /** A double-random draw cannot staff every team (avoidance rules): `details` name each entity and why; nothing is stored. */
  DRAW_IMPOSSIBLE: { status: 409, zh: '抽取无法完成：部分检查对象无法组成检查组', en: 'The draw cannot staff every team' },
  /** The session's password must be changed (it was generated or reset) before anything else. */
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'Change your initial password first' },
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  /** The request body has a content type the route does not accept. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  /** Too many requests from one client address or for one account: the response carries `Retry-After` (seconds). */
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  /** A competing change won: the record is no longer in the state this request started from. Re-read and retry. */
  STALE_STATE: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed meanwhile; reload and retry' },
  /** The heavy-work queue (file parsing, draws) is full: try again shortly (`Retry-After`). */
  BUSY: { status: 503, zh: '服务器繁忙，请稍后再试', en: 'The server is busy; try again shortly' },
  /** The database cannot be reached (restart, failover): nothing of this request was written. */
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用，请稍后重试', en: 'The database is unavailable; try again shortly' },
  /** The request line or headers are too long (414 / 431 from the HTTP layer). */
  REQUEST_TOO_LARGE: { status: 431, zh: '请求地址或请求头过长', en: 'The request line or headers are too long' },
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
  /** Sent as `Retry-After` (seconds) with the answer: when a refused request (BUSY) is worth trying again. */
  retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: FieldIssue[] = [],
    message?: string,
  ) {
    super(message ?? ERROR_CATALOGUE[code].zh);
    this.status = ERROR_CATALOGUE[code].status;
    this.name = 'AppError';
  }
}

/** Shorthand for a 400 naming one field. */
export function fieldError(code: ErrorCode, field: string, reason: string): AppError {
  return new AppError(code, [{ field, reason }], `${field}: ${reason}`);
}

/** A 400 (or another code) naming several fields at once. */
export function issuesError(code: ErrorCode, issues: FieldIssue[]): AppError {
  return new AppError(code, issues, issues.map((i) => `${i.field}: ${i.reason}`).join('；'));
}
