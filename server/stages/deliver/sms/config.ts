/**
 * The optional `twilio:` section of the config: the account that sends
 * SMS alerts, the sender (a number or a Messaging Service), and where Twilio's callbacks
 * reach us. Absent, alerts go to the log-only sender. Secrets may come from the
 * environment (`authTokenEnv`).
 */
import { z } from 'zod';
import { always, checkSecret, definedOnly, httpUrl, secret, section, text, wholeNumber, type Env, type Loose } from '../../../config/fields.js';

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
  /** An inbound message's MessageSid is remembered this long: a replay of it within that time changes nothing. */
  inboundDedupSec: number;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const SERVICE_SID = /^MG[0-9a-f]{32}$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** twilioSchema reads `twilio:`; `env` supplies `authTokenEnv`. */
export function twilioSchema(env: Env) {
  return section({
    accountSid: z.string().regex(ACCOUNT_SID, { error: 'must be the account SID: AC and 32 hex digits' }),
    authToken: text().optional(),
    authTokenEnv: text().optional(),
    from: z.string().regex(E164, { error: 'must be an E.164 number such as "+15005550006"' }).optional(),
    messagingServiceSid: z.string().regex(SERVICE_SID, { error: 'must be MG and 32 hex digits' }).optional(),
    webhookBaseUrl: httpUrl().optional(),
    apiBaseUrl: httpUrl().optional(),
    timeoutMs: wholeNumber(100, 120_000).default(10_000),
    // Twilio's signature has no timestamp, so a captured reply stays valid: remember it at least a day.
    inboundDedupSec: wholeNumber(86_400, 400 * 86_400).default(30 * 86_400),
  })
    .superRefine((t: Loose, issues) => {
      checkSecret(t, 'authToken', env, issues, 'needs `authToken` (or `authTokenEnv`)');
      if ((t.from === undefined) === (t.messagingServiceSid === undefined)) issues.addIssue({ code: 'custom', message: 'needs exactly one sender: `from` (a number) or `messagingServiceSid`' });
    }, always)
    .transform(({ authTokenEnv, webhookBaseUrl, ...t }): TwilioConfig =>
      definedOnly({ ...t, authToken: secret({ authToken: t.authToken, authTokenEnv }, 'authToken', env) ?? '', webhookBaseUrl: webhookBaseUrl?.replace(/\/+$/, '') }),
    );
}
