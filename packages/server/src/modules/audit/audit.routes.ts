import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { principalOf } from '../../http/auth-plugin.js';
import { listOf, protectedErrors } from '../../http/schemas.js';
import { AuditEntryOut, AuditListQuery, ChainCheckOut } from './audit.schema.js';
import { listAudit, verifyAuditChain } from './audit.service.js';

export function registerAuditRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit log in scope',
        querystring: AuditListQuery,
        response: { 200: listOf(AuditEntryOut), ...protectedErrors },
      },
    },
    async (request) => listAudit(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计链 Verify the hash chain', response: { 200: ChainCheckOut, ...protectedErrors } } },
    async (request) => verifyAuditChain(ctx, principalOf(request)),
  );
}
