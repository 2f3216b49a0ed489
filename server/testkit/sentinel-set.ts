/**
 * SentinelSet runs a Redis Sentinel deployment on loopback ports for tests: a master, its
 * replicas and three sentinels (quorum 2), each a redis-server child with its own temp folder.
 * Failure detection and failover timeouts are short, so a failover completes in seconds.
 * Every wait is bounded; destroy() kills every process, whatever state the set is in.
 */
import { Redis } from 'ioredis';
import { RedisProcess } from './redis-process.js';
import { waitUntil } from './wait.js';

export const MASTER_NAME = 'surge';
// Short enough for a quick test, long enough that a master stalled for a second on a busy 2-core machine is not
// taken for dead (1 s gave spurious failovers).
const DOWN_AFTER_MS = 3000;
const FAILOVER_TIMEOUT_MS = 5000;

export class SentinelSet {
  private constructor(
    /** Every data node, the first being the master the set started with. */
    readonly nodes: RedisProcess[],
    readonly sentinels: RedisProcess[],
  ) {}

  /** start runs a master with `replicas` replicas and three sentinels, and waits until the sentinels see the replicas. */
  static async start(options: { replicas?: number; persistent?: boolean } = {}): Promise<SentinelSet> {
    const nodes: RedisProcess[] = [];
    const sentinels: RedisProcess[] = [];
    const set = new SentinelSet(nodes, sentinels);
    try {
      const persistent = options.persistent ?? false;
      // Diskless, undelayed full syncs: a node that rejoins is a replica again at once.
      const sync = ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'];
      nodes.push(await RedisProcess.start({ persistent, args: sync }));
      const master = nodes[0]!;
      for (let i = 0; i < (options.replicas ?? 1); i++) {
        nodes.push(await RedisProcess.start({ persistent, args: [...sync, '--replicaof', '127.0.0.1', String(master.port)] }));
      }
      for (let i = 0; i < 3; i++) {
        const config = [
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${MASTER_NAME} ${DOWN_AFTER_MS}`,
          `sentinel failover-timeout ${MASTER_NAME} ${FAILOVER_TIMEOUT_MS}`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n');
        sentinels.push(await RedisProcess.start({ persistent: false, config, args: ['--sentinel'] }));
      }
      await waitUntil(async () => ((await set.ask(['SENTINEL', 'REPLICAS', MASTER_NAME])) as unknown[]).length >= nodes.length - 1, 'the sentinels to find the replicas');
      await set.waitForReplicas();
      return set;
    } catch (err) {
      await set.destroy();
      throw err;
    }
  }

  /** The REDIS_URL that follows this set's master through its sentinels. */
  get url(): string {
    return `redis+sentinel://${this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${MASTER_NAME}`;
  }

  /** The data node the sentinels name as master now. */
  async master(): Promise<RedisProcess> {
    const [, port] = (await this.ask(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME])) as [string, string];
    const node = this.nodes.find((n) => String(n.port) === port);
    if (!node) throw new Error(`the sentinels name an unknown master on port ${port}`);
    return node;
  }

  /** waitForNewMaster waits until the sentinels name a master other than `old` and it answers as one. */
  async waitForNewMaster(old: RedisProcess, timeoutMs = 20_000): Promise<RedisProcess> {
    return waitUntil(async () => {
      const now = await this.master();
      return now !== old && (await role(now)) === 'master' ? now : undefined;
    }, 'the sentinels to promote a new master', timeoutMs).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await this.describe()}`);
    });
  }

  /**
   * waitForReplicas waits until every other data node is an online replica of the master the sentinels name, caught
   * up with it. After a failover the sentinels turn the demoted master into a replica only once it has reported as a
   * master for 8 s (4 × their 2 s publish period), on one of their INFO polls of it, made every 10 s: 10 s after
   * the switch as a rule (measured: 10.1 s), 20 s when a poll is missed: a CI run timed out at the old 20 s bound
   * with both nodes masters.
   */
  async waitForReplicas(timeoutMs = 45_000): Promise<void> {
    await waitUntil(async () => (await this.replicasInSync(await this.master())) === this.nodes.length - 1, 'the replicas to catch up', timeoutMs).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await this.describe()}`);
    });
  }

  /**
   * rejoin restarts a node that crashed as a replica of the master the sentinels name now, as a runbook must:
   * a master without persistence that comes back as a master is empty, and a failover that picks it before the
   * sentinels demote it makes every replica wipe its data to match (redis.io, "Sentinel: safety with masters
   * without persistence").
   */
  async rejoin(node: RedisProcess): Promise<void> {
    const master = await this.master();
    await node.restart(['--replicaof', '127.0.0.1', String(master.port)]);
  }

  /** failover asks a sentinel for a manual failover (SENTINEL FAILOVER) and waits until a new master serves. */
  async failover(): Promise<RedisProcess> {
    const old = await this.master();
    await this.ask(['SENTINEL', 'FAILOVER', MASTER_NAME]);
    // The replica it picks may have finished its first sync just now: promoting it takes the sentinels longer.
    return this.waitForNewMaster(old, 45_000);
  }

  /** caughtUp waits until every replica has acknowledged all the master holds now (its replication offset). */
  async caughtUp(timeoutMs = 20_000): Promise<void> {
    const master = await this.master();
    const offsets = async () => {
      const info = await command<string>(master.port, ['INFO', 'replication']);
      return { master: Number(/master_repl_offset:(\d+)/.exec(info)?.[1]), replicas: [...info.matchAll(/slave\d+:.*,offset=(\d+)/g)].map((m) => Number(m[1])) };
    };
    const held = (await offsets()).master;
    await waitUntil(async () => {
      const now = await offsets();
      return (now.replicas.length === this.nodes.length - 1 && now.replicas.every((offset) => offset >= held)) || undefined;
    }, 'the replicas to hold what the master holds', timeoutMs).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await this.describe()}`);
    });
  }

  /** How many replicas the node reports online and acknowledging within the last second. */
  async replicasInSync(node: RedisProcess): Promise<number> {
    const info = await command<string>(node.port, ['INFO', 'replication']);
    return [...info.matchAll(/slave\d+:.*state=online,offset=\d+,lag=(\d+)/g)].filter((m) => Number(m[1]) <= 1).length;
  }

  /**
   * describe is every data node's replication state and log tail, and every sentinel's view of the master and
   * its whole log (a sentinel logs one line per event: who was found down, who led a failover, whom it promoted).
   */
  async describe(): Promise<string> {
    const nodes = this.nodes.map(async (p) => {
      const info = await command<string>(p.port, ['INFO', 'replication']).catch((err: Error) => err.message);
      return `--- node ${p.port}\n${info.trim()}\n${p.logTail()}`;
    });
    const sentinels = this.sentinels.map(async (p) => {
      const view = await command<string[]>(p.port, ['SENTINEL', 'MASTER', MASTER_NAME]).catch((err: Error) => [err.message]);
      return `--- sentinel ${p.port}: ${view.join(' ')}\n${p.logTail(200)}`;
    });
    return (await Promise.all([...nodes, ...sentinels])).join('\n');
  }

  /** ask sends a command to the first sentinel that answers. */
  async ask(args: string[]): Promise<unknown> {
    let last: unknown;
    for (const s of this.sentinels) {
      try {
        return await command(s.port, args);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }


  async destroy(): Promise<void> {
    await Promise.allSettled([...this.sentinels, ...this.nodes].map((p) => p.destroy()));
  }
}

/** The node's replication role (master or slave). */
export async function role(node: RedisProcess): Promise<string> {
  return String(((await command<unknown[]>(node.port, ['ROLE'])) ?? [])[0]);
}

/** command runs one command on a short-lived, fail-fast connection. */
export async function command<T = unknown>(port: number, args: string[]): Promise<T> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.call(args[0]!, ...args.slice(1))) as T;
  } finally {
    redis.disconnect();
  }
}
