/**
 * HTTP glue shared by every feature: the app's context type, the router factory whose
 * validation hook turns zod issues into `{ error: { code: 'VALIDATION', details: [{ path }] } }`,
 * the error schema, and small helpers for declaring responses.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from './logger.js';
import { AppError, formatPath, type ErrorDetail } from './errors.js';
import type { AuthContext } from '../auth/authorize.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    auth: AuthContext;
  };
}

export type AppContext = Context<AppEnv>;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION' }),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input; `details` lists each problem with its path',
  401: 'Not signed in',
  403: 'Signed in, but outside the role or org scope this needs',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  429: 'Too many attempts',
} as const;

/** Declare the error responses a route can give, for the OpenAPI document. */
export function errorResponses<S extends keyof typeof ERROR_DESCRIPTIONS>(...statuses: S[]) {
  const out = {} as Record<S, { description: string; content: { 'application/json': { schema: typeof errorSchema } } }>;
  for (const s of statuses) {
    out[s] = { description: ERROR_DESCRIPTIONS[s], content: { 'application/json': { schema: errorSchema } } };
  }
  return out;
}

/** `{ content: { 'application/json': { schema } }, description }` in one call. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description = 'JSON body') {
  return { content: { 'application/json': { schema } }, required: true, description };
}

export function validationDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code }));
}

/** Router for one feature; mounted under `/api/v1` by the app factory. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError(
          'invalid',
          'VALIDATION',
          `The ${result.target} is invalid`,
          validationDetails(result.error.issues),
        );
      }
      return undefined;
    },
  });
}

export interface ErrorBody {
  error: { code: string; message: string; details?: readonly ErrorDetail[] };
}

/** Turn anything thrown into the one error body and status. Unknown errors are logged, not leaked. */
export function toErrorResponse(
  err: unknown,
  log: Logger,
): { status: ContentfulStatusCode; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return err.headers ? { status: err.status, body, headers: { ...err.headers } } : { status: err.status, body };
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 400
        ? 'BAD_REQUEST'
        : status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 401
            ? 'UNAUTHENTICATED'
            : `HTTP_${status}`;
    return { status, body: { error: { code, message: err.message || 'Request refused' } } };
  }
  const storage = storageFailure(err);
  if (storage) {
    log.error({ err }, 'storage failure');
    return { status: 503, body: { error: storage }, headers: { 'Retry-After': '30' } };
  }
  log.error({ err }, 'unhandled error');
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}

/** A full or unwritable database (disk full, read-only file): a clear 503, reads keep working. */
function storageFailure(err: unknown): { code: string; message: string } | undefined {
  // Recognised by shape, not by importing better-sqlite3, so browser bundles can import route schemas.
  if (!(err instanceof Error) || err.name !== 'SqliteError' || !('code' in err) || typeof err.code !== 'string')
    return undefined;
  if (err.code === 'SQLITE_FULL')
    return {
      code: 'STORAGE_FULL',
      message: 'The database disk is full: changes cannot be saved now; reading still works',
    };
  if (/^SQLITE_(READONLY|IOERR|CANTOPEN|BUSY|LOCKED)/.test(err.code)) {
    return {
      code: 'STORAGE_UNAVAILABLE',
      message: 'The database cannot be written now: changes cannot be saved; reading still works',
    };
  }
  return undefined;
}
