/**
 * client: the REST calls of the screens, with the bearer token. Every call resolves (never throws)
 * to the body on 2xx, or to the server's own error text (`{error}`) and status otherwise, so a
 * screen can show exactly why the server said no. Status 0 means the server could not be reached.
 */
export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: string };

export interface Api {
  get<T>(path: string, query?: Record<string, string | number>): Promise<ApiResult<T>>;
  post<T>(path: string, body: unknown): Promise<ApiResult<T>>;
}

export function createApi(token: string, fetchFn: typeof fetch = (...args) => fetch(...args)): Api {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchFn(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      return { ok: false, status: 0, error: 'cannot reach the server' };
    }
    const parsed = await readJson(res);
    if (res.ok) return { ok: true, status: res.status, body: parsed as T };
    const error = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : `HTTP ${res.status}`;
    return { ok: false, status: res.status, error };
  }

  return {
    get: (path, query) => call('GET', query ? `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : path),
    post: (path, body) => call('POST', path, body),
  };
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null; // an empty or non-JSON body: the status still says what happened
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
