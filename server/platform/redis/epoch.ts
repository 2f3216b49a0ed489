/**
 * The Redis epoch tells an instance that Redis lost its state (FLUSHALL, a restart without
 * persistence): a random id written once with SET NX under the key prefix. Every instance reads
 * it at start and watches it; when it changes or vanishes, a new one is written (SET NX, so the
 * instances agree on one) recording the epoch it replaced, and the loss is reported loudly.
 * Identifiers made from the epoch's tag (incident ids, and the ack codes derived from them)
 * cannot repeat across epochs even though Redis counters restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/log.js';

/** EpochRecord is what the epoch key holds (JSON). `previous` is set when it replaced a lost epoch. */
export interface EpochRecord {
  id: string;
  createdAt: number;
  previous?: string;
}

/** StateLoss says when Redis lost its state, and which epoch replaced which. */
export interface StateLoss {
  at: number;
  previousEpoch: string;
  epoch: string;
}

/** EpochMessage is the live message that tells screens the epoch (and a loss, when it began with one). */
export type EpochMessage = {
  type: 'epoch';
  asOf: number;
  epoch: string;
  lostAt?: number;
  previous?: string;
};

const TAG_LENGTH = 5;

/** epochTag is a short base36 tag (5 chars) derived from an epoch id, for identifiers. */
export function epochTag(epochId: string): string {
  const n = createHash('sha256').update(`epoch:${epochId}`).digest().readUInt32BE(0) % 36 ** TAG_LENGTH;
  return n.toString(36).padStart(TAG_LENGTH, '0');
}

/** newEpoch makes a fresh epoch record; `previous` names the epoch that was lost, if any. */
function newEpoch(now: number, previous?: string): EpochRecord {
  const id = BigInt(`0x${randomBytes(10).toString('hex')}`).toString(36);
  return previous === undefined ? { id, createdAt: now } : { id, createdAt: now, previous };
}

/** epochMessage is the live message for an epoch, with the loss it began with if there was one. */
export function epochMessage(record: EpochRecord, loss: StateLoss | undefined): EpochMessage {
  const message: EpochMessage = { type: 'epoch', asOf: record.createdAt, epoch: record.id };
  if (loss?.epoch === record.id) Object.assign(message, { lostAt: loss.at, previous: loss.previousEpoch });
  return message;
}

function parse(text: string | null): EpochRecord | undefined {
  if (text === null) return undefined;
  try {
    const record = JSON.parse(text) as EpochRecord;
    return typeof record.id === 'string' && typeof record.createdAt === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

// KEYS: the epoch. ARGV: the id declared lost, its replacement. Replaces it only while it is still the lost one.
const REPLACE = `
local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).id == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
`;

/**
 * EpochWatcher holds this instance's view of the epoch. check() reads the key (writing a new
 * epoch when there is none); start() checks once, then about once a second and on every
 * reconnect. A change is logged as an error with both epochs and passed to onChange.
 */
export class EpochWatcher {
  private known?: EpochRecord;
  private lost?: StateLoss;
  private running?: Promise<EpochRecord>;
  private timer?: NodeJS.Timeout;
  private readonly onReady = () => void this.check().catch(() => undefined);

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly onChange: (record: EpochRecord, loss: StateLoss) => void = () => undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The epoch id in force as this instance last saw it; null before the first check. */
  get id(): string | null {
    return this.known?.id ?? null;
  }

  /** The loss the current epoch began with (seen here, or recorded by the instance that wrote it). */
  get loss(): StateLoss | undefined {
    return this.lost?.epoch === this.known?.id ? this.lost : undefined;
  }

  async start(intervalMs = 1000): Promise<EpochRecord> {
    const record = await this.check();
    this.timer = setInterval(() => void this.check().catch((err: Error) => this.logger.warn({ err: err.message }, 'cannot read the Redis epoch')), intervalMs);
    this.redis.on('ready', this.onReady);
    return record;
  }

  stop(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
  }

  /**
   * replace declares the epoch `lost` over although its key survived (a centre partition's Cluster slot lost
   * its state, PartitionLeases): a new epoch replaces it, once whoever calls, and check() reports the loss.
   */
  async replace(lost: string): Promise<EpochRecord> {
    await this.redis.eval(REPLACE, 1, this.key, lost, JSON.stringify(newEpoch(this.clock(), lost)));
    return this.check();
  }

  /** check reads the epoch now (one read at a time; callers during a read share it). */
  check(): Promise<EpochRecord> {
    this.running ??= this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<EpochRecord> {
    let record = parse(await this.redis.get(this.key));
    if (!record) {
      await this.redis.set(this.key, JSON.stringify(newEpoch(this.clock(), this.known?.id)), 'NX');
      record = parse(await this.redis.get(this.key));
      if (!record) throw new Error(`the Redis epoch at ${this.key} is unreadable`);
    }
    const before = this.known;
    this.known = record;
    if (before && before.id !== record.id) {
      this.lost = { at: record.createdAt, previousEpoch: before.id, epoch: record.id };
      this.logger.error({ previousEpoch: before.id, epoch: record.id }, 'Redis lost its state (epoch changed): figures and incidents restart');
      this.onChange(record, this.lost);
    } else if (!before && record.previous !== undefined) {
      this.lost = { at: record.createdAt, previousEpoch: record.previous, epoch: record.id };
    }
    return record;
  }
}
