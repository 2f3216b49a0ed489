/**
 * IncidentCommands carries dispatcher actions from whichever instance took the request
 * to the instance that holds the pipeline lease (the only one that changes incidents),
 * and brings the answer back: a Redis list in, a short-lived reply key out.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Principal } from '../../platform/http/auth.js';
import type { Keys } from '../../platform/redis/keys.js';
import type { IncidentType, Level } from '../rules/index.js';
import type { DispatcherAction } from './lifecycle.js';
import type { Incident } from './types.js';

export type IncidentCommand =
  | { kind: 'act'; id: string; action: DispatcherAction; reason: string }
  | { kind: 'declare'; type: IncidentType; centre: string; level: Level; note: string };

export interface Envelope {
  requestId: string;
  who: Principal;
  at: number;
  command: IncidentCommand;
}

/** Answer: the incident as changed, or why not — 404 no such open incident, 409 the action does not fit, 500 it failed unexpectedly. */
export type Answer = { ok: true; incident: Incident } | { ok: false; status: 404 | 409 | 500; error: string };

export class NoOwnerError extends Error {}

const REPLY_TTL_SEC = 60;

export class IncidentCommands {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly timeoutMs = 8000,
  ) {}

  /** send queues a command for the lease holder and waits for its answer. */
  async send(who: Principal, command: IncidentCommand, at: number): Promise<Answer> {
    const envelope: Envelope = { requestId: randomUUID(), who, at, command };
    await this.redis.rpush(this.keys.incidentCommands(), JSON.stringify(envelope));
    const until = Date.now() + this.timeoutMs;
    while (Date.now() < until) {
      const reply = await this.redis.get(this.keys.incidentReply(envelope.requestId));
      if (reply !== null) return JSON.parse(reply) as Answer;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Withdraw it if nobody took it, so it is not carried out after we said it failed.
    await this.redis.lrem(this.keys.incidentCommands(), 1, JSON.stringify(envelope));
    throw new NoOwnerError('no instance is running the incident pipeline right now; try again in a few seconds');
  }

  /** take hands the lease holder the commands waiting, oldest first. */
  async take(max: number): Promise<Envelope[]> {
    const texts = (await this.redis.lpop(this.keys.incidentCommands(), max)) ?? [];
    return texts.map((t) => JSON.parse(t) as Envelope);
  }

  async answer(requestId: string, answer: Answer): Promise<void> {
    await this.redis.set(this.keys.incidentReply(requestId), JSON.stringify(answer), 'EX', REPLY_TTL_SEC);
  }
}
