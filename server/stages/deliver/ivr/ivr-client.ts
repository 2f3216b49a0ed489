/**
 * IvrClient delivers IvrEvents to each centre's IVR: the signed-webhook adapter
 * (webhook/signed-client.ts) with the `ivr:` endpoints.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import type { DeliveryStore } from '../acd/delivery-store.js';
import { SignedWebhookClient } from '../webhook/signed-client.js';

export class IvrClient extends SignedWebhookClient {
  constructor(config: Pick<Config, 'ivr'>, logger: Logger, deliveries: DeliveryStore, clock: () => number = Date.now) {
    super({ name: 'IVR', section: 'ivr' }, config.ivr, logger, deliveries, clock);
  }
}
