/**
 * NotificationStore keeps, per notify step, who was alerted when and what came of it —
 * the NotifyState that nextNotification reads to repeat, escalate or stop.
 */
import type { Redis } from 'ioredis';
import type { NotifyState } from '../index.js';
import type { Keys } from '../../../platform/redis/keys.js';

export interface Notification {
  key: string;
  incidentId: string;
  level: string;
  group: string;
  template: string;
  state: NotifyState;
  done: string | null;
}

export class NotificationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(key: string): Promise<Notification | undefined> {
    const text = await this.redis.hget(this.keys.notifications(), key);
    return text === null ? undefined : (JSON.parse(text) as Notification);
  }

  /** create starts a notification once; a retried job finds the one already there. */
  async create(n: Notification): Promise<Notification> {
    await this.redis.hsetnx(this.keys.notifications(), n.key, JSON.stringify(n));
    return (await this.get(n.key))!;
  }

  async put(n: Notification): Promise<void> {
    await this.redis.hset(this.keys.notifications(), n.key, JSON.stringify(n));
  }

  async list(): Promise<Notification[]> {
    return (await this.redis.hvals(this.keys.notifications())).map((t) => JSON.parse(t) as Notification);
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
