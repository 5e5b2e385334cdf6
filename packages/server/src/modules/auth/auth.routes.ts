import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, clearSessionCookie, principalOf, setSessionCookie } from '../../http/auth-plugin.js';
import { ErrorResponse, OkResponse } from '../../http/schemas.js';
import { presentSession } from './auth.presenter.js';
import { ChangePasswordBody, LoginBody, SessionOut } from './auth.schema.js';
import * as service from './auth.service.js';

export function registerAuthRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/auth/login',
    {
      // Limited twice: the public bucket per address in each process (every request), and failed
      // logins per address and per username in the database (auth.service login).
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录 Log in with username and password',
        body: LoginBody,
        response: { 200: SessionOut, 400: ErrorResponse, 401: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const result = await service.login(ctx, username, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(ctx, reply, result.token);
      return presentSession(result.principal);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前会话 The current session', response: { 200: SessionOut, 401: ErrorResponse } },
    },
    async (request) => presentSession(principalOf(request)),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags: ['auth'], summary: '退出登录 Log out', response: { 200: OkResponse, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request, reply) => {
      await service.logout(ctx, principalOf(request), actorOf(request));
      clearSessionCookie(ctx, reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change own password',
        body: ChangePasswordBody,
        response: { 200: OkResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      await service.changePassword(ctx, principalOf(request), actorOf(request), request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );
}
