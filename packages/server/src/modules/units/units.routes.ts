import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { UnitCreateBody, UnitListQuery, UnitOut, UnitUpdateBody } from './units.schema.js';
import * as service from './units.service.js';

export function registerUnitRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/units',
    {
      schema: { tags: ['units'], summary: '单位列表 List units in scope', querystring: UnitListQuery, response: { 200: listOf(UnitOut), ...protectedErrors } },
    },
    async (request) => service.listUnits(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/units/:id',
    { schema: { tags: ['units'], summary: '单位详情 One unit', params: IdParams, response: { 200: UnitOut, ...protectedErrors } } },
    async (request) => service.getUnit(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/units',
    { schema: { tags: ['units'], summary: '新增单位 Create a unit', body: UnitCreateBody, response: { 201: UnitOut, ...protectedErrors } } },
    async (request, reply) => {
      const unit = await service.createUnit(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(201).send(unit);
    },
  );
  app.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: '修改或停用单位 Edit, move or disable a unit',
        params: IdParams,
        body: UnitUpdateBody,
        response: { 200: UnitOut, ...protectedErrors },
      },
    },
    async (request) => service.updateUnit(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
}
