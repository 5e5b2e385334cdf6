import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { protectedErrors } from '../../http/schemas.js';
import { fileBodyLimit, MAX_FILE_BYTES } from '../../uploads/limits.js';
import { sendWorkbook, xlsxResponse } from '../../xlsx/cells.js';
import { TaskExportQuery, TaskImportBody, TaskImportChecked, TaskImportCreated } from './tasks.schema.js';
import * as service from './tasks.xlsx.service.js';

// Import files travel base64-encoded in JSON: the file's limit, encoded, and room for the other members.
const IMPORT_BODY_LIMIT = fileBodyLimit(MAX_FILE_BYTES);

export function registerTaskXlsxRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/tasks/import-template.xlsx',
    {
      schema: {
        tags: ['tasks'],
        summary: '任务导入模板 The .xlsx template for bulk task assignment',
        response: { 200: xlsxResponse('任务导入模板'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await service.importTemplate(ctx, principalOf(request), actorOf(request))),
  );
  app.post(
    '/api/v1/tasks/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['tasks'],
        summary: '批量分解任务（.xlsx） Bulk-create tasks from an .xlsx; one bad row refuses the whole file',
        description:
          '任何一行有错时返回 400 VALIDATION_FAILED，details 逐行列出（field 为 rows.<行号>.<字段>），不写入任何数据；dryRun 只校验并返回预览（200）；否则在一个事务中全部创建（201）。',
        body: TaskImportBody,
        response: { 200: TaskImportChecked, 201: TaskImportCreated, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const outcome = await service.importTasks(ctx, principalOf(request), actorOf(request), request.body);
      return outcome.kind === 'checked' ? reply.status(200).send(outcome.body) : reply.status(201).send(outcome.body);
    },
  );
  app.get(
    '/api/v1/tasks/export.xlsx',
    {
      schema: {
        tags: ['tasks'],
        summary: '导出任务台账（.xlsx） The task ledger of the tasks in scope, with the list filters',
        querystring: TaskExportQuery,
        response: { 200: xlsxResponse('任务台账'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await service.exportLedger(ctx, principalOf(request), actorOf(request), request.query)),
  );
}
