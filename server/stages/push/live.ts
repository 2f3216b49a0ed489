/**
 * LiveHub serves `/v1/live`: a snapshot on connect, built from the committed read model in
 * Redis, then the committed news as it is published, coalesced, on one uWS topic. The hub
 * only publishes: it keeps no figures of its own. While a snapshot is being read, what is
 * published meanwhile is held and sent right after it, so no socket misses anything.
 * Snapshots are shared: every socket asking while one is read gets that one, and a snapshot
 * built is reused until the next message is published (at most one read per push, however
 * many screens connect or resync). A socket may ask (`resync`) `live.resync` times per second.
 * A socket whose buffer runs over budget is skipped by uWS; we note it and send a fresh
 * snapshot once it has drained, so a slow television never holds up the others.
 * A `ping` every PING_EVERY_MS tells idle screens the feed is alive, so quiet is never mistaken for stale.
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

const TOPIC = 'live';
const MAX_BACKPRESSURE = 512 * 1024;
const LOW_WATER = 16 * 1024;
const PING_EVERY_MS = 10_000;

/** What a push to screens carried: a coalesced figures delta, or another committed message. */
export type PushKind = 'delta' | 'message';

interface Viewer {
  principal: Principal;
  /** Names the socket's resync bucket. */
  id: number;
  lagging: boolean;
  /** Set by the close handler: a snapshot read that returns later must not touch the socket. */
  closed: boolean;
  /** Off the topic, waiting for the snapshot being read. */
  waiting: boolean;
}

/** A snapshot read in progress, shared by every socket that asks meanwhile. */
interface SnapshotRead {
  /** The hub's seq when the read began: the snapshot is at least that fresh. */
  seq: number;
  /** What was published since it began, sent right after the snapshot. */
  held: string[];
  sockets: Set<WebSocket<Viewer>>;
}

export class LiveHub {
  /** Scopes changed since the last push to screens. */
  private readonly pending = new Map<string, ScopeMetrics>();
  private pendingAsOf = 0;
  /** When the oldest pending change reached this instance (performance.now()). */
  private pendingSince = 0;
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = 0;
  private readonly sockets = new Set<WebSocket<Viewer>>();
  private app?: TemplatedApp;
  private pinger?: NodeJS.Timeout;
  private seq = 0;
  private reading?: SnapshotRead;
  /** The last snapshot built, as sent; good while nothing was published after it. */
  private built?: { seq: number; text: string };
  private viewers = 0;
  private readonly resyncs: RateLimiter;

  private readonly pushIntervalMs: number;

  constructor(
    private readonly config: Pick<Config, 'centres'> & Partial<Pick<Config, 'screens'>> & { metrics: Pick<Config['metrics'], 'pushIntervalMs'>; live: { resync: RateLimitConfig } },
    /** Reads the committed read model for a new screen. */
    private readonly readSnapshot: () => Promise<Snapshot>,
    private readonly logger: Logger,
    /** Told, for each push, the seconds from its news reaching this instance to its publication. */
    private readonly delivered: (kind: PushKind, seconds: number) => void = () => undefined,
  ) {
    this.pushIntervalMs = config.metrics.pushIntervalMs;
    this.resyncs = new RateLimiter(config.live.resync);
  }

  get clients(): number {
    return this.sockets.size;
  }

  /** applyDelta pushes committed figures to screens coalesced: at most one delta per push interval. */
  applyDelta(delta: MetricsDelta): void {
    if (this.pending.size === 0) this.pendingSince = performance.now();
    for (const [scope, figures] of Object.entries(delta.scopes)) {
      const current = this.pending.get(scope);
      if (current && current.asOf > figures.asOf) continue;
      this.pending.set(scope, figures);
    }
    this.pendingAsOf = Math.max(this.pendingAsOf, delta.asOf);
    if (this.pending.size > 0 && !this.flushTimer) {
      const wait = Math.max(0, this.lastFlush + this.pushIntervalMs - Date.now());
      this.flushTimer = setTimeout(() => this.flush(), wait);
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    if (this.pending.size === 0) return;
    const scopes = Object.fromEntries(this.pending);
    this.pending.clear();
    if (this.publish({ type: 'delta', asOf: this.pendingAsOf, scopes })) this.delivered('delta', (performance.now() - this.pendingSince) / 1000);
  }

  /** broadcast pushes another stage's committed message (levels, incidents, routing…). */
  broadcast(message: LiveMessage): void {
    const arrived = performance.now();
    if (this.publish(message)) this.delivered('message', (performance.now() - arrived) / 1000);
  }

  attach(app: TemplatedApp, auth: Authenticator): void {
    this.app = app;
    // Through the topic, with a seq like every message, so clients see no gap.
    this.pinger = setInterval(() => this.publish({ type: 'ping', asOf: Date.now() }), PING_EVERY_MS);
    app.ws<Viewer>('/v1/live', {
      maxPayloadLength: 4 * 1024,
      maxBackpressure: MAX_BACKPRESSURE,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        const principal = auth.identify(bearerToken(req.getHeader('authorization'), new URLSearchParams(req.getQuery() ?? '').get('token') ?? undefined));
        if (!principal || !atLeast('display').includes(principal.role)) {
          res.writeStatus(principal ? '403 Forbidden' : '401 Unauthorized').end(principal ? 'role may not view live data' : 'missing or unknown token');
          return;
        }
        res.upgrade<Viewer>(
          { principal, id: ++this.viewers, lagging: false, closed: false, waiting: false },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.sockets.add(ws);
        this.sendSnapshot(ws);
      },
      message: (ws, message) => {
        const verdict = this.resyncs.take(`socket ${ws.getUserData().id}`);
        if (!verdict.ok) {
          const { perSec, burst } = this.config.live.resync;
          const error = `resync limit: ${perSec} per second per socket (bursts of ${burst}); retry after ${verdict.retryAfterSec}s`;
          ws.send(JSON.stringify({ type: 'error', error, retryAfterSec: verdict.retryAfterSec }));
          return;
        }
        let parsed: { type?: unknown } | undefined;
        try {
          parsed = JSON.parse(Buffer.from(message).toString('utf8')) as { type?: unknown };
        } catch {
          parsed = undefined;
        }
        if (parsed?.type === 'resync') this.sendSnapshot(ws);
        else ws.send(JSON.stringify({ type: 'error', error: 'expected {"type":"resync"}' }));
      },
      drain: (ws) => {
        const viewer = ws.getUserData();
        if (viewer.lagging && ws.getBufferedAmount() < LOW_WATER) this.sendSnapshot(ws);
      },
      close: (ws) => {
        ws.getUserData().closed = true;
        this.sockets.delete(ws);
      },
    });
  }

  /** closeAll ends every socket with 1001 (going away) for an orderly shutdown. */
  closeAll(): void {
    clearInterval(this.pinger);
    clearTimeout(this.flushTimer);
    for (const ws of [...this.sockets]) ws.end(1001, 'server shutting down');
    this.sockets.clear();
  }

  /** publish sends a message to every screen on the topic; false before the hub is attached. */
  private publish(message: Record<string, unknown>): boolean {
    if (!this.app) return false;
    const seq = ++this.seq;
    const text = JSON.stringify({ ...message, seq });
    this.reading?.held.push(text);
    for (const ws of this.sockets) {
      const viewer = ws.getUserData();
      // uWS skips sockets already over their budget; mark them so they get a snapshot on drain.
      if (!viewer.waiting && ws.getBufferedAmount() + text.length > MAX_BACKPRESSURE) viewer.lagging = true;
    }
    this.app.publish(TOPIC, text);
    return true;
  }

  /**
   * sendSnapshot sends the last snapshot built if nothing was published since; else it takes
   * the socket off the topic until the snapshot being read (one is started if none is) comes
   * back. uWS handlers are synchronous, so the read finishes later.
   */
  private sendSnapshot(ws: WebSocket<Viewer>): void {
    const viewer = ws.getUserData();
    if (viewer.waiting) return; // one is on its way
    viewer.lagging = false;
    if (this.built?.seq === this.seq) {
      const text = this.built.text;
      ws.cork(() => {
        ws.send(text);
        ws.subscribe(TOPIC);
      });
      return;
    }
    viewer.waiting = true;
    ws.unsubscribe(TOPIC);
    if (!this.reading) this.read((this.reading = { seq: this.seq, held: [], sockets: new Set() }));
    this.reading.sockets.add(ws);
  }

  /** read reads one snapshot and sends it, then what was published meanwhile, to every socket waiting; a socket closed meanwhile is left alone. */
  private read(read: SnapshotRead): void {
    this.readSnapshot().then(
      (snapshot) => {
        this.reading = undefined;
        const text = JSON.stringify({ type: 'snapshot', seq: read.seq, ...snapshot, topology: this.topology() });
        if (read.held.length === 0) this.built = { seq: read.seq, text };
        for (const ws of this.release(read)) {
          ws.cork(() => {
            ws.send(text);
            for (const message of read.held) ws.send(message);
            ws.subscribe(TOPIC);
          });
        }
      },
      (err: Error) => {
        this.reading = undefined;
        this.logger.warn({ err: err.message }, 'cannot read the snapshot for screens; closing them so they reconnect');
        for (const ws of this.release(read)) ws.end(1011, 'snapshot unavailable');
      },
    );
  }

  /** release ends the wait of the read's sockets and lists those still open. */
  private release(read: SnapshotRead): WebSocket<Viewer>[] {
    const open = [...read.sockets].filter((ws) => !ws.getUserData().closed);
    for (const ws of read.sockets) ws.getUserData().waiting = false;
    return open;
  }

  private topology() {
    return {
      ...this.screens(),
      centres: this.config.centres.map((c) => ({
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
