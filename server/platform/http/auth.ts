/**
 * Authenticator maps a bearer token to its configured name and role. API tokens are kept
 * only as SHA-256 hashes and compared in constant time; people who signed in carry a
 * signed, expiring session token instead.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../config/topology.js';
import type { TokenConfig, UserConfig } from './users-config.js';
import type { Principal } from './principal.js';
import { Sessions } from './sessions.js';

export type { Principal };

/** Who may do what: screen roles are ranked; `ingest` and `acd` are machine roles outside the ranking. */
const RANKED: Role[] = ['display', 'dispatcher', 'manager', 'admin'];

/** atLeast lists the roles at or above a screen role (admin may do anything a dispatcher may). */
export function atLeast(role: 'display' | 'dispatcher' | 'manager' | 'admin'): Role[] {
  return RANKED.slice(RANKED.indexOf(role));
}

export class Authenticator {
  private readonly hashes: { hash: Buffer; principal: Principal }[];

  constructor(
    tokens: TokenConfig[],
    /** Signed sessions of people who signed in with a password, when users are configured. */
    private readonly sessions?: Sessions,
    /** The users configured now: a session is only as good as its user's entry. */
    private readonly users: () => UserConfig[] = () => [],
  ) {
    this.hashes = tokens.map((t) => ({ hash: Buffer.from(t.sha256, 'hex'), principal: { name: t.name, role: t.role } }));
  }

  identify(token: string | undefined): Principal | undefined {
    if (!token) return undefined;
    if (Sessions.isSession(token)) return this.signedIn(token);
    const hash = createHash('sha256').update(token).digest();
    let found: Principal | undefined;
    // Compare against every entry so the time taken does not say which one matched.
    for (const entry of this.hashes) if (timingSafeEqual(entry.hash, hash)) found = entry.principal;
    return found;
  }

  /**
   * signedIn checks a session against the users configured now, on every request: a user
   * removed from the config is signed out everywhere, and one whose role changed acts with the new role.
   */
  private signedIn(token: string): Principal | undefined {
    const session = this.sessions?.verify(token, Date.now());
    const user = session && this.users().find((u) => u.name === session.name);
    return user ? { name: user.name, role: user.role } : undefined;
  }
}

/** bearerToken takes the token from `Authorization: Bearer …`, or from `?token=` for browsers and WebSockets. */
export function bearerToken(authorization: string, queryToken: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match?.[1] ?? (queryToken || undefined);
}
