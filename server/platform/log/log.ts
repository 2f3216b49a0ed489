/**
 * The one root logger. Modules take `logger.child({ module })`; secrets and phone numbers are
 * redacted where they live in a logged object (REDACT), and modules mask numbers they log
 * on purpose (maskPhone).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * REDACT names where secrets and phone numbers live in what we log. A name that only ever holds
 * one (`phone`, `authToken`, `secret`, `password`) is blanked at the top level and one level
 * down; a name that also means something harmless is blanked only where it holds a secret, so a
 * level transition keeps its `from`/`to` levels and a lease its fencing `token`.
 */
export const REDACT = [
  // People's phone numbers: a contact's, an SMS's recipient, Twilio's callback parameters.
  'phone',
  '*.phone',
  'sms.to',
  'params.From',
  'params.To',
  // Credentials in requests (our bearer tokens, Twilio's signature, Firehose's access key), also as an HTTP client's error carries them.
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'err.config.headers.Authorization',
  'headers["x-twilio-signature"]',
  'headers["x-amz-firehose-access-key"]',
  // Secrets of the config: Twilio's auth token, Firehose's access key, webhook and session secrets, password hashes, bearer tokens.
  'authToken',
  '*.authToken',
  'accessKey',
  '*.accessKey',
  'secret',
  '*.secret',
  'sessionSecret',
  '*.sessionSecret',
  'password',
  '*.password',
  'auth.tokens[*].token',
  'auth.tokens[*].sha256',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return pino({ level, base: { service: 'surge' }, redact: { paths: REDACT, censor: '[redacted]' } }, options.destination);
}

/** maskPhone keeps the country code and the last two digits, enough to tell contacts apart. */
export function maskPhone(phone: string): string {
  return phone.length <= 5 ? '***' : `${phone.slice(0, 3)}***${phone.slice(-2)}`;
}
