/**
 * The optional `acd:` section: per centre, the ACD endpoint that receives
 * our signed webhooks and its Standard Webhooks secret (`whsec_` + base64 of 24–64
 * random bytes, or from the environment with `secretEnv`), and the timeout of one call.
 * A centre without an endpoint gets no calls: its deliveries are recorded as skipped.
 */
import { z } from 'zod';
import { centreProblem, type ConfigContext } from '../../../config/context.js';
import { always, checkSecret, httpUrl, secret, section, text, wholeNumber, type Env, type Loose } from '../../../config/fields.js';
import { secretKey } from './signature.js';

export interface AcdEndpoint {
  url: string;
  /** Signs every call; never logged. */
  secret: string;
}

export interface AcdConfig {
  /** Centre id → its ACD endpoint. */
  endpoints: ReadonlyMap<string, AcdEndpoint>;
  /** One call gives up after this long (a timeout is worth retrying). */
  timeoutMs: number;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SECRET_HINT = 'must be "whsec_" + base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)';

function endpointSchema(env: Env) {
  return section({
    url: httpUrl('must be the http(s) URL of the centre’s ACD webhook endpoint'),
    secret: text().optional(),
    secretEnv: text().optional(),
  })
    .superRefine((e: Loose, issues) => {
      checkSecret(e, 'secret', env, issues, 'needs `secret` (or `secretEnv`)');
      const value = secret(e, 'secret', env);
      if (value !== undefined && !validSecret(value)) issues.addIssue({ code: 'custom', path: [e.secretEnv === undefined ? 'secret' : 'secretEnv'], message: SECRET_HINT });
    }, always)
    .transform((e): AcdEndpoint => ({ url: e.url, secret: secret(e, 'secret', env) ?? '' }));
}

/** acdSchema reads `acd:`: `timeoutMs`, and every other key a centre id with its endpoint. */
export function acdSchema(ctx: ConfigContext) {
  return z
    .object({ timeoutMs: wholeNumber(100, 60_000).default(5000) }, { error: 'must be a mapping' })
    .catchall(endpointSchema(ctx.env))
    .superRefine((acd: unknown, issues) => {
      if (typeof acd !== 'object' || acd === null || Array.isArray(acd)) return;
      for (const key of Object.keys(acd)) {
        const problem = key === 'timeoutMs' ? null : centreProblem(key, ctx);
        if (problem) issues.addIssue({ code: 'custom', path: [key], message: problem });
      }
    }, always)
    .transform(({ timeoutMs, ...endpoints }): AcdConfig => ({ endpoints: new Map(Object.entries(endpoints) as [string, AcdEndpoint][]), timeoutMs }));
}

function validSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_') || !BASE64.test(secret.slice('whsec_'.length))) return false;
  const bytes = secretKey(secret).length;
  return bytes >= 24 && bytes <= 64;
}
