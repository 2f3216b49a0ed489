/**
 * ensureRedis makes the demo start on a bare machine: when no REDIS_URL is set and
 * nothing answers on the default address (or `private` asks for it), it starts a private
 * `redis-server` child on a free port (data kept in memory only), or explains how to get Redis.
 * A Redis named explicitly must answer, or start ends with one sentence saying which URL did not.
 *
 * The child runs in a process group of its own, so a Ctrl-C in the terminal reaches the
 * server, which stops first and then stops Redis; it is killed too if this process exits
 * any other way (a crash, process.exit).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { unreachableReason } from './reachable.js';

export interface RedisLocation {
  url: string;
  /** Present when we started a private server. */
  stop?: () => Promise<void>;
}

export class NoRedisError extends Error {}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

export async function ensureRedis(configuredUrl: string, explicit: boolean, wanted = false): Promise<RedisLocation> {
  if (!wanted && (explicit || configuredUrl !== DEFAULT_URL || (await answers('127.0.0.1', 6379)))) {
    const problem = await unreachableReason(configuredUrl);
    if (problem) throw new NoRedisError(problem);
    return { url: configuredUrl };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new NoRedisError(
      'no Redis answers on 127.0.0.1:6379 and redis-server is not installed.\n' +
        '  Install it (Debian/Ubuntu: apt-get install -y redis-server), or run `docker compose up -d redis`,\n' +
        '  or point REDIS_URL at a Redis you have (e.g. REDIS_URL=redis://host:6379).',
    );
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
    detached: true,
  });
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  await waitFor(() => answers('127.0.0.1', port), 10_000, 'private redis-server did not start');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      process.off('exit', orphaned);
      await stopChild(child);
    },
  };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** freePort asks the kernel for a port nothing listens on (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number, message: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(message);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
