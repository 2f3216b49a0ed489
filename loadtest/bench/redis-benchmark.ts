/**
 * redisXaddCeiling runs `redis-benchmark` doing XADD of one event line, 64 commands
 * pipelined per connection: what Redis itself can append, with no Node client in the way.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The XADD rate (per second) redis-benchmark reached, or null when it is not installed. */
export async function redisXaddCeiling(redisUrl: string, key: string, line: string, requests: number): Promise<number | null> {
  const url = new URL(redisUrl);
  const args = ['-h', url.hostname, '-p', url.port || '6379', '-P', '64', '-n', String(requests), '-q', '--csv'];
  if (url.password) args.push('-a', decodeURIComponent(url.password));
  if (url.pathname.length > 1) args.push('--dbnum', url.pathname.slice(1));
  try {
    const { stdout } = await run('redis-benchmark', [...args, 'XADD', key, '*', 'e', line], { timeout: 120_000 });
    // CSV: "test","rps","avg_latency_ms",…; the test name holds the command (and the line's quotes).
    const rps = /","([\d.]+)"(?:,"[\d.]+"){6}\s*$/.exec(stdout.trim());
    return rps ? Number(rps[1]) : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
