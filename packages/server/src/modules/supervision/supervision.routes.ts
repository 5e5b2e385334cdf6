import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import {
  SupervisionCloseBody,
  SupervisionCreateBody,
  SupervisionItemDetailOut,
  SupervisionItemOut,
  SupervisionListQuery,
  SupervisionReplyBody,
  SupervisionUpdateBody,
} from './supervision.schema.js';
import * as service from './supervision.service.js';

export function registerSupervisionRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办事项列表 Supervision items in scope, overdue first',
        querystring: SupervisionListQuery,
        response: { 200: listOf(SupervisionItemOut), ...protectedErrors },
      },
    },
    async (request) => service.listItems(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/supervision/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办事项详情 One supervision item with its replies',
        params: IdParams,
        response: { 200: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.getItem(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '发起督办 Raise a supervision item on a unit or one of its tasks',
        body: SupervisionCreateBody,
        response: { 201: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createItem(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/supervision/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改督办事项 Edit the requirement, deadline or owner',
        params: IdParams,
        body: SupervisionUpdateBody,
        response: { 200: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.updateItem(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/supervision/:id/replies',
    {
      schema: {
        tags: ['supervision'],
        summary: '回复督办 Reply to a supervision item',
        params: IdParams,
        body: SupervisionReplyBody,
        response: { 201: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.replyToItem(ctx, principalOf(request), actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/supervision/:id/close',
    {
      schema: {
        tags: ['supervision'],
        summary: '办结督办 Close a supervision item',
        params: IdParams,
        body: SupervisionCloseBody.optional(),
        response: { 200: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.closeItem(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
}
