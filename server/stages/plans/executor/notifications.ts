/**
 * NotificationStore keeps, per notify step, who was alerted when and what came of it —
 * the NotifyState that nextNotification reads to repeat, escalate or stop.
 */
import type { Redis } from 'ioredis';
import type { NotifyState } from '../index.js';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';
import { pipelineReplies } from '../../../platform/redis/script.js';

export interface Notification {
  key: string;
  incidentId: string;
  level: string;
  group: string;
  template: string;
  state: NotifyState;
  done: string | null;
}

/**
 * NotificationStore is a hash of notifications by key, with the set of those still running, so
 * waking them (a silence expired) never reads the whole history.
 */
export class NotificationStore {
  private readonly hash: JsonHash<Notification>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.hash = new JsonHash(redis, keys.notifications(), (n) => n.key);
  }

  get(key: string): Promise<Notification | undefined> {
    return this.hash.get(key);
  }

  /** create starts a notification once; a retried job finds the one already there. */
  async create(n: Notification): Promise<Notification> {
    // One round trip on an alert's path: the key joins the running ones with the write, and leaves
    // again in the rare case of a retried job finding its notification done.
    const running = this.keys.notificationsActive();
    const [, text] = await pipelineReplies(this.hash.putIfAbsentIn(this.redis.multi(), n).sadd(running, n.key));
    const created = JSON.parse(text as string) as Notification;
    if (created.done) await this.redis.srem(running, created.key);
    return created;
  }

  async put(n: Notification): Promise<void> {
    const running = this.keys.notificationsActive();
    await pipelineReplies(this.hash.putIn(this.redis.multi(), n)[n.done ? 'srem' : 'sadd'](running, n.key));
  }

  /** running gives the keys of the notifications not done yet. */
  running(): Promise<string[]> {
    return this.redis.smembers(this.keys.notificationsActive());
  }

  /** remove deletes notifications (retention: those of a pruned incident share its steps' keys). */
  async remove(keys: string[]): Promise<void> {
    if (keys.length > 0) await pipelineReplies(this.redis.multi().hdel(this.keys.notifications(), ...keys).srem(this.keys.notificationsActive(), ...keys));
  }
}

/** SMS refs name the notification, the contact and the attempt: `<notification key>/<contact>/<attempt>`. */
export function smsRef(key: string, contactId: string, attempt: number): string {
  return `${key}/${contactId}/${attempt}`;
}

export function parseSmsRef(ref: string): { key: string; contactId: string; attempt: number } | undefined {
  const parts = ref.split('/');
  if (parts.length < 3) return undefined;
  const attempt = Number(parts.pop());
  const contactId = parts.pop()!;
  return Number.isInteger(attempt) ? { key: parts.join('/'), contactId, attempt } : undefined;
}
