/**
 * The benchmark's sizes and durations. The defaults are the (30 s of ingest, 2,000
 * and 10,000 live clients, 1 million events); BENCH_QUICK=1 shortens everything for
 * iterating, and a few variables override single settings.
 *
 *   BENCH_QUICK=1            short windows, fewer clients and events
 *   BENCH_ONLY=a,b           run only these scenarios (decode, ingest, replica-ack, cluster, screen, fanout, alerts, recovery, forecast)
 *   BENCH_PROFILE=1          write a CPU profile of each server to loadtest/results/profiles/
 *   BENCH_FANOUT_CLIENTS=n   live clients in the fan-out scenario
 *   BENCH_LIVE=v1            screens on live protocol v1 (`/v1/live`, every scope, whole figures) instead of
 *                            v2 (`/v2/live?hall=&encoding=deflate`, a wall as the wallboard opens it: the first hall's
 *                            scopes, changed fields only, compressed frames); BENCH_LIVE=v2-json: v2 in JSON text
 *   BENCH_RECOVERY_EVENTS=n  events in the stream before the restart
 *   BENCH_ALERT_INCIDENTS=n  incidents opened (and resolved) in the alert-latency scenario
 *   REDIS_URL                the Redis to use (default redis://127.0.0.1:6379)
 */

export interface Settings {
  quick: boolean;
  only?: string[];
  profile: boolean;
  /** The live protocol the benchmark's screens speak. */
  live: 'v1' | 'v2-json' | 'v2';
  redisUrl: string;
  warmupMs: number;
  ingest: { windowMs: number; baselineMs: number; singleMs: number; batch: number; connections: number; redisBenchmarkRequests: number };
  screen: { rate: number; clients: number; windowMs: number; idleMs: number; probeIntervalMs: number };
  fanout: { clients: number; processes: number; windowMs: number; idleMs: number; probeIntervalMs: number; eventRate: number };
  recovery: { events: number };
  alerts: { incidents: number; timeoutMs: number };
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const quick = env.BENCH_QUICK === '1';
  const pick = (full: number, short: number) => (quick ? short : full);
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    quick,
    only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
    profile: env.BENCH_PROFILE === '1',
    live: env.BENCH_LIVE === 'v1' || env.BENCH_LIVE === 'v2-json' ? env.BENCH_LIVE : 'v2',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    warmupMs: pick(3000, 1000),
    ingest: {
      windowMs: pick(30_000, 8000),
      baselineMs: pick(10_000, 5000),
      singleMs: pick(10_000, 4000),
      batch: 100,
      connections: 8,
      redisBenchmarkRequests: pick(1_000_000, 300_000),
    },
    screen: { rate: 20_000, clients: 2000, windowMs: pick(30_000, 8000), idleMs: pick(10_000, 4000), probeIntervalMs: 100 },
    fanout: {
      clients: number('BENCH_FANOUT_CLIENTS', pick(10_000, 2000)),
      processes: 4,
      windowMs: pick(30_000, 8000),
      idleMs: pick(10_000, 4000),
      probeIntervalMs: 100,
      eventRate: 20,
    },
    recovery: { events: number('BENCH_RECOVERY_EVENTS', pick(1_000_000, 200_000)) },
    alerts: { incidents: number('BENCH_ALERT_INCIDENTS', pick(200, 30)), timeoutMs: 10_000 },
  };
}
