/**
 * What became of each recipient of a remind step, and the counts the step shows: one outcome
 * per recipient, written once (the first outcome stands), so a batch re-run after a crash or a
 * retry neither counts anyone twice nor texts anyone again. Kept as long as the SMS records.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { defineScript, type RedisScript } from '../../../platform/redis/script.js';

export const REMINDER_OUTCOMES = ['sent', 'failed', 'optedOut'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];
export type ReminderCounts = Record<ReminderOutcome, number>;

// KEYS: outcomes, counts. ARGV: ttl (s), then recipient/outcome pairs. Returns the counts, flat.
const RECORD = `
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1) end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return redis.call('HGETALL', KEYS[2])
`;

/** recipientId names a number without holding it (records and Redis keys never hold a full number). */
export function recipientId(phone: string): string {
  return createHash('sha256').update(phone).digest('hex').slice(0, 24);
}

export class ReminderStore {
  private readonly recordScript: RedisScript<string[]>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly retentionSec = 30 * 86400,
  ) {
    this.recordScript = defineScript(redis, 'surgeReminderRecord', RECORD);
  }

  /** record notes outcomes (recipient id → outcome), keeping any already noted; returns the step's counts. */
  async record(stepKey: string, outcomes: ReadonlyMap<string, ReminderOutcome>): Promise<ReminderCounts> {
    const flat = await this.recordScript([this.keys.reminderOutcomes(stepKey), this.keys.reminderCounts(stepKey)], [String(this.retentionSec), ...[...outcomes].flat()]);
    const counts: ReminderCounts = { sent: 0, failed: 0, optedOut: 0 };
    for (let i = 0; i + 1 < flat.length; i += 2) if ((REMINDER_OUTCOMES as readonly string[]).includes(flat[i]!)) counts[flat[i] as ReminderOutcome] = Number(flat[i + 1]);
    return counts;
  }

  /** settled: the recipient ids of the step that have an outcome already. */
  async settled(stepKey: string): Promise<Set<string>> {
    return new Set(await this.redis.hkeys(this.keys.reminderOutcomes(stepKey)));
  }
}

/**
 * OptOutStore keeps the numbers that replied STOP (hashed): a reminder never goes to them,
 * whatever list names them. The config's opt-out file is the other half (remind.optOut).
 */
export class OptOutStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async add(phone: string): Promise<void> {
    await this.redis.sadd(this.keys.smsOptOuts(), recipientId(phone));
  }

  /** optedOut: which of these numbers opted out by SMS. */
  async optedOut(phones: readonly string[]): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const found = await this.redis.smismember(this.keys.smsOptOuts(), ...phones.map(recipientId));
    return new Set(phones.filter((_, i) => found[i] === 1));
  }
}

/** STOP words carriers and Twilio recognise, and the Chinese 退订 / TD. */
const STOP = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|退订|td)\s*[.!。]?\s*$/i;

/** optOutBySms handles a STOP reply: the number gets no more reminders. Undefined for any other text. */
export async function optOutBySms(store: OptOutStore, from: string, body: string): Promise<string | undefined> {
  if (!STOP.test(body)) return undefined;
  await store.add(from.trim());
  return 'You will get no more service reminders from us.';
}
