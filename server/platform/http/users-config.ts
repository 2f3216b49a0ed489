/**
 * The `auth:` section: the bearer tokens of machines and screens (`tokens`), the people who
 * sign in with a password (`users`) and the session settings.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { always, checkSecret, list, oneOf, secret, section, text, wholeNumber, type Env, type Loose } from '../../config/fields.js';
import { ROLES, unique, type Role } from '../../config/topology.js';
import { isPasswordHash } from './passwords.js';

export interface TokenConfig {
  name: string;
  role: Role;
  /** Hex SHA-256 of the bearer token (a plain `token` in the file is hashed on load). */
  sha256: string;
}

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

export type AuthConfig = { tokens: TokenConfig[] } & SessionConfig;

const PERSON_ROLES = ['dispatcher', 'manager', 'admin'] as const;

const tokenSchema = section({
  name: text(),
  role: oneOf(ROLES),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hex digits' }).optional(),
  token: z.string().min(8, { error: 'must be at least 8 characters' }).optional(),
})
  .superRefine((t, issues) => {
    if ((t.sha256 === undefined) === (t.token === undefined)) issues.addIssue({ code: 'custom', message: 'needs `sha256` (hex SHA-256 of the token) or a `token` of at least 8 characters' });
  })
  .transform((t): TokenConfig => ({ name: t.name, role: t.role, sha256: t.sha256?.toLowerCase() ?? createHash('sha256').update(t.token ?? '').digest('hex') }));

const userSchema = section({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: 'must be a user name (lower-case letters, digits, . _ -)' }),
  role: oneOf(PERSON_ROLES),
  password: z.string().refine(isPasswordHash, { error: 'must be a scrypt hash: make one with `surge hash-password`' }),
});

/** authSchema reads `auth:`; `env` supplies `sessionSecretEnv`. */
export function authSchema(env: Env) {
  return section({
    tokens: list(tokenSchema).default([]),
    users: list(userSchema).default([]),
    sessionSecret: text().optional(),
    sessionSecretEnv: text().optional(),
    sessionTtlSec: wholeNumber(60, 7 * 86_400).default(8 * 3600),
  })
    .superRefine((a: Loose, issues) => {
      checkSecret(a, 'sessionSecret', env, issues);
      const users = Array.isArray(a.users) ? (a.users as Loose[]) : [];
      if (Array.isArray(a.users)) unique(users.map((u) => u?.name), ['users'], 'user', issues);
      if (Array.isArray(a.tokens)) unique((a.tokens as Loose[]).map((t) => t?.sha256), ['tokens'], 'token', issues);
      const sessionSecret = secret(a, 'sessionSecret', env);
      if (users.length > 0 && (sessionSecret === undefined || sessionSecret.length < 16)) {
        issues.addIssue({ code: 'custom', path: [a.sessionSecretEnv === undefined ? 'sessionSecret' : 'sessionSecretEnv'], message: 'users need a session secret of at least 16 characters (the same on every instance)' });
      }
    }, always)
    .transform((a): AuthConfig => ({ tokens: a.tokens, users: a.users, sessionSecret: secret(a, 'sessionSecret', env) ?? null, sessionTtlSec: a.sessionTtlSec }))
    .prefault({});
}
