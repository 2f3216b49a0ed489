/** Runs `surge start` as a real child process (from the TypeScript sources) for crash tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { freePort } from './redis-process.js';
import { REDIS_URL } from './redis.js';
import { waitUntil } from './wait.js';

/** writeConfig copies surge.config.yaml with changes at YAML paths, into a temp file. */
export function writeConfig(changes: [path: string[], value: unknown][]): string {
  const doc = parseDocument(readFileSync('surge.config.yaml', 'utf8'));
  for (const [path, value] of changes) doc.setIn(path, value);
  const file = join(mkdtempSync(join(tmpdir(), 'surge-config-')), 'surge.config.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

export class SurgeProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly output: string[],
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(configFile: string, env: Record<string, string> = {}, port?: number): Promise<SurgeProcess> {
    const chosen = port ?? (await freePort());
    const output: string[] = [];
    const child = spawn(process.execPath, ['bin/surge.js', 'start'], {
      env: { ...process.env, SURGE_FROM_SOURCE: '1', SURGE_CONFIG: configFile, PORT: String(chosen), REDIS_URL, SURGE_SIMULATE: 'off', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const p = new SurgeProcess(child, chosen, output);
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`surge exited ${child.exitCode}: ${output.join('')}`);
      return (await fetch(`${p.base}/readyz`)).status === 200;
    }, 'surge start to be ready', 30_000);
    return p;
  }

  /** kill sends a signal and waits for the process to go. */
  kill(signal: NodeJS.Signals): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.kill(signal);
    });
  }
}
