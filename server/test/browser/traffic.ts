/**
 * Traffic for the browser tests: a believable quiet morning in every centre (agents on several
 * seat types, contacts answered, completed and a few abandoned over the last ten minutes, a few
 * waiting now), and a surge of waiting voice calls in one centre.
 */
const MINUTE = 60_000;

type Event = Record<string, unknown>;

export class Traffic {
  private n = 0;

  constructor(private readonly runId: string) {}

  private id(kind: string): string {
    return `${this.runId}-${kind}-${++this.n}`;
  }

  /** morning: `waiting` contacts queued now in each centre, on top of ten minutes of handled traffic. */
  morning(centres: readonly string[], waiting: Record<string, number>, now = Date.now()): string {
    const events: Event[] = [];
    for (const centre of centres) {
      const agents = ['onsite', 'onsite', 'onsite', 'onsite', 'onsite', 'home', 'home', 'backup'].map((seatType, i) => ({ agentId: `${centre}-a${i}`, seatType }));
      for (const a of agents) events.push({ id: this.id('agent'), type: 'agent.state', ts: now - 11 * MINUTE, centre, agentId: a.agentId, state: 'available', seatType: a.seatType, skills: ['voice', 'chat', 'email'] });
      for (let k = 0; k < 24; k++) {
        const queue = k % 3 === 2 ? 'chat' : 'voice';
        const media = queue;
        const at = now - 10 * MINUTE + k * 20_000;
        const contactId = this.id('c');
        const agentId = agents[k % agents.length]!.agentId;
        const waitSec = 4 + ((k * 7) % 30);
        events.push({ id: this.id('q'), type: 'contact.queued', ts: at, centre, contactId, queue, media });
        if (k % 9 === 4) {
          events.push({ id: this.id('ab'), type: 'contact.abandoned', ts: at + waitSec * 1000, centre, contactId, queue, waitSec });
          continue;
        }
        events.push({ id: this.id('an'), type: 'contact.answered', ts: at + waitSec * 1000, centre, contactId, queue, agentId, waitSec });
        events.push({ id: this.id('co'), type: 'contact.completed', ts: at + waitSec * 1000 + 15_000, centre, contactId, queue, agentId, handleSec: 180 + k, acwSec: 20 });
      }
      events.push(...this.queued(centre, 'chat', waiting[centre] ?? 0, now));
    }
    return ndjson(events);
  }

  /** surge: `count` voice calls start waiting in a centre. */
  surge(centre: string, count: number, now = Date.now()): string {
    return ndjson(this.queued(centre, 'voice', count, now));
  }

  private queued(centre: string, queue: string, count: number, now: number): Event[] {
    return Array.from({ length: count }, () => ({ id: this.id('w'), type: 'contact.queued', ts: now - 5_000, centre, contactId: this.id('c'), queue, media: queue }));
  }
}

const ndjson = (events: Event[]): string => events.map((e) => JSON.stringify(e)).join('\n');
