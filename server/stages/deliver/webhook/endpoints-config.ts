/**
 * The endpoints of a system we call with signed webhooks (`acd:`, `ivr:`): per centre, the URL
 * that receives them and its Standard Webhooks secret (`whsec_` + base64 of 24–64 random bytes,
 * or from the environment with `secretEnv`), the timeout of one call, and any settings of the
 * system's own (`settings`). A centre without an endpoint gets no calls: its deliveries are
 * recorded as skipped.
 */
import { z } from 'zod';
import { centreProblem, type ConfigContext } from '../../../config/context.js';
import { always, checkSecret, httpUrl, secret, section, text, wholeNumber, type Env, type Loose } from '../../../config/fields.js';
import { secretKey } from '../acd/signature.js';

export interface WebhookEndpoint {
  url: string;
  /** Signs every call; never logged. */
  secret: string;
}

export interface WebhookEndpoints {
  /** Centre id → its endpoint. */
  endpoints: ReadonlyMap<string, WebhookEndpoint>;
  /** One call gives up after this long (a timeout is worth retrying). */
  timeoutMs: number;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SECRET_HINT = 'must be "whsec_" + base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)';

function endpointSchema(env: Env, urlHint: string) {
  return section({
    url: httpUrl(urlHint),
    secret: text().optional(),
    secretEnv: text().optional(),
  })
    .superRefine((e: Loose, issues) => {
      checkSecret(e, 'secret', env, issues, 'needs `secret` (or `secretEnv`)');
      const value = secret(e, 'secret', env);
      if (value !== undefined && !validSecret(value)) issues.addIssue({ code: 'custom', path: [e.secretEnv === undefined ? 'secret' : 'secretEnv'], message: SECRET_HINT });
    }, always)
    .transform((e): WebhookEndpoint => ({ url: e.url, secret: secret(e, 'secret', env) ?? '' }));
}

/**
 * webhookEndpointsSchema reads such a section: `timeoutMs`, the keys of `settings`, and every
 * other key a centre id with its endpoint (`urlHint` is the message of a URL that is not one).
 */
export function webhookEndpointsSchema<S extends z.ZodRawShape>(ctx: ConfigContext, urlHint: string, settings: S) {
  const own = ['timeoutMs', ...Object.keys(settings)];
  return z
    .object({ timeoutMs: wholeNumber(100, 60_000).default(5000), ...settings }, { error: 'must be a mapping' })
    .catchall(endpointSchema(ctx.env, urlHint))
    .superRefine((value: unknown, issues) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      for (const key of Object.keys(value)) {
        const problem = own.includes(key) ? null : centreProblem(key, ctx);
        if (problem) issues.addIssue({ code: 'custom', path: [key], message: problem });
      }
    }, always)
    .transform((value) => {
      const all = value as Record<string, unknown>;
      const endpoints = Object.entries(all).filter(([key]) => !own.includes(key)) as [string, WebhookEndpoint][];
      const rest = Object.fromEntries(Object.entries(all).filter(([key]) => own.includes(key)));
      return { ...rest, endpoints: new Map(endpoints) } as unknown as WebhookEndpoints & z.output<z.ZodObject<S>>;
    });
}

function validSecret(value: string): boolean {
  if (!value.startsWith('whsec_') || !BASE64.test(value.slice('whsec_'.length))) return false;
  const bytes = secretKey(value).length;
  return bytes >= 24 && bytes <= 64;
}
