/**
 * Leadership keeps trying to hold the lease and runs the pipeline while it does. The
 * lease lives `ttlMs`; it is renewed every `ttlMs / 3`. An instance that finds the lease
 * held tries again the moment it lapses (as well as every `ttlMs / 3`), so when an owner dies
 * another instance takes over within ttl of the owner's last renewal (3 s with the defaults),
 * not up to a renewal period later.
 *
 * A term belongs to one Redis epoch: every attempt confirms the epoch first, and when Redis lost
 * its state (the epoch changed) the term in force is stopped and a new one starts from what Redis
 * holds now, the empty state, even if the restarted fence counter gave the same token again.
 *
 * A term also belongs to one Redis master. After a failover (Sentinel promoted a replica) the new
 * master may lack the last writes the term read or made on the old one, so the term is ended and a
 * new one starts from what the new master holds. The lease is taken afresh first: the new fencing
 * token makes the old term's last checkpoint, made from what the new master lacks, fail.
 */
import type { Logger } from '../log/log.js';
import type { Lease } from './lease.js';

/** How long after the holder's lease lapses (by Redis' clock, as PTTL said) the attempt is made. */
const LAPSE_MARGIN_MS = 5;

export interface Term {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class Leadership {
  private token: number | null = null;
  private epoch: string | null = null;
  private master: string | null = null;
  private timer?: NodeJS.Timeout;
  /** The attempt due when another instance's lease lapses (see atLapse). */
  private lapse?: NodeJS.Timeout;
  private heldUntil = 0;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly lease: Lease,
    private readonly term: Term,
    private readonly logger: Logger,
    /** Confirms the Redis epoch now and returns its id (EpochWatcher.check). */
    private readonly confirmEpoch: () => Promise<string>,
    /** Names the Redis master serving now (its replication id, which a promotion changes). */
    private readonly servingMaster: () => Promise<string> = async () => '',
    /** Asked before taking the lease while not holding it: false leaves it to other instances (PartitionLeases spreads them). */
    private readonly mayTake: () => boolean = () => true,
    /**
     * Asked before the lease's epoch copy is (re)written with the term's epoch (`missing`: there was none): false
     * when its slot lost its state since a copy was written in this epoch (the epoch has been replaced then).
     */
    private readonly newEpochCopy: (epoch: string, missing: boolean) => Promise<boolean> = async () => true,
  ) {}

  /** The fencing token of the term in force here, or null when another instance leads. */
  get fencingToken(): number | null {
    return this.token;
  }

  /** The replication id of the Redis master the term in force here began on, or null when another instance leads. */
  get fencingMaster(): string | null {
    return this.token === null ? null : this.master;
  }

  /** The Redis epoch the term in force here began in, or null when another instance leads. */
  get fencingEpoch(): string | null {
    return this.token === null ? null : this.epoch;
  }

  /** start makes a first attempt at once (so a lone instance starts leading straight away), then keeps trying. */
  async start(): Promise<void> {
    await this.attempt();
    this.timer = setInterval(() => void this.attempt(), Math.max(100, Math.floor(this.lease.ttlMs / 3)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.lapse);
    await this.busy;
    if (this.token !== null) {
      await this.term.stop();
      this.token = null;
      await this.lease.release().catch(() => undefined);
    }
  }

  /** handOver ends the term here (its final commit still fenced) and frees the lease for another instance to take. */
  handOver(): Promise<void> {
    this.busy = this.busy.then(async () => {
      if (this.token === null) return;
      this.logger.info({ token: this.token }, 'handing the lease over to another instance');
      await this.term.stop();
      this.token = null;
      await this.lease.release().catch(() => undefined);
    });
    return this.busy;
  }

  private attempt(): Promise<void> {
    this.busy = this.busy.then(async () => {
      if (this.token === null && !this.mayTake()) return;
      let token: number | null;
      let epoch: string;
      let master: string;
      let slotLost = false;
      try {
        epoch = await this.confirmEpoch();
        master = await this.servingMaster();
        let held = await this.lease.hold(epoch, false);
        if (held.token !== null && this.token !== null && master !== this.master) {
          this.logger.warn({ previous: this.master, master }, 'Redis master changed (failover): ending this pipeline term, starting afresh from what the new master holds');
          await this.lease.release();
          held = await this.lease.hold(epoch, false);
        }
        if (held.token !== null && held.copy !== 'current') {
          slotLost = !(await this.newEpochCopy(epoch, held.copy === 'missing'));
          if (!slotLost) held = await this.lease.hold(epoch, true);
        }
        token = held.token;
        if (held.othersMs !== undefined) this.atLapse(held.othersMs);
      } catch (err) {
        // Redis unreachable: keep going until the lease would have expired anyway.
        if (this.token !== null && Date.now() > this.heldUntil) await this.lose('lease not renewed in time');
        this.logger.warn({ err: (err as Error).message }, 'cannot reach Redis to hold the lease');
        return;
      }
      if (slotLost) {
        this.logger.error({ epoch }, 'the Redis slot of this pipeline partition lost its state: the epoch is replaced, a new term starts in the new one');
        if (this.token !== null) await this.lose('its Redis slot lost its state');
        return;
      }
      if (token !== null) {
        this.heldUntil = Date.now() + this.lease.ttlMs;
        if (this.token === token && this.epoch === epoch) return;
        if (this.token !== null) {
          if (this.epoch !== epoch) this.logger.error({ previousEpoch: this.epoch, epoch }, 'Redis lost its state: ending this pipeline term, starting afresh');
          await this.term.stop();
        }
        this.token = token;
        this.epoch = epoch;
        this.master = master;
        this.logger.info({ token, epoch }, 'pipeline lease acquired');
        await this.term.start().catch(async (err: Error) => {
          this.logger.error({ err: err.message }, 'pipeline failed to start; giving the lease up');
          this.token = null;
          await this.lease.release().catch(() => undefined);
        });
      } else if (this.token !== null) {
        await this.lose('lease held by another instance');
      }
    });
    return this.busy;
  }

  /**
   * atLapse makes an attempt just after another instance's lease lapses. While that instance lives, it renews
   * before then, and the next attempt (every renewal period) moves this one on: it only fires once it died.
   */
  private atLapse(othersMs: number): void {
    clearTimeout(this.lapse);
    if (!this.stopped) this.lapse = setTimeout(() => void this.attempt(), othersMs + LAPSE_MARGIN_MS);
  }

  private async lose(why: string): Promise<void> {
    this.logger.warn({ why }, 'pipeline lease lost; stopping the pipeline here');
    this.token = null;
    await this.term.stop();
  }
}
