/** HTTP face of sign-in and user management: /api/v1/auth/…, /api/v1/users/… */
import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createRouter, errorResponses, jsonBody, jsonContent, type AppContext } from '../core/http.js';
import { AppError } from '../core/errors.js';
import type { OrgService } from '../org/org.service.js';
import { actorOf, SESSION_COOKIE, sessionToken } from './auth.middleware.js';
import type { AuthService } from './auth.service.js';
import type { AuthContext } from './authorize.js';
import { createUserSchema, loginSchema, sessionSchema, updateUserSchema, userSchema } from './auth.schemas.js';
import { ROLES } from './roles.js';

const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Sign in; sets an HttpOnly session cookie and returns a bearer token',
  request: { body: jsonBody(loginSchema) },
  responses: { 200: jsonContent(sessionSchema, 'Signed in'), ...errorResponses(400, 401, 429) },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  security,
  summary: 'End this session',
  responses: { 204: { description: 'Signed out' } },
});

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['Auth'],
  security,
  summary: 'The signed-in user, with role grants',
  responses: {
    200: jsonContent(userSchema.extend({ roles: z.array(z.enum(ROLES)) }), 'You'),
    ...errorResponses(401),
  },
});

const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  tags: ['Users'],
  security,
  summary: 'Users whose home unit is in your scope',
  responses: { 200: jsonContent(z.object({ items: z.array(userSchema) }), 'Users'), ...errorResponses(401, 403) },
});

const getUserRoute = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['Users'],
  security,
  summary: 'One user',
  request: { params: idParam },
  responses: { 200: jsonContent(userSchema, 'The user'), ...errorResponses(401, 403, 404) },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['Users'],
  security,
  summary: 'Create a user with role grants (each grant must be inside your own user.manage scope)',
  request: { body: jsonBody(createUserSchema) },
  responses: { 201: jsonContent(userSchema, 'Created'), ...errorResponses(400, 401, 403, 404, 409) },
});

const updateUserRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['Users'],
  security,
  summary: 'Change name, password, disabled flag or role grants',
  request: { params: idParam, body: jsonBody(updateUserSchema) },
  responses: { 200: jsonContent(userSchema, 'Updated'), ...errorResponses(400, 401, 403, 404) },
});

function clientIp(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/** Granting a role on a unit needs user.manage there: nobody hands out more than they hold. */
function requireGrantable(auth: AuthContext, grants: readonly { orgId: string }[]): void {
  for (const g of grants) auth.require('user.manage', g.orgId);
}

export function authRoutes(auth: AuthService, org: OrgService, secureCookie: boolean) {
  return createRouter()
    .openapi(loginRoute, async (c) => {
      const { username, password } = c.req.valid('json');
      const session = await auth.login(username, password, clientIp(c));
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: secureCookie,
        expires: new Date(session.expiresAt),
      });
      return c.json(session, 200);
    })
    .openapi(logoutRoute, (c) => {
      const token = sessionToken(c);
      if (token) auth.logout(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .openapi(meRoute, (c) => {
      const me = c.get('auth').requireUser();
      const user = auth.getUser(me.userId);
      return c.json({ ...user, roles: [...new Set(user.grants.map((g) => g.role))] }, 200);
    })
    .openapi(listUsersRoute, (c) => {
      const a = c.get('auth');
      a.requireAny('user.read');
      return c.json({ items: auth.listUsers(a.scope('user.read')) }, 200);
    })
    .openapi(getUserRoute, (c) => {
      const { id } = c.req.valid('param');
      const a = c.get('auth');
      const me = a.requireUser();
      const user = auth.getUser(id);
      if (me.userId !== id) a.require('user.read', user.homeOrgId);
      return c.json(user, 200);
    })
    .openapi(createUserRoute, async (c) => {
      const body = c.req.valid('json');
      const a = c.get('auth');
      const me = a.require('user.manage', body.homeOrgId);
      requireGrantable(a, body.grants);
      return c.json(await auth.createUser(actorOf(c, me), body), 201);
    })
    .openapi(updateUserRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const a = c.get('auth');
      const me = a.requireUser();
      const target = auth.getUser(id);
      const selfPasswordOnly = me.userId === id && Object.keys(patch).every((k) => k === 'password');
      if (!selfPasswordOnly) a.require('user.manage', target.homeOrgId);
      if (patch.grants) {
        // Both the grants taken away and those given must lie inside the manager's scope.
        requireGrantable(a, [...target.grants, ...patch.grants]);
        if (me.userId === id)
          throw new AppError('forbidden', 'FORBIDDEN_SELF_GRANT', 'You cannot change your own roles');
      }
      org.get(target.homeOrgId);
      return c.json(await auth.updateUser(actorOf(c, me), id, patch), 200);
    });
}
