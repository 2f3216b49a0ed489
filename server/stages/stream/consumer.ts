/**
 * StreamConsumer feeds the metrics engine from the centres' streams.
 *
 *   XAUTOCLAIM (entries a crashed run had read but not checkpointed)
 *        └─► XREADGROUP > ─► engine.apply ─► every ~250 ms: checkpoint + XACK (one MULTI)
 *
 * Entries at or below a centre's checkpointed id are skipped, so re-delivery after a
 * crash never counts an event twice, and nothing unacknowledged is ever lost.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config/types.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { topologyOf } from '../ingest/topology.js';
import { validateEvent, type Topology } from '../ingest/validate.js';
import type { Logger } from '../../platform/log/log.js';
import type { MetricsEngine } from '../metrics/engine.js';
import { METRICS_GROUP, type Keys } from '../../platform/redis/keys.js';
import type { Fence } from '../../platform/cluster/fenced.js';
import { compareIds, loadCheckpoint, saveCheckpoint } from './checkpoint.js';

type Entry = [id: string, fields: string[]];
type StreamReply = [key: string, entries: Entry[]][];

interface CentreProgress {
  lastId: string;
  unacked: string[];
  dirty: boolean;
}

export interface ConsumerOptions {
  consumerName: string;
  checkpointEveryMs: number;
  batchSize: number;
  /** Called after each batch applied, so the publisher can push promptly. */
  onApplied?: (events: CanonicalEvent[]) => void;
}

export class StreamConsumer {
  private readonly progress = new Map<string, CentreProgress>();
  private readonly topology: Topology;
  private running = false;
  private loop?: Promise<void>;
  private lastCheckpoint = 0;
  private lastTrim = 0;
  /** Entries that could not be read as events (never expected: ingest validated them). */
  unreadable = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly engine: MetricsEngine,
    private readonly config: Pick<Config, 'centres' | 'ingest' | 'metrics'>,
    private readonly logger: Logger,
    private readonly options: ConsumerOptions,
    private readonly fence: Fence,
  ) {
    this.topology = topologyOf(config);
  }

  /** start restores each centre's checkpoint, catches up on unacknowledged entries, then follows the streams. */
  async start(centres: string[] = this.engine.centres): Promise<void> {
    await this.createGroups(centres);
    for (const centre of centres) {
      const checkpoint = await loadCheckpoint(this.redis, this.keys, centre);
      if (checkpoint) this.engine.restore(centre, checkpoint.state);
      this.progress.set(centre, { lastId: checkpoint?.lastId ?? '0-0', unacked: [], dirty: false });
      await this.recoverPending(centre);
    }
    await this.checkpoint(true);
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.checkpoint(true);
  }

  private async createGroups(centres: string[]): Promise<void> {
    for (const centre of centres) {
      await this.redis.xgroup('CREATE', this.keys.stream(centre), METRICS_GROUP, '0', 'MKSTREAM').catch((err: Error) => {
        if (!err.message.includes('BUSYGROUP')) throw err;
      });
    }
  }

  /** The last applied stream id per centre. */
  positions(): Record<string, string> {
    return Object.fromEntries([...this.progress].map(([c, p]) => [c, p.lastId]));
  }

  private async recoverPending(centre: string): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = (await this.redis.xautoclaim(
        this.keys.stream(centre), METRICS_GROUP, this.options.consumerName, 0, cursor, 'COUNT', this.options.batchSize,
      )) as [string, (Entry | null)[], string[]?];
      cursor = reply[0];
      this.applyEntries(centre, reply[1].filter((e): e is Entry => e !== null));
    } while (cursor !== '0-0');
  }

  private async follow(): Promise<void> {
    const centres = [...this.progress.keys()];
    const streams = centres.map((c) => this.keys.stream(c));
    while (this.running) {
      try {
        const reply = (await this.redis.xreadgroup(
          'GROUP', METRICS_GROUP, this.options.consumerName, 'COUNT', this.options.batchSize, 'BLOCK', 200,
          'STREAMS', ...streams, ...streams.map(() => '>'),
        )) as StreamReply | null;
        for (const [key, entries] of reply ?? []) {
          const centre = centres[streams.indexOf(key)];
          if (centre !== undefined) this.applyEntries(centre, entries);
        }
        await this.checkpoint(false);
        await this.trim();
      } catch (err) {
        if (!this.running) break;
        // A stream deleted under us (an operator, a flush) takes its group along: make it again.
        if ((err as Error).message.includes('NOGROUP')) await this.createGroups(centres).catch(() => undefined);
        this.logger.error({ err: (err as Error).message }, 'metrics consumer failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private applyEntries(centre: string, entries: Entry[]): void {
    const progress = this.progress.get(centre);
    if (!progress || entries.length === 0) return;
    const applied: CanonicalEvent[] = [];
    for (const [id, fields] of entries) {
      progress.unacked.push(id);
      if (compareIds(id, progress.lastId) <= 0) continue;
      progress.lastId = id;
      progress.dirty = true;
      const event = this.read(fields);
      if (event) {
        this.engine.apply(event);
        applied.push(event);
      }
    }
    if (applied.length > 0) this.options.onApplied?.(applied);
  }

  private read(fields: string[]): CanonicalEvent | undefined {
    const raw = fields[fields.indexOf('e') + 1];
    try {
      const checked = validateEvent(JSON.parse(raw ?? ''), this.topology, {
        maxAgeSec: this.config.ingest.maxAgeSec,
        maxFutureSkewSec: this.config.ingest.maxFutureSkewSec,
      });
      if (checked.ok) return checked.event;
      this.logger.warn({ error: checked.error }, 'stream entry is not a valid event; skipped');
    } catch {
      this.logger.warn('stream entry is not JSON; skipped');
    }
    this.unreadable++;
    return undefined;
  }

  private async checkpoint(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastCheckpoint < this.options.checkpointEveryMs) return;
    this.lastCheckpoint = now;
    for (const [centre, progress] of this.progress) {
      if (!progress.dirty && progress.unacked.length === 0 && !force) continue;
      const ids = progress.unacked;
      progress.unacked = [];
      try {
        await saveCheckpoint(this.redis, this.keys, this.fence, centre, { lastId: progress.lastId, state: this.engine.save(centre) }, ids);
        progress.dirty = false;
      } catch (err) {
        progress.unacked = ids.concat(progress.unacked);
        throw err;
      }
    }
  }

  /** trim drops entries that are both checkpointed and older than the retention period. */
  private async trim(): Promise<void> {
    const now = Date.now();
    if (now - this.lastTrim < 60_000) return;
    this.lastTrim = now;
    const retained = `${now - this.config.metrics.streamRetentionSec * 1000}-0`;
    for (const [centre, progress] of this.progress) {
      const minId = compareIds(progress.lastId, retained) < 0 ? progress.lastId : retained;
      await this.redis.xtrim(this.keys.stream(centre), 'MINID', '~', minId);
    }
  }
}
