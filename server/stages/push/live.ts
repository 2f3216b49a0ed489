/**
 * LiveHub serves `/v1/live`: a snapshot on connect, built from the committed read model in
 * Redis, then the committed news as it is published, coalesced, on one uWS topic. The hub
 * only publishes: it keeps no figures of its own. While a socket's snapshot is being read,
 * what is published meanwhile is held for it and sent right after, so it misses nothing.
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
import type { MetricsDelta } from '../../pipeline/commit.js';
import type { Snapshot } from '../../pipeline/read-model.js';
import type { LiveMessage } from './messages.js';

const TOPIC = 'live';
const MAX_BACKPRESSURE = 512 * 1024;
const LOW_WATER = 16 * 1024;
const PING_EVERY_MS = 10_000;

/** What a push to screens carried: a coalesced figures delta, or another committed message. */
export type PushKind = 'delta' | 'message';

interface Viewer {
  principal: Principal;
  lagging: boolean;
  /** Set by the close handler: a snapshot read that returns later must not touch the socket. */
  closed: boolean;
  /** While a snapshot is being read: the messages published meanwhile, to send after it. */
  held: { seq: number; text: string }[] | null;
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

  private readonly pushIntervalMs: number;

  constructor(
    private readonly config: Pick<Config, 'centres'> & { metrics: Pick<Config['metrics'], 'pushIntervalMs'> },
    /** Reads the committed read model for a new screen. */
    private readonly readSnapshot: () => Promise<Snapshot>,
    private readonly logger: Logger,
    /** Told, for each push, the seconds from its news reaching this instance to its publication. */
    private readonly delivered: (kind: PushKind, seconds: number) => void = () => undefined,
  ) {
    this.pushIntervalMs = config.metrics.pushIntervalMs;
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
          { principal, lagging: false, closed: false, held: null },
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
    for (const ws of this.sockets) {
      const viewer = ws.getUserData();
      if (viewer.held) viewer.held.push({ seq, text });
      // uWS skips sockets already over their budget; mark them so they get a snapshot on drain.
      else if (ws.getBufferedAmount() + text.length > MAX_BACKPRESSURE) viewer.lagging = true;
    }
    this.app.publish(TOPIC, text);
    return true;
  }

  /**
   * sendSnapshot takes the socket off the topic, reads the read model (uWS handlers are
   * synchronous, so this finishes later), then sends the snapshot, what was published
   * meanwhile, and puts the socket back on the topic. A socket closed meanwhile is left alone.
   */
  private sendSnapshot(ws: WebSocket<Viewer>): void {
    const viewer = ws.getUserData();
    if (viewer.held) return; // one is on its way
    viewer.held = [];
    viewer.lagging = false;
    ws.unsubscribe(TOPIC);
    this.readSnapshot().then(
      (snapshot) => {
        const held = viewer.held ?? [];
        viewer.held = null;
        if (viewer.closed) return;
        const seq = held.length > 0 ? held[0]!.seq - 1 : this.seq;
        ws.cork(() => {
          ws.send(JSON.stringify({ type: 'snapshot', seq, ...snapshot, topology: this.topology() }));
          for (const message of held) ws.send(message.text);
          ws.subscribe(TOPIC);
        });
      },
      (err: Error) => {
        viewer.held = null;
        this.logger.warn({ err: err.message }, 'cannot read the snapshot for a screen; closing it so it reconnects');
        if (!viewer.closed) ws.end(1011, 'snapshot unavailable');
      },
    );
  }

  private topology() {
    return {
      centres: this.config.centres.map((c) => ({
        id: c.id,
        name: c.name,
        timezone: c.timezone,
        queues: c.queues.map((q) => ({ id: q.id, name: q.name, media: q.media, serviceLevel: q.serviceLevel })),
      })),
    };
  }
}
