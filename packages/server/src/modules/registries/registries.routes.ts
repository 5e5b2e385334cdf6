import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { listOf, OkResponse, protectedErrors } from '../../http/schemas.js';
import { fileBodyLimit, MAX_FILE_BYTES } from '../../uploads/limits.js';
import { sendWorkbook, xlsxResponse } from '../../xlsx/cells.js';
import {
  OptionListBody,
  OptionListOut,
  OptionListParams,
  PairQuery,
  RecordBody,
  RecordDetailOut,
  RecordExportQuery,
  RecordImportBody,
  RecordImportChecked,
  RecordImportCreated,
  RecordListQuery,
  RecordLocationCounts,
  RecordLocationQuery,
  RecordOut,
  RecordParams,
  RecordPatchBody,
  RegistryTypeOut,
  RegistryTypeParams,
  StageBody,
} from './registries.schema.js';
import * as service from './registries.service.js';
import * as xlsx from './registries.xlsx.service.js';

// Import files travel base64-encoded in JSON: the file's limit, encoded, and room for the other members.
const IMPORT_BODY_LIMIT = fileBodyLimit(MAX_FILE_BYTES);

/**
 * Every kind of registry record has the same routes, parameterised by its type: the declaration
 * in @duikou/domain decides the fields, their checks, the columns and the filters.
 */
export function registerRegistryRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/registry-types',
    {
      schema: {
        tags: ['registries'],
        summary: '登记类型 The kinds of registry record with their fields and the pair’s option lists',
        querystring: PairQuery,
        response: { 200: z.object({ items: z.array(RegistryTypeOut) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: await service.registryTypes(ctx, principalOf(request), request.query.pairId) }),
  );
  app.get(
    '/api/v1/registry-counts',
    {
      schema: {
        tags: ['registries'],
        summary: '登记记录数 How many records of each kind the caller reads in a pair',
        querystring: PairQuery,
        response: {
          200: z.object({ items: z.array(z.object({ type: z.string(), count: z.number().int() })) }).meta({ id: 'RegistryCounts' }),
          ...protectedErrors,
        },
      },
    },
    async (request) => ({ items: await service.recordCounts(ctx, principalOf(request), request.query.pairId) }),
  );
  app.get(
    '/api/v1/registries/:type/records',
    {
      schema: {
        tags: ['registries'],
        summary: '登记记录列表 Records of one kind in scope, filtered',
        params: RegistryTypeParams,
        querystring: RecordListQuery,
        response: { 200: listOf(RecordOut), ...protectedErrors },
      },
    },
    async (request) => service.listRecords(ctx, principalOf(request), request.params.type, request.query),
  );
  app.get(
    '/api/v1/registries/:type/by-location',
    {
      schema: {
        tags: ['registries'],
        summary: '按地区统计 Records of one kind in scope per district or county (GB/T 2260), with the list filters: the map view',
        params: RegistryTypeParams,
        querystring: RecordLocationQuery,
        response: { 200: RecordLocationCounts, ...protectedErrors },
      },
    },
    async (request) => service.countRecordsByLocation(ctx, principalOf(request), request.params.type, request.query),
  );
  app.post(
    '/api/v1/registries/:type/records',
    {
      schema: {
        tags: ['registries'],
        summary: '新增登记记录 Register a record',
        params: RegistryTypeParams,
        body: RecordBody,
        response: { 201: RecordDetailOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await service.createRecord(ctx, principalOf(request), actorOf(request), request.params.type, request.body)),
  );
  app.get(
    '/api/v1/registries/:type/records/:id',
    {
      schema: {
        tags: ['registries'],
        summary: '登记记录详情 One record with its history and related records',
        params: RecordParams,
        response: { 200: RecordDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.getRecord(ctx, principalOf(request), request.params.type, request.params.id),
  );
  app.patch(
    '/api/v1/registries/:type/records/:id',
    {
      schema: {
        tags: ['registries'],
        summary: '修改登记记录 Change a record',
        params: RecordParams,
        body: RecordPatchBody,
        response: { 200: RecordDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.updateRecord(ctx, principalOf(request), actorOf(request), request.params.type, request.params.id, request.body),
  );
  app.delete(
    '/api/v1/registries/:type/records/:id',
    {
      schema: {
        tags: ['registries'],
        summary: '删除登记记录 Remove a record nothing refers to',
        params: RecordParams,
        response: { 200: OkResponse, ...protectedErrors },
      },
    },
    async (request) => {
      await service.deleteRecord(ctx, principalOf(request), actorOf(request), request.params.type, request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/registries/:type/records/:id/stage',
    {
      schema: {
        tags: ['registries'],
        summary: '推进阶段 Move a record to another stage (forward; back only by the office, with a reason)',
        params: RecordParams,
        body: StageBody,
        response: { 200: RecordDetailOut, ...protectedErrors },
      },
    },
    async (request) => service.changeStage(ctx, principalOf(request), actorOf(request), request.params.type, request.params.id, request.body),
  );
  app.get(
    '/api/v1/registries/:type/template.xlsx',
    {
      schema: {
        tags: ['registries'],
        summary: '导入模板 The .xlsx template of a kind',
        params: RegistryTypeParams,
        querystring: PairQuery,
        response: { 200: xlsxResponse('导入模板'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await xlsx.template(ctx, principalOf(request), actorOf(request), request.params.type, request.query.pairId)),
  );
  app.post(
    '/api/v1/registries/:type/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['registries'],
        summary: '批量导入（.xlsx） Register records from an .xlsx; one bad row refuses the whole file',
        description:
          '任何一行有错时返回 400 VALIDATION_FAILED，details 逐行列出（field 为 rows.<行号>.<字段>），不写入任何数据；dryRun 只校验并返回预览（200）；否则在一个事务中全部创建（201）。',
        params: RegistryTypeParams,
        body: RecordImportBody,
        response: { 200: RecordImportChecked, 201: RecordImportCreated, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const outcome = await xlsx.importRecords(ctx, principalOf(request), actorOf(request), request.params.type, request.body);
      return outcome.kind === 'checked' ? reply.status(200).send(outcome.body) : reply.status(201).send(outcome.body);
    },
  );
  app.get(
    '/api/v1/registries/:type/export.xlsx',
    {
      schema: {
        tags: ['registries'],
        summary: '导出（.xlsx） Records in scope with the list filters',
        params: RegistryTypeParams,
        querystring: RecordExportQuery,
        response: { 200: xlsxResponse('登记记录'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await xlsx.exportRecords(ctx, principalOf(request), actorOf(request), request.params.type, request.query)),
  );
  app.get(
    '/api/v1/registry-options/:list',
    {
      schema: {
        tags: ['registries'],
        summary: '选项列表 An option list in force for the pair',
        params: OptionListParams,
        querystring: PairQuery,
        response: { 200: OptionListOut, ...protectedErrors },
      },
    },
    async (request) => service.getOptionList(ctx, principalOf(request), request.params.list, request.query.pairId),
  );
  app.put(
    '/api/v1/registry-options/:list',
    {
      schema: {
        tags: ['registries'],
        summary: '修改选项列表 Replace the pair’s option list',
        params: OptionListParams,
        body: OptionListBody,
        response: { 200: OptionListOut, ...protectedErrors },
      },
    },
    async (request) => service.saveOptionList(ctx, principalOf(request), actorOf(request), request.params.list, request.body),
  );
}
