/**
 * The one root logger. Modules take `logger.child({ module })`; secrets and phone
 * numbers are redacted wherever they appear in a logged object.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACT = [
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authToken',
  '*.authToken',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'phone',
  '*.phone',
  'to',
  '*.to',
  'from',
  '*.from',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return pino({ level, base: { service: 'surge' }, redact: { paths: REDACT, censor: '[redacted]' } }, options.destination);
}

/** maskPhone keeps the country code and the last two digits, enough to tell contacts apart. */
export function maskPhone(phone: string): string {
  return phone.length <= 5 ? '***' : `${phone.slice(0, 3)}***${phone.slice(-2)}`;
}
