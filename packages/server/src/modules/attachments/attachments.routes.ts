import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { fileBodyLimit, MAX_ATTACHMENT_BYTES } from '../../uploads/limits.js';
import { AttachmentListQuery, AttachmentOut, AttachmentUploadBody } from './attachments.schema.js';
import * as service from './attachments.service.js';

export function registerAttachmentRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/attachments',
    {
      bodyLimit: fileBodyLimit(MAX_ATTACHMENT_BYTES),
      schema: {
        tags: ['attachments'],
        summary: '上传附件 Attach a file to a task, report, supervision item, registry record or leader instruction',
        body: AttachmentUploadBody,
        response: { 201: AttachmentOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.upload(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: '附件列表 Attachments of a record',
        querystring: AttachmentListQuery,
        response: { 200: listOf(AttachmentOut), ...protectedErrors },
      },
    },
    async (request) => service.list(ctx, principalOf(request), request.query.ownerType, request.query.ownerId),
  );
  app.get(
    '/api/v1/attachments/:id/content',
    {
      schema: {
        tags: ['attachments'],
        summary: '下载附件 Download a file',
        params: IdParams,
        response: { 200: z.any().meta({ description: 'The file, with its content type' }), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const { meta, content } = await service.download(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply
        .type(meta.contentType)
        .header('Content-Disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('Cache-Control', 'private, no-store')
        .send(content);
    },
  );
}
