/**
 * TwilioSender sends SMS through the real Twilio SDK: one `messages.create` per attempt,
 * with our status callback so delivery receipts come back to `/v1/twilio/status`.
 * The SDK's own 429 retries stay off: retries belong to the job runner.
 */
import type Twilio from 'twilio/lib/rest/Twilio.js';
import { maskPhone, type Logger } from '../../../platform/log/log.js';
import type { TwilioConfig } from './config.js';
import { SendError } from './send-error.js';
import type { SentSms, Sms, SmsSender } from './sms-sender.js';

export class TwilioSender implements SmsSender {
  readonly label = 'twilio';
  private readonly client: Promise<Twilio>;

  /** statusCallback is the public URL of our `/v1/twilio/status`; apiBaseUrl replaces https://api.twilio.com. */
  constructor(
    private readonly settings: TwilioConfig,
    private readonly statusCallback: string,
    private readonly logger: Logger,
    apiBaseUrl?: string,
  ) {
    // The SDK's REST client takes about 0.15 s to load: only an instance configured for Twilio loads it, from here.
    this.client = import('twilio').then(({ default: twilio }) => {
      const client = twilio(settings.accountSid, settings.authToken, { timeout: settings.timeoutMs, autoRetry: false });
      // The SDK builds every Messages URL from the Api domain's base URL.
      if (apiBaseUrl) client.api.baseUrl = apiBaseUrl;
      return client;
    });
    // Awaited by every send, which reports a failure to load; not an unhandled rejection before the first.
    this.client.catch(() => undefined);
  }

  /** The account SID shortened for logs. */
  get account(): string {
    return `${this.settings.accountSid.slice(0, 6)}…`;
  }

  /** The sender as logged: a masked number or the Messaging Service SID. */
  get sender(): string {
    return this.settings.from ? maskPhone(this.settings.from) : (this.settings.messagingServiceSid ?? '');
  }

  async send(sms: Sms): Promise<SentSms> {
    const sender = this.settings.messagingServiceSid ? { messagingServiceSid: this.settings.messagingServiceSid } : { from: this.settings.from ?? '' };
    try {
      const message = await (await this.client).messages.create({ to: sms.to, body: sms.body, statusCallback: this.statusCallback, ...sender });
      this.logger.info({ recipient: maskPhone(sms.to), ref: sms.ref, sid: message.sid, status: message.status }, 'SMS accepted by Twilio');
      return { sid: message.sid, status: message.status };
    } catch (err) {
      const failure = SendError.from(err);
      this.logger.warn({ recipient: maskPhone(sms.to), ref: sms.ref, status: failure.status, code: failure.code, retryable: failure.retryable, err: failure.message }, 'SMS not accepted by Twilio');
      throw failure;
    }
  }
}
