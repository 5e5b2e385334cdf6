import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { attachment } from '../../xlsx/cells.js';
import { DOCX_CONTENT_TYPE } from './meetings.docx.js';
import {
  LinkTargetOut,
  LinkTargetQuery,
  MeetingCreateBody,
  MeetingDraftOut,
  MeetingDraftQuery,
  MeetingListItemOut,
  MeetingListQuery,
  MeetingOut,
  MeetingUpdateBody,
} from './meetings.schema.js';
import * as service from './meetings.service.js';

// Minutes are rich text of up to 200,000 characters (3 bytes each in UTF-8), with the rest of the meeting.
const MEETING_BODY_LIMIT = 2 * 1024 * 1024;

export function registerMeetingRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: '联席会议列表 Joint meetings in scope, latest first',
        querystring: MeetingListQuery,
        response: { 200: listOf(MeetingListItemOut), ...protectedErrors },
      },
    },
    async (request) => service.listMeetings(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/meetings/new',
    {
      schema: {
        tags: ['meetings'],
        summary: '新会议草稿 What a new meeting starts with: the open decisions of the previous held meeting as agenda items',
        querystring: MeetingDraftQuery,
        response: { 200: MeetingDraftOut, ...protectedErrors },
      },
    },
    async (request) => service.draftMeeting(ctx, principalOf(request), request.query.pairId),
  );
  app.get(
    '/api/v1/meetings/link-targets',
    {
      schema: {
        tags: ['meetings'],
        summary: '议程关联对象 Tasks or supervision items an agenda item can link to (first 20 matches)',
        querystring: LinkTargetQuery,
        response: { 200: listOf(LinkTargetOut), ...protectedErrors },
      },
    },
    async (request) => service.linkTargets(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '联席会议详情 One meeting with chairs, attendees, agenda, decisions (and their supervision status) and minutes',
        params: IdParams,
        response: { 200: MeetingOut, ...protectedErrors },
      },
    },
    async (request) => service.getMeeting(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/meetings',
    {
      bodyLimit: MEETING_BODY_LIMIT,
      schema: {
        tags: ['meetings'],
        summary: '新建联席会议 Record a planned meeting',
        description: '字段错误逐项列出（如 decisions.0.ownerUnitId、agenda.1.link.id）；纪要只保留允许的标签，不保留任何属性。',
        body: MeetingCreateBody,
        response: { 201: MeetingOut, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createMeeting(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.put(
    '/api/v1/meetings/:id',
    {
      bodyLimit: MEETING_BODY_LIMIT,
      schema: {
        tags: ['meetings'],
        summary: '修改联席会议 Replace a meeting’s details; on a held meeting new decisions become supervision items',
        params: IdParams,
        body: MeetingUpdateBody,
        response: { 200: MeetingOut, ...protectedErrors },
      },
    },
    async (request) => service.updateMeeting(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/meetings/:id/hold',
    {
      schema: {
        tags: ['meetings'],
        summary: '标记为已召开 Mark a meeting held: each decision becomes a supervision item (督办)',
        params: IdParams,
        response: { 200: MeetingOut, ...protectedErrors },
      },
    },
    async (request) => service.holdMeeting(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/meetings/:id/minutes.docx',
    {
      schema: {
        tags: ['meetings'],
        summary: '导出会议纪要（.docx） The minutes as a Word document',
        params: IdParams,
        response: { 200: z.any().meta({ description: `会议纪要 (${DOCX_CONTENT_TYPE})` }), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const file = await service.minutesFile(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply
        .type(DOCX_CONTENT_TYPE)
        .header('Content-Disposition', attachment(file.name, file.asciiName))
        .header('Cache-Control', 'no-store')
        .send(file.bytes);
    },
  );
}
