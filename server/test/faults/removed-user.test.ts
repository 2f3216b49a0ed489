/**
 * Fault: a user taken out of the config keeps a working session. Sessions are signed, not
 * stored, so an instance restarted with the new config (here: a second instance beside the
 * old one, as in a rolling restart) must check each session against the users it has now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../main.js';
import { demoConfig, quietLogger, removeKeys, uniquePrefix } from '../support/env.js';

const prefix = uniquePrefix('removed-user');
const servers: RunningServer[] = [];
let before = '';
let after = '';

beforeAll(async () => {
  // Before: dana is an admin, mike a manager. After: mike is gone and dana is a dispatcher.
  const old = demoConfig(prefix, (c) => (c.auth.users.find((u) => u.name === 'dana')!.role = 'admin'));
  const changed = demoConfig(prefix, (c) => (c.auth.users = c.auth.users.filter((u) => u.name !== 'mike')));
  for (const config of [old, changed]) servers.push(await startServer(config, quietLogger(), { port: 0 }));
  [before, after] = servers.map((s) => `http://127.0.0.1:${s.port}`) as [string, string];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await removeKeys(prefix);
});

async function signIn(user: string, password: string): Promise<string> {
  const res = await fetch(`${before}/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const whoami = (base: string, token: string) => fetch(`${base}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });

describe('a session whose user left the config', () => {
  it('stops working where the user is gone, and carries the role configured now', async () => {
    const mike = await signIn('mike', 'demo-manager-password');
    const dana = await signIn('dana', 'demo-dispatcher-password');
    expect((await whoami(before, mike)).status).toBe(200);
    const gone = await whoami(after, mike);
    expect(gone.status).toBe(401);
    expect(await gone.json()).toEqual({ error: expect.stringMatching(/token/) });
    expect(await (await whoami(before, dana)).json()).toEqual({ name: 'dana', role: 'admin' });
    expect(await (await whoami(after, dana)).json()).toEqual({ name: 'dana', role: 'dispatcher' });
    // The admin-only route follows the role of now, not the one signed into the token.
    expect((await fetch(`${after}/metrics`, { headers: { authorization: `Bearer ${dana}` } })).status).toBe(403);
  }, 30_000);
});
