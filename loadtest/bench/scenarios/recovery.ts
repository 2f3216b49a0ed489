/**
 * Crash recovery: the centres' streams hold 1 million simulated events; how long from
 * starting the server until it serves the right figures for all of them?
 *
 * - cold: nothing was ever applied (the server was down while they arrived): every event is
 *   read and applied. Baseline: a bare ioredis XRANGE of the same entries. The streams hold them as
 *   ingest writes POST batches of 100 (one entry a centre a batch, stream/entry.ts).
 * - kill -9: the same server, caught up and checkpointed, is killed and started again.
 *   Baseline: the server starting on an empty stream.
 *
 * "Right" is checked, after the clock stops, against the same events run offline through
 * the same decoding and metrics code at the served `asOf`, annotated as the pipeline step
 * publishes them (each forecast's projected level under the server's rules; wrongScopes). And it must be the new instance's
 * work: the clock stops only once /v1/status names the spawned instance as the pipeline's owner
 * and /v1/metrics serves figures committed after the spawn (`asOf` later than it). The read
 * model outlives a crash, so without that the dead owner's committed figures would pass at once.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../server/config/load.js';
import { readEvent } from '../../../server/stages/stream/entry.js';
import { MetricsEngine } from '../../../server/stages/metrics/engine.js';
import { projectedLevel } from '../../../server/stages/metrics/forecast/index.js';
import type { MetricsByScope, ScopeMetrics } from '../../../server/stages/metrics/types.js';
import { loadRuleFiles, type Rule } from '../../../server/stages/rules/index.js';
import type { CanonicalEvent } from '../../../server/stages/ingest/contract.js';
import { createKeys } from '../../../server/platform/redis/keys.js';
import { removeKeys } from '../../../server/testkit/redis.js';
import { shippedCentres, simulatedEvents } from '../../load/event-lines.js';
import type { XaddOptions, XaddResult } from '../../load/xadd.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { LoadProcess } from '../load-process.js';
import type { BenchServer } from '../server.js';
import type { Row } from '../table.js';

const SCENARIO = 'crash recovery';
const SEED = 4;
/** The events of a POST the fill writes as ingest would (the ingest scenario's batches). */
const POST_EVENTS = 100;
const FILL_TIMEOUT_MS = 300_000;
const RECOVERY_TIMEOUT_MS = 120_000;
const CORRECT_TIMEOUT_MS = 15_000;
/** Issue #15's target for both rows: correct figures within 5 s of the spawn. */
const TARGET_SEC = 5;

type Status = { instance: string; pipelineOwner: string | null; centres: Record<string, { applied: number }> };
type Metrics = { asOf: number; scopes: MetricsByScope };

export const recoveryScenario: Scenario = {
  name: 'recovery',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { events: count } = ctx.settings.recovery;
    const { redisUrl } = ctx.settings;
    const prefix = ctx.prefix('recovery');
    const n = count.toLocaleString('en-US');
    try {
      ctx.log('baseline: the server starting on an empty stream');
      const empty = await ctx.spawnServer(ctx.prefix('recovery-empty'), 'recovery-empty');
      const emptyStart = await timeRecovery(empty, 0, offline(empty.configFile, []));
      await empty.stop();
      await removeKeys(ctx.prefix('recovery-empty'), redisUrl);

      ctx.log(`filling the streams with ${n} simulated events`);
      const endMs = Date.now();
      const fill = await LoadProcess.start<unknown, XaddResult>('xadd', { redisUrl, prefix, batch: 1000, postEvents: POST_EVENTS, inFlight: 4, mode: 'simulated', seed: SEED, count, endMs } satisfies XaddOptions);
      fill.load.go();
      const filled = await fill.load.result(FILL_TIMEOUT_MS).finally(() => fill.load.kill());
      ctx.log(`${filled.events} events written in ${(filled.elapsedMs / 1000).toFixed(1)} s; bare XRANGE of them (baseline)`);
      const { seconds: bareRead, entries } = await readAll(redisUrl, prefix);
      const held = `${entries.toLocaleString('en-US')} entries`;
      ctx.log('the same events offline, for the expected figures');
      // Built before the clock starts; during it, only snapshots are taken (a few ms each).
      const expected = offline(empty.configFile, simulatedEvents(SEED, endMs, count));

      ctx.log('cold start: every event to apply');
      const cold = await ctx.spawnServer(prefix, 'recovery-cold');
      const coldRun = await timeRecovery(cold, count, expected);
      // The checkpoint is written every 250 ms; give it time to cover everything, then crash.
      await new Promise((r) => setTimeout(r, 1500));
      await cold.kill();

      ctx.log('kill -9, then start again');
      const warm = await ctx.spawnServer(prefix, 'recovery-warm');
      const warmRun = await timeRecovery(warm, count, expected);
      await warm.stop();

      const rows: Row[] = [
        { scenario: SCENARIO, figure: `cold start, ${n} events to apply (posted in batches of ${POST_EVENTS}: ${held}) → correct metrics`, unit: 's', value: coldRun.seconds, baseline: { label: `bare XRANGE of the ${held}`, value: bareRead }, target: { on: 'value', op: '<=', limit: TARGET_SEC }, invalid: coldRun.invalid },
        { scenario: SCENARIO, figure: `kill -9 and restart, ${n} events in the stream → correct metrics`, unit: 's', value: warmRun.seconds, baseline: { label: 'start on an empty stream', value: emptyStart.seconds }, target: { on: 'value', op: '<=', limit: TARGET_SEC }, invalid: warmRun.invalid },
      ];
      return { rows, details: { events: count, entries, fill: { events: filled.events, seconds: filled.elapsedMs / 1000 }, bareReadSeconds: bareRead, cold: coldRun, warm: warmRun, empty: emptyStart } };
    } finally {
      await removeKeys(prefix, redisUrl);
    }
  },
};

interface Recovery {
  /** From the spawn to the first correct answer of /v1/metrics; null when it never came. */
  seconds: number | null;
  invalid?: string;
  /** Every scope that still differed when the wait gave up, with its first differing fields. */
  wrong?: string[];
}

/**
 * timeRecovery polls /v1/status until this instance owns the pipeline and has applied `count`
 * events, then /v1/metrics until it serves figures committed after the spawn in which every scope
 * shows what the offline engine gives at that scope's `asOf` (the tick it was published at), as the step publishes it.
 */
async function timeRecovery(server: BenchServer, count: number, expected: Offline): Promise<Recovery> {
  await server.until(async () => {
    const status = await server.get<Status>('/v1/status');
    return status.pipelineOwner === status.instance && Object.values(status.centres).reduce((a, c) => a + c.applied, 0) >= count;
  }, `to own the pipeline and apply ${count} events`, RECOVERY_TIMEOUT_MS);
  let wrong: string[] = [];
  try {
    await server.until(async () => {
      const served = await server.get<Metrics>('/v1/metrics');
      if (served.asOf <= server.spawnedAtMs) {
        wrong = [`every scope (asOf ${served.asOf} is before the spawn)`];
        return false;
      }
      wrong = wrongScopes(expected, served, server.spawnedAtMs);
      return wrong.length === 0;
    }, 'to serve the expected figures', CORRECT_TIMEOUT_MS);
  } catch {
    return { seconds: null, invalid: `wrong figures in ${wrong.slice(0, 3).join(', ')}${wrong.length > 3 ? '…' : ''}`, wrong };
  }
  return { seconds: (performance.now() - server.spawnedAt) / 1000 };
}

/** readAll reads every entry of the centres' streams with XRANGE pages of 2,000: seconds taken, and how many there are. */
async function readAll(redisUrl: string, prefix: string): Promise<{ seconds: number; entries: number }> {
  const redis = new Redis(redisUrl);
  const keys = createKeys(prefix);
  const t0 = performance.now();
  let entries = 0;
  for (const centre of shippedCentres().centres.map((c) => c.id)) {
    let from = '-';
    for (;;) {
      const page = await redis.xrange(keys.stream(centre), from, '+', 'COUNT', 2000);
      const last = page[page.length - 1];
      if (!last) break;
      entries += page.length;
      from = `(${last[0]}`;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  redis.disconnect();
  return { seconds, entries };
}

/** Offline is what the server's figures should be: the same events through the same engine, and the rules it runs. */
interface Offline {
  engine: MetricsEngine;
  rules: readonly Rule[];
}

/**
 * offline applies the events, in the same per-centre order, the way the consumer does (from their stream text), and reads
 * the server's rules. It never prunes (the step does, at its clock): nothing here is old enough for that to matter, the
 * simulated events spanning 2 hours against the shipped staleContactSec (4 h) and stalePortSec (24 h).
 */
function offline(configFile: string, events: CanonicalEvent[]): Offline {
  const config = loadConfig(configFile, {});
  const engine = new MetricsEngine(config);
  for (const event of events) {
    const read = readEvent(JSON.stringify(event), event.centre);
    if ('event' in read) engine.apply(read.event);
  }
  const files = readdirSync(config.rules.dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(config.rules.dir, f));
  const rules = loadRuleFiles(files);
  if (!rules.ok) throw new Error(`rules of ${configFile} do not load: ${rules.errors.join('; ')}`);
  return { engine, rules: rules.rules };
}

/**
 * wrongScopes lists the scopes whose served figures differ from what the pipeline step publishes at the
 * asOf they carry: the engine's snapshot, the silence capped at how long the term has watched (capSilence)
 * and each forecast's projected level under the rules (annotateLevels).
 */
function wrongScopes({ engine, rules }: Offline, served: Metrics, spawnedAtMs: number): string[] {
  const snapshots = new Map<number, MetricsByScope>();
  const expectedAt = (asOf: number) => {
    let snapshot = snapshots.get(asOf);
    if (!snapshot) snapshots.set(asOf, (snapshot = JSON.parse(JSON.stringify(engine.snapshot(asOf))) as MetricsByScope));
    return snapshot;
  };
  const scopes = new Set([...Object.keys(expectedAt(served.asOf)), ...Object.keys(served.scopes)]);
  const wrong: string[] = [];
  for (const scope of scopes) {
    const figures = served.scopes[scope];
    const snapshot = figures && expectedAt(figures.asOf)[scope];
    if (!figures || !snapshot) {
      wrong.push(`${scope} (${figures ? 'not expected' : 'not served'})`);
      continue;
    }
    const fields = differingFields(asPublished(snapshot, figures, rules, spawnedAtMs), figures);
    if (fields.length > 0) wrong.push(`${scope} (${fields.slice(0, 3).join('; ')}${fields.length > 3 ? '; …' : ''})`);
  }
  return wrong;
}

/**
 * asPublished turns a scope's snapshot into what the step publishes. The silence cap depends on when the
 * term began watching, not on the events: a served `sourceSilentSec` below the engine's counts as that cap
 * when it is no more than the seconds from the spawn to the figures' asOf (the term began after the spawn),
 * and the rules then see the capped value, as they do live. Anything else stays a difference.
 */
function asPublished(snapshot: ScopeMetrics, served: ScopeMetrics, rules: readonly Rule[], spawnedAtMs: number): ScopeMetrics {
  const out: ScopeMetrics = structuredClone(snapshot);
  const silent = out.sourceSilentSec;
  const cap = served.sourceSilentSec;
  const watchedAtMost = Math.floor((served.asOf - spawnedAtMs) / 1000);
  if (typeof silent === 'number' && typeof cap === 'number' && cap < silent && cap <= watchedAtMost) out.sourceSilentSec = cap;
  if (out.forecast) out.forecast.level = projectedLevel(rules, out);
  return out;
}

/** differingFields names each leaf where `got` differs from `expected`, as `path: expected → got`. */
function differingFields(expected: unknown, got: unknown, path = ''): string[] {
  if (isDeepStrictEqual(expected, got)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObject(expected) || !isObject(got)) return [`${path || '(value)'}: ${JSON.stringify(expected)} → ${JSON.stringify(got)}`];
  const keys = new Set([...Object.keys(expected), ...Object.keys(got)]);
  return [...keys].flatMap((key) => differingFields(expected[key], got[key], path ? `${path}.${key}` : key));
}
