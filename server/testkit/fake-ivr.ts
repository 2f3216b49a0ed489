/**
 * FakeIvr is a centre's IVR webhook receiver on 127.0.0.1 (a SignedWebhookReceiver): it
 * verifies signatures of `ivr.announce` calls, records what it accepted, and can be told to
 * fail, refuse or hang.
 */
import { SignedWebhookReceiver } from './signed-webhook-receiver.js';

export class FakeIvr extends SignedWebhookReceiver {
  private constructor(secret: string) {
    super(secret, '/ivr/announcements', { error500: 'announcement server unavailable', badRequest: 'unknown queue' });
  }

  static start(secret: string): Promise<FakeIvr> {
    return new FakeIvr(secret).listen();
  }
}
