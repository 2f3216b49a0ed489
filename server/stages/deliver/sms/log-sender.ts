/**
 * LogOnlySender stands in for Twilio when none is configured (the demo): it logs what
 * would have been sent, with the number masked, and sends nothing.
 */
import { maskPhone, type Logger } from '../../../platform/log/log.js';
import type { SentSms, Sms, SmsSender } from './sms-sender.js';

export class LogOnlySender implements SmsSender {
  readonly label = 'log-only';

  constructor(private readonly logger: Logger) {}

  async send(sms: Sms): Promise<SentSms> {
    this.logger.warn({ recipient: maskPhone(sms.to), ref: sms.ref, text: sms.body }, 'SMS NOT SENT (no Twilio configured)');
    return { sid: `log:${sms.ref}`, status: 'logged' };
  }
}
