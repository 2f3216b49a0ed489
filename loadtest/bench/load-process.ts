/**
 * LoadProcess runs one load generator (loadtest/load/<name>.js, compiled) as a child process
 * and drives it through the protocol in loadtest/load/protocol.ts: ready → go → result.
 * Every wait is bounded; a child that overstays is killed.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FromChild, ToChild } from '../load/protocol.js';
import { spawnNode } from './spawn.js';

export type GeneratorName = 'ingest' | 'xadd' | 'fleet' | 'probe' | 'bare-live';

const READY_TIMEOUT_MS = 120_000;
// After the window: in-flight requests finish, the probe waits for its last effects.
const RESULT_GRACE_MS = 60_000;

export class LoadProcess<Result = unknown> {
  private readonly inbox: FromChild[] = [];
  private wake: () => void = () => undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: FromChild) => {
      this.inbox.push(m);
      this.wake();
    });
    child.once('exit', () => this.wake());
  }

  /** start forks the generator with its options and resolves, with what it reports, once it has connected. */
  static async start<R, T>(name: GeneratorName, options: object): Promise<{ load: LoadProcess<T>; ready: R }> {
    const child = spawnNode([join('dist', 'loadtest', 'load', `${name}.js`), JSON.stringify(options)], { ipc: true });
    const load = new LoadProcess<T>(name, child);
    const message = await load.take(READY_TIMEOUT_MS, 'to connect');
    if (message.type !== 'ready') throw new Error(`${name} failed to start: ${message.type === 'error' ? message.message : message.type}`);
    return { load, ready: message.info as R };
  }

  /** go starts the measured window; with durationMs the child ends it itself. */
  go(durationMs?: number): void {
    this.send({ type: 'go', durationMs });
  }

  /** stop ends the window now. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** result waits (at most the window plus a grace) for the child's figures. */
  async result(windowMs: number): Promise<Result> {
    const message = await this.take(windowMs + RESULT_GRACE_MS, 'to report');
    if (message.type !== 'result') throw new Error(`${this.name} failed: ${message.type === 'error' ? message.message : message.type}`);
    return message.result as Result;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private async take(ms: number, what: string): Promise<FromChild> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const message = this.inbox.shift();
      if (message) return message;
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${what.replace(/^to /, '')}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 500);
      });
    }
    this.kill();
    throw new Error(`${this.name} did not manage ${what} within ${Math.round(ms / 1000)} s; killed`);
  }

  private send(message: ToChild): void {
    if (this.running) this.child.send(message);
  }
}

/** measureWindow runs one generator for one window (warm-up included in windowMs) and returns its figures. */
export async function measureWindow<T>(name: GeneratorName, options: object, windowMs: number): Promise<T> {
  const { load } = await LoadProcess.start<unknown, T>(name, options);
  try {
    load.go(windowMs);
    return await load.result(windowMs);
  } finally {
    load.kill();
  }
}
