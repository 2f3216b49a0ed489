/** A private redis-server for tests that stop and restart Redis, so the shared one is never disturbed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../platform/redis/private.js';

export { freePort };

const START_ATTEMPTS = 5;

/** fileTail is the last `lines` lines of a redis-server log, for a failure message. */
export function fileTail(file: string, lines: number): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
}

export class RedisProcess {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'surge-redis-'));

  private constructor(
    readonly port: number,
    private readonly persistent: boolean,
    private readonly args: string[],
    private readonly configText?: string,
  ) {}

  /**
   * start runs a server; `persistent: false` keeps data in memory only, so a restart loses it
   * all; `args` are further redis-server options (`--maxmemory 8mb`); `config` is the text of a
   * config file it starts from (a sentinel's, which it rewrites as it learns the set).
   */
  static async start(options: { persistent?: boolean; args?: string[]; config?: string } = {}): Promise<RedisProcess> {
    // A port is free when chosen, not when redis-server binds it (another process may take it in between): a server
    // that exits at start is started again on another port.
    for (let attempt = 1; ; attempt++) {
      const r = new RedisProcess(await freePort(), options.persistent ?? true, options.args ?? [], options.config);
      try {
        await r.restart();
        return r;
      } catch (err) {
        await r.destroy();
        if (attempt === START_ATTEMPTS) throw err;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * restart (re)starts the server on the same port and data folder; when persistent, AOF with fsync always keeps
   * every write. `args` are added to this restart's options only (`--replicaof host port`).
   */
  async restart(args: string[] = []): Promise<void> {
    const persistence = this.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const configFile = join(this.dir, 'redis.conf');
    if (this.configText !== undefined && !this.child) writeFileSync(configFile, this.configText);
    const fromFile = this.configText === undefined ? [] : [configFile];
    this.child = spawn('redis-server', [...fromFile, '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, ...persistence, '--save', '', '--logfile', this.logFile, ...this.args, ...args], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const exited = this.child.exitCode ?? this.child.signalCode;
      if (exited !== null) throw new Error(`redis-server on ${this.port} exited at start (${exited}):\n${this.logTail(10)}`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  }

  /** The server's own log, kept across restarts: why a replica does not sync is written there. */
  get logFile(): string {
    return join(this.dir, 'redis.log');
  }

  /** logTail is the last `lines` lines of the server's log, for a failure message. */
  logTail(lines = 30): string {
    return fileTail(this.logFile, lines);
  }

  /** kill stops it hard, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    // Gone already (it exited, or a signal ended it): no 'exit' event is coming.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
