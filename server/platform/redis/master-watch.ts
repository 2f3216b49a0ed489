/**
 * MasterWatch moves the connections that follow a Sentinel master onto a new master as soon as
 * the sentinels name it. Left alone, a connection stays on a master demoted by `SENTINEL FAILOVER`
 * until the sentinels reconfigure it as a replica and close its clients, about 10 s later, and it
 * acknowledges writes meanwhile (docs/operations.md, "Sentinel and acknowledged events").
 *
 * One per set of sentinels and master name in a process (masterWatch). While at least one
 * followed connection is open it asks one sentinel `SENTINEL GET-MASTER-ADDR-BY-NAME` every
 * MASTER_POLL_MS on one reused connection (the next sentinel after an error), and reconnects
 * every ready connection that is elsewhere (ioredis `disconnect(true)`: the reconnect asks the
 * sentinels again). After a followed connection's `end` it is forgotten; with none left the
 * timer stops and the sentinel connection closes.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { placement, type Endpoint } from './master-endpoint.js';

export const MASTER_POLL_MS = 250;
// A moved connection may land on the old master again (a sentinel that has not heard of the switch
// answered its reconnect): it is moved again after a doubling hold, a few times, then left to the
// sentinels' own reconfiguration, so a comparison that is wrong never reconnects in a loop.
const MOVE_HOLD_MS = 500;
const MOVE_ATTEMPTS = 5;
const SENTINEL_TIMEOUT_MS = 1000;

/** A connection's moves towards one named master. */
export interface Moves {
  to: string;
  attempts: number;
  lastAt: number;
}

const resolveHost = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

export class MasterWatch {
  private readonly followed = new Map<Redis, Moves | undefined>();
  private sentinel?: Redis;
  private sentinelIndex = 0;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly sentinels: readonly Endpoint[],
    private readonly name: string,
  ) {}

  /** follow watches the connection whenever it is connected, until its `end`. */
  follow(redis: Redis): void {
    const add = () => {
      if (!this.followed.has(redis)) this.followed.set(redis, undefined);
      this.schedule();
    };
    redis.on('ready', add);
    redis.on('end', () => this.forget(redis));
    if (redis.status === 'ready') add();
  }

  /** How many connections it follows now (0: no timer, no sentinel connection). */
  get following(): number {
    return this.followed.size;
  }

  private forget(redis: Redis): void {
    this.followed.delete(redis);
    if (this.followed.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.polling) this.closeSentinel();
  }

  private schedule(): void {
    if (this.timer || this.polling) return;
    this.timer = setTimeout(() => void this.poll(), MASTER_POLL_MS).unref();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const named = await this.namedMaster();
      if (named) await this.moveStragglers(named);
    } finally {
      this.polling = false;
      if (this.followed.size > 0) this.schedule();
      else this.closeSentinel();
    }
  }

  private async namedMaster(): Promise<Endpoint | undefined> {
    try {
      this.sentinel ??= await this.connectSentinel();
      const reply = await this.sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name);
      return Array.isArray(reply) ? { host: String(reply[0]), port: Number(reply[1]) } : undefined;
    } catch {
      // Down, or too slow: ask the next sentinel at the next poll.
      this.closeSentinel();
      this.sentinelIndex = (this.sentinelIndex + 1) % this.sentinels.length;
      return undefined;
    }
  }

  private async connectSentinel(): Promise<Redis> {
    const { host, port } = this.sentinels[this.sentinelIndex]!;
    const sentinel = new Redis({
      host,
      port,
      connectionName: 'surge-master-watch',
      lazyConnect: true,
      enableReadyCheck: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: SENTINEL_TIMEOUT_MS,
      commandTimeout: SENTINEL_TIMEOUT_MS,
    });
    // Its errors are answered by asking the next sentinel.
    sentinel.on('error', () => undefined);
    await sentinel.connect();
    // Never what keeps a process alive.
    sentinel.stream.unref();
    return sentinel;
  }

  private closeSentinel(): void {
    this.sentinel?.disconnect();
    this.sentinel = undefined;
  }

  private async moveStragglers(named: Endpoint): Promise<void> {
    const to = `${named.host}:${named.port}`;
    // A named hostname is resolved once a poll, and only when a connection's port leaves the answer to its address;
    // before the loop, which must not wait: a connection's state is read and acted on at once.
    const byHostname = isIP(named.host) === 0 && [...this.followed.keys()].some((r) => r.status === 'ready' && r.stream.remotePort === named.port);
    const resolved = byHostname ? await resolveHost(named.host).catch(() => undefined) : undefined;
    for (const [redis, moves] of this.followed) {
      // Only a ready connection: closing one while it asks the sentinels makes ioredis end it for good
      // (its connect fails with the connector closed, and it sets the status to end).
      if (redis.status !== 'ready') continue;
      const where = placement(named, { address: redis.stream.remoteAddress, port: redis.stream.remotePort }, resolved);
      if (where === 'on-master') this.followed.set(redis, undefined);
      if (where !== 'elsewhere') continue;
      const next = nextMove(moves?.to === to ? moves : undefined, to, Date.now());
      if (!next) continue;
      this.followed.set(redis, next);
      redis.disconnect(true);
    }
  }
}

/** nextMove is the connection's moves after one more now, or undefined while held or given up. */
export function nextMove(moves: Moves | undefined, to: string, now: number): Moves | undefined {
  if (!moves) return { to, attempts: 1, lastAt: now };
  if (moves.attempts >= MOVE_ATTEMPTS || now - moves.lastAt < MOVE_HOLD_MS * 2 ** (moves.attempts - 1)) return undefined;
  return { to, attempts: moves.attempts + 1, lastAt: now };
}

const watches = new Map<string, MasterWatch>();

/** masterWatch is the process's watch of the named master through these sentinels. */
export function masterWatch(sentinels: readonly Endpoint[], name: string): MasterWatch {
  const key = `${name}@${sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  let watch = watches.get(key);
  if (!watch) watches.set(key, (watch = new MasterWatch(sentinels, name)));
  return watch;
}
