/**
 * startBridge relays Redis pub/sub into this instance's hub — metric deltas and the
 * other live messages — so a wallboard sees the same whichever instance it is on.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/log/log.js';
import type { ScopeMetrics } from '../metrics/types.js';
import type { Keys } from '../../platform/redis/keys.js';
import type { LiveHub } from './live.js';
import { SNAPSHOT_TYPES, type LiveMessage, type LiveMessages } from './messages.js';
import type { MetricsDelta } from './publisher.js';

export async function startBridge(subscriber: Redis, reader: Redis, keys: Keys, hub: LiveHub, messages: LiveMessages, logger: Logger): Promise<() => Promise<void>> {
  const metrics = keys.metricsChannel();
  const live = keys.liveChannel();
  subscriber.on('message', (channel: string, text: string) => {
    try {
      if (channel === metrics) hub.applyDelta(JSON.parse(text) as MetricsDelta);
      else if (channel === live) hub.broadcast(JSON.parse(text) as LiveMessage);
    } catch (err) {
      logger.warn({ err: (err as Error).message, channel }, 'unreadable live message');
    }
  });
  // Subscribe first, then load: a delta racing the load is merged by its asOf.
  await subscriber.subscribe(metrics, live);
  const [all, asOf, latest] = await Promise.all([reader.hgetall(keys.metrics()), reader.get(`${keys.metrics()}:asOf`), messages.latest(SNAPSHOT_TYPES)]);
  const scopes = Object.fromEntries(Object.entries(all).map(([scope, text]) => [scope, JSON.parse(text) as ScopeMetrics]));
  hub.applyDelta({ asOf: Number(asOf ?? 0), scopes });
  for (const message of latest) hub.broadcast(message);
  return async () => {
    await subscriber.unsubscribe(metrics, live);
  };
}
