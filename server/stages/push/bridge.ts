/**
 * startBridge relays Redis pub/sub into this instance's hub — metric deltas and the
 * other live messages, all published by commits — so a wallboard sees the same whichever
 * instance it is on. It keeps nothing: a new screen's snapshot comes from the read model.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/log/log.js';
import type { Keys } from '../../platform/redis/keys.js';
import type { MetricsDelta } from '../../pipeline/commit.js';
import type { LiveHub } from './live.js';
import type { LiveMessage } from './messages.js';

export async function startBridge(subscriber: Redis, keys: Keys, hub: LiveHub, logger: Logger): Promise<() => Promise<void>> {
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
  await subscriber.subscribe(metrics, live);
  return async () => {
    await subscriber.unsubscribe(metrics, live);
  };
}
