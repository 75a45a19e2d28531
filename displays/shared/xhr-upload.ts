/**
 * JSON POST with upload progress. `fetch` reports no upload progress, so this one request kind
 * uses XMLHttpRequest; like the API client it parses the answer with the API's own schema and
 * turns failures into `ApiError` with the server's code.
 */
import { API, ApiError, UNAUTHENTICATED_EVENT, errorBodySchema, type Parser } from './api.js';

export interface UploadOptions {
  /** Bytes of the request body sent so far, and the whole. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function postJsonWithProgress<T>(
  path: string,
  body: unknown,
  schema: Parser<T>,
  opts: UploadOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API}${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      const value = parseJson(xhr.responseText);
      if (xhr.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(schema.parse(value));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
        return;
      }
      const parsed = errorBodySchema.safeParse(value);
      if (parsed.success) {
        const e = parsed.data.error;
        reject(new ApiError(xhr.status, e.code, e.message, e.details ?? []));
      } else reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || 'Request failed'));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached')));
    xhr.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(JSON.stringify(body));
  });
}
