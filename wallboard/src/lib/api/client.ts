/**
 * client: the REST calls of the screens, with the bearer token. Every call resolves (never throws)
 * to the body on 2xx, or to the server's own error text (`{error}`) and status otherwise, so a
 * screen can show exactly why the server said no. Status 0 means the server could not be reached;
 * a refusal with `Retry-After` (429, 503) carries it as `retryAfterSec`.
 */
import { t } from '../../i18n/index.js';

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: string; retryAfterSec?: number };
export type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>;

export interface Api {
  get<T>(path: string, query?: Record<string, string | number>): Promise<ApiResult<T>>;
  post<T>(path: string, body: unknown): Promise<ApiResult<T>>;
}

export interface ApiHooks {
  /** Called when the server answers 401 to a call made with a token: it no longer accepts it. */
  unauthorized?: () => void;
}

/** createApi: calls with `Authorization: Bearer <token>`, or without it when `token` is null (signing in). */
export function createApi(token: string | null, fetchFn: typeof fetch = (...args) => fetch(...args), hooks: ApiHooks = {}): Api {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchFn(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      return { ok: false, status: 0, error: t.control.noServer };
    }
    const parsed = await readJson(res);
    if (res.ok) return { ok: true, status: res.status, body: parsed as T };
    if (res.status === 401 && token !== null) hooks.unauthorized?.();
    const error = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : `HTTP ${res.status}`;
    const retryAfterSec = retryAfter(res.headers.get('retry-after'));
    return retryAfterSec === null ? { ok: false, status: res.status, error } : { ok: false, status: res.status, error, retryAfterSec };
  }

  return {
    get: (path, query) => call('GET', query ? `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : path),
    post: (path, body) => call('POST', path, body),
  };
}

/** retryAfter reads `Retry-After` in seconds (the form our server sends); null when absent or not a number. */
function retryAfter(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null; // an empty or non-JSON body: the status still says what happened
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** failureText: what a section says when loading `what` failed — the server's own words, and that it keeps trying. */
export function failureText(what: string, r: ApiFailure): string {
  if (r.status === 403) return t.control.forbidden(what, r.error);
  if (r.status === 0) return t.control.unreachable(what);
  return t.control.failed(what, r.error);
}
