/**
 * FakeAcd is a centre's ACD webhook receiver on 127.0.0.1 (a SignedWebhookReceiver): it
 * verifies signatures, records what it accepted, and can be told to fail, refuse or hang.
 */
import { SignedWebhookReceiver, type ReceivedWebhook, type ReceiverMode } from './signed-webhook-receiver.js';

export type FakeAcdMode = ReceiverMode;
export type { ReceivedWebhook };

export class FakeAcd extends SignedWebhookReceiver {
  private constructor(secret: string) {
    super(secret, '/surge/webhooks', { error500: 'routing engine unavailable', badRequest: 'unknown queue' });
  }

  static start(secret: string): Promise<FakeAcd> {
    return new FakeAcd(secret).listen();
  }
}
