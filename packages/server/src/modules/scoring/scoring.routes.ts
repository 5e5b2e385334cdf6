import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { sendWorkbook, xlsxResponse } from '../../xlsx/cells.js';
import { BreakdownOut, BreakdownQuery, PeriodQuery, RebuildOut, RuleSetBody, RuleSetOut, RuleSetQuery, ScoresOut } from './scoring.schema.js';
import * as service from './scoring.service.js';

export function registerScoringRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/scoring/rule-sets',
    {
      schema: {
        tags: ['supervision'],
        summary: '考评规则列表 Scoring rule sets of the pairs in reach (per city and year)',
        querystring: RuleSetQuery,
        response: { 200: listOf(RuleSetOut), ...protectedErrors },
      },
    },
    async (request) => service.listRuleSets(ctx, principalOf(request), request.query),
  );
  app.put(
    '/api/v1/scoring/rule-sets',
    {
      schema: {
        tags: ['supervision'],
        summary: '保存考评规则 Create or replace a city’s scoring rules for a year; the year’s scores are rebuilt under them',
        body: RuleSetBody,
        response: { 200: RuleSetOut, ...protectedErrors },
      },
    },
    async (request) => service.saveRuleSet(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.get(
    '/api/v1/scoring/rule-sets/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '考评规则 One city’s scoring rules for a year',
        params: IdParams,
        response: { 200: RuleSetOut, ...protectedErrors },
      },
    },
    async (request) => service.getRuleSet(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/scoring/rule-sets/:id/rebuild',
    {
      schema: {
        tags: ['supervision'],
        summary: '重算考评 Recompute every score entry of a rule set from the events',
        params: IdParams,
        response: { 200: RebuildOut, ...protectedErrors },
      },
    },
    async (request) => service.rebuild(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/scoring/rule-sets/:id/scores',
    {
      schema: {
        tags: ['supervision'],
        summary: '考评排名 Each unit’s score over a period (year, quarter or month), with category subtotals and rank',
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: ScoresOut, ...protectedErrors },
      },
    },
    async (request) => service.scores(ctx, principalOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/scoring/rule-sets/:id/breakdown',
    {
      schema: {
        tags: ['supervision'],
        summary: '得分明细 One unit’s score over a period with every entry behind it (default: the caller’s unit)',
        params: IdParams,
        querystring: BreakdownQuery,
        response: { 200: BreakdownOut, ...protectedErrors },
      },
    },
    async (request) => service.breakdown(ctx, principalOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/scoring/rule-sets/:id/scores.xlsx',
    {
      schema: {
        tags: ['supervision'],
        summary: '导出考评结果（.xlsx） The scores of a period as a workbook',
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: xlsxResponse('考评结果'), ...protectedErrors },
      },
    },
    async (request, reply) => sendWorkbook(reply, await service.exportScores(ctx, principalOf(request), actorOf(request), request.params.id, request.query)),
  );
}
