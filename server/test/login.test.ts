import { describe, expect, it } from 'vitest';
import { useServer } from './support/env.js';

const app = useServer('login');

const login = (user: string, password: string) =>
  fetch(`${app.base}/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });

describe('signing in', () => {
  it('gives a dispatcher an expiring session that works like a token of that role', async () => {
    const res = await login('dana', 'demo-dispatcher-password');
    expect(res.status).toBe(200);
    const session = (await res.json()) as { token: string; expiresAt: number; role: string };
    expect(session.role).toBe('dispatcher');
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);
    const me = await fetch(`${app.base}/v1/whoami`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(await me.json()).toEqual({ name: 'dana', role: 'dispatcher' });
    // A dispatcher may act on incidents but not read the audit log.
    expect((await fetch(`${app.base}/v1/incidents`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(200);
    expect((await fetch(`${app.base}/v1/audit`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(403);
  });

  it('refuses wrong passwords, unknown users and forged sessions alike', async () => {
    for (const [user, password] of [['dana', 'guess'], ['nobody', 'demo-dispatcher-password']] as const) {
      const res = await login(user, password);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('unknown user or wrong password');
    }
    const forged = `s1.${Buffer.from(JSON.stringify({ u: 'dana', r: 'admin', exp: 9e15 })).toString('base64url')}.AAAA`;
    expect((await fetch(`${app.base}/v1/audit`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect((await fetch(`${app.base}/v1/login`, { method: 'POST', body: 'nope' })).status).toBe(400);
  });
});
