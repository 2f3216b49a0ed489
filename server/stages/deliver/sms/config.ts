/**
 * parseTwilio reads the optional `twilio:` section of the config: the account that sends
 * SMS alerts, the sender (a number or a Messaging Service), and where Twilio's callbacks
 * reach us. Absent, alerts go to the log-only sender. Secrets may come from the
 * environment (`authTokenEnv`).
 */
import { MappingReader } from '../../ingest/adapters/mapping-reader.js';
import type { Problems } from '../../../config/check.js';

export interface TwilioConfig {
  accountSid: string;
  /** Signs our API calls and Twilio's callbacks (`X-Twilio-Signature`); never logged. */
  authToken: string;
  /** The sender: an E.164 number, or a Messaging Service (exactly one of the two). */
  from?: string;
  messagingServiceSid?: string;
  /** Public base of `/v1/twilio/status` and `/v1/twilio/inbound` as Twilio calls them (default server.publicUrl). */
  webhookBaseUrl?: string;
  /** Another REST API base instead of https://api.twilio.com (tests, sandboxes). */
  apiBaseUrl?: string;
  /** One API call gives up after this long (a timeout is worth retrying). */
  timeoutMs: number;
}

const KEYS = ['accountSid', 'authToken', 'authTokenEnv', 'from', 'messagingServiceSid', 'webhookBaseUrl', 'apiBaseUrl', 'timeoutMs'];
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const SERVICE_SID = /^MG[0-9a-f]{32}$/;
export const E164 = /^\+[1-9]\d{1,14}$/;
const URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

export function parseTwilio(value: unknown, p: Problems, env: Record<string, string | undefined> = {}): TwilioConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const path = ['twilio'];
  const r = new MappingReader(p, [], env);
  const t = r.obj(value, path);
  for (const key of Object.keys(t)) if (!KEYS.includes(key)) r.problem([...path, key], `unknown key (${KEYS.join(', ')})`);

  const accountSid = r.optionalStr(t, [...path, 'accountSid']) ?? '';
  if (!ACCOUNT_SID.test(accountSid)) r.problem([...path, 'accountSid'], 'must be the account SID: AC and 32 hex digits');
  const authToken = r.secret(t, path, 'authToken') ?? '';
  if (!authToken) r.problem(path, 'needs `authToken` (or `authTokenEnv`)');

  const from = r.optionalStr(t, [...path, 'from']);
  const messagingServiceSid = r.optionalStr(t, [...path, 'messagingServiceSid']);
  if (from !== undefined && !E164.test(from)) r.problem([...path, 'from'], 'must be an E.164 number such as "+15005550006"');
  if (messagingServiceSid !== undefined && !SERVICE_SID.test(messagingServiceSid)) r.problem([...path, 'messagingServiceSid'], 'must be MG and 32 hex digits');
  if ((from === undefined) === (messagingServiceSid === undefined)) r.problem(path, 'needs exactly one sender: `from` (a number) or `messagingServiceSid`');

  const webhookBaseUrl = r.optionalStr(t, [...path, 'webhookBaseUrl']);
  const apiBaseUrl = r.optionalStr(t, [...path, 'apiBaseUrl']);
  for (const [key, url] of [['webhookBaseUrl', webhookBaseUrl], ['apiBaseUrl', apiBaseUrl]] as const) {
    if (url !== undefined && !URL.test(url)) r.problem([...path, key], 'must be an http(s) URL');
  }
  return {
    accountSid,
    authToken,
    ...(from === undefined ? {} : { from }),
    ...(messagingServiceSid === undefined ? {} : { messagingServiceSid }),
    ...(webhookBaseUrl === undefined ? {} : { webhookBaseUrl: webhookBaseUrl.replace(/\/+$/, '') }),
    ...(apiBaseUrl === undefined ? {} : { apiBaseUrl }),
    timeoutMs: r.int(t, [...path, 'timeoutMs'], 10_000, 100, 120_000),
  };
}
