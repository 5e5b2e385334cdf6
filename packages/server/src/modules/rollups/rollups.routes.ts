import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, OkResponse, protectedErrors } from '../../http/schemas.js';
import { RollupBody, RollupOut, RollupPatchBody, RollupQuery } from './rollups.schema.js';
import * as service from './rollups.service.js';

export function registerRollupRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/rollups',
    {
      schema: {
        tags: ['rollups'],
        summary: '自动汇总指标 Indicators that add themselves up from the registries, with their values',
        querystring: RollupQuery,
        response: { 200: listOf(RollupOut), ...protectedErrors },
      },
    },
    async (request) => service.listRollups(ctx, principalOf(request), request.query.pairId),
  );
  app.post(
    '/api/v1/rollups',
    { schema: { tags: ['rollups'], summary: '新增汇总指标 Define an indicator', body: RollupBody, response: { 201: RollupOut, ...protectedErrors } } },
    async (request, reply) => reply.code(201).send(await service.createRollup(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/rollups/:id',
    {
      schema: {
        tags: ['rollups'],
        summary: '修改汇总指标 Change an indicator (it is computed afresh)',
        params: IdParams,
        body: RollupPatchBody,
        response: { 200: RollupOut, ...protectedErrors },
      },
    },
    async (request) => service.updateRollup(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/rollups/:id',
    { schema: { tags: ['rollups'], summary: '删除汇总指标 Remove an indicator', params: IdParams, response: { 200: OkResponse, ...protectedErrors } } },
    async (request) => {
      await service.deleteRollup(ctx, principalOf(request), actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
}
