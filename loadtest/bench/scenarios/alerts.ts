/**
 * Alert latency: from the event that crosses a threshold (a rule with `for: 0s`) to the SMS
 * request arriving at a fake Twilio API, and to the `routing.changed` webhook arriving at a fake
 * ACD; p50/p99 over 200 incidents; target p99 ≤ 50 ms (rules run straight after each applied
 * batch, and plan jobs leave through the outbox of the same commit). No baseline: nothing else
 * takes the same path (the figures' own push to a screen is coalesced to metrics.pushIntervalMs,
 * which alerts do not wait for, so it made a flattering comparison and was dropped). As context,
 * the step's own share of the path: the committed level (the `levels` message the same commit
 * publishes) reaching a `/v1/live` screen. The figures' push is kept in the JSON details only.
 *
 *   fake Twilio, fake ACD (this process) ◄─── server (dist/, own temp config, rules and plans)
 *   POST 3 × contact.queued ─► 202 (t₀) … step: waiting 3 ≥ 3 ─► yellow ─► incident ─► outbox ─► plan jobs
 *       ├─► /v1/live `levels` message: the scope at yellow (context row)
 *       ├─► notify ─► sms job ─► POST …/Messages.json at the fake Twilio
 *       └─► reroute ─► webhook job ─► routing.changed at the fake ACD
 *   then answer the 3 contacts, resolve the incident (dispatcher API), wait for the scope to
 *   fall back to normal (clear: 1s), so the next rise opens a new incident and runs its plan.
 *
 * Incidents are one per (centre, type), and a scope needs `clear` at normal before it can rise
 * again, so the incidents take turns over the three shipped centres ("lanes"): one lane's
 * incident clears while the next lane's opens. Only one crossing is in flight at a time, and
 * each is posted after a random 0–250 ms pause, so crossings fall uniformly over the tick's
 * phase as real traffic does (a lane that started right after a tick would always wait the
 * whole tick). An extra, idle centre with spare voice agents is the re-routing's target.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { removeKeys } from '../../../server/testkit/redis.js';
import { FakeAcd } from '../../../server/testkit/fake-acd.js';
import { FakeTwilio } from '../../../server/testkit/fake-twilio.js';
import { Histogram } from '../../load/histogram.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { TOKENS, type BenchServer, type ConfigChange } from '../server.js';
import type { Row } from '../table.js';

const SCENARIO = 'alert latency';
const TWILIO = { account: `AC${'0'.repeat(31)}1`, authToken: 'bench-twilio-auth-token', from: '+15005550006' };
const ACD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** The centres that take turns raising incidents; every one's ACD is the fake. */
const LANES = ['hangzhou', 'shanghai', 'wuhan'];
/** The idle centre the re-routing moves traffic to. */
const SPARE = { centre: 'bench-spare', agents: 10 };
const THRESHOLD = 3;
/** The metrics tick the rules run on (metrics.pushIntervalMs of the shipped config). */
const TICK_MS = 250;

const RULES = `
rules:
  - name: bench-alert
    scope: queue:*/voice
    clear: 1s
    yellow: { when: waiting >= ${THRESHOLD} }
`;
const PLANS = `
plans:
  - name: bench-yellow
    level: yellow
    actions:
      - notify: { group: duty-managers, template: level-alert }
      - reroute: { queue: voice, share: 30% }
`;

/** One incident's timings, ms on this process's clock (performance.now()). */
interface Sample {
  centre: string;
  incidentId?: string;
  sentAt: number;
  acceptedAt: number;
  liveAt?: number;
  levelAt?: number;
  smsAt?: number;
  webhookAt?: number;
}

export interface AlertLatency {
  /** From the 202 to the SMS request at the fake Twilio, per incident that sent one. */
  sms: number[];
  /** From the 202 to the routing.changed webhook at the fake ACD. */
  webhook: number[];
  /** From the 202 to the /v1/live delta showing the crossing (coalesced pushes: details only). */
  live: number[];
  /** From the 202 to the /v1/live `levels` message showing the scope at yellow (the rules' decision). */
  level: number[];
  /** From sending the POST to its 202. */
  ack: number[];
  incidents: number;
  missing: { incident: number; sms: number; webhook: number; live: number };
  /** The incidents with the slowest SMS or webhook: their order in the run and every delay. */
  slowest: Record<string, unknown>[];
  /** The warm-up incident's delays (not in the figures). */
  warmup: Record<string, unknown>;
  elapsedMs: number;
}

/**
 * measureAlertLatency starts the fakes and a server pointed at them, opens and resolves
 * `settings.alerts.incidents` incidents, and returns each one's delays from the 202 of the
 * events that crossed the threshold.
 */
export async function measureAlertLatency(ctx: BenchContext): Promise<AlertLatency> {
  const { alerts: a } = ctx.settings;
  const prefix = ctx.prefix('alerts');
  const seen = new Arrivals();
  const twilio = await FakeTwilio.start(TWILIO.authToken);
  const acd = await FakeAcd.start(ACD_SECRET);
  // The fakes record each request once they have read it whole; stamp it then.
  onPush(twilio.requests, (r) => seen.add('sms', { incidentId: /#incident=(\S+)/.exec(r.params.Body ?? '')?.[1] }));
  onPush(acd.received, (w) => {
    if (w.json.type === 'routing.changed' && w.json.data.restore !== true) seen.add('webhook', { centre: w.json.centre, incidentId: String(w.json.data.incidentId) });
  });
  const dir = writeRulesAndPlans();
  let server: BenchServer | undefined;
  let live: WebSocket | undefined;
  try {
    server = await ctx.startServer(prefix, 'alerts', configChanges(dir, twilio.baseUrl, acd.url));
    live = await watchLive(server, seen);
    await spareAgents(server, prefix);
    // The first alert of a fresh server pays for the first Twilio and ACD connections and cold code (15–40 ms more in our runs): one warm-up incident, not counted.
    const [warm] = await runLanes(server, seen, 1, a.timeoutMs, `${prefix}-warmup`, ctx.log);
    ctx.log(`${a.incidents} incidents over ${LANES.length} centres, one crossing at a time`);
    const started = performance.now();
    const samples = await runLanes(server, seen, a.incidents, a.timeoutMs, prefix, ctx.log);
    const elapsedMs = performance.now() - started;
    const delay = (pick: (s: Sample) => number | undefined) => samples.flatMap((s) => (pick(s) === undefined ? [] : [Math.max(0, pick(s)! - s.acceptedAt)]));
    const result = {
      sms: delay((s) => s.smsAt),
      webhook: delay((s) => s.webhookAt),
      live: delay((s) => s.liveAt),
      level: delay((s) => s.levelAt),
      ack: samples.map((s) => s.acceptedAt - s.sentAt),
      incidents: samples.length,
      missing: {
        incident: samples.filter((s) => !s.incidentId).length,
        sms: samples.filter((s) => s.smsAt === undefined).length,
        webhook: samples.filter((s) => s.webhookAt === undefined).length,
        live: samples.filter((s) => s.liveAt === undefined).length,
      },
      slowest: slowest(samples, 5),
      warmup: warm ? slowest([warm], 1)[0]! : {},
      elapsedMs,
    };
    if (twilio.requests.some((r) => !r.authenticated) || acd.rejected > 0) throw new Error('the fakes refused requests: check the Twilio and ACD settings');
    return result;
  } finally {
    live?.terminate();
    await server?.stop();
    await twilio.close();
    await acd.close();
    await removeKeys(prefix, ctx.settings.redisUrl);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** writeRulesAndPlans puts the rule in a temp folder and the plan in its `plans/`. */
function writeRulesAndPlans(): string {
  const dir = mkdtempSync(join(tmpdir(), 'surge-bench-alerts-'));
  writeFileSync(join(dir, 'bench.yaml'), RULES);
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'plans', 'bench.yaml'), PLANS);
  return dir;
}

/** configChanges adds the spare centre, points the rules and plans at `dir`, and Twilio and every lane's ACD at the fakes. */
function configChanges(dir: string, twilioBase: string, acdUrl: string): ConfigChange[] {
  return [
    [['centres', String(LANES.length)], { id: SPARE.centre, name: 'Bench spare', timezone: 'Asia/Shanghai', queues: [{ id: 'voice', name: 'Bench spare voice', media: 'voice' }] }],
    [['rules', 'dir'], dir],
    [['plans', 'dir'], join(dir, 'plans')],
    // Each incident sends one SMS: no repeat or escalation within the run.
    [['notify'], { repeatEverySec: 86_400, escalateAfterSec: 86_400 }],
    [['twilio'], { accountSid: TWILIO.account, authToken: TWILIO.authToken, from: TWILIO.from, apiBaseUrl: twilioBase, timeoutMs: 5000 }],
    [['acd'], { ...Object.fromEntries(LANES.map((centre) => [centre, { url: acdUrl, secret: ACD_SECRET }])), timeoutMs: 5000 }],
  ];
}

/** spareAgents signs in idle voice agents at the spare centre and waits until /v1/metrics shows spare capacity there. */
async function spareAgents(server: BenchServer, prefix: string): Promise<void> {
  const lines = Array.from({ length: SPARE.agents }, (_, i) =>
    JSON.stringify({ id: `${prefix}-spare-${i}`, type: 'agent.state', ts: Date.now(), centre: SPARE.centre, agentId: `spare-${i}`, state: 'available', seatType: 'onsite', skills: ['voice'] }),
  );
  await postEvents(server, lines);
  const scope = `queue:${SPARE.centre}/voice`;
  type Figures = { scopes: Record<string, { agents: { available: number }; staffingGap: number | null }> };
  await server.until(async () => {
    const figures = (await server.get<Figures>('/v1/metrics')).scopes[scope];
    return figures?.agents.available === SPARE.agents && figures.staffingGap !== null && figures.staffingGap < 0;
  }, `to show ${SPARE.agents} spare agents at ${SPARE.centre}`, 10_000);
}

/**
 * runLanes opens `count` incidents, taking turns over the lanes. A lane measures its crossing
 * while holding the turn, then clears and resolves its incident while the next lane measures.
 */
async function runLanes(server: BenchServer, seen: Arrivals, count: number, timeoutMs: number, prefix: string, log: (m: string) => void): Promise<Sample[]> {
  const samples: Sample[] = [];
  const turn = new Turn();
  let next = 0;
  let contacts = 0;
  const lane = async (centre: string) => {
    const scope = `queue:${centre}/voice`;
    const known = new Set<string>();
    while (next < count) {
      const n = next++;
      const release = await turn.take();
      const ids = Array.from({ length: THRESHOLD }, () => `${prefix}-c${++contacts}`);
      const sample = await measureOne(server, seen, centre, ids, known, timeoutMs).finally(release);
      samples.push(sample);
      if ((n + 1) % 50 === 0) log(`${n + 1} incidents`);
      // Clear: answer the contacts, resolve the incident, and wait for the scope to fall back to normal.
      await postEvents(server, ids.map((id) => JSON.stringify({ id: `${id}-a`, type: 'contact.answered', ts: Date.now(), centre, queue: 'voice', contactId: id, agentId: `${centre}-bench` })));
      if (sample.incidentId) await resolve(server, sample.incidentId);
      if (sample.levelAt === undefined) continue;
      const cleared = await seen.until('level', (e) => e.at >= sample.acceptedAt && e.scope === scope && e.level === 'normal', timeoutMs);
      if (!cleared) throw new Error(`${scope} did not fall back to normal within ${timeoutMs / 1000} s`);
    }
  };
  await Promise.all(LANES.map(lane));
  return samples;
}

/** measureOne posts the events that cross the threshold at `centre` and times what follows, until all has arrived (or timed out). */
async function measureOne(server: BenchServer, seen: Arrivals, centre: string, ids: string[], known: Set<string>, timeoutMs: number): Promise<Sample> {
  const scope = `queue:${centre}/voice`;
  await sleep(Math.random() * TICK_MS);
  const sentAt = performance.now();
  await postEvents(server, ids.map((id) => JSON.stringify({ id: `${id}-q`, type: 'contact.queued', ts: Date.now(), centre, queue: 'voice', contactId: id, media: 'voice' })));
  const sample: Sample = { centre, sentAt, acceptedAt: performance.now() };
  const after = (e: Arrival) => e.at >= sentAt;
  const [shown, level, opened] = await Promise.all([
    seen.until('live', (e) => after(e) && e.scope === scope && (e.waiting ?? 0) >= ids.length, timeoutMs),
    seen.until('level', (e) => after(e) && e.scope === scope && e.level === 'yellow', timeoutMs),
    seen.until('incident', (e) => after(e) && e.centre === centre && !known.has(e.incidentId ?? ''), timeoutMs),
  ]);
  sample.liveAt = shown?.at;
  sample.levelAt = level?.at;
  if (!opened?.incidentId) return sample;
  const id = opened.incidentId;
  known.add(id);
  sample.incidentId = id;
  const [sms, webhook] = await Promise.all([seen.until('sms', (e) => e.incidentId === id, timeoutMs), seen.until('webhook', (e) => e.incidentId === id, timeoutMs)]);
  sample.smsAt = sms?.at;
  sample.webhookAt = webhook?.at;
  return sample;
}

async function postEvents(server: BenchServer, lines: string[]): Promise<void> {
  const res = await fetch(`${server.base}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
  const body = await res.text();
  if (res.status !== 202 || (JSON.parse(body) as { accepted: number }).accepted !== lines.length) throw new Error(`POST /v1/events: HTTP ${res.status} ${body}`);
}

async function resolve(server: BenchServer, id: string): Promise<void> {
  const res = await fetch(`${server.base}/v1/incidents/${encodeURIComponent(id)}/resolve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
    // The re-route is still in force: undo it with the resolution, as a dispatcher would.
    body: JSON.stringify({ reason: 'benchmark: cleared', inForce: 'undo' }),
  });
  if (!res.ok) throw new Error(`resolve ${id}: HTTP ${res.status} ${await res.text()}`);
}

/** watchLive connects a screen and feeds the waiting figures, levels and new incidents it shows into `seen`. */
function watchLive(server: BenchServer, seen: Arrivals): Promise<WebSocket> {
  type Message = { type: string; scopes?: Record<string, { waiting?: number }>; levels?: Record<string, string>; incidents?: { id: string; centre: string }[]; latest?: Message[] };
  const levels = new Map<string, string>();
  const handle = (m: Message) => {
    for (const [scope, figures] of Object.entries(m.scopes ?? {})) if (figures.waiting !== undefined) seen.add('live', { scope, waiting: figures.waiting });
    if (m.type === 'levels' && m.levels) {
      for (const scope of new Set([...levels.keys(), ...Object.keys(m.levels)])) {
        const level = m.levels[scope] ?? 'normal';
        if ((levels.get(scope) ?? 'normal') !== level) seen.add('level', { scope, level });
        if (level === 'normal') levels.delete(scope);
        else levels.set(scope, level);
      }
    }
    if (m.type === 'incidents') for (const i of m.incidents ?? []) seen.add('incident', { centre: i.centre, incidentId: i.id });
  };
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/live?token=${TOKENS.display}`, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as Message;
      if (m.type === 'snapshot') for (const l of m.latest ?? []) handle(l);
      handle(m);
    });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

type Kind = 'sms' | 'webhook' | 'live' | 'level' | 'incident';
interface Arrival {
  at: number;
  scope?: string;
  centre?: string;
  incidentId?: string;
  waiting?: number;
  level?: string;
}

/** Arrivals keeps what reached the fakes and the screen, with the time, and wakes whoever waits for it. */
class Arrivals {
  private readonly lists: Record<Kind, Arrival[]> = { sms: [], webhook: [], live: [], level: [], incident: [] };
  private readonly waiters = new Set<(kind: Kind, a: Arrival) => void>();

  add(kind: Kind, fields: Omit<Arrival, 'at'>): void {
    const arrival = { ...fields, at: performance.now() };
    const list = this.lists[kind];
    list.push(arrival);
    // `live` arrivals come every tick for every changed scope: keep a recent window, not the whole run.
    if (list.length > 4000) list.splice(0, 2000);
    for (const wake of [...this.waiters]) wake(kind, arrival);
  }

  /** until resolves with the first arrival of `kind` that matches (already there, or to come), or undefined after the timeout. */
  until(kind: Kind, match: (a: Arrival) => boolean, timeoutMs: number): Promise<Arrival | undefined> {
    const found = this.lists[kind].find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (a: Arrival | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(a);
      };
      const wake = (k: Kind, a: Arrival) => {
        if (k === kind && match(a)) done(a);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.waiters.add(wake);
    });
  }
}

/** Turn lets one lane at a time measure a crossing. */
class Turn {
  private last: Promise<void> = Promise.resolve();

  async take(): Promise<() => void> {
    let release!: () => void;
    const previous = this.last;
    this.last = new Promise((r) => (release = r));
    await previous;
    return release;
  }
}

/** onPush calls `then` as each item is recorded in `list` (the fakes' request logs). */
function onPush<T>(list: T[], then: (item: T) => void): void {
  const push = list.push.bind(list);
  list.push = (...items: T[]) => {
    for (const item of items) then(item);
    return push(...items);
  };
}

/** slowest lists the `n` incidents whose later arrival (SMS or webhook) came last after their 202. */
function slowest(samples: Sample[], n: number): Record<string, unknown>[] {
  const since = (s: Sample, at: number | undefined) => (at === undefined ? null : Math.round((at - s.acceptedAt) * 10) / 10);
  const worst = (s: Sample) => Math.max(since(s, s.smsAt) ?? Infinity, since(s, s.webhookAt) ?? Infinity);
  return samples
    .map((s, order) => ({ s, order }))
    .sort((a, b) => worst(b.s) - worst(a.s))
    .slice(0, n)
    .map(({ s, order }) => ({ order, centre: s.centre, incident: s.incidentId ?? null, screen: since(s, s.liveAt), level: since(s, s.levelAt), sms: since(s, s.smsAt), webhook: since(s, s.webhookAt) }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const alertScenario: Scenario = {
  name: 'alerts',
  async run(ctx): Promise<ScenarioResult> {
    const m = await measureAlertLatency(ctx);
    const sms = histogram(m.sms);
    const webhook = histogram(m.webhook);
    const screen = histogram(m.live);
    const level = histogram(m.level);
    const missing = Object.entries(m.missing).filter(([, n]) => n > 0);
    const invalid = missing.length > 0 ? `of ${m.incidents} incidents, missing: ${missing.map(([what, n]) => `${n} ${what}`).join(', ')}` : undefined;
    const row = (figure: string, h: Histogram, p: number, targeted = true): Row => ({
      scenario: SCENARIO,
      figure: `${figure}, p${p}`,
      unit: 'ms',
      value: h.percentile(p),
      ...(targeted && p === 99 ? { target: { on: 'value' as const, op: '<=' as const, limit: 50 } } : {}),
      ...(invalid ? { invalid } : {}),
    });
    return {
      rows: [
        row('threshold crossing → SMS request received', sms, 50),
        row('threshold crossing → SMS request received', sms, 99),
        row('threshold crossing → routing.changed webhook received', webhook, 50),
        row('threshold crossing → routing.changed webhook received', webhook, 99),
        row('threshold crossing → level on a /v1/live screen (the step and its commit)', level, 50, false),
        row('threshold crossing → level on a /v1/live screen (the step and its commit)', level, 99, false),
      ],
      details: {
        incidents: m.incidents,
        lanes: LANES,
        elapsedMs: Math.round(m.elapsedMs),
        origin: 'the 202 of the POST carrying the crossing events',
        tickMs: TICK_MS,
        missing: m.missing,
        slowest: m.slowest,
        warmup: m.warmup,
        sms: sms.summary(),
        webhook: webhook.summary(),
        screen: screen.summary(),
        levelOnScreen: level.summary(),
        ack: histogram(m.ack).summary(),
      },
    };
  },
};

function histogram(samples: number[]): Histogram {
  const h = new Histogram();
  for (const ms of samples) h.record(ms);
  return h;
}
