/**
 * LiveHub serves the live sockets: a snapshot on connect, built from the committed read model in
 * Redis, then the committed news as it is published, coalesced, on uWS topics.
 *   /v2/live  per-scope topics (topics.ts): a screen gets only the scopes it shows, each delta only
 *             the fields that changed at display precision (figures-delta.ts), every topic its own seq.
 *             With `encoding=deflate`, its snapshots and deltas are binary frames (live-frame.ts): each delta
 *             compressed once, published on the twin topic `deflate:<topic>` while any socket takes frames.
 *   /v1/live  (kept for v1 clients) one topic `live`, whole figures of every changed scope.
 * The hub keeps the last figures it sent per scope (TopicDeltas), only to compute the next delta:
 * snapshots come from the read model, never from it. While a snapshot is being read, what is
 * published meanwhile is held and sent right after it, so no socket misses anything.
 * Snapshots are shared: every socket asking while one is read gets that one, and a snapshot
 * built is reused until the next message is published (at most one read per push, however
 * many screens connect or resync). A socket may ask (`resync`) `live.resync` times per second.
 * A socket whose buffer runs over budget is skipped by uWS; we note it and send a fresh
 * snapshot once it has drained, so a slow television never holds up the others.
 * No socket is sent more than TURN_BYTES in one event-loop turn (fragments.ts: more goes through
 * a buffer of the socket's own that uWS never shrinks). A push goes out in rounds of at most that,
 * one round a turn, a topic's delta split by scope when larger (delta-texts.ts); seqs are given as
 * each round is published. A snapshot goes out in paced fragments (the client still receives one
 * message), started outside uWS' handlers, which cork the socket. Until its last fragment is out,
 * the socket is off its topics and what they publish is queued for it (up to MAX_BACKPRESSURE;
 * beyond, it gets a fresh snapshot instead), then sent paced the same way.
 * A `ping` every PING_EVERY_MS tells idle screens the feed is alive, so quiet is never mistaken for stale; it says
 * `stalled` when the pipeline has committed nothing for a while, so frozen figures are not taken for quiet ones.
 * How long committed news waits here before it is published is told to `delivered` (/metrics).
 */
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../platform/log/log.js';
import type { ScopeMetrics } from '../metrics/types.js';
import type { Authenticator, Principal } from '../../platform/http/auth.js';
import { atLeast, bearerToken } from '../../platform/http/auth.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import type { RateLimitConfig } from '../../platform/http/limits-config.js';
import type { MetricsDelta } from '../../pipeline/commit.js';
import type { Snapshot } from '../../pipeline/read-model.js';
import type { LiveMessage } from './messages.js';
import { screensView, screensSchema, type ScreensView } from './screens-config.js';
import { atDisplayPrecision } from './figures-delta.js';
import { deltaTexts, SEQ_BYTES } from './delta-texts.js';
import { sendPaced, TURN_BYTES, type Paced } from './fragments.js';
import { TopicDeltas } from './topic-deltas.js';
import { compressBody, deltaEnvelope, encodeFrame, frameBytes, framed } from './live-frame.js';
import { PushSchedule } from './push-schedule.js';
import { NEWS, subscriptionFor, topicOf, type Subscription } from './topics.js';

/** The one topic of protocol v1. */
const V1_TOPIC = 'live';
const V1: Subscription = { key: 'v1', topics: new Set([V1_TOPIC]), centres: new Set() };
/** The uWS topic of a figures topic's compressed frames (`encoding=deflate`): `deflate:centre:hangzhou`. */
const DEFLATED = 'deflate:';
const MAX_BACKPRESSURE = 512 * 1024;
const LOW_WATER = 16 * 1024;
const PING_EVERY_MS = 10_000;
/**
 * A push goes out in at most this many turns: under load a turn is a step long, and rounds of TURN_BYTES would
 * fall behind the pushes. Then a socket may get more than TURN_BYTES in a turn, and keeps a buffer that size.
 */
const MAX_ROUNDS = 3;

/** What a push to screens carried: a coalesced figures delta, or another committed message. */
export type PushKind = 'delta' | 'message';

/** A message waiting for its round: its text without the seq, a delta's compressed body, and, on a push's last, whom to tell it went out. */
interface Outgoing {
  topic: string;
  body: string;
  /** What a socket on the topic gets of it: the text, or only the frame when every v2 socket takes frames (it sizes the rounds). */
  bytes: number;
  /** A v2 delta's, while any socket takes frames (live-frame.ts): the body compressed, framed with its seq when published. */
  compressed?: { asOf: number; body: Buffer };
  pushed?: { kind: PushKind; since: number };
}

/** A message as published: its text with its seq, and a delta's compressed frame (same seq) when made. */
interface Published {
  topic: string;
  text: string;
  frame?: Buffer;
}

interface Viewer {
  principal: Principal;
  /** 1 for `/v1/live`, 2 for `/v2/live`. */
  protocol: 1 | 2;
  /** `encoding=deflate` (v2): deltas and snapshots as compressed binary frames. */
  deflate: boolean;
  subscription: Subscription;
  /** Names the socket's resync bucket. */
  id: number;
  lagging: boolean;
  /** Set by the close handler: a snapshot read that returns later must not touch the socket. */
  closed: boolean;
  /** Off the topic, waiting for the snapshot being read. */
  waiting: boolean;
  /** Off the topic while its snapshot goes out in fragments. */
  sending?: Sending;
  /** Resyncs it asked for (within its limit) while a snapshot was on its way: each gets one of its own after it. */
  owed: number;
}

/** A snapshot going out in fragments, and what is sent right after its last one. */
interface Sending extends Paced {
  /** Messages for the socket meanwhile (held while the snapshot was read, then published on its topics, replies). */
  queued: (string | Buffer)[];
  queuedBytes: number;
}

/** A snapshot read in progress, shared by every socket that asks meanwhile. */
interface SnapshotRead {
  /** Each topic's seq when the read began: the snapshot is at least that fresh. */
  seqs: Map<string, number>;
  /** What was published since it began, sent right after the snapshot to the sockets on its topic. */
  held: Published[];
  sockets: Set<WebSocket<Viewer>>;
}

export class LiveHub {
  /** Scopes changed since the last push to screens. */
  private readonly pending = new Map<string, ScopeMetrics>();
  private pendingAsOf = 0;
  /** When the oldest pending change reached this instance (performance.now()). */
  private pendingSince = 0;
  private flushTimer?: NodeJS.Timeout;
  private readonly schedule: PushSchedule;
  private readonly sockets = new Set<WebSocket<Viewer>>();
  private app?: TemplatedApp;
  private pinger?: NodeJS.Timeout;
  /** Each topic's last seq. */
  private readonly seqs = new Map<string, number>();
  /** Messages published so far on any topic: a built snapshot is good while this is unchanged. */
  private published = 0;
  /** Pushes not yet published, in order: one round a turn. */
  private readonly outbox: Outgoing[] = [];
  private publishing = false;
  /** The rounds' size while the outbox empties: TURN_BYTES, more when that would take over MAX_ROUNDS turns. */
  private roundBytes = TURN_BYTES;
  /** A push came due while rounds were still going out: made when they are done. */
  private flushAfterRounds = false;
  /** v2's deltas per topic, from the figures each topic last carried. */
  private readonly deltas = new TopicDeltas();
  private reading?: SnapshotRead;
  /** The last snapshot built per subscription, as sent; good while nothing was published after it. */
  private readonly built = new Map<string, { published: number; snapshot: Buffer }>();
  private viewers = 0;
  /** Open sockets that asked for `encoding=deflate`: deltas are compressed only while there are some. */
  private deflating = 0;
  /** Open v2 sockets that take JSON text: while there are none, a v2 delta's round is sized by its frame. */
  private plainV2 = 0;
  private readonly resyncs: RateLimiter;

  constructor(
    private readonly config: Pick<Config, 'centres'> & Partial<Pick<Config, 'screens'>> & { metrics: Pick<Config['metrics'], 'pushIntervalMs' | 'evaluateIntervalMs'>; live: { resync: RateLimitConfig } },
    /** Reads the committed read model for a new screen. */
    private readonly readSnapshot: () => Promise<Snapshot>,
    private readonly logger: Logger,
    /** Told, for each push, the seconds from its news reaching this instance to its publication. */
    private readonly delivered: (kind: PushKind, seconds: number) => void = () => undefined,
    /** Whether the pipeline has stopped committing (read for each ping; a failed read counts as stalled: nothing commits then either). */
    private readonly pipelineStalled: () => Promise<boolean> = async () => false,
  ) {
    const { pushIntervalMs, evaluateIntervalMs } = config.metrics;
    // A commit up to a step's interval early goes with its slot's push (at most half an interval: the rate at most doubles for a moment).
    this.schedule = new PushSchedule(pushIntervalMs, Math.min(evaluateIntervalMs, pushIntervalMs / 2));
    this.resyncs = new RateLimiter(config.live.resync);
  }

  get clients(): number {
    return this.sockets.size;
  }

  /** v1Clients counts the v1 sockets, those waiting for a snapshot included: only then are v1 messages made. */
  private v1Clients(): number {
    let n = 0;
    for (const ws of this.sockets) if (ws.getUserData().protocol === 1) n++;
    return n;
  }

  /** applyDelta pushes committed figures to screens coalesced: one delta per push interval, sent with a commit near its slot (PushSchedule). */
  applyDelta(delta: MetricsDelta): void {
    if (this.pending.size === 0) this.pendingSince = performance.now();
    for (const [scope, figures] of Object.entries(delta.scopes)) {
      const current = this.pending.get(scope);
      if (current && current.asOf > figures.asOf) continue;
      this.pending.set(scope, figures);
    }
    this.pendingAsOf = Math.max(this.pendingAsOf, delta.asOf);
    // A push made after the rounds under way takes this too.
    if (this.pending.size === 0 || this.flushAfterRounds) return;
    const wait = this.schedule.wait(Date.now());
    if (wait === 0) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // Changes coalesce meanwhile: pushes never queue up behind each other.
    if (this.publishing) return void (this.flushAfterRounds = true);
    if (this.pending.size === 0) return;
    this.schedule.pushed(Date.now());
    const changed = [...this.pending];
    this.pending.clear();
    const asOf = this.pendingAsOf;
    const out: Outgoing[] = [];
    if (this.v1Clients() > 0) out.push(...deltaTexts({ type: 'delta', asOf }, { scopes: Object.fromEntries(changed) }).map((body) => outgoing(V1_TOPIC, body)));
    for (const [topic, change] of this.deltas.next(changed)) {
      for (const body of deltaTexts({ type: 'delta', asOf, topic }, change)) out.push(this.v2Delta(topic, body, asOf)); // asOf second: the benchmark peeks at it
    }
    this.send(out, { kind: 'delta', since: this.pendingSince });
  }

  /** v2Delta: a v2 delta's text, and its body compressed once for every socket taking frames while there are some. */
  private v2Delta(topic: string, body: string, asOf: number): Outgoing {
    const message = outgoing(topic, body);
    if (this.deflating === 0) return message;
    const compressed = compressBody(body);
    return { ...message, compressed: { asOf, body: compressed }, bytes: this.plainV2 > 0 ? message.bytes : frameBytes(asOf, topic, compressed) };
  }

  /** broadcast pushes another stage's committed message (levels, incidents, routing…). */
  broadcast(message: LiveMessage): void {
    this.publishNews(message, { kind: 'message', since: performance.now() });
  }

  /** publishNews sends a non-metric message to every screen: v1 on its topic, v2 on `news`. */
  private publishNews(message: Record<string, unknown>, pushed?: Outgoing['pushed']): void {
    const out = [outgoing(NEWS, JSON.stringify({ ...message, topic: NEWS }))];
    if (this.v1Clients() > 0) out.push(outgoing(V1_TOPIC, JSON.stringify(message)));
    this.send(out, pushed);
  }

  /** send puts a push's messages in the outbox and publishes its next round now if none is under way. */
  private send(out: Outgoing[], pushed?: Outgoing['pushed']): void {
    if (!this.app || out.length === 0) return;
    out[out.length - 1]!.pushed = pushed;
    this.outbox.push(...out);
    if (this.publishing) return;
    this.publishing = true;
    this.roundBytes = Math.max(TURN_BYTES, Math.ceil(this.outbox.reduce((n, m) => n + m.bytes, 0) / MAX_ROUNDS));
    this.publishRound();
  }

  /** publishRound publishes the outbox's next messages, at least one and at most roundBytes, and the rest at the next turns. */
  private publishRound(): void {
    const round: Published[] = [];
    const pushed: NonNullable<Outgoing['pushed']>[] = [];
    let bytes = 0;
    while (this.outbox.length > 0 && (round.length === 0 || bytes + this.outbox[0]!.bytes <= this.roundBytes)) {
      const next = this.outbox.shift()!;
      round.push(this.sequenced(next));
      bytes += next.bytes;
      if (next.pushed) pushed.push(next.pushed);
    }
    this.publish(round);
    for (const p of pushed) this.delivered(p.kind, (performance.now() - p.since) / 1000);
    if (this.outbox.length > 0) return void setImmediate(() => this.publishRound());
    this.publishing = false;
    if (this.flushAfterRounds) {
      this.flushAfterRounds = false;
      this.flush();
    }
  }

  /** sequenced gives a message its topic's next seq, and a delta its compressed frame while any socket takes those. */
  private sequenced({ topic, body, compressed }: Outgoing): Published {
    const seq = (this.seqs.get(topic) ?? 0) + 1;
    this.seqs.set(topic, seq);
    const text = `${body.slice(0, -1)},"seq":${seq}}`;
    if (!compressed) return { topic, text };
    return { topic, text, frame: framed(deltaEnvelope(compressed.asOf, topic, seq), compressed.body) };
  }

  attach(app: TemplatedApp, auth: Authenticator): void {
    this.app = app;
    // Through the topic, with a seq like every message, so clients see no gap.
    this.pinger = setInterval(() => void this.ping(), PING_EVERY_MS);
    this.route(app, auth, 1);
    this.route(app, auth, 2);
  }

  private route(app: TemplatedApp, auth: Authenticator, protocol: 1 | 2): void {
    app.ws<Viewer>(`/v${protocol}/live`, {
      maxPayloadLength: 4 * 1024,
      maxBackpressure: MAX_BACKPRESSURE,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        const query = new URLSearchParams(req.getQuery() ?? '');
        const principal = auth.identify(bearerToken(req.getHeader('authorization'), query.get('token') ?? undefined));
        if (!principal || !atLeast('display').includes(principal.role)) {
          res.writeStatus(principal ? '403 Forbidden' : '401 Unauthorized').end(principal ? 'role may not view live data' : 'missing or unknown token');
          return;
        }
        const encoding = query.get('encoding');
        const refused = encodingRefused(encoding, protocol);
        if (refused) {
          res.writeStatus('400 Bad Request').end(refused);
          return;
        }
        res.upgrade<Viewer>(
          { principal, protocol, deflate: encoding === 'deflate', subscription: protocol === 1 ? V1 : this.subscription(query.get('hall')), id: ++this.viewers, lagging: false, closed: false, waiting: false, owed: 0 },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.sockets.add(ws);
        const { protocol, deflate } = ws.getUserData();
        if (deflate) this.deflating++;
        else if (protocol === 2) this.plainV2++;
        this.sendSnapshot(ws);
      },
      message: (ws, message) => {
        const verdict = this.resyncs.take(`socket ${ws.getUserData().id}`);
        if (!verdict.ok) {
          const { perSec, burst } = this.config.live.resync;
          const error = `resync limit: ${perSec} per second per socket (bursts of ${burst}); retry after ${verdict.retryAfterSec}s`;
          this.reply(ws, JSON.stringify({ type: 'error', error, retryAfterSec: verdict.retryAfterSec }));
          return;
        }
        let parsed: { type?: unknown } | undefined;
        try {
          parsed = JSON.parse(Buffer.from(message).toString('utf8')) as { type?: unknown };
        } catch {
          parsed = undefined;
        }
        if (parsed?.type === 'resync') this.resync(ws);
        else this.reply(ws, JSON.stringify({ type: 'error', error: 'expected {"type":"resync"}' }));
      },
      drain: (ws) => {
        const viewer = ws.getUserData();
        if (viewer.sending) this.pump(ws);
        else if (viewer.lagging && ws.getBufferedAmount() < LOW_WATER) this.sendSnapshot(ws);
      },
      close: (ws) => {
        const viewer = ws.getUserData();
        viewer.closed = true;
        if (viewer.deflate) this.deflating--;
        else if (viewer.protocol === 2) this.plainV2--;
        this.sockets.delete(ws);
      },
    });
  }

  private async ping(): Promise<void> {
    const stalled = await this.pipelineStalled().catch(() => true);
    // Closed while reading: no more pings.
    if (this.pinger === undefined) return;
    this.publishNews({ type: 'ping', asOf: Date.now(), ...(stalled ? { stalled: true } : {}) });
  }

  /** closeAll ends every socket with 1001 (going away) for an orderly shutdown. */
  closeAll(): void {
    clearInterval(this.pinger);
    this.pinger = undefined;
    clearTimeout(this.flushTimer);
    this.outbox.length = 0;
    this.flushAfterRounds = false;
    for (const ws of [...this.sockets]) ws.end(1001, 'server shutting down');
    this.sockets.clear();
  }

  /** publish sends one round of messages to the screens on their topics. */
  private publish(round: Published[]): void {
    if (!this.app) return;
    this.published += round.length;
    for (const message of round) this.reading?.held.push(message);
    for (const ws of this.sockets) {
      const viewer = ws.getUserData();
      if (viewer.waiting) continue;
      if (viewer.sending) {
        for (const message of round) if (viewer.subscription.topics.has(message.topic)) this.queue(viewer, form(viewer, message));
        continue;
      }
      let bytes = 0;
      for (const message of round) if (viewer.subscription.topics.has(message.topic)) bytes += form(viewer, message).length;
      // uWS skips sockets already over their budget; mark them so they get a snapshot on drain.
      if (bytes > 0 && ws.getBufferedAmount() + bytes > MAX_BACKPRESSURE) viewer.lagging = true;
    }
    for (const { topic, text, frame } of round) {
      this.app.publish(topic, text);
      if (frame) this.app.publish(DEFLATED + topic, frame, true);
    }
  }

  /** resync answers a screen's request with a snapshot of its own, after the one on its way if there is one. */
  private resync(ws: WebSocket<Viewer>): void {
    const viewer = ws.getUserData();
    if (viewer.waiting || viewer.sending) viewer.owed++;
    else this.sendSnapshot(ws);
  }

  /**
   * sendSnapshot sends the last snapshot built if nothing was published since; else it takes
   * the socket off the topic until the snapshot being read (one is started if none is) comes
   * back. uWS handlers are synchronous, so the read finishes later.
   */
  private sendSnapshot(ws: WebSocket<Viewer>): void {
    const viewer = ws.getUserData();
    if (viewer.waiting || viewer.sending) return; // one is on its way
    viewer.lagging = false;
    const built = this.built.get(snapshotKey(viewer));
    if (built?.published === this.published) {
      this.deliver(ws, built.snapshot, []);
      return;
    }
    viewer.waiting = true;
    for (const topic of wireTopics(viewer)) ws.unsubscribe(topic);
    if (!this.reading) this.read((this.reading = { seqs: new Map(this.seqs), held: [], sockets: new Set() }));
    this.reading.sockets.add(ws);
  }

  /** read reads one snapshot and sends it, then what was published meanwhile, to every socket waiting; a socket closed meanwhile is left alone. */
  private read(read: SnapshotRead): void {
    this.readSnapshot().then(
      (snapshot) => {
        this.reading = undefined;
        const made = new Map<string, Buffer>();
        for (const ws of this.release(read)) {
          const viewer = ws.getUserData();
          const key = snapshotKey(viewer);
          let message = made.get(key);
          if (message === undefined) {
            const text = this.snapshotText(snapshot, read.seqs, viewer);
            made.set(key, (message = viewer.deflate ? encodeFrame('{"type":"snapshot"}', text) : Buffer.from(text)));
            if (read.held.length === 0) this.built.set(key, { published: this.published, snapshot: message });
          }
          this.deliver(ws, message, read.held.flatMap((held) => (viewer.subscription.topics.has(held.topic) ? [form(viewer, held)] : [])));
        }
      },
      (err: Error) => {
        this.reading = undefined;
        this.logger.warn({ err: err.message }, 'cannot read the snapshot for screens; closing them so they reconnect');
        for (const ws of this.release(read)) ws.end(1011, 'snapshot unavailable');
      },
    );
  }

  /** deliver sends a snapshot and then `after`, paced by pump from the next turn (outside uWS' handlers, which cork), and then puts the socket on its topics. */
  private deliver(ws: WebSocket<Viewer>, snapshot: Buffer, after: (string | Buffer)[]): void {
    const viewer = ws.getUserData();
    // Off its topics until the snapshot is out (a resync's socket is on them): what they publish meanwhile is queued.
    for (const topic of wireTopics(viewer)) ws.unsubscribe(topic);
    viewer.sending = { message: snapshot, binary: viewer.deflate, at: 0, queued: [], queuedBytes: 0 };
    for (const text of after) this.queue(viewer, text);
    setImmediate(() => viewer.closed || this.pump(ws));
  }

  /** pump sends the socket's next snapshot fragments, then what was queued, while uWS holds nothing unsent for it; after the last, it subscribes it. */
  private pump(ws: WebSocket<Viewer>): void {
    const viewer = ws.getUserData();
    const sending = viewer.sending;
    if (!sending) return;
    if (!sendPaced(ws, sending)) return; // the drain handler goes on
    while (sending.queued.length > 0) {
      if (ws.getBufferedAmount() > 0) return;
      const message = sending.queued.shift()!;
      sending.queuedBytes -= message.length;
      ws.send(message, typeof message !== 'string');
    }
    viewer.sending = undefined;
    // Its queue ran over (what it missed is in a fresh snapshot), or it asked for another meanwhile.
    if (viewer.lagging || viewer.owed > 0) {
      viewer.owed = Math.max(0, viewer.owed - 1);
      return this.sendSnapshot(ws);
    }
    for (const topic of wireTopics(viewer)) ws.subscribe(topic);
  }

  /** queue keeps a message for a socket whose snapshot is going out; past MAX_BACKPRESSURE it drops them and marks the socket for a fresh snapshot. */
  private queue(viewer: Viewer, message: string | Buffer): void {
    const sending = viewer.sending!;
    if (viewer.lagging) return;
    sending.queued.push(message);
    sending.queuedBytes += message.length;
    if (sending.queuedBytes > MAX_BACKPRESSURE) {
      viewer.lagging = true;
      sending.queued = [];
    }
  }

  /** reply answers a socket's own message, after its snapshot if one is going out (no message may come between fragments). */
  private reply(ws: WebSocket<Viewer>, text: string): void {
    const viewer = ws.getUserData();
    if (viewer.sending) this.queue(viewer, text);
    else ws.send(text);
  }

  /** release ends the wait of the read's sockets and lists those still open. */
  private release(read: SnapshotRead): WebSocket<Viewer>[] {
    const open = [...read.sockets].filter((ws) => !ws.getUserData().closed);
    for (const ws of read.sockets) ws.getUserData().waiting = false;
    return open;
  }

  /**
   * snapshotText: v1 gets every scope as committed and the seq of its topic; v2 the subscribed
   * scopes at display precision, the centres it shows, and the seq of each of its topics.
   */
  private snapshotText(snapshot: Snapshot, seqs: Map<string, number>, viewer: Viewer): string {
    if (viewer.protocol === 1) return JSON.stringify({ type: 'snapshot', seq: seqs.get(V1_TOPIC) ?? 0, ...snapshot, topology: this.topology(() => true) });
    const { topics, centres } = viewer.subscription;
    const scopes = Object.fromEntries(Object.entries(snapshot.scopes).flatMap(([id, figures]) => (topics.has(topicOf(id)) ? [[id, atDisplayPrecision(figures)]] : [])));
    const seq = Object.fromEntries([...topics].map((topic) => [topic, seqs.get(topic) ?? 0]));
    return JSON.stringify({ type: 'snapshot', seq, ...snapshot, scopes, topology: this.topology((id) => centres.has(id)) });
  }

  private subscription(hall: string | null): Subscription {
    return subscriptionFor(hall, this.config.centres, this.screens().halls);
  }

  private topology(shows: (centre: string) => boolean) {
    return {
      ...this.screens(),
      centres: this.config.centres.filter((c) => shows(c.id)).map((c) => ({
        id: c.id,
        name: c.name,
        timezone: c.timezone,
        region: c.region ?? c.id,
        queues: c.queues.map((q) => ({ id: q.id, name: q.name, media: q.media, serviceLevel: q.serviceLevel })),
      })),
    };
  }

  private screensResolved?: ScreensView;
  /** The halls' KPI strips and the goals, resolved once (the config does not change while the server runs). */
  private screens(): ScreensView {
    return (this.screensResolved ??= screensView(this.config.screens ?? screensSchema.parse(undefined)));
  }
}

/** encodingRefused says why a socket's `encoding=` cannot be served (null: it can; none asked is plain JSON). */
function encodingRefused(encoding: string | null, protocol: 1 | 2): string | null {
  if (encoding === null || encoding === '') return null;
  if (encoding !== 'deflate') return `unknown encoding ${JSON.stringify(encoding.slice(0, 40))}: the one there is, deflate, or none`;
  return protocol === 1 ? 'encoding=deflate is a /v2/live option' : null;
}

/** The uWS topics a socket is on: a compressing socket takes its figures topics' frames, and `news` as text. */
function wireTopics(viewer: Viewer): Iterable<string> {
  const { topics } = viewer.subscription;
  return viewer.deflate ? [...topics].map((t) => (t === NEWS ? t : DEFLATED + t)) : topics;
}

/** What a socket is sent of a published message: its frame when it compresses and one was made, else the text. */
function form(viewer: Viewer, message: Published): string | Buffer {
  return viewer.deflate && message.frame ? message.frame : message.text;
}

/** Snapshots are shared by subscription and encoding. */
function snapshotKey(viewer: Viewer): string {
  return viewer.deflate ? `${viewer.subscription.key}+deflate` : viewer.subscription.key;
}

function outgoing(topic: string, body: string): Outgoing {
  return { topic, body, bytes: Buffer.byteLength(body) + SEQ_BYTES };
}
