/**
 * AcdClient delivers AcdEvents to each centre's ACD: the signed-webhook adapter
 * (webhook/signed-client.ts) with the `acd:` endpoints.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import { SignedWebhookClient } from '../webhook/signed-client.js';
import type { DeliveryStore } from './delivery-store.js';

export { DeliveryError } from '../webhook/signed-client.js';

export class AcdClient extends SignedWebhookClient {
  constructor(config: Pick<Config, 'acd'>, logger: Logger, deliveries: DeliveryStore, clock: () => number = Date.now) {
    super({ name: 'ACD', section: 'acd' }, config.acd, logger, deliveries, clock);
  }
}
