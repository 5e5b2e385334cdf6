import createClient, { type Middleware } from 'openapi-fetch';
import type { Lang } from '../i18n/i18n.js';
import { messages } from '../i18n/messages.js';
import type { components, paths } from './schema.js';

/**
 * The only way the UI talks to the server: a client typed from the OpenAPI document
 * (`npm run gen:api` writes `openapi.json` and `schema.d.ts` beside this file). It sends the
 * session cookie, adds the session's CSRF token to every write, and turns error bodies into
 * `ApiError`.
 */

export type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type FieldIssue = Schemas['ErrorResponse']['error']['details'][number];

/** Codes produced by the client itself, when no error body came back. */
export type ClientErrorCode = 'NETWORK' | 'UNEXPECTED_RESPONSE';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly details: FieldIssue[];
  readonly requestId: string | null;

  constructor(init: { status: number; code: string; message: string; messageEn: string; details?: FieldIssue[]; requestId?: string | null }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.messageEn = init.messageEn;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
  }

  /** The message in the UI language (the server sends both). */
  text(lang: Lang): string {
    return lang === 'zh' ? this.message : this.messageEn;
  }

  /** The field issues grouped by field name (`newPassword` → reasons), for `Form.setFields`. */
  byField(): Map<string, FieldIssue[]> {
    const map = new Map<string, FieldIssue[]>();
    for (const issue of this.details) map.set(issue.field, [...(map.get(issue.field) ?? []), issue]);
    return map;
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as { error?: Partial<Schemas['ErrorResponse']['error']> } | null)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new ApiError({
        status,
        code: error.code,
        message: error.message,
        messageEn: typeof error.messageEn === 'string' ? error.messageEn : error.message,
        details: Array.isArray(error.details) ? error.details.filter((d) => typeof d?.field === 'string' && typeof d?.reason === 'string') : [],
        requestId: typeof error.requestId === 'string' ? error.requestId : null,
      });
    }
    const unexpected = messages['error.unexpected'];
    return new ApiError({
      status,
      code: 'UNEXPECTED_RESPONSE' satisfies ClientErrorCode,
      message: unexpected.zh.replace('{status}', String(status)),
      messageEn: unexpected.en.replace('{status}', String(status)),
    });
  }

  static network(): ApiError {
    return new ApiError({
      status: 0,
      code: 'NETWORK' satisfies ClientErrorCode,
      message: messages['error.network'].zh,
      messageEn: messages['error.network'].en,
    });
  }
}

// The CSRF token of the current session: taken from the login and session responses, dropped at logout.
let csrfToken: string | null = null;

export function currentCsrfToken(): string | null {
  return csrfToken;
}

const SESSION_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/session']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok && SESSION_PATHS.has(schemaPath)) {
      const body = (await response.clone().json()) as Partial<Session>;
      if (typeof body.csrfToken === 'string') csrfToken = body.csrfToken;
    } else if (schemaPath === '/api/v1/auth/logout' || (response.status === 401 && schemaPath !== '/api/v1/auth/login')) {
      csrfToken = null;
    }
    return response;
  },
};

export const client = createClient<paths>({ baseUrl: '', credentials: 'include', headers: { Accept: 'application/json' } });
client.use(sessionMiddleware);

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();

/**
 * Subscribes to every error of every call (the session uses it to notice an ended session or a
 * required password change wherever it happens). Returns the unsubscribe function.
 */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Awaits a client call and returns its data, or throws `ApiError`:
 * `const session = await call(client.GET('/api/v1/auth/session'))`.
 */
export async function call<D>(request: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    const error = ApiError.network();
    for (const listener of listeners) listener(error);
    throw error;
  }
  if (!result.response.ok || result.error !== undefined) {
    const error = ApiError.fromBody(result.response.status, result.error);
    for (const listener of listeners) listener(error);
    throw error;
  }
  return result.data as D;
}
