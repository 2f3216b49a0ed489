/**
 * SurgeBridge plays a CTI bridge during a surge: it posts small batches of contacts queued on
 * wuhan's voice queue, one after another, and keeps every batch the server did not acknowledge
 * (503, a dropped connection) to send again first, as a bridge must. It remembers which event
 * ids were acknowledged, and when, so a test can tell which acknowledged events a failover lost.
 */
import { api } from '../support/env.js';

export class SurgeBridge {
  /** Acknowledged event id → when its batch was answered 202 (epoch ms). */
  readonly acknowledged = new Map<string, number>();
  /** Answers other than 202 (and connection failures), by status. */
  readonly refusals = new Map<string, number>();
  private readonly unacknowledged: string[][] = [];
  private next = 0;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly base: string,
    private readonly tag: string,
    private readonly batchSize = 5,
    private readonly pauseMs = 20,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** stop ends the surge, then sends what is still unacknowledged until it is (bounded by `drainMs`). */
  async stop(drainMs = 20_000): Promise<void> {
    this.stopped = true;
    await this.running;
    const until = Date.now() + drainMs;
    while (this.unacknowledged.length > 0 && Date.now() < until) {
      await this.send(this.unacknowledged.shift()!);
      await new Promise((r) => setTimeout(r, this.pauseMs));
    }
    if (this.unacknowledged.length > 0) throw new Error(`${this.unacknowledged.length} batches still unacknowledged after ${drainMs} ms`);
  }

  get sent(): number {
    return this.next;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.send(this.unacknowledged.shift() ?? this.fresh());
      await new Promise((r) => setTimeout(r, this.pauseMs));
    }
  }

  private fresh(): string[] {
    return Array.from({ length: this.batchSize }, () => {
      const n = ++this.next;
      return JSON.stringify({ id: `${this.tag}-q${n}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `k${n}`, queue: 'voice', media: 'voice' });
    });
  }

  private async send(batch: string[]): Promise<void> {
    let outcome: string;
    try {
      const res = await api(this.base).postEvents(batch.join('\n'));
      await res.arrayBuffer();
      outcome = String(res.status);
    } catch (err) {
      outcome = err instanceof Error ? err.message : String(err);
    }
    if (outcome === '202') {
      const at = Date.now();
      for (const line of batch) this.acknowledged.set((JSON.parse(line) as { id: string }).id, at);
      return;
    }
    this.refusals.set(outcome, (this.refusals.get(outcome) ?? 0) + 1);
    this.unacknowledged.push(batch);
  }
}
