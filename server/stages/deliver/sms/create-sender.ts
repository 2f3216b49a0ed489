/**
 * createSmsSender picks the SMS driver: Twilio when `twilio:` is configured, else the log-only
 * stand-in of the demo, which says at start-up that nothing will really be sent.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import { callbackUrl, TWILIO_STATUS_PATH } from './callback-url.js';
import { LogOnlySender } from './log-sender.js';
import type { SmsSender } from './sms-sender.js';
import { TwilioSender } from './twilio-sender.js';

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
