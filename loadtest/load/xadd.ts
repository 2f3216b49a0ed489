/**
 * The bare-Redis load process: one ioredis connection doing nothing but pipelined XADDs of
 * event lines into the centres' streams, several pipelines in flight. In `pool` mode it
 * runs for the window (the Node client's ceiling, baseline of durable ingest); in
 * `simulated` mode it writes an exact run of `count` events and ends (filling a stream for
 * the crash-recovery scenario).
 *
 * With `dedupTtlSec` each event first gets the idempotency record ingest's append script writes
 * (store.ts: `SET <seen key> 1 NX EX ttl`); with `postEvents` the lines are appended as that script
 * appends a POST of that many events, one entry a centre holding its lines (stream/entry.ts), instead of
 * an entry an event: with both, the same Redis work for the same lines, without the script and without
 * the server. A pipeline cannot make the XADD depend on the SET, so it always appends; the load's ids
 * are fresh, so the script would too.
 */
import { Redis } from 'ioredis';
import { createKeys, type Keys } from '../../server/platform/redis/keys.js';
import { EVENTS_FIELD, joinLines } from '../../server/stages/stream/entry.js';
import { LineMaker, simulatedEvents, type LineBatch } from './event-lines.js';
import { Histogram, type HistogramJson } from './histogram.js';
import { serveGenerator } from './protocol.js';

export interface XaddOptions {
  redisUrl: string;
  /** Key prefix: events go to the server's own stream keys under it. */
  prefix: string;
  batch: number;
  inFlight: number;
  mode: 'pool' | 'simulated';
  seed: number;
  /** Also write each event's dedup record, with this TTL, as ingest does. */
  dedupTtlSec?: number;
  /** Append each run of this many events as ingest appends one POST of them (an entry a centre); absent: an entry an event. */
  postEvents?: number;
  /** pool mode: id tag; replies in the first warmupMs are not counted. */
  tag?: string;
  warmupMs?: number;
  /** simulated mode: how many events, ending when. */
  count?: number;
  endMs?: number;
}

export interface XaddResult {
  events: number;
  elapsedMs: number;
  /** CPU this process used (all its threads) while the counted events were written, µs. */
  cpuMicros: number;
  /** Round trip of one pipeline of `batch` XADDs. */
  latency: HistogramJson;
}

let options: XaddOptions;
let redis: Redis;
let keys: Keys;
let source: (n: number) => LineBatch | undefined;

serveGenerator<XaddOptions, { events?: number }, XaddResult>({
  async setup(o) {
    options = o;
    keys = createKeys(o.prefix);
    redis = new Redis(o.redisUrl, { lazyConnect: true });
    await redis.connect();
    if (o.mode === 'pool') {
      const maker = new LineMaker(o.tag ?? 'xadd', o.seed);
      source = (n) => maker.batch(n);
      return {};
    }
    const events = simulatedEvents(o.seed, o.endMs ?? Date.now(), o.count ?? 0);
    const lines = events.map((e) => JSON.stringify(e));
    const centres = events.map((e) => e.centre);
    const ids = events.map((e) => e.id);
    let next = 0;
    source = (n) => {
      if (next >= lines.length) return undefined;
      const batch = { lines: lines.slice(next, next + n), centres: centres.slice(next, next + n), ids: ids.slice(next, next + n) };
      next += n;
      return batch;
    };
    return { events: lines.length };
  },

  async measure(until) {
    let stoppedAt = Infinity;
    void until.then(() => (stoppedAt = performance.now()));
    const start = performance.now();
    const countFrom = start + (options.warmupMs ?? 0);
    const latency = new Histogram();
    let events = 0;
    let lastAt = start;
    let cpuFrom = process.cpuUsage();
    setTimeout(() => (cpuFrom = process.cpuUsage()), options.warmupMs ?? 0);
    const loop = async () => {
      while (stoppedAt === Infinity) {
        const batch = source(options.batch);
        if (!batch) return;
        const pipeline = redis.pipeline();
        const ttl = options.dedupTtlSec;
        const post = options.postEvents;
        batch.lines.forEach((line, i) => {
          const centre = batch.centres[i]!;
          if (ttl !== undefined) pipeline.set(keys.seen(centre, batch.ids[i]!), '1', 'EX', ttl, 'NX');
          if (post === undefined) pipeline.xadd(keys.stream(centre), '*', EVENTS_FIELD, line);
        });
        if (post !== undefined) {
          for (let from = 0; from < batch.lines.length; from += post) {
            const entries = new Map<string, string[]>();
            for (let i = from; i < Math.min(from + post, batch.lines.length); i++) {
              const centre = batch.centres[i]!;
              (entries.get(centre) ?? entries.set(centre, []).get(centre)!).push(batch.lines[i]!);
            }
            for (const [centre, lines] of entries) pipeline.xadd(keys.stream(centre), '*', EVENTS_FIELD, joinLines(lines));
          }
        }
        const sentAt = performance.now();
        const results = await pipeline.exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
        lastAt = performance.now();
        if (lastAt < countFrom || lastAt > stoppedAt) continue;
        events += batch.lines.length;
        latency.record(lastAt - sentAt);
      }
    };
    await Promise.all(Array.from({ length: options.inFlight }, loop));
    const cpu = process.cpuUsage(cpuFrom);
    redis.disconnect();
    return { events, elapsedMs: Math.min(stoppedAt, lastAt) - countFrom, cpuMicros: cpu.user + cpu.system, latency: latency.toJSON() };
  },
});
