/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): every call carries
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
 * list of `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">` keyed with the secret's
 * bytes (the secret is `whsec_` + base64). verifyWebhook is what an ACD checks on receipt.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** secretKey decodes a secret (`whsec_<base64>`, the prefix optional) to the HMAC key bytes. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** signWebhook returns the `webhook-signature` value for one message. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** webhookHeaders are the three signature headers of one attempt (the timestamp is the attempt's, in seconds). */
export function webhookHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * verifyWebhook checks a received call: one of the `v1` signatures matches the body, and
 * the timestamp is within `toleranceSec` of `nowMs` (which stops replays of old calls).
 */
export function verifyWebhook(secret: string, headers: Headers, body: string, nowMs: number, toleranceSec = 300): boolean {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !/^\d+$/.test(timestamp) || !signatures) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, id, Number(timestamp), body).slice('v1,'.length), 'base64');
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** header reads a header by its lower-case name (Node lower-cases incoming ones). */
function header(headers: Headers, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
