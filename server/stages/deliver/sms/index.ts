/**
 * SMS through Twilio: the sender plan actions use, the one retry rule, Twilio's signed
 * callbacks and the SMS records of the control screen.
 */
export { type TwilioConfig } from './config.js';
export { callbackUrl, TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from './callback-url.js';
export { isRetryable, mayHaveArrived, OutboundError, retryableStatus } from './retryable.js';
export { maskPhones, SendError } from './send-error.js';
export { createSmsSender } from './create-sender.js';
export type { SentSms, Sms, SmsSender } from './sms-sender.js';
export { smsRoutes } from './sms-routes.js';
export { SmsStore, type SmsRecord } from './sms-store.js';
export { twilioRoutes, type TwilioRouteDeps } from './twilio-routes.js';
