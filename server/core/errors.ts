/**
 * One error type for the whole server. Services throw `AppError` with a machine-readable code;
 * the HTTP layer's `onError` turns it into `{ error: { code, message, details? } }`.
 */

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'throttled'
  | 'unavailable'
  | 'internal';

export const STATUS_OF_KIND = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  throttled: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorKind, number>;

export interface ErrorDetail {
  /** Dotted path of the offending input, e.g. `site.zones.2.areaM2`. */
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): (typeof STATUS_OF_KIND)[ErrorKind] {
    return STATUS_OF_KIND[this.kind];
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('not_found', 'NOT_FOUND', `${what} "${id}" was not found`);

export const invalid = (code: string, message: string, details?: readonly ErrorDetail[]): AppError =>
  new AppError('invalid', code, message, details);

export const conflict = (code: string, message: string, details?: readonly ErrorDetail[]): AppError =>
  new AppError('conflict', code, message, details);

export const forbidden = (code: string, message: string): AppError => new AppError('forbidden', code, message);

/** Format a zod-style issue path as the dotted path used in error details. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map((p) => String(p)).join('.');
}
