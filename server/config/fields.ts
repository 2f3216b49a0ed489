/**
 * Field builders shared by every section's schema (zod), each with the one message a person
 * reads when the value is wrong, and the helpers of cross-field checks (secrets from the file
 * or the environment).
 */
import { z } from 'zod';
import { parseRedisUrl } from '../platform/redis/url.js';

export type Env = Record<string, string | undefined>;

/** Issues is the part of zod's refinement context a check reports through. */
export type Issues = z.RefinementCtx;

/** Loose is a section as a cross-field check sees it: every value still unchecked. */
export type Loose = Record<string, unknown>;

export const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

export function wholeNumber(min: number, max: number) {
  // Every check says the same, so a value failing two of them reads once (checkYaml drops repeats).
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export function number(min: number, max: number) {
  const error = `must be a number from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

export function text() {
  const error = 'must be a non-empty string';
  return z.string({ error }).min(1, { error });
}

export function id() {
  return z.string({ error: 'must be a non-empty string' }).regex(ID, { error: (iss) => `"${String(iss.input)}" must be lower-case letters, digits, - or _ (at most 64)` });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

export function httpUrl(error = 'must be an http(s) URL') {
  return z.string({ error }).regex(HTTP_URL, { error });
}

/** redisUrl is a Redis address in one of the forms parseRedisUrl reads (one Redis, Cluster, Sentinel). */
export function redisUrl() {
  return text().check((ctx) => {
    if (ctx.value === '') return; // text() said so already
    try {
      parseRedisUrl(ctx.value);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: (err as Error).message, input: ctx.value });
    }
  });
}

/** section is a mapping of known keys: any other key is an error (checkYaml names the nearest known one). */
export function section<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, { error: 'must be a mapping' });
}

export function list<T extends z.ZodType>(item: T) {
  return z.array(item, { error: 'must be a list' });
}

/** mapping is a mapping of names the file chooses (centre ids, vendor ids, group names). */
export function mapping<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value, { error: 'must be a mapping' });
}

/**
 * always lets a cross-field check run even when a field of its section is wrong, so one pass
 * lists every problem; such a check sees the values unchecked (Loose), and must not trust them.
 */
export const always = { when: () => true } as const;

/** checkSecret checks `key` or, with `keyEnv`, the named environment variable: exactly one, and set. */
export function checkSecret(o: Loose, key: string, env: Env, issues: Issues, need?: string): void {
  const envName = o[`${key}Env`];
  if (typeof envName === 'string' && o[key] !== undefined) issues.addIssue({ code: 'custom', path: [key], message: `give either ${key} or ${key}Env, not both` });
  if (typeof envName === 'string' && !env[envName]) issues.addIssue({ code: 'custom', path: [`${key}Env`], message: `environment variable ${envName} is not set` });
  if (need && o[key] === undefined && o[`${key}Env`] === undefined) issues.addIssue({ code: 'custom', path: [], message: need });
}

/** secret is the value `checkSecret` approved: from the environment with `keyEnv`, else the file's. */
export function secret(o: Loose, key: string, env: Env): string | undefined {
  const envName = o[`${key}Env`];
  const value = typeof envName === 'string' ? env[envName] : o[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** definedOnly drops the keys whose value is undefined, so an absent setting stays absent. */
export function definedOnly<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
