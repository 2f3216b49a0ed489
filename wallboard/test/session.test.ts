import { describe, expect, it } from 'vitest';
import {
  expired,
  expiredMessage,
  fromLogin,
  fromToken,
  loginMessage,
  parseSession,
  restoreSession,
  SESSION_KEY,
  tokenMessage,
  type ControlSession,
} from '../src/lib/session.js';

const dana: ControlSession = { token: 's1.x.y', user: 'dana', role: 'dispatcher', expiresAt: 10_000 };

/** A Storage stand-in: a Map behind getItem / setItem / removeItem. */
function memory(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('control session', () => {
  it('from a password sign-in', () => {
    expect(fromLogin({ token: 's1.x.y', expiresAt: 10_000, user: 'dana', role: 'dispatcher' })).toEqual(dana);
  });

  it.each([
    { who: { name: 'demo-dispatcher', role: 'dispatcher' as const }, ok: true },
    { who: { name: 'demo-admin', role: 'admin' as const }, ok: true },
    { who: { name: 'hall-display', role: 'display' as const }, ok: false },
    { who: { name: 'demo-acd', role: 'acd' as const }, ok: false },
  ])('an API token of role $who.role may use the screen: $ok', ({ who, ok }) => {
    const s = fromToken('tok', who);
    if (ok) expect(s).toEqual({ token: 'tok', user: who.name, role: who.role, expiresAt: null });
    else expect(s).toMatch(new RegExp(`role ${who.role}\\) cannot use the control screen`));
  });

  it.each([
    { name: 'a kept session', text: JSON.stringify(dana), session: dana },
    { name: 'an API token without expiry', text: JSON.stringify({ ...dana, expiresAt: null }), session: { ...dana, expiresAt: null } },
    { name: 'nothing', text: null, session: null },
    { name: 'an old bare token', text: 'demo-dispatcher-token', session: null },
    { name: 'a display role', text: JSON.stringify({ ...dana, role: 'display' }), session: null },
    { name: 'no token', text: JSON.stringify({ ...dana, token: '' }), session: null },
    { name: 'an expiry that is no number', text: JSON.stringify({ ...dana, expiresAt: 'soon' }), session: null },
    { name: 'JSON null', text: 'null', session: null },
  ])('parseSession: $name', ({ text, session }) => expect(parseSession(text)).toEqual(session));

  it.each([
    [9_999, false],
    [10_000, true],
  ])('at %s expired is %s; an API token never expires', (now, is) => {
    expect(expired(dana, now)).toBe(is);
    expect(expired({ ...dana, expiresAt: null }, now)).toBe(false);
  });

  it('restores a live session, and forgets an expired one saying why', () => {
    expect(restoreSession(memory({ [SESSION_KEY]: JSON.stringify(dana) }), 5_000)).toEqual({ session: dana, message: '' });
    const storage = memory({ [SESSION_KEY]: JSON.stringify(dana) });
    const restored = restoreSession(storage, 10_000);
    expect(restored).toEqual({ session: null, message: expiredMessage(dana) });
    expect(restored.message).toMatch(/^Your session ended at \d\d:\d\d:\d\d\. Sign in again\.$/);
    expect(storage.map.has(SESSION_KEY)).toBe(false);
    expect(restoreSession(null, 0)).toEqual({ session: null, message: '' });
  });

  it.each([
    { r: { status: 401, error: 'unknown user or wrong password' }, text: 'Unknown user or wrong password.' },
    { r: { status: 429, error: 'too many', retryAfterSec: 7 }, text: 'Too many attempts: wait 7 s.' },
    { r: { status: 429, error: 'too many' }, text: 'Too many attempts: wait a moment.' },
    { r: { status: 0, error: 'cannot reach the server' }, text: 'Cannot reach the server.' },
    { r: { status: 404, error: 'no users are configured (auth.users); use an API token' }, text: 'Cannot sign in: no users are configured (auth.users); use an API token' },
  ])('loginMessage for $r.status', ({ r, text }) => expect(loginMessage({ ok: false, ...r })).toBe(text));

  it.each([
    { r: { status: 401, error: 'x' }, text: 'Unknown token.' },
    { r: { status: 0, error: 'x' }, text: 'Cannot reach the server.' },
    { r: { status: 500, error: 'boom' }, text: 'Cannot sign in: boom' },
  ])('tokenMessage for $r.status', ({ r, text }) => expect(tokenMessage({ ok: false, ...r })).toBe(text));
});
