import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, PageQuery, protectedErrors } from '../../http/schemas.js';
import {
  PeriodListQuery,
  PeriodOut,
  PeriodPreviewOut,
  PeriodsBody,
  PeriodsCreatedOut,
  PeriodUpdateBody,
  ReportListQuery,
  ReportOut,
  ReportSaveBody,
  ReviewBody,
  TodoOut,
} from './reports.schema.js';
import * as service from './reports.service.js';

export function registerReportRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/plans/:id/report-periods',
    {
      schema: {
        tags: ['reports'],
        summary: '生成报送周期 Create monthly or quarterly report periods (existing ones are kept; `created` counts the new)',
        params: IdParams,
        body: PeriodsBody,
        response: { 200: PeriodsCreatedOut, ...protectedErrors },
      },
    },
    async (request) => service.createPeriods(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/plans/:id/report-periods/preview',
    {
      schema: {
        tags: ['reports'],
        summary: '预览报送周期 The periods a span would give, marked if they exist; writes nothing',
        params: IdParams,
        body: PeriodsBody,
        response: { 200: PeriodPreviewOut, ...protectedErrors },
      },
    },
    async (request) => service.previewPeriods(ctx, principalOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/plans/:id/report-periods',
    {
      schema: {
        tags: ['reports'],
        summary: '方案的报送周期 Report periods of a plan, with report counts',
        params: IdParams,
        response: { 200: listOf(PeriodOut), ...protectedErrors },
      },
    },
    async (request) => service.listPeriods(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/api/v1/report-periods/:id',
    {
      schema: {
        tags: ['reports'],
        summary: '修改报送截止日期 Move an open period’s deadline',
        params: IdParams,
        body: PeriodUpdateBody,
        response: { 200: PeriodOut, ...protectedErrors },
      },
    },
    async (request) => service.updatePeriod(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/report-periods/:id/close',
    {
      schema: {
        tags: ['reports'],
        summary: '关闭报送期 Close a period: no new drafts or submissions',
        params: IdParams,
        response: { 200: PeriodOut, ...protectedErrors },
      },
    },
    async (request) => service.closePeriod(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/report-periods/:id/reopen',
    {
      schema: {
        tags: ['reports'],
        summary: '重新开放报送期 Reopen a closed period',
        params: IdParams,
        response: { 200: PeriodOut, ...protectedErrors },
      },
    },
    async (request) => service.reopenPeriod(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/api/v1/report-periods',
    {
      schema: {
        tags: ['reports'],
        summary: '报送周期 Report periods of a plan',
        querystring: PeriodListQuery,
        response: { 200: listOf(PeriodOut), ...protectedErrors },
      },
    },
    async (request) => service.listPeriods(ctx, principalOf(request), request.query.planId),
  );
  app.get(
    '/api/v1/reports/todo',
    {
      schema: {
        tags: ['reports'],
        summary: '待报送 What my units still have to report',
        querystring: PageQuery,
        response: { 200: listOf(TodoOut), ...protectedErrors },
      },
    },
    async (request) => service.todo(ctx, principalOf(request), request.query.page, request.query.pageSize),
  );
  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary: '进展报告（审核队列用 status=submitted） Reports in scope',
        querystring: ReportListQuery,
        response: { 200: listOf(ReportOut), ...protectedErrors },
      },
    },
    async (request) => service.listReports(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/reports/:id',
    { schema: { tags: ['reports'], summary: '报告详情及历史 A report with its history', params: IdParams, response: { 200: ReportOut, ...protectedErrors } } },
    async (request) => service.getReport(ctx, principalOf(request), request.params.id),
  );
  app.put(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary: '保存或提交报告 Save or submit a unit report',
        body: ReportSaveBody,
        response: { 200: ReportOut, ...protectedErrors },
      },
    },
    async (request) => service.saveReport(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.post(
    '/api/v1/reports/:id/review',
    {
      schema: {
        tags: ['reports'],
        summary: '审核：通过或退回 Accept or return a report',
        params: IdParams,
        body: ReviewBody,
        response: { 200: ReportOut, ...protectedErrors },
      },
    },
    async (request) => service.reviewReport(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
}
