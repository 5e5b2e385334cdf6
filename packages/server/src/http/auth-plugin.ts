import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { resolveSession } from '../modules/auth/auth.service.js';
import { AppError } from './errors.js';
import type { Actor, Principal } from './principal.js';

export const SESSION_COOKIE = 'duikou_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (health, login, documentation). Every other route requires one. */
    public?: boolean;
    /** Reachable while the password must still be changed (session, password change, logout). */
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The caller of a protected route (the auth hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    userId: principal?.userId ?? null,
    name: principal?.username ?? 'anonymous',
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

export function setSessionCookie(ctx: ServiceContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    path: '/',
  });
}

export function clearSessionCookie(ctx: ServiceContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, path: '/' });
}

/**
 * Authentication for every API route, default-deny: a route answers without a session only when
 * it says `config: { public: true }`. State-changing requests must carry the session's CSRF token
 * in the X-CSRF-Token header (on top of the SameSite=Strict cookie).
 */
export function registerAuth(app: FastifyInstance, ctx: ServiceContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const config = request.routeOptions.config;
    const token = request.cookies[SESSION_COOKIE];
    request.principal = token ? await resolveSession(ctx, token) : null;
    if (token && !request.principal) clearSessionCookie(ctx, reply);
    if (config.public || request.routeOptions.url === undefined) return;
    const principal = request.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, principal.csrfToken)) throw new AppError('CSRF_FAILED');
    }
    if (principal.mustChangePassword && !config.allowPendingPasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  });
}
