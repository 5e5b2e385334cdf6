import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, OkResponse, protectedErrors } from '../../http/schemas.js';
import { InstructionCreateBody, InstructionListItemOut, InstructionListQuery, InstructionOut, InstructionUpdateBody } from './instructions.schema.js';
import * as service from './instructions.service.js';

const tags = ['instructions'];

export function registerInstructionRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/instructions',
    {
      schema: {
        tags,
        summary: '领导批示列表 Leader instructions of the caller’s pair or city, latest first',
        description: '办公室（全部或本市）与领导（只读）可查；单位填报员没有列表（403），经由据此交办的督办事项查看批示。',
        querystring: InstructionListQuery,
        response: { 200: listOf(InstructionListItemOut), ...protectedErrors },
      },
    },
    async (request) => service.listInstructions(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/instructions/:id',
    {
      schema: {
        tags,
        summary: '领导批示详情 One instruction, with the supervision items raised from it counted by status',
        params: IdParams,
        response: { 200: InstructionOut, ...protectedErrors },
      },
    },
    async (request) => service.getInstruction(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/instructions',
    {
      schema: {
        tags,
        summary: '录入领导批示 Record a leader’s instruction (the document is attached with owner type instruction)',
        body: InstructionCreateBody,
        response: { 201: InstructionOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createInstruction(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/instructions/:id',
    {
      schema: {
        tags,
        summary: '修改领导批示 Change an instruction’s leader, date, content or document title',
        params: IdParams,
        body: InstructionUpdateBody,
        response: { 200: InstructionOut, ...protectedErrors },
      },
    },
    async (request) => service.updateInstruction(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/instructions/:id',
    {
      schema: {
        tags,
        summary: '删除领导批示 Remove an instruction no supervision item was raised from (409 otherwise)',
        params: IdParams,
        response: { 200: OkResponse, ...protectedErrors },
      },
    },
    async (request) => service.deleteInstruction(ctx, principalOf(request), actorOf(request), request.params.id),
  );
}
