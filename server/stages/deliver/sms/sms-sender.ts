/**
 * SmsSender is the one interface plan actions send SMS through; createSmsSender picks the
 * driver: Twilio when `twilio:` is configured, else the log-only stand-in of the demo,
 * which says at start-up that nothing will really be sent.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import { callbackUrl, TWILIO_STATUS_PATH } from './callback-url.js';
import { LogOnlySender } from './log-sender.js';
import { TwilioSender } from './twilio-sender.js';

export interface Sms {
  /** E.164 recipient. */
  to: string;
  body: string;
  /** Our idempotency key for this message (incident, level, action, contact…), for records and logs. */
  ref: string;
}

export interface SentSms {
  /** Twilio's message SID (`SM…`), or a `log:` id from the log-only sender. */
  sid: string;
  /** Twilio's status at acceptance (`queued`, `accepted`…), or `logged`. */
  status: string;
}

export interface SmsSender {
  /** `twilio` or `log-only`, for start-up lines and the control screen. */
  readonly label: 'twilio' | 'log-only';
  /** send makes one attempt; failures throw SendError (see isRetryable). */
  send(sms: Sms): Promise<SentSms>;
}

export function createSmsSender(config: Config, logger: Logger, options: { apiBaseUrl?: string } = {}): SmsSender {
  const log = logger.child({ module: 'sms' });
  if (!config.twilio) {
    log.warn('SMS alerts are NOT sent: no `twilio:` section in the config, so the log-only sender only logs them');
    return new LogOnlySender(log);
  }
  const sender = new TwilioSender(config.twilio, callbackUrl(config, TWILIO_STATUS_PATH), log, options.apiBaseUrl ?? config.twilio.apiBaseUrl);
  log.info({ account: sender.account, sender: sender.sender }, 'SMS alerts go through Twilio');
  return sender;
}
