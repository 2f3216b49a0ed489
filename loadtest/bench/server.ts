/**
 * BenchServer runs the real server as the benchmark's subject: `node bin/surge.js start`
 * from the compiled build, no simulator, its own Redis key prefix (a temp copy of
 * surge.config.yaml), on a free port of 127.0.0.1. One extra queue, `hangzhou/bench-probe`,
 * is the latency probe's: no other load touches it.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../server/testkit/redis-process.js';
import { writeConfig } from '../../server/testkit/process.js';
import { shippedCentres } from '../load/event-lines.js';
import { spawnNode } from './spawn.js';

/** The demo tokens of the shipped config. */
export const TOKENS = { ingest: 'demo-ingest-token', display: 'demo-display-token', dispatcher: 'demo-dispatcher-token' };
export const PROBE = { centre: 'hangzhou', queue: 'bench-probe' };

export interface ServerOptions {
  prefix: string;
  redisUrl: string;
  /** Write a V8 CPU profile of the server to this folder (node --cpu-prof). */
  profileDir?: string;
  /** Name of the profile file, without extension. */
  profileName?: string;
  /** More changes to the temp config, at YAML paths (after the harness's own). */
  config?: ConfigChange[];
}

/** A change to the temp copy of surge.config.yaml: the value at a YAML path. */
export type ConfigChange = [path: string[], value: unknown];

export class BenchServer {
  private readonly output: string[] = [];
  /** performance.now() when the process was spawned. */
  readonly spawnedAt = performance.now();
  /** The wall clock (epoch ms, the server's `asOf` clock on this machine) when it was spawned. */
  readonly spawnedAtMs = Date.now();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    /** The temp config file the server runs with. */
    readonly configFile: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** spawn starts the process and returns at once (see ready()). */
  static async spawn(options: ServerOptions): Promise<BenchServer> {
    const port = await freePort();
    const probeIndex = String(shippedCentres().centres[0]?.queues.length ?? 0);
    const config = writeConfig([
      [['redis', 'prefix'], options.prefix],
      [['server', 'host'], '127.0.0.1'],
      [['simulate'], 'off'],
      [['centres', '0', 'queues', probeIndex], { id: PROBE.queue, name: 'Bench probe', media: 'voice' }],
      ...(options.config ?? []),
    ]);
    const env: NodeJS.ProcessEnv = { ...process.env, SURGE_CONFIG: config, PORT: String(port), REDIS_URL: options.redisUrl, SURGE_SIMULATE: 'off', LOG_LEVEL: 'warn' };
    delete env.SURGE_FROM_SOURCE;
    const nodeFlags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${options.profileName ?? 'server'}.cpuprofile`] : [];
    const child = spawnNode([join('bin', 'surge.js'), 'start'], { env, nodeFlags, capture: true });
    return new BenchServer(child, port, config);
  }

  /** start spawns the server and waits until it is ready. */
  static async start(options: ServerOptions): Promise<BenchServer> {
    const server = await BenchServer.spawn(options);
    await server.ready();
    return server;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** ready waits for /readyz to answer 200. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await this.until(async () => (await fetch(`${this.base}/readyz`)).status === 200, 'to be ready', timeoutMs);
  }

  /** until polls `probe` every 20 ms until it returns true; the server dying or the timeout throws. */
  async until(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const end = performance.now() + timeoutMs;
    while (performance.now() < end) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`server exited (${this.child.exitCode ?? this.child.signalCode}) while waiting for it ${what}:\n${this.output.join('')}`);
      if (await probe().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`server did not manage ${what} within ${timeoutMs / 1000} s:\n${this.output.join('')}`);
  }

  /** get fetches a JSON endpoint with the display token. */
  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${TOKENS.display}` } });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  /** stop ends the server in order (SIGTERM: final checkpoint, profile written), SIGKILL after 30 s. */
  stop(): Promise<void> {
    return this.signal('SIGTERM', 30_000);
  }

  /** kill ends it as a crash would. */
  kill(): Promise<void> {
    return this.signal('SIGKILL', 10_000);
  }

  private signal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const force = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      this.child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      this.child.kill(signal);
    });
  }
}
