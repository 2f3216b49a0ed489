/**
 * twilioRoutes serves Twilio's callbacks, accepted only with a valid X-Twilio-Signature
 * (checked on the headers before the body is read, then over the body: twilio-webhook.ts):
 *
 *   POST /v1/twilio/status   delivery receipts (MessageSid, MessageStatus, ErrorCode) ─► onStatus
 *   POST /v1/twilio/inbound  replies from duty managers (MessageSid, From, Body) ─► first time this
 *                            MessageSid is seen? ─► onInbound ─► TwiML reply; a replay gets empty TwiML
 *
 * The signature covers no timestamp, so a captured reply verifies forever: only the MessageSid,
 * remembered for twilio.inboundDedupSec, keeps a replayed `ACK` from acting again.
 */
// The TwiML builder alone: the SDK's index loads its REST client too (about 0.15 s at every start).
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import type { Config } from '../../../config/types.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { RequestContext, Route, RouteOptions } from '../../../platform/http/request.js';
import { admitTwilio, verifiedTwilioParams, type TwilioEndpoint } from '../../../platform/http/twilio-webhook.js';
import { maskPhone, type Logger } from '../../../platform/log/log.js';
import { callbackUrl, TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from './callback-url.js';

export interface TwilioRouteDeps {
  config: Config;
  logger: Logger;
  /** A delivery receipt: Twilio's status (queued, sent, delivered, undelivered, failed…) and error code. */
  onStatus(sid: string, status: string, errorCode?: string): Promise<void>;
  /** An SMS to our number; the text returned is sent back as the reply (empty: no reply). */
  onInbound(from: string, body: string): Promise<string>;
  /** Inbound MessageSids already handled: claim is false for a replay; release undoes a claim whose handling failed. */
  inbound: { claim(sid: string, ttlSec: number): Promise<boolean>; release(sid: string): Promise<void> };
}

/** Twilio's callbacks are a few hundred bytes; an SMS body is at most 1600 characters. */
const MAX_BODY = 64 * 1024;

export function twilioRoutes(deps: TwilioRouteDeps): Route[] {
  const { config } = deps;
  const logger = deps.logger.child({ module: 'twilio-callbacks' });
  const endpoint = (path: string): TwilioEndpoint => {
    if (!config.twilio) throw new HttpError(404, 'Twilio is not configured (twilio: in the config)');
    return { authToken: config.twilio.authToken, url: callbackUrl(config, path) };
  };
  const form = (ctx: RequestContext, path: string) => verifiedTwilioParams(ctx, endpoint(path));
  const options = (path: string): RouteOptions => ({ maxBody: MAX_BODY, admit: (ctx) => admitTwilio(ctx, endpoint(path)) });
  return [
    ['post', TWILIO_STATUS_PATH, options(TWILIO_STATUS_PATH), async (ctx) => {
      const params = form(ctx, TWILIO_STATUS_PATH);
      const sid = required(params, 'MessageSid');
      const status = required(params, 'MessageStatus');
      logger.debug({ sid, status, errorCode: params.ErrorCode }, 'SMS status');
      await deps.onStatus(sid, status, params.ErrorCode || undefined);
      return { status: 204 };
    }],
    ['post', TWILIO_INBOUND_PATH, options(TWILIO_INBOUND_PATH), async (ctx) => {
      const params = form(ctx, TWILIO_INBOUND_PATH);
      const sid = required(params, 'MessageSid');
      const from = required(params, 'From');
      const body = params.Body ?? '';
      if (!(await deps.inbound.claim(sid, config.twilio!.inboundDedupSec))) {
        logger.warn({ sender: maskPhone(from), sid }, 'SMS already handled (a replay or a retry): ignored');
        return { body: twiml(''), contentType: 'text/xml; charset=utf-8' };
      }
      logger.info({ sender: maskPhone(from), sid }, 'SMS received');
      const reply = await deps.onInbound(from, body).catch(async (err: unknown) => {
        await deps.inbound.release(sid).catch(() => undefined);
        throw err;
      });
      return { body: twiml(reply), contentType: 'text/xml; charset=utf-8' };
    }],
  ];
}

function required(params: Record<string, string>, name: string): string {
  const value = Object.hasOwn(params, name) ? params[name] : undefined;
  if (!value) throw new HttpError(400, `no ${name}: not a Twilio messaging callback`);
  return value;
}

/** twiml answers with the reply as a message, escaped by the SDK's TwiML builder. */
function twiml(reply: string): string {
  const response = new MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
