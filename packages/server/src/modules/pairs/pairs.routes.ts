import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { PairCreateBody, PairOut } from './pairs.schema.js';
import * as service from './pairs.service.js';

export function registerPairRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/pairs',
    { schema: { tags: ['pairs'], summary: '结对城市列表 City pairs visible to the caller', response: { 200: listOf(PairOut), ...protectedErrors } } },
    async (request) => service.listPairs(ctx, principalOf(request)),
  );
  app.get(
    '/api/v1/pairs/:id',
    { schema: { tags: ['pairs'], summary: '结对城市详情 One city pair', params: IdParams, response: { 200: PairOut, ...protectedErrors } } },
    async (request) => service.getPair(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/pairs',
    {
      schema: {
        tags: ['pairs'],
        summary: '新增结对城市 Add a city pair (system administrator)',
        body: PairCreateBody,
        response: { 201: PairOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPair(ctx, principalOf(request), actorOf(request), request.body)),
  );
}
