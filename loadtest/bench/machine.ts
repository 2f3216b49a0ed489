/** describeMachine says what the figures were measured on: they mean little without it. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { Redis } from 'ioredis';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  redis: string;
  /** 1-minute load average when the run started: other work sharing the machine. */
  loadAverage: number;
}

export async function describeMachine(redisUrl: string): Promise<Machine> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let version = 'unknown';
  try {
    await redis.connect();
    version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? version;
  } finally {
    redis.disconnect();
  }
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    redis: version,
    loadAverage: loadavg()[0] ?? 0,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, Redis ${m.redis}; load average at start ${m.loadAverage.toFixed(2)}`;
}
