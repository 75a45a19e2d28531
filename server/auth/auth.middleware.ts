import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from '../audit/audit.store.js';
import type { AppContext, AppEnv } from '../core/http.js';
import type { AuthService } from './auth.service.js';
import { AuthContext, type OrgPathLookup, type UserPrincipal } from './authorize.js';
import { isScreenToken } from './token-kinds.js';

export const SESSION_COOKIE = 'hcpv_session';

/** The session token of a request: `Authorization: Bearer …` for API clients, else the console's cookie. */
export function sessionToken(c: AppContext): string | undefined {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || undefined;
  return getCookie(c, SESSION_COOKIE);
}

/**
 * Sets `c.var.auth` for every request; routes decide what they need from it. A screen token is
 * never a user session (see token-kinds.ts), so it is not looked up here: the request is
 * anonymous as far as users go, and the screen routes authenticate it themselves.
 */
export function authMiddleware(auth: AuthService, orgPath: OrgPathLookup): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const principal: UserPrincipal | null = token && !isScreenToken(token) ? auth.authenticate(token) : null;
    c.set('auth', new AuthContext(principal, orgPath));
    await next();
  };
}

/** The audit actor for the signed-in user of this request. */
export function actorOf(c: AppContext, user: UserPrincipal): Actor {
  return { kind: 'user', id: user.userId, name: user.username, requestId: c.get('requestId') };
}

/**
 * Refuse anonymous API calls before any body is parsed, so an anonymous caller learns nothing
 * about a route's schema: 401 first, then 400 for the signed-in. `publicPrefixes` are the few
 * paths that take no user session (sign-in, the screens' own token-authenticated protocol).
 */
export function requireSession(publicPrefixes: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('auth').principal && !publicPrefixes.some((p) => c.req.path.startsWith(p))) {
      c.get('auth').requireUser();
    }
    await next();
  };
}
