import { describe, expect, it } from 'vitest';
import { createApi, failureText } from '../src/lib/api/client.js';

const respond = (status: number, body: string) => (async () => new Response(body, { status })) as unknown as typeof fetch;

describe('api client', () => {
  it('sends the token and a JSON body', async () => {
    let seen: { url: string; method?: string; auth: string | null; type: string | null; body: unknown } | null = null;
    const f = (async (url: string, init: RequestInit) => {
      const h = new Headers(init.headers);
      seen = { url, method: init.method, auth: h.get('authorization'), type: h.get('content-type'), body: JSON.parse(String(init.body)) };
      return new Response(JSON.stringify({ incident: { id: 'i1' } }), { status: 200 });
    }) as unknown as typeof fetch;
    const r = await createApi('tok', f).post('/v1/incidents/i1/ack', { reason: 'on it' });
    expect(r).toEqual({ ok: true, status: 200, body: { incident: { id: 'i1' } } });
    expect(seen).toEqual({ url: '/v1/incidents/i1/ack', method: 'POST', auth: 'Bearer tok', type: 'application/json', body: { reason: 'on it' } });
  });

  it.each([
    { name: "the server's own reason on 4xx", status: 409, body: '{"error":"incident i1 is already at black"}', error: 'incident i1 is already at black' },
    { name: 'the status when the body says nothing', status: 502, body: '<html>bad gateway</html>', error: 'HTTP 502' },
  ])('$name', async ({ status, body, error }) => {
    expect(await createApi('t', respond(status, body)).get('/v1/x')).toEqual({ ok: false, status, error });
  });

  it('status 0 when the server cannot be reached', async () => {
    const broken = (async () => {
      throw new TypeError('network');
    }) as unknown as typeof fetch;
    expect(await createApi('t', broken).get('/v1/x')).toEqual({ ok: false, status: 0, error: 'cannot reach the server' });
  });

  it('encodes the query', async () => {
    let url = '';
    const f = (async (u: string) => {
      url = u;
      return new Response('{}');
    }) as unknown as typeof fetch;
    await createApi('t', f).get('/v1/incidents', { state: 'all', limit: 50 });
    expect(url).toBe('/v1/incidents?state=all&limit=50');
  });

  it('carries Retry-After of a refusal as seconds', async () => {
    const limited = (async () => new Response('{"error":"too many sign-in attempts"}', { status: 429, headers: { 'retry-after': '9' } })) as unknown as typeof fetch;
    expect(await createApi(null, limited).post('/v1/login', {})).toEqual({ ok: false, status: 429, error: 'too many sign-in attempts', retryAfterSec: 9 });
  });

  it('sends no authorization header without a token (signing in)', async () => {
    let auth: string | null = 'unset';
    const f = (async (_url: string, init: RequestInit) => {
      auth = new Headers(init.headers).get('authorization');
      return new Response('{}');
    }) as unknown as typeof fetch;
    await createApi(null, f).post('/v1/login', { user: 'dana', password: 'x' });
    expect(auth).toBeNull();
  });

  it.each([
    { name: 'a 401 to a call with a token', token: 't', status: 401, told: 1 },
    { name: 'a 403 (the token is fine, the role is not)', token: 't', status: 403, told: 0 },
    { name: 'a 401 to a sign-in without a token', token: null, status: 401, told: 0 },
  ])('tells the screen the token is refused on $name', async ({ token, status, told }) => {
    let calls = 0;
    await createApi(token, respond(status, '{}'), { unauthorized: () => calls++ }).get('/v1/x');
    expect(calls).toBe(told);
  });

  it.each([
    { r: { status: 403, error: 'role "dispatcher" may not do this; needs one of admin' }, text: 'audit log: role "dispatcher" may not do this; needs one of admin' },
    { r: { status: 0, error: 'cannot reach the server' }, text: 'audit log: cannot reach the server; retrying' },
    { r: { status: 500, error: 'boom' }, text: 'cannot load audit log: boom' },
  ])('failureText for $r.status', ({ r, text }) => expect(failureText('audit log', { ok: false, ...r })).toBe(text));
});
