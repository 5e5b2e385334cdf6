import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { principalOf } from '../../http/auth-plugin.js';
import { protectedErrors } from '../../http/schemas.js';
import { DashboardOut, DashboardQuery } from './dashboard.schema.js';
import { dashboard } from './dashboard.service.js';

export function registerDashboardRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: '工作台：按章、条、城市、单位统计 Dashboard of a plan in the caller scope',
        querystring: DashboardQuery,
        response: { 200: DashboardOut, ...protectedErrors },
      },
    },
    async (request) => dashboard(ctx, principalOf(request), request.query.planId),
  );
}
