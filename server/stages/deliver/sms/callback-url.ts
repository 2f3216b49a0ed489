/** Where Twilio calls us back: the paths of our routes and the public URL Twilio signs. */
import type { Config } from '../../../config/types.js';

export const TWILIO_STATUS_PATH = '/v1/twilio/status';
export const TWILIO_INBOUND_PATH = '/v1/twilio/inbound';

/** callbackUrl is `twilio.webhookBaseUrl` (else server.publicUrl) + path, as Twilio requests and signs it. */
export function callbackUrl(config: Pick<Config, 'server' | 'twilio'>, path: string): string {
  const base = config.twilio?.webhookBaseUrl ?? config.server.publicUrl;
  return `${base.replace(/\/+$/, '')}${path}`;
}
