/**
 * StepStore records what became of every plan step (one PlannedAction, and its undo), for
 * the control screen and so a retried job reuses the choice it made the first time
 * (the same seats, the same routing) instead of choosing again.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';
import { defineScript, type RedisScript } from '../../../platform/redis/script.js';
import type { Note } from '../../../platform/i18n/note.js';
import type { StepPreview } from '../../incidents/plan-preview.js';
import type { ShiftSaving } from '../shift-saving.js';

export type StepState =
  | 'queued'
  | 'awaiting confirmation'
  | 'done'
  | 'skipped'
  | 'cancelled'
  | 'failed'
  | 'awaiting undo confirmation'
  | 'undone';

export interface Step {
  key: string;
  incidentId: string;
  level: string;
  plan: string;
  index: number;
  kind: string;
  state: StepState;
  /** What was done, or why not, in words for the dispatcher. */
  detail: string;
  /** The same as a code and parameters, for screens in other languages (absent on older steps). */
  note?: Note;
  updatedAt: number;
  /** The choice made (seats, routing…), reused by retries and by the undo. */
  choice?: object;
  /** Kept in force until then (epoch ms), as the dispatcher chose on resolving; undone then. */
  keptUntil?: number;
  /** A remind batch so far: recipients in the list, and how many were sent, failed, or skipped as opted out. */
  progress?: ReminderProgress;
  /**
   * The contacts this step is expected to move off agent-handled channels, for the cost side:
   * reminders sent (`sms`), callers offered a callback or a self-service link.
   */
  shifted?: Shifted;
  /** The plan preview shown when the dispatcher approved it (re-route, seats), for the report. */
  preview?: StepPreview;
}

export interface ReminderProgress {
  total: number;
  sent: number;
  failed: number;
  optedOut: number;
}

/** SHIFT_CHANNELS: where shifted contacts go instead of an agent. */
export const SHIFT_CHANNELS = ['sms', 'callback', 'self-service'] as const;

export interface Shifted {
  contacts: number;
  to: (typeof SHIFT_CHANNELS)[number];
  /** What the count is, in words (an estimate for an IVR offer). */
  basis: string;
  /** What the shift saved against agent-handled contacts, from the `costs` config (absent on older steps). */
  saving?: ShiftSaving;
}

/** A page of steps, newest first, and the cursor of the next page (null after the last). */
export interface StepPage {
  steps: Step[];
  next: string | null;
}

// KEYS: steps hash, index, the incident's set, awaiting set. ARGV: step key, JSON, index member if new, awaiting (1/0).
const PUT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[2], 0, ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
if ARGV[4] == '1' then redis.call('SADD', KEYS[4], ARGV[1]) else redis.call('SREM', KEYS[4], ARGV[1]) end
`;

// KEYS: steps hash, index, the incident's set, awaiting set. Removes every step of one incident; returns their keys.
const REMOVE_INCIDENT = `
local removed = {}
for _, member in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local key = string.sub(member, string.find(member, '|', 1, true) + 1)
  redis.call('HDEL', KEYS[1], key)
  redis.call('SREM', KEYS[4], key)
  redis.call('ZREM', KEYS[2], member)
  removed[#removed + 1] = key
end
redis.call('DEL', KEYS[3])
return removed
`;

/** CURSOR is the shape of an index member: creation time (15 digits), `|`, step key. */
const CURSOR = /^\d{15}\|./;
const AWAITING: readonly StepState[] = ['awaiting confirmation', 'awaiting undo confirmation'];

/**
 * StepStore keeps the steps in one hash (by key, for the jobs) with three indexes, so no read
 * takes the whole hash: every step by creation (pages, newest first), each incident's steps, and
 * the steps waiting for a decision.
 */
export class StepStore {
  private readonly hash: JsonHash<Step>;
  private readonly putScript: RedisScript<null>;
  private readonly removeScript: RedisScript<string[]>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.hash = new JsonHash(redis, keys.planSteps(), (step) => step.key);
    this.putScript = defineScript(redis, 'surgeStepPut', PUT);
    this.removeScript = defineScript(redis, 'surgeStepsRemoveIncident', REMOVE_INCIDENT);
  }

  get(key: string): Promise<Step | undefined> {
    return this.hash.get(key);
  }

  /** put writes a step; the first write of a key indexes it as created at its updatedAt. */
  async put(step: Step): Promise<void> {
    const member = `${String(step.updatedAt).padStart(15, '0')}|${step.key}`;
    await this.putScript(this.indexKeys(step.incidentId), [step.key, JSON.stringify(step), member, AWAITING.includes(step.state) ? '1' : '0']);
  }

  /** update merges a change into a step, if there is one, and returns the result. */
  async update(key: string, change: Partial<Step>): Promise<Step | undefined> {
    const found = await this.get(key);
    const next = found && { ...found, ...change };
    if (next) await this.put(next);
    return next;
  }

  /** list gives one incident's steps, in the order they last changed. */
  async list(incidentId: string): Promise<Step[]> {
    const members = await this.redis.smembers(this.keys.planStepsOf(incidentId));
    return (await this.read(members.map(keyOf))).sort((a, b) => a.updatedAt - b.updatedAt);
  }

  /** awaiting gives the steps waiting for a dispatcher's decision, oldest change first. */
  async awaiting(): Promise<Step[]> {
    return (await this.read(await this.redis.smembers(this.keys.planStepsAwaiting()))).sort((a, b) => a.updatedAt - b.updatedAt);
  }

  /** page gives at most `limit` steps, newest created first, after `cursor` (a page's `next`). */
  async page(limit: number, cursor?: string): Promise<StepPage> {
    if (cursor !== undefined && !CURSOR.test(cursor)) throw new RangeError('cursor must be the `next` of an earlier page');
    const members = await this.redis.zrevrangebylex(this.keys.planStepsIndex(), cursor === undefined ? '+' : `(${cursor}`, '-', 'LIMIT', 0, limit);
    const steps = await this.read(members.map(keyOf));
    return { steps, next: members.length === limit ? members[members.length - 1]! : null };
  }

  /** removeIncident deletes every step of an incident (retention); returns their keys. */
  removeIncident(incidentId: string): Promise<string[]> {
    return this.removeScript(this.indexKeys(incidentId), []);
  }

  private indexKeys(incidentId: string): string[] {
    return [this.keys.planSteps(), this.keys.planStepsIndex(), this.keys.planStepsOf(incidentId), this.keys.planStepsAwaiting()];
  }

  private async read(keys: string[]): Promise<Step[]> {
    if (keys.length === 0) return [];
    const texts = await this.redis.hmget(this.keys.planSteps(), ...keys);
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as Step);
  }
}

const keyOf = (member: string): string => member.slice(member.indexOf('|') + 1);
