import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from './context.js';
import { registerAuth } from './http/auth-plugin.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './http/error-handler.js';
import { AppError } from './http/errors.js';
import { registerInputGuard } from './http/input-guard.js';
import { registerRateLimit } from './http/rate-limit.js';
import { responseSerializerCompiler } from './http/response-serializer.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerAttachmentRoutes } from './modules/attachments/attachments.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerBulletinRoutes } from './modules/bulletins/bulletins.routes.js';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { registerEventRoutes } from './modules/events/events.routes.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { registerHomeRoutes } from './modules/home/home.routes.js';
import { registerInspectionRoutes } from './modules/inspections/inspections.routes.js';
import { registerInstructionRoutes } from './modules/instructions/instructions.routes.js';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { registerPairRoutes } from './modules/pairs/pairs.routes.js';
import { registerPlanRoutes } from './modules/plans/plans.routes.js';
import { registerRegistryRoutes } from './modules/registries/registries.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { registerRollupRoutes } from './modules/rollups/rollups.routes.js';
import { registerScoringRoutes } from './modules/scoring/scoring.routes.js';
import { registerSupervisionRoutes } from './modules/supervision/supervision.routes.js';
import { registerTaskRoutes } from './modules/tasks/tasks.routes.js';
import { registerTaskXlsxRoutes } from './modules/tasks/tasks.xlsx.routes.js';
import { registerUnitAliasRoutes } from './modules/unit-aliases/unit-aliases.routes.js';
import { registerUnitRoutes } from './modules/units/units.routes.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { registerWaterRoutes } from './modules/water/water.routes.js';

// Validation messages in Chinese first: the UI shows them beside the field.
z.config(z.locales.zhCN());

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
}

/** The HTTP application: every route of /api/v1, its OpenAPI document, and the built web app. */
export async function buildApp(ctx: ServiceContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(ctx.config.responseChecks));
  registerErrorHandler(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Duikou 对口合作平台 API',
        version: '1',
        description: '结对城市对口合作实施方案管理平台。登录后，所有 POST/PUT/PATCH/DELETE 请求须在 X-CSRF-Token 头中带上会话返回的 csrfToken。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'duikou_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.addHook('onRoute', (route) => {
    // The documentation pages are public; everything else under /api follows the auth hook.
    if (route.url.startsWith('/api/v1/docs')) route.config = { ...route.config, public: true };
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs', uiConfig: { docExpansion: 'list' } });

  // Limits first: a flood is refused before its session is looked up.
  registerRateLimit(app, ctx);
  registerAuth(app, ctx);
  registerInputGuard(app);
  registerSecurityHeaders(app);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerPairRoutes(app, ctx);
  registerUnitRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerPlanRoutes(app, ctx);
  registerUnitAliasRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerTaskXlsxRoutes(app, ctx);
  registerSupervisionRoutes(app, ctx);
  registerBulletinRoutes(app, ctx);
  registerScoringRoutes(app, ctx);
  registerMeetingRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerHomeRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerRegistryRoutes(app, ctx);
  registerRollupRoutes(app, ctx);
  registerWaterRoutes(app, ctx);
  registerInspectionRoutes(app, ctx);
  registerInstructionRoutes(app, ctx);

  const webDist = ctx.config.webDistDir ?? DEFAULT_WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      // The web build writes .br and .gz beside each asset (packages/web/scripts/compress.mjs):
      // sent as the browser accepts them, with no compression work per request.
      preCompressed: true,
      cacheControl: false,
      // Vite names every built asset by its content hash: a browser may keep it for good, and a
      // returning user's screens load without asking again. index.html always asks.
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The body depends on Accept-Encoding (above); caches between must keep the variants apart.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') throw new AppError('NOT_FOUND');
    // Client-side routes of the single-page app all load index.html.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
