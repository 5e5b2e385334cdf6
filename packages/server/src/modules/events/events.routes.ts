import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { principalOf } from '../../http/auth-plugin.js';
import { AppError } from '../../http/errors.js';
import { EventStreamOut, eventStreamErrors } from './events.schema.js';
import { EventHub } from './events.service.js';

export function registerEventRoutes(app: AppInstance, ctx: ServiceContext): void {
  // Made with the first stream: building the app (the OpenAPI document) needs no change feed.
  let hub: EventHub | null = null;
  // Open streams would keep app.close() (and the process) waiting for ever: they end first.
  app.addHook('preClose', async () => hub?.close());
  app.get(
    '/api/v1/events',
    {
      // A HEAD would open a stream nobody reads.
      exposeHeadRoute: false,
      schema: {
        tags: ['system'],
        summary: '数据变更通知（SSE） Change notices for the caller, as server-sent events',
        response: { 200: EventStreamOut, ...eventStreamErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      // Only a client that asks for an event stream gets one (EventSource always does): anything
      // else would hold a connection open for ever without reading it.
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) throw new AppError('NOT_ACCEPTABLE');
      hub ??= new EventHub(ctx);
      const stream = hub.open(principal);
      request.raw.on('close', () => stream.close());
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          // Proxies (nginx) would otherwise hold the messages back in their buffers.
          .header('x-accel-buffering', 'no')
          .send(stream.body)
      );
    },
  );
}
