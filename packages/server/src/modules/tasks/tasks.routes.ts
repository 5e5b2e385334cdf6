import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { TaskCreateBody, TaskListItem, TaskListQuery, TaskOut, TaskUpdateBody } from './tasks.schema.js';
import * as service from './tasks.service.js';

export function registerTaskRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: '任务台账 Tasks in scope, filtered',
        querystring: TaskListQuery,
        response: { 200: listOf(TaskListItem), ...protectedErrors },
      },
    },
    async (request) => service.listTasks(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: '任务详情 One task with units, milestones and indicators',
        params: IdParams,
        response: { 200: TaskOut, ...protectedErrors },
      },
    },
    async (request) => service.getTask(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: '新建任务 Create a task under a published article',
        body: TaskCreateBody,
        response: { 201: TaskOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTask(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: '修改任务、分配单位 Edit a task or its units',
        params: IdParams,
        body: TaskUpdateBody,
        response: { 200: TaskOut, ...protectedErrors },
      },
    },
    async (request) => service.updateTask(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
}
