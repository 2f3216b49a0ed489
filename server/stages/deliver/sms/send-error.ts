/**
 * SendError is a failed SMS send, with the retry verdict of the one rule in retryable.ts
 * and Twilio's error code when it gave one (21211: invalid "To" number, 21610:
 * unsubscribed recipient…). Its message never carries a full phone number.
 */
import { maskPhone } from '../../../platform/log/log.js';
import { OutboundError } from './retryable.js';

export class SendError extends OutboundError {
  /** Twilio's error code (https://www.twilio.com/docs/api/errors), when it answered with one. */
  readonly code: number | undefined;

  constructor(message: string, cause: unknown, status?: number, code?: number) {
    super(maskPhones(message), cause, status);
    this.code = code;
  }

  /** from wraps whatever the Twilio SDK threw: a RestException (an HTTP answer) or a network error. */
  static from(err: unknown): SendError {
    const e = (err ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (typeof e.status === 'number') {
      const code = typeof e.code === 'number' ? e.code : undefined;
      return new SendError(`Twilio answered ${e.status}${code ? ` (error ${code})` : ''}: ${message}`, err, e.status, code);
    }
    return new SendError(`Twilio not reached: ${typeof e.code === 'string' ? `${e.code} ` : ''}${message}`, err);
  }
}

// Twilio's messages quote the number ("The 'To' number +15005550001 is not a valid phone number").
const PHONE = /\+\d{6,15}\b|\b\d{10,15}\b/g;

/** maskPhones masks every phone-number-like run in a text, for messages that get logged. */
export function maskPhones(text: string): string {
  return text.replace(PHONE, maskPhone);
}
