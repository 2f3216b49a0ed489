/**
 * NotificationStore keeps, per notify step, who was alerted when and what came of it —
 * the NotifyState that nextNotification reads to repeat, escalate or stop.
 */
import type { Redis } from 'ioredis';
import type { NotifyState } from '../index.js';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';

export interface Notification {
  key: string;
  incidentId: string;
  level: string;
  group: string;
  template: string;
  state: NotifyState;
  done: string | null;
}

export class NotificationStore extends JsonHash<Notification> {
  constructor(redis: Redis, keys: Keys) {
    super(redis, keys.notifications(), (n) => n.key);
  }

  /** create starts a notification once; a retried job finds the one already there. */
  create(n: Notification): Promise<Notification> {
    return this.putIfAbsent(n);
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
