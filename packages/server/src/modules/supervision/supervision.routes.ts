import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import {
  SupervisionChaseBody,
  SupervisionCloseBody,
  SupervisionCompletionBody,
  SupervisionCreateBody,
  SupervisionExtensionBody,
  SupervisionExtensionDecisionBody,
  SupervisionItemDetailOut,
  SupervisionItemOut,
  SupervisionListQuery,
  SupervisionReplyBody,
  SupervisionReturnBody,
  SupervisionSettingsBody,
  SupervisionSettingsOut,
  SupervisionUpdateBody,
} from './supervision.schema.js';
import * as service from './supervision.service.js';

export function registerSupervisionRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办事项列表 Supervision items in scope, red first, then yellow, by deadline',
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
        summary: '督办事项详情 One supervision item with its replies, extension requests and every step',
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
        summary: '立项交办 Raise a supervision item on a unit (from a task, an instruction, a returned report or an inspection)',
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
        summary: '修改督办事项 Edit the requirement, deadline, owner or co-units',
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
        summary: '办理回复 A progress reply (owner unit, co-unit or office), after signing',
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
        summary: '审核办结 The office closes an item the unit applied to close',
        params: IdParams,
        body: SupervisionCloseBody.optional(),
        response: { 200: SupervisionItemDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.closeItem(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  const itemStep = <B extends import('zod').ZodType>(
    path: string,
    summary: string,
    body: B | undefined,
    run: (request: {
      principal: ReturnType<typeof principalOf>;
      actor: ReturnType<typeof actorOf>;
      id: string;
      body: import('zod').infer<B>;
    }) => ReturnType<typeof service.signItem>,
  ) =>
    app.post(
      `/api/v1/supervision/:id/${path}`,
      {
        schema: {
          tags: ['supervision'],
          summary,
          params: IdParams,
          ...(body ? { body } : {}),
          response: { 200: SupervisionItemDetailOut, ...protectedErrors },
        },
      },
      async (request) =>
        run({
          principal: principalOf(request),
          actor: actorOf(request),
          id: (request.params as { id: string }).id,
          body: request.body as import('zod').infer<B>,
        }),
    );
  itemStep('sign', '签收 The owner unit signs for the item', undefined, (r) => service.signItem(ctx, r.principal, r.actor, r.id));
  itemStep('extensions', '延期申请 The owner unit asks for a later deadline, before the deadline', SupervisionExtensionBody, (r) =>
    service.requestExtension(ctx, r.principal, r.actor, r.id, r.body),
  );
  itemStep('extension-decision', '延期审批 The office approves or refuses the pending extension request', SupervisionExtensionDecisionBody, (r) =>
    service.decideExtension(ctx, r.principal, r.actor, r.id, r.body),
  );
  itemStep('completion', '办结申请 The owner unit reports the result and applies to close', SupervisionCompletionBody, (r) =>
    service.requestCompletion(ctx, r.principal, r.actor, r.id, r.body),
  );
  itemStep('return', '退回重办 The office returns a completion application with a reason', SupervisionReturnBody, (r) =>
    service.returnItem(ctx, r.principal, r.actor, r.id, r.body),
  );
  itemStep('chase', '催办 The office chases the unit (a notice and a record)', SupervisionChaseBody.optional(), (r) =>
    service.chaseItem(ctx, r.principal, r.actor, r.id, r.body),
  );
  app.get(
    '/api/v1/pairs/:id/supervision-settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办设置 The pair’s warning window and signing deadlines',
        params: IdParams,
        response: { 200: SupervisionSettingsOut, ...protectedErrors },
      },
    },
    async (request) => service.getSettings(ctx, principalOf(request), request.params.id),
  );
  app.put(
    '/api/v1/pairs/:id/supervision-settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改督办设置 Set the warning window and signing deadlines (an office of the whole pair)',
        params: IdParams,
        body: SupervisionSettingsBody,
        response: { 200: SupervisionSettingsOut, ...protectedErrors },
      },
    },
    async (request) => service.saveSettings(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
}
