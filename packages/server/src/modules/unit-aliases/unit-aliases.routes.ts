import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, OkResponse, protectedErrors } from '../../http/schemas.js';
import { UnitAliasBody, UnitAliasOut, UnitAliasQuery } from './unit-aliases.schema.js';
import * as service from './unit-aliases.service.js';

export function registerUnitAliasRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/unit-aliases',
    {
      schema: {
        tags: ['plans'],
        summary: '单位名称对应 How the office mapped written unit names to units',
        querystring: UnitAliasQuery,
        response: { 200: listOf(UnitAliasOut), ...protectedErrors },
      },
    },
    async (request) => service.listAliases(ctx, principalOf(request), request.query),
  );
  app.put(
    '/api/v1/unit-aliases',
    {
      schema: {
        tags: ['plans'],
        summary: '保存单位名称对应 Map a written unit name to units of the pair',
        body: UnitAliasBody,
        response: { 200: UnitAliasOut, ...protectedErrors },
      },
    },
    async (request) => service.saveAlias(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.delete(
    '/api/v1/unit-aliases/:id',
    {
      schema: {
        tags: ['plans'],
        summary: '删除单位名称对应 Remove a mapping',
        params: IdParams,
        response: { 200: OkResponse, ...protectedErrors },
      },
    },
    async (request) => {
      await service.deleteAlias(ctx, principalOf(request), actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
}
