import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, OkResponse, protectedErrors } from '../../http/schemas.js';
import { fileBodyLimit, MAX_FILE_BYTES } from '../../uploads/limits.js';
import { sendWorkbook, xlsxResponse } from '../../xlsx/cells.js';
import {
  AgreementBody,
  AgreementOut,
  AgreementPatchBody,
  AssessmentListOut,
  PairQuery,
  SampleColumnsBody,
  SampleColumnsOut,
  SampleImportBody,
  SampleImportChecked,
  SampleImportCreated,
  SampleOut,
  SectionBody,
  SectionOut,
  SectionPatchBody,
  SectionSummaryOut,
  SectionYearQuery,
  WarningOut,
  WarningQuery,
  YearQuery,
} from './water.schema.js';
import * as service from './water.service.js';

// Import files travel base64-encoded in JSON: the file's limit, encoded, and room for the other members.
const IMPORT_BODY_LIMIT = fileBodyLimit(MAX_FILE_BYTES);
const tags = ['water'];

/** Surface water quality and eco-compensation (东江): sections, agreements, samples, assessments, warnings. */
export function registerWaterRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/water/sections',
    {
      schema: {
        tags,
        summary: '监测断面列表 The monitoring sections of a pair in scope',
        querystring: PairQuery,
        response: { 200: z.object({ items: z.array(SectionOut) }), ...protectedErrors },
      },
    },
    async (request) => service.listSections(ctx, principalOf(request), request.query.pairId),
  );
  app.post(
    '/api/v1/water/sections',
    { schema: { tags, summary: '新增监测断面 Add a monitoring section', body: SectionBody, response: { 201: SectionOut, ...protectedErrors } } },
    async (request, reply) => reply.code(201).send(await service.createSection(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/water/sections/:id',
    { schema: { tags, summary: '监测断面 One section', params: IdParams, response: { 200: SectionOut, ...protectedErrors } } },
    async (request) => service.getSection(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/api/v1/water/sections/:id',
    { schema: { tags, summary: '修改监测断面 Change a section', params: IdParams, body: SectionPatchBody, response: { 200: SectionOut, ...protectedErrors } } },
    async (request) => service.updateSection(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/water/sections/:id',
    {
      schema: {
        tags,
        summary: '删除监测断面 Remove a section without samples or agreements',
        params: IdParams,
        response: { 200: OkResponse, ...protectedErrors },
      },
    },
    async (request) => {
      await service.deleteSection(ctx, principalOf(request), actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/water/sections/:id/samples',
    {
      schema: {
        tags,
        summary: '断面监测数据 A section’s samples of a year, classified by GB 3838-2002',
        params: IdParams,
        querystring: SectionYearQuery,
        response: { 200: z.object({ items: z.array(SampleOut) }), ...protectedErrors },
      },
    },
    async (request) => service.listSamples(ctx, principalOf(request), request.params.id, request.query.year),
  );
  app.get(
    '/api/v1/water/sections/:id/summary',
    {
      schema: {
        tags,
        summary: '断面年度水质 Monthly and annual means, classes, compliance and warnings of a section’s year',
        params: IdParams,
        querystring: SectionYearQuery,
        response: { 200: SectionSummaryOut, ...protectedErrors },
      },
    },
    async (request) => service.sectionSummary(ctx, principalOf(request), request.params.id, request.query.year),
  );
  app.get(
    '/api/v1/water/agreements',
    {
      schema: {
        tags,
        summary: '生态补偿协议 The agreements of a pair',
        querystring: PairQuery,
        response: { 200: z.object({ items: z.array(AgreementOut) }), ...protectedErrors },
      },
    },
    async (request) => service.listAgreements(ctx, principalOf(request), request.query.pairId),
  );
  app.post(
    '/api/v1/water/agreements',
    {
      schema: {
        tags,
        summary: '新增生态补偿协议 Add an agreement with its assessment rule',
        body: AgreementBody,
        response: { 201: AgreementOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await service.createAgreement(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/water/agreements/:id',
    { schema: { tags, summary: '生态补偿协议 One agreement', params: IdParams, response: { 200: AgreementOut, ...protectedErrors } } },
    async (request) => service.getAgreement(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/api/v1/water/agreements/:id',
    {
      schema: {
        tags,
        summary: '修改生态补偿协议 Change an agreement',
        params: IdParams,
        body: AgreementPatchBody,
        response: { 200: AgreementOut, ...protectedErrors },
      },
    },
    async (request) => service.updateAgreement(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/water/agreements/:id',
    { schema: { tags, summary: '删除生态补偿协议 Remove an agreement', params: IdParams, response: { 200: OkResponse, ...protectedErrors } } },
    async (request) => {
      await service.deleteAgreement(ctx, principalOf(request), actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/water/samples/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入监测数据（.csv/.xlsx） Import samples; one bad row refuses the whole file',
        description:
          '任何一行有错（断面未知、日期无效、单位不符、负值或不合理数值、重复）时返回 400 VALIDATION_FAILED，details 逐行列出（field 为 rows.<行号>.<字段>，code 为错误代码），不写入任何数据；dryRun 只校验并返回预览（200）；否则在一个事务中全部写入（201），新的预警通知两市生态环境部门。',
        body: SampleImportBody,
        response: { 200: SampleImportChecked, 201: SampleImportCreated, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const outcome = await service.importSamples(ctx, principalOf(request), actorOf(request), request.body);
      return outcome.kind === 'checked' ? reply.status(200).send(outcome.body) : reply.status(201).send(outcome.body);
    },
  );
  app.post(
    '/api/v1/water/samples/columns',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '读取监测数据文件的列 The columns of a sample file and the field each maps to by its header',
        body: SampleColumnsBody,
        response: { 200: SampleColumnsOut, ...protectedErrors },
      },
    },
    async (request) => service.sampleColumns(ctx, principalOf(request), request.body),
  );
  app.get(
    '/api/v1/water/assessments',
    {
      schema: {
        tags,
        summary: '年度考核 Verdict and amount per section and agreement of a year, with every intermediate figure',
        querystring: YearQuery,
        response: { 200: AssessmentListOut, ...protectedErrors },
      },
    },
    async (request) => service.assessmentList(ctx, principalOf(request), request.query.pairId, request.query.year),
  );
  app.get(
    '/api/v1/water/assessments/report.xlsx',
    {
      schema: {
        tags,
        summary: '年度考核报告（.xlsx） The annual assessment report',
        querystring: YearQuery,
        response: { 200: xlsxResponse('年度考核报告'), ...protectedErrors },
      },
    },
    async (request, reply) =>
      sendWorkbook(reply, await service.assessmentReport(ctx, principalOf(request), actorOf(request), request.query.pairId, request.query.year)),
  );
  app.get(
    '/api/v1/water/warnings',
    {
      schema: {
        tags,
        summary: '水质预警 Warnings raised, newest first',
        querystring: WarningQuery,
        response: { 200: z.object({ items: z.array(WarningOut) }), ...protectedErrors },
      },
    },
    async (request) => service.listWarnings(ctx, principalOf(request), request.query),
  );
}
