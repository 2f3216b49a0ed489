/**
 * session: who is signed in on the control screen, for how long, and what the sign-in form says
 * when the server refuses. People sign in with a password (`POST /v1/login` answers a session
 * token that expires); API tokens (`GET /v1/whoami` names their holder) never expire. The session
 * is kept in sessionStorage: this tab only, forgotten when it closes.
 */
import type { ApiFailure } from './api/client.js';
import type { Principal, Role } from './api/types.js';
import { clock } from './format.js';
import { readStored } from './route.js';
import { t } from '../i18n/index.js';

export interface ControlSession {
  token: string;
  user: string;
  role: Role;
  /** Epoch ms the server stops accepting the token; null for an API token. */
  expiresAt: number | null;
}

/** What `POST /v1/login` answers. */
export interface LoginAnswer {
  token: string;
  expiresAt: number;
  user: string;
  role: Role;
}

export const SESSION_KEY = 'surge.controlSession';

/** The roles that may use the control screen (display, ingest and acd tokens may not). */
export const CONTROL_ROLES: readonly Role[] = ['dispatcher', 'manager', 'admin'];

/** mayReadAudit: whether the role may read `GET /v1/audit` (admin only, as the server's route says), so others never ask. */
export const mayReadAudit = (role: Role): boolean => role === 'admin';

/** fromLogin: the session a password sign-in opened. */
export const fromLogin = (a: LoginAnswer): ControlSession => ({ token: a.token, user: a.user, role: a.role, expiresAt: a.expiresAt });

/** fromToken: the session of an API token, or why it may not use the control screen. */
export function fromToken(token: string, who: Principal): ControlSession | string {
  if (!CONTROL_ROLES.includes(who.role)) return t.session.wrongRole(who.name, who.role);
  return { token, user: who.name, role: who.role, expiresAt: null };
}

/** parseSession reads a stored session; anything else (nothing, a stale format, garbage) is null. */
export function parseSession(text: string | null): ControlSession | null {
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const s = raw as Record<string, unknown>;
  if (typeof s.token !== 'string' || s.token === '' || typeof s.user !== 'string' || typeof s.role !== 'string') return null;
  if (!CONTROL_ROLES.includes(s.role as Role)) return null;
  if (s.expiresAt !== null && typeof s.expiresAt !== 'number') return null;
  return { token: s.token, user: s.user, role: s.role as Role, expiresAt: s.expiresAt };
}

/** expired: the server no longer accepts the session's token. */
export const expired = (s: ControlSession, now: number): boolean => s.expiresAt !== null && now >= s.expiresAt;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** restoreSession: the session kept in this tab, or why it ended (`expiredMessage`) — or neither. */
export function restoreSession(storage: Store | null, now: number): { session: ControlSession | null; message: string } {
  const session = parseSession(readStored(storage, SESSION_KEY));
  if (session && expired(session, now)) {
    forgetSession(storage);
    return { session: null, message: expiredMessage(session) };
  }
  return { session, message: '' };
}

export function keepSession(storage: Store | null, session: ControlSession): void {
  try {
    storage?.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // without storage the sign-in lasts until the page reloads
  }
}

export function forgetSession(storage: Store | null): void {
  try {
    storage?.removeItem(SESSION_KEY);
  } catch {
    // nothing was stored
  }
}

/** expiredMessage: what the sign-in form says when a session ran out. */
export const expiredMessage = (s: ControlSession): string => t.session.expired(s.expiresAt === null ? '' : clock(s.expiresAt));

/** refusedMessage: what the sign-in form says when the server stops accepting a token mid-session (401). */
export const refusedMessage = (): string => t.session.refused;

/** loginMessage: why a password sign-in failed, in the words the form shows. */
export function loginMessage(r: ApiFailure): string {
  switch (r.status) {
    case 401:
      return t.session.wrongPassword;
    case 429:
      return r.retryAfterSec === undefined ? t.session.tooMany : t.session.tooManyWait(r.retryAfterSec);
    case 0:
      return t.session.unreachable;
    default:
      return t.session.cannotSignIn(r.error);
  }
}

/** tokenMessage: why a token sign-in failed. */
export function tokenMessage(r: ApiFailure): string {
  if (r.status === 401) return t.session.unknownToken;
  return r.status === 0 ? t.session.unreachable : t.session.cannotSignIn(r.error);
}
