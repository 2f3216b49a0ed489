/** SmsSender is the one interface plan actions send SMS through (drivers: create-sender.ts). */

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
