import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { ErrorResponse, IdParams, listOf, OkResponse, PageQuery, protectedErrors } from '../../http/schemas.js';
import { fileBodyLimit, MAX_FILE_BYTES } from '../../uploads/limits.js';
import { sendWorkbook, xlsxResponse } from '../../xlsx/cells.js';
import {
  EntityCreateBody,
  EntityListQuery,
  EntityOut,
  EntityUpdateBody,
  FindingsBody,
  InspectionOut,
  InspectorCreateBody,
  InspectorOut,
  InspectorUpdateBody,
  PlanCreateBody,
  PlanDetailOut,
  PlanFixBody,
  PlanListQuery,
  PlanOut,
  PlanUpdateBody,
  PublicPlanOut,
  PublicPlanSummaryOut,
  PublishedDrawOut,
  RegisterImportBody,
  RegisterImportOut,
  RegisterListQuery,
  TemplateQuery,
  VerifyBody,
  VerifyOut,
} from './inspections.schema.js';
import * as service from './inspections.service.js';
import { publishedDrawJson, verifyPublished } from './inspections.verify.js';

const tags = ['inspections'];
// Register files travel base64-encoded in JSON: the file's limit, encoded, and room for the other members.
const IMPORT_BODY_LIMIT = fileBodyLimit(MAX_FILE_BYTES);
// The public verification takes no input: an empty JSON object at most, refused before it is parsed past this.
const VERIFY_BODY_LIMIT = 1024;
const publicErrors = { 400: ErrorResponse, 404: ErrorResponse } as const;

export function registerInspectionRoutes(app: AppInstance, ctx: ServiceContext): void {
  // ---- entities register ----
  app.get(
    '/api/v1/inspections/entities',
    { schema: { tags, summary: '检查对象名录 Entities register', querystring: EntityListQuery, response: { 200: listOf(EntityOut), ...protectedErrors } } },
    async (request) => service.listEntities(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/v1/inspections/entities',
    { schema: { tags, summary: '登记检查对象 Add an entity', body: EntityCreateBody, response: { 201: EntityOut, ...protectedErrors } } },
    async (request, reply) => reply.status(201).send(await service.createEntity(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/inspections/entities/:id',
    { schema: { tags, summary: '修改检查对象 Edit an entity', params: IdParams, body: EntityUpdateBody, response: { 200: EntityOut, ...protectedErrors } } },
    async (request) => service.updateEntity(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/inspections/entities/:id',
    { schema: { tags, summary: '删除检查对象 Remove an entity', params: IdParams, response: { 200: OkResponse, ...protectedErrors } } },
    async (request) => service.deleteEntity(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/inspections/entities/template',
    {
      schema: {
        tags,
        summary: '检查对象导入模板 Import template (.xlsx)',
        querystring: TemplateQuery,
        response: { 200: xlsxResponse('导入模板'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await service.entityTemplate(ctx, principalOf(request), actorOf(request), request.query.pairId)),
  );
  app.post(
    '/api/v1/inspections/entities/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入检查对象 Import entities from .xlsx (all or nothing; dryRun checks only)',
        body: RegisterImportBody,
        response: { 200: RegisterImportOut, ...protectedErrors },
      },
    },
    async (request) => service.importEntities(ctx, principalOf(request), actorOf(request), request.body),
  );

  // ---- inspectors register ----
  app.get(
    '/api/v1/inspections/inspectors',
    {
      schema: {
        tags,
        summary: '执法人员名录 Inspectors register',
        querystring: RegisterListQuery,
        response: { 200: listOf(InspectorOut), ...protectedErrors },
      },
    },
    async (request) => service.listInspectors(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/v1/inspections/inspectors',
    { schema: { tags, summary: '登记执法人员 Add an inspector', body: InspectorCreateBody, response: { 201: InspectorOut, ...protectedErrors } } },
    async (request, reply) => reply.status(201).send(await service.createInspector(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/inspections/inspectors/:id',
    {
      schema: {
        tags,
        summary: '修改执法人员 Edit an inspector',
        params: IdParams,
        body: InspectorUpdateBody,
        response: { 200: InspectorOut, ...protectedErrors },
      },
    },
    async (request) => service.updateInspector(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/inspections/inspectors/:id',
    { schema: { tags, summary: '删除执法人员 Remove an inspector', params: IdParams, response: { 200: OkResponse, ...protectedErrors } } },
    async (request) => service.deleteInspector(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/inspections/inspectors/template',
    {
      schema: {
        tags,
        summary: '执法人员导入模板 Import template (.xlsx)',
        querystring: TemplateQuery,
        response: { 200: xlsxResponse('导入模板'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await service.inspectorTemplate(ctx, principalOf(request), actorOf(request), request.query.pairId)),
  );
  app.post(
    '/api/v1/inspections/inspectors/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入执法人员 Import inspectors from .xlsx (all or nothing; dryRun checks only)',
        body: RegisterImportBody,
        response: { 200: RegisterImportOut, ...protectedErrors },
      },
    },
    async (request) => service.importInspectors(ctx, principalOf(request), actorOf(request), request.body),
  );

  // ---- plans ----
  app.get(
    '/api/v1/inspections/plans',
    {
      schema: { tags, summary: '双随机检查计划 Inspection plans in scope', querystring: PlanListQuery, response: { 200: listOf(PlanOut), ...protectedErrors } },
    },
    async (request) => service.listPlans(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/v1/inspections/plans',
    { schema: { tags, summary: '新建检查计划 Create a plan', body: PlanCreateBody, response: { 201: PlanDetailOut, ...protectedErrors } } },
    async (request, reply) => reply.status(201).send(await service.createPlan(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/inspections/plans/:id',
    { schema: { tags, summary: '检查计划详情 A plan with its inspections', params: IdParams, response: { 200: PlanDetailOut, ...protectedErrors } } },
    async (request) => service.getPlan(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/api/v1/inspections/plans/:id',
    {
      schema: {
        tags,
        summary: '修改检查计划 Edit a plan not yet drawn (unfreezes a fixed one)',
        params: IdParams,
        body: PlanUpdateBody,
        response: { 200: PlanDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.updatePlan(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/inspections/plans/:id/fix',
    {
      schema: {
        tags,
        summary: '固定名录 Freeze both registers (digests) and commit the value fixed before the draw',
        params: IdParams,
        body: PlanFixBody.optional(),
        response: { 200: PlanDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.fixPlan(ctx, principalOf(request), actorOf(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/api/v1/inspections/plans/:id/draw',
    {
      schema: {
        tags,
        summary: '抽取 Run the draw from the frozen inputs (409 DRAW_IMPOSSIBLE names each entity that cannot be staffed and why)',
        params: IdParams,
        response: { 200: PlanDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.drawPlan(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/inspections/plans/:id/publish',
    { schema: { tags, summary: '公开 Publish the plan, its draw inputs and results', params: IdParams, response: { 200: PlanDetailOut, ...protectedErrors } } },
    async (request) => service.publishPlan(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.put(
    '/api/v1/inspections/inspections/:id/findings',
    {
      schema: {
        tags,
        summary: '录入检查结果 Record an inspection’s findings (team members)',
        params: IdParams,
        body: FindingsBody,
        response: { 200: InspectionOut, ...protectedErrors },
      },
    },
    async (request) => service.recordFindings(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  // ---- public: no login ----
  app.get(
    '/api/v1/public/inspection-plans',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '已公开的检查计划 Published plans (public)',
        security: [],
        querystring: PageQuery,
        response: { 200: listOf(PublicPlanSummaryOut), ...publicErrors },
      },
    },
    async (request) => service.publicPlans(ctx, request.query.page, request.query.pageSize),
  );
  app.get(
    '/api/v1/public/inspection-plans/:id',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '公开的检查计划与结果 A published plan and its results (public)',
        security: [],
        params: IdParams,
        response: { 200: PublicPlanOut, ...publicErrors },
      },
    },
    async (request) => service.publicPlan(ctx, request.params.id),
  );
  app.get(
    '/api/v1/public/inspection-plans/:id/inputs',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '抽取输入与结果 The draw’s published inputs and result, as `duikou draw verify` reads them (public)',
        security: [],
        params: IdParams,
        response: { 200: PublishedDrawOut, ...publicErrors },
      },
    },
    // Kept as the JSON text it is sent as (see inspections.verify.ts): a string goes out as it is.
    async (request, reply) => {
      const json = await publishedDrawJson(ctx, request.params.id);
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(json);
    },
  );
  app.post(
    '/api/v1/public/inspection-plans/:id/verify',
    {
      // Re-running a draw is the costliest thing an anonymous caller can ask for: its own, smaller bucket.
      config: { public: true, rateLimit: 'publicHeavy' },
      bodyLimit: VERIFY_BODY_LIMIT,
      schema: {
        tags,
        summary: '重新验证 Re-run the draw from the stored inputs and compare with the stored result (public; differences empty when identical)',
        description:
          '只验证数据库中冻结的输入与结果，不接受请求参数（请求体须为空或 {}）；结论在输入不变时复用。核对自己持有的输入或结果请使用 `duikou draw verify`。',
        security: [],
        params: IdParams,
        body: VerifyBody.optional(),
        response: { 200: VerifyOut, 503: ErrorResponse, ...publicErrors },
      },
    },
    async (request) => verifyPublished(ctx, request.params.id),
  );
}
