import type { ServiceContext } from '../../context.js';
import type { AppInstance } from '../../http/app-instance.js';
import { actorOf, principalOf } from '../../http/auth-plugin.js';
import { IdParams, listOf, protectedErrors } from '../../http/schemas.js';
import { ResetPasswordBody, ResetPasswordOut, RolesBody, UserCreateBody, UserCreatedOut, UserListQuery, UserOut, UserUpdateBody } from './users.schema.js';
import * as service from './users.service.js';

export function registerUserRoutes(app: AppInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/users',
    {
      schema: { tags: ['users'], summary: '用户列表 List users in scope', querystring: UserListQuery, response: { 200: listOf(UserOut), ...protectedErrors } },
    },
    async (request) => service.listUsers(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], summary: '用户详情 One user', params: IdParams, response: { 200: UserOut, ...protectedErrors } } },
    async (request) => service.getUser(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: '新增用户 Create a user with roles', body: UserCreateBody, response: { 201: UserCreatedOut, ...protectedErrors } } },
    async (request, reply) => reply.status(201).send(await service.createUser(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改或停用用户 Edit or disable a user',
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: UserOut, ...protectedErrors },
      },
    },
    async (request) => service.updateUser(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: '重置密码 Reset a password',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: ResetPasswordOut, ...protectedErrors },
      },
    },
    async (request) => service.resetPassword(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/api/v1/users/:id/roles',
    {
      schema: {
        tags: ['users'],
        summary: '分配角色与数据范围 Replace roles and scopes',
        params: IdParams,
        body: RolesBody,
        response: { 200: UserOut, ...protectedErrors },
      },
    },
    async (request) => service.setRoles(ctx, principalOf(request), actorOf(request), request.params.id, request.body.roles),
  );
}
