/**
 * parseUsers reads the people who sign in with a password (`auth.users`) and the session
 * settings, reporting every problem with its line.
 */
import type { Problems } from '../../config/check.js';
import type { Role } from '../../config/types.js';
import { isPasswordHash } from './passwords.js';

export interface UserConfig {
  name: string;
  role: Role;
  /** scrypt hash (see passwords.ts). */
  password: string;
}

export interface SessionConfig {
  users: UserConfig[];
  /** Signs session tokens; every instance needs the same one. */
  sessionSecret: string | null;
  sessionTtlSec: number;
}

const PERSON_ROLES: Role[] = ['dispatcher', 'manager', 'admin'];

export function parseUsers(auth: Record<string, unknown>, p: Problems, env: Record<string, string | undefined>): SessionConfig {
  const users: UserConfig[] = [];
  const list = auth.users ?? [];
  if (!Array.isArray(list)) p.add(['auth', 'users'], 'must be a list');
  (Array.isArray(list) ? list : []).forEach((u: unknown, i) => {
    const at = ['auth', 'users', i];
    const user = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>;
    if (typeof user.name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(user.name)) p.add([...at, 'name'], 'must be a user name (lower-case letters, digits, . _ -)');
    if (!PERSON_ROLES.includes(user.role as Role)) p.add([...at, 'role'], `must be one of ${PERSON_ROLES.join(', ')}`);
    if (typeof user.password !== 'string' || !isPasswordHash(user.password)) p.add([...at, 'password'], 'must be a scrypt hash: make one with `surge hash-password`');
    if (users.some((x) => x.name === user.name)) p.add([...at, 'name'], `duplicate user "${String(user.name)}"`);
    users.push({ name: String(user.name), role: user.role as Role, password: String(user.password) });
  });
  const fromEnv = typeof auth.sessionSecretEnv === 'string' ? env[auth.sessionSecretEnv] : undefined;
  const secret = fromEnv ?? (typeof auth.sessionSecret === 'string' ? auth.sessionSecret : null);
  if (users.length > 0 && (secret === null || secret.length < 16)) {
    p.add(['auth', typeof auth.sessionSecretEnv === 'string' ? 'sessionSecretEnv' : 'sessionSecret'], 'users need a session secret of at least 16 characters (the same on every instance)');
  }
  const ttl = auth.sessionTtlSec ?? 8 * 3600;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 60 || ttl > 7 * 86400) p.add(['auth', 'sessionTtlSec'], 'must be a whole number of seconds from 60 to 604800');
  return { users, sessionSecret: secret, sessionTtlSec: typeof ttl === 'number' ? ttl : 8 * 3600 };
}
