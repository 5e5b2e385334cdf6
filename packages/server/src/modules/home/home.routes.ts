import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { principalOf } from '../../http/auth-plugin.js';
import { protectedErrors } from '../../http/schemas.js';
import { HomeOut, HomeQuery } from './home.schema.js';
import { home } from './home.service.js';

export function registerHomeRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/home',
    {
      schema: {
        tags: ['dashboard'],
        summary: '工作台首页：本人各角色的待办 The caller’s work in a pair, by role',
        querystring: HomeQuery,
        response: { 200: HomeOut, ...protectedErrors },
      },
    },
    async (request) => home(ctx, principalOf(request), request.query.pairId),
  );
}
