/**
 * startMetricsBridge relays the metrics channel from Redis into this instance's hub,
 * so a wallboard sees the same figures whichever instance it is connected to.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { ScopeMetrics } from '../metrics/types.js';
import type { Keys } from '../redis/keys.js';
import type { LiveHub } from './live.js';
import type { MetricsDelta } from './publisher.js';

export async function startMetricsBridge(subscriber: Redis, reader: Redis, keys: Keys, hub: LiveHub, logger: Logger): Promise<() => Promise<void>> {
  const channel = keys.metricsChannel();
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      hub.applyDelta(JSON.parse(text) as MetricsDelta);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'unreadable metrics delta');
    }
  });
  // Subscribe first, then load the hash: a delta racing the load is merged by its asOf.
  await subscriber.subscribe(channel);
  const [all, asOf] = await Promise.all([reader.hgetall(keys.metrics()), reader.get(`${keys.metrics()}:asOf`)]);
  const scopes = Object.fromEntries(Object.entries(all).map(([scope, text]) => [scope, JSON.parse(text) as ScopeMetrics]));
  hub.applyDelta({ asOf: Number(asOf ?? 0), scopes });
  return async () => {
    await subscriber.unsubscribe(channel);
  };
}
