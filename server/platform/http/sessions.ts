/**
 * Sessions for people who sign in with a password: a token `s1.<payload>.<signature>`
 * whose payload names the user, role and expiry, signed with HMAC-SHA256. Any instance
 * holding the secret can check one without asking Redis; rotating the secret ends them all.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../config/topology.js';
import type { Principal } from './principal.js';

const PREFIX = 's1';

export class Sessions {
  constructor(
    private readonly secret: string,
    readonly ttlSec: number,
  ) {}

  issue(user: Principal, now: number): { token: string; expiresAt: number } {
    const expiresAt = now + this.ttlSec * 1000;
    const payload = Buffer.from(JSON.stringify({ u: user.name, r: user.role, exp: expiresAt })).toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** verify gives the signed-in user, or undefined for a forged, malformed or expired token. */
  verify(token: string, now: number): Principal | undefined {
    const [prefix, payload, signature] = token.split('.');
    if (prefix !== PREFIX || !payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { u, r, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: string; r: Role; exp: number };
      return typeof exp === 'number' && exp > now ? { name: u, role: r } : undefined;
    } catch {
      return undefined;
    }
  }

  static isSession(token: string): boolean {
    return token.startsWith(`${PREFIX}.`);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
