import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, OkResponse, protectedErrors } from '../../http/schemas.js';
import { attachment } from '../../xlsx/cells.js';
import { DOCX_CONTENT_TYPE } from './bulletins.docx.js';
import { BulletinCreateBody, BulletinFiguresOut, BulletinListItemOut, BulletinListQuery, BulletinOut, BulletinPreviewQuery } from './bulletins.schema.js';
import * as service from './bulletins.service.js';

export function registerBulletinRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/bulletins',
    {
      schema: {
        tags: ['supervision'],
        summary: '情况通报列表 Supervision bulletins in scope (units see the published ones of their city), latest period first',
        querystring: BulletinListQuery,
        response: { 200: listOf(BulletinListItemOut), ...protectedErrors },
      },
    },
    async (request) => service.listBulletins(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/bulletins/preview',
    {
      schema: {
        tags: ['supervision'],
        summary: '情况通报预览 The figures of a city over a period, per unit, ranked, with the bulletin’s text',
        description:
          '每个数字等于督办列表 GET /api/v1/supervision?cityId&unitId&event&from&to 的 total（event: raised, closed_on_time, closed_late, extended, overdue, chased）。',
        querystring: BulletinPreviewQuery,
        response: { 200: BulletinFiguresOut, ...protectedErrors },
      },
    },
    async (request) => service.previewFigures(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/v1/bulletins',
    {
      schema: {
        tags: ['supervision'],
        summary: '生成情况通报草稿 Draft a bulletin: the figures are frozen now, with the city’s next issue number',
        body: BulletinCreateBody,
        response: { 201: BulletinOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createBulletin(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/api/v1/bulletins/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '情况通报详情 One bulletin with its frozen figures',
        params: IdParams,
        response: { 200: BulletinOut, ...protectedErrors },
      },
    },
    async (request) => service.getBulletin(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/bulletins/:id/publish',
    {
      schema: {
        tags: ['supervision'],
        summary: '发布情况通报 Publish a draft and notify every active account of the city’s units (409 STALE_STATE if published meanwhile)',
        params: IdParams,
        response: { 200: BulletinOut, ...protectedErrors },
      },
    },
    async (request) => service.publishBulletin(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.delete(
    '/api/v1/bulletins/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '删除情况通报草稿 Delete a draft (a published bulletin stays)',
        params: IdParams,
        response: { 200: OkResponse, ...protectedErrors },
      },
    },
    async (request) => service.deleteBulletin(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/bulletins/:id/bulletin.docx',
    {
      schema: {
        tags: ['supervision'],
        summary: '下载情况通报（.docx） The bulletin as a Word document',
        params: IdParams,
        response: { 200: z.any().meta({ description: `情况通报 (${DOCX_CONTENT_TYPE})` }), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const file = await service.bulletinFile(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply
        .type(DOCX_CONTENT_TYPE)
        .header('Content-Disposition', attachment(file.name, file.asciiName))
        .header('Cache-Control', 'no-store')
        .send(file.bytes);
    },
  );
}
