import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { principalOf } from '../../http/auth-plugin.js';
import { IdParams, OkResponse, protectedErrors } from '../../http/schemas.js';
import { NotificationListOut, NotificationListQuery } from './notifications.schema.js';
import * as service from './notifications.service.js';

export function registerNotificationRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知（含未读数） My notifications with the unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationListOut, ...protectedErrors },
      },
    },
    async (request) => service.listMine(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: '标为已读 Mark one read', params: IdParams, response: { 200: OkResponse, ...protectedErrors } } },
    async (request) => service.markRead(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: { tags: ['notifications'], summary: '全部标为已读 Mark all read', response: { 200: z.object({ marked: z.number().int() }), ...protectedErrors } },
    },
    async (request) => service.markAllRead(ctx, principalOf(request)),
  );
}
