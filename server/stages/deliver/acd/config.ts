/**
 * parseAcd reads the optional `acd:` section: per centre, the ACD endpoint that receives
 * our signed webhooks and its Standard Webhooks secret (`whsec_` + base64 of 24–64
 * random bytes, or from the environment with `secretEnv`), and the timeout of one call.
 * A centre without an endpoint gets no calls: its deliveries are recorded as skipped.
 */
import { MappingReader } from '../../ingest/adapters/mapping-reader.js';
import type { Problems } from '../../../config/check.js';
import type { CentreConfig } from '../../../config/types.js';
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

const URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseAcd(value: unknown, centres: CentreConfig[], p: Problems, env: Record<string, string | undefined> = {}): AcdConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const r = new MappingReader(p, centres, env);
  const root = r.obj(value, ['acd']);
  const endpoints = new Map<string, AcdEndpoint>();
  for (const [key, entry] of Object.entries(root)) {
    if (key === 'timeoutMs') continue;
    const path = ['acd', key];
    if (!r.centre(key, path)) continue;
    const e = r.obj(entry, path);
    for (const k of Object.keys(e)) if (!['url', 'secret', 'secretEnv'].includes(k)) r.problem([...path, k], 'unknown key (url, secret, secretEnv)');
    const url = r.optionalStr(e, [...path, 'url']) ?? '';
    if (!URL.test(url)) r.problem([...path, 'url'], 'must be the http(s) URL of the centre’s ACD webhook endpoint');
    const secret = r.secret(e, path, 'secret') ?? '';
    if (!secret) r.problem(path, 'needs `secret` (or `secretEnv`)');
    else if (!validSecret(secret)) r.problem([...path, e.secretEnv === undefined ? 'secret' : 'secretEnv'], `must be "whsec_" + base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)`);
    endpoints.set(key, { url, secret });
  }
  return { endpoints, timeoutMs: r.int(root, ['acd', 'timeoutMs'], 5000, 100, 60_000) };
}

function validSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_') || !BASE64.test(secret.slice('whsec_'.length))) return false;
  const bytes = secretKey(secret).length;
  return bytes >= 24 && bytes <= 64;
}
