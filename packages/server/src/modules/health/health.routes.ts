import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { AppError } from '../../http/errors.js';
import { ErrorResponse } from '../../http/schemas.js';

const HealthOut = z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgres']) }).meta({ id: 'Health' });

export function registerHealthRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/health',
    {
      // Probes poll it, often several behind one address: a high limit of its own, not the public one.
      config: { public: true, rateLimit: 'health' },
      schema: { tags: ['system'], summary: '健康检查 Liveness and database reachability', response: { 200: HealthOut, 503: ErrorResponse } },
    },
    async () => {
      try {
        await ctx.db.execute(sql`select 1`);
      } catch {
        throw new AppError('DATABASE_UNAVAILABLE');
      }
      return { status: 'ok' as const, database: ctx.dbKind };
    },
  );
}
