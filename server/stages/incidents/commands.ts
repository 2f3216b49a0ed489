/**
 * IncidentCommands carries dispatcher actions from whichever instance took the request
 * to the instance that holds the pipeline lease (the only one that changes incidents),
 * and brings the answer back: a Redis list in, a short-lived reply key (written by the
 * commit of the step that carried it out) out.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Principal } from '../../platform/http/auth.js';
import type { Keys } from '../../platform/redis/keys.js';
import type { IncidentType, Level } from '../rules/index.js';
import type { DispatcherAction } from './lifecycle.js';
import type { Incident } from './types.js';
import type { StepPreview } from './plan-preview.js';

export type IncidentCommand =
  | { kind: 'act'; id: string; action: DispatcherAction; reason: string }
  | { kind: 'declare'; type: IncidentType; centre: string; level: Level; note: string; preview?: StepPreview };

export interface Envelope {
  requestId: string;
  who: Principal;
  at: number;
  command: IncidentCommand;
}

/** Answer: the incident as changed, or why not — 404 no such open incident, 409 the action does not fit, 500 it failed unexpectedly. */
export type Answer = { ok: true; incident: Incident } | { ok: false; status: 404 | 409 | 500; error: string };

export class NoOwnerError extends Error {}

export class IncidentCommands {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly timeoutMs = 8000,
    /** The keys of the partition a command waits for (its list, then its reply): the lease holder's, or with pipeline partitions the one owning its incident or centre. */
    private readonly keysFor: (command: IncidentCommand) => Promise<Keys> = async () => keys,
  ) {}

  /** send queues a command for the lease holder and waits for its answer. */
  async send(who: Principal, command: IncidentCommand, at: number): Promise<Answer> {
    const envelope: Envelope = { requestId: randomUUID(), who, at, command };
    const keys = await this.keysFor(command);
    const list = keys.incidentCommands();
    await this.redis.rpush(list, JSON.stringify(envelope));
    const until = Date.now() + this.timeoutMs;
    while (Date.now() < until) {
      const reply = await this.redis.get(keys.incidentReply(envelope.requestId));
      if (reply !== null) return JSON.parse(reply) as Answer;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Withdraw it if nobody took it, so it is not carried out after we said it failed; if a
    // commit took it meanwhile, that same commit wrote its answer.
    if ((await this.redis.lrem(list, 1, JSON.stringify(envelope))) === 0) {
      const reply = await this.redis.get(keys.incidentReply(envelope.requestId));
      if (reply !== null) return JSON.parse(reply) as Answer;
    }
    throw new NoOwnerError('no instance is running the incident pipeline right now; try again in a few seconds');
  }

  /**
   * peek shows the lease holder the commands waiting, oldest first, with their exact text: they
   * stay in the list until the commit that answers them removes them by that text (see
   * pipeline/commit.ts), so none is lost when a step fails. Unreadable ones have no envelope.
   */
  async peek(max: number): Promise<{ text: string; envelope?: Envelope }[]> {
    const texts = await this.redis.lrange(this.keys.incidentCommands(), 0, max - 1);
    return texts.map((text) => {
      try {
        return { text, envelope: JSON.parse(text) as Envelope };
      } catch {
        return { text };
      }
    });
  }
}
