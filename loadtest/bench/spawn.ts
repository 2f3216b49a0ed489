/**
 * spawnNode starts `node <args>` from the project root with its open-file limit raised to
 * the hard limit first: ten thousand sockets need more descriptors than many shells allow
 * by default. `exec` keeps the pid, so the returned child *is* the node process.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnOptions {
  /** Open Node's IPC channel (fd 3) for the load-process protocol. */
  ipc?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Keep stdout/stderr (returned as pipes) instead of passing them through. */
  capture?: boolean;
}

const RAISE_LIMIT = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';

export function spawnNode(args: string[], options: SpawnOptions = {}): ChildProcess {
  const output = options.capture ? 'pipe' : 'inherit';
  return spawn('sh', ['-c', RAISE_LIMIT, 'sh', process.execPath, ...(options.nodeFlags ?? []), ...args], {
    env: options.env ?? process.env,
    stdio: options.ipc ? ['ignore', output, output, 'ipc'] : ['ignore', output, output],
  });
}
