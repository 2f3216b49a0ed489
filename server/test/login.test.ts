import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { demoConfig, quietLogger, removeKeys, uniquePrefix } from './support/env.js';

const prefix = uniquePrefix('login');
let server: RunningServer;
let base: string;
beforeAll(async () => {
  server = await startServer(demoConfig(prefix), quietLogger(), { port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.stop();
  await removeKeys(prefix);
});

const login = (user: string, password: string) =>
  fetch(`${base}/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });

describe('signing in', () => {
  it('gives a dispatcher an expiring session that works like a token of that role', async () => {
    const res = await login('dana', 'demo-dispatcher-password');
    expect(res.status).toBe(200);
    const session = (await res.json()) as { token: string; expiresAt: number; role: string };
    expect(session.role).toBe('dispatcher');
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);
    const me = await fetch(`${base}/v1/whoami`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(await me.json()).toEqual({ name: 'dana', role: 'dispatcher' });
    // A dispatcher may act on incidents but not read the audit log.
    expect((await fetch(`${base}/v1/incidents`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(200);
    expect((await fetch(`${base}/v1/audit`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(403);
  });

  it('refuses wrong passwords, unknown users and forged sessions alike', async () => {
    for (const [user, password] of [['dana', 'guess'], ['nobody', 'demo-dispatcher-password']] as const) {
      const res = await login(user, password);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('unknown user or wrong password');
    }
    const forged = `s1.${Buffer.from(JSON.stringify({ u: 'dana', r: 'admin', exp: 9e15 })).toString('base64url')}.AAAA`;
    expect((await fetch(`${base}/v1/audit`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect((await fetch(`${base}/v1/login`, { method: 'POST', body: 'nope' })).status).toBe(400);
  });
});
