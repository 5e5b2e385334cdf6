import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import {
  DiffOut,
  ImportBody,
  ImportOut,
  OutlineBody,
  ParseBody,
  ParseOut,
  PlanListQuery,
  PlanOut,
  TableTasksBody,
  TableTasksOut,
  TreeOut,
  VersionOut,
} from './plans.schema.js';
import * as service from './plans.service.js';

// Plan files travel base64-encoded in JSON: allow a 15 MB .docx or .xlsx.
const PLAN_BODY_LIMIT = 21 * 1024 * 1024;

export function registerPlanRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/plans/parse',
    {
      bodyLimit: PLAN_BODY_LIMIT,
      schema: {
        tags: ['plans'],
        summary: '解析方案文本（不保存） Parse a plan text, writing nothing',
        body: ParseBody,
        response: { 200: ParseOut, ...protectedErrors },
      },
    },
    async (request) => service.parse(ctx, principalOf(request), request.body),
  );
  app.post(
    '/api/v1/plans/import',
    {
      bodyLimit: PLAN_BODY_LIMIT,
      schema: {
        tags: ['plans'],
        summary: '导入方案为待审草稿 Import a plan text as a draft version',
        body: ImportBody,
        response: { 201: ImportOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.importPlan(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/plans',
    {
      schema: {
        tags: ['plans'],
        summary: '方案列表 Plans and their versions',
        querystring: PlanListQuery,
        response: { 200: listOf(PlanOut), ...protectedErrors },
      },
    },
    async (request) => service.listPlans(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/plans/:id/tree',
    {
      schema: { tags: ['plans'], summary: '已发布方案结构及任务数 The published plan tree', params: IdParams, response: { 200: TreeOut, ...protectedErrors } },
    },
    async (request) => service.planTree(ctx, principalOf(request), request.params.id),
  );
  app.get(
    '/api/v1/plan-versions/:id',
    {
      schema: {
        tags: ['plans'],
        summary: '方案版本（含原文） A plan version with its source text',
        params: IdParams,
        response: { 200: VersionOut, ...protectedErrors },
      },
    },
    async (request) => service.getVersion(ctx, principalOf(request), request.params.id),
  );
  app.get(
    '/api/v1/plan-versions/:id/diff',
    {
      schema: {
        tags: ['plans'],
        summary: '与上一发布版本的差异 Changes since the previous published version',
        params: IdParams,
        response: { 200: DiffOut, ...protectedErrors },
      },
    },
    async (request) => service.versionDiff(ctx, principalOf(request), request.params.id),
  );
  app.put(
    '/api/v1/plan-versions/:id/outline',
    {
      bodyLimit: PLAN_BODY_LIMIT,
      schema: {
        tags: ['plans'],
        summary: '校对草稿结构 Save the reviewed outline of a draft',
        params: IdParams,
        body: OutlineBody,
        response: { 200: VersionOut, ...protectedErrors },
      },
    },
    async (request) => service.saveOutline(ctx, principalOf(request), actorOf(request), request.params.id, request.body.outline),
  );
  app.post(
    '/api/v1/plan-versions/:id/publish',
    {
      schema: {
        tags: ['plans'],
        summary: '发布方案版本 Publish a draft',
        params: IdParams,
        body: z.object({}).optional(),
        response: { 200: VersionOut, ...protectedErrors },
      },
    },
    async (request) => service.publish(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/plan-versions/:id/table-tasks',
    {
      schema: {
        tags: ['plans'],
        summary: '由任务分工表生成任务 Create the tasks of reviewed task-table rows',
        params: IdParams,
        body: TableTasksBody,
        response: { 201: TableTasksOut, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createTasksFromTables(ctx, principalOf(request), actorOf(request), request.params.id, request.body)),
  );
}
