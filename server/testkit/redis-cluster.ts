/**
 * RedisCluster runs a real Redis Cluster for tests and the benchmark: `masters` redis-server processes with
 * `--cluster-enabled yes` plus one replica each, on free loopback ports in a temp folder, joined
 * by `redis-cli --cluster create … --cluster-replicas 1`. Every wait is bounded; stop() kills
 * every process (SIGKILL) and removes the folder, whatever state the cluster is in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { fileTail, freePort } from './redis-process.js';
import { waitUntil } from './wait.js';

/** clusterToolsMissing names the binary this machine lacks (redis-server, redis-cli), or undefined. */
export function clusterToolsMissing(): string | undefined {
  return ['redis-server', 'redis-cli'].find((bin) => spawnSync(bin, ['--version']).status !== 0);
}

interface Node {
  port: number;
  busPort: number;
  child: ChildProcess;
}

export interface NodeRole {
  port: number;
  role: 'master' | 'replica';
  /** For a replica: the port of its master. */
  masterPort?: number;
  slots: string[];
}

export class RedisCluster {
  private readonly nodes: Node[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'surge-cluster-'));

  /** start runs and joins the cluster; on any failure it stops what it started and throws. */
  static async start(masters = 3): Promise<RedisCluster> {
    const cluster = new RedisCluster();
    try {
      for (let i = 0; i < masters * 2; i++) await cluster.spawnNode();
      const create = spawnSync('redis-cli', ['--cluster', 'create', ...cluster.nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'], {
        timeout: 30_000,
        encoding: 'utf8',
      });
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
      await cluster.waitHealthy(masters);
      return cluster;
    } catch (err) {
      cluster.stop();
      throw err;
    }
  }

  /** url is the REDIS_URL of the cluster: every node as a seed. */
  get url(): string {
    return `redis+cluster://${this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  }

  /** roles asks a live node who is master of which slots and who replicates whom. */
  async roles(): Promise<NodeRole[]> {
    for (const node of this.alive()) {
      const text = await this.ask(node.port, (r) => r.cluster('NODES') as Promise<string>).catch(() => undefined);
      if (text === undefined) continue;
      const rows = text.trim().split('\n').map((line) => line.split(' '));
      const portOf = new Map(rows.map((r) => [r[0]!, Number(r[1]!.split('@')[0]!.split(':')[1])]));
      return rows
        .filter((r) => !r[2]!.includes('fail') && !r[2]!.includes('noaddr'))
        .map((r) => ({
          port: portOf.get(r[0]!)!,
          role: r[2]!.includes('master') ? ('master' as const) : ('replica' as const),
          ...(r[3] !== '-' ? { masterPort: portOf.get(r[3]!) } : {}),
          slots: r.slice(8),
        }));
    }
    throw new Error('no cluster node answers');
  }

  /** masterOf gives the port of the master serving `key` now. */
  async masterOf(key: string): Promise<number> {
    const slot = await this.ask(this.alive()[0]!.port, (r) => r.cluster('KEYSLOT', key) as Promise<number>);
    const master = (await this.roles()).find((n) => n.role === 'master' && n.slots.some((range) => inRange(range, slot)));
    if (!master) throw new Error(`no master serves slot ${slot}`);
    return master.port;
  }

  /** kill9 kills a node as a crash would. */
  kill9(port: number): void {
    const node = this.nodes.find((n) => n.port === port);
    node?.child.kill('SIGKILL');
  }

  /**
   * restart starts a killed node again on its ports and folder. Its data is gone (no persistence) but its
   * nodes.conf is not: it rejoins, learns that its replica took its slots, and becomes that one's replica.
   */
  async restart(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no cluster node on port ${port}`);
    node.child = this.spawnChild(port, node.busPort);
    await waitUntil(() => this.ask(port, (r) => r.ping()).then((p) => p === 'PONG'), `redis-server on ${port} again`, 10_000);
  }

  /** failover asks a replica to take over from its master (CLUSTER FAILOVER: the master's writes reach it first). */
  async failover(replicaPort: number): Promise<void> {
    await this.ask(replicaPort, (r) => r.cluster('FAILOVER'));
    await waitUntil(async () => (await this.roles()).find((n) => n.port === replicaPort)?.role === 'master', `node ${replicaPort} to become master`, 20_000);
  }

  /** waitHealthy waits until every live node says cluster_state:ok, every replica is in sync and `masters` masters serve the slots. */
  async waitHealthy(masters: number, ms = 30_000): Promise<void> {
    await waitUntil(
      async () => {
        for (const node of this.alive()) {
          const info = await this.ask(node.port, (r) => r.cluster('INFO') as Promise<string>);
          if (!info.includes('cluster_state:ok')) return false;
        }
        // A replica still in its first sync cannot take over: killed then, its master would leave the slots down.
        for (const node of this.alive()) {
          const replication = await this.ask(node.port, (r) => r.info('replication'));
          if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
        }
        return (await this.roles()).filter((n) => n.role === 'master' && n.slots.length > 0).length === masters;
      },
      'the Redis Cluster to be healthy',
      ms,
    );
  }

  /** stop kills every node and removes the data folder; safe to call twice and after a failed start. */
  stop(): void {
    for (const node of this.nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private alive(): Node[] {
    return this.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  }

  /**
   * spawnNode starts one node on free ports. A port is free when chosen, not when redis-server binds it: another
   * process (a test's client connecting, its source port) may take it in between. A node that exits at start is
   * started again on other ports (SPAWN_ATTEMPTS in all).
   */
  private async spawnNode(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // The bus port is chosen too: port + 10000 may be past 65535 for a kernel-chosen port.
      const port = await freePort();
      let busPort = await freePort();
      while (busPort === port) busPort = await freePort();
      mkdirSync(join(this.dir, String(port)), { recursive: true });
      const node = { port, busPort, child: this.spawnChild(port, busPort) };
      this.nodes.push(node);
      const exited = () => node.child.exitCode !== null || node.child.signalCode !== null;
      const outcome = await waitUntil(async () => (exited() ? 'exited' : (await this.ask(port, (r) => r.ping())) === 'PONG' && 'up'), `redis-server on ${port}`, 10_000);
      if (outcome === 'up') return;
      this.nodes.pop();
      if (attempt === SPAWN_ATTEMPTS) throw new Error(`redis-server exited at start ${attempt} times; the last log:\n${fileTail(join(this.dir, String(port), 'redis.log'), 10)}`);
    }
  }

  private spawnChild(port: number, busPort: number): ChildProcess {
    const dir = join(this.dir, String(port));
    return spawn(
      'redis-server',
      ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '1000', '--appendonly', 'no', '--save', '', '--repl-diskless-sync-delay', '0', '--logfile', join(dir, 'redis.log')],
      { stdio: 'ignore' },
    );
  }

  private async ask<T>(port: number, question: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await question(redis);
    } finally {
      redis.disconnect();
    }
  }
}

const SPAWN_ATTEMPTS = 5;

function inRange(range: string, slot: number): boolean {
  if (range.startsWith('[')) return false; // a slot being migrated
  const [from, to = from] = range.split('-').map(Number);
  return slot >= from! && slot <= to!;
}
