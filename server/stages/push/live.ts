/**
 * LiveHub serves `/v1/live`: a full snapshot on connect, then coalesced deltas
 * published to one uWS topic. A socket whose buffer runs over budget is skipped by uWS;
 * we note it and send a fresh snapshot once it has drained, so a slow television never
 * holds up the others and never shows figures with holes in them. A snapshot carries
 * `latest`: the newest message of every other type (levels, incidents…), to apply in order.
 * A `ping` every PING_EVERY_MS tells idle screens the feed is alive, so quiet is never mistaken for stale.
 * When an `epoch` message says Redis lost its state, the kept messages of the old epoch (levels,
 * incidents, banners, routing…) are dropped, and late news stamped with the old epoch is ignored,
 * so a newly connected screen never gets the old emergency back.
 */
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../platform/log/log.js';
import type { MetricsByScope, ScopeMetrics } from '../metrics/types.js';
import type { Authenticator, Principal } from '../../platform/http/auth.js';
import { atLeast, bearerToken } from '../../platform/http/auth.js';
import { EPOCH_FREE_TYPES, type LiveMessage } from './messages.js';
import type { MetricsDelta } from './publisher.js';

const TOPIC = 'live';
const MAX_BACKPRESSURE = 512 * 1024;
const LOW_WATER = 16 * 1024;
const PING_EVERY_MS = 10_000;

interface Viewer {
  principal: Principal;
  lagging: boolean;
}

export class LiveHub {
  private readonly metrics = new Map<string, ScopeMetrics>();
  /** Scopes changed since the last push to screens. */
  private readonly pending = new Map<string, ScopeMetrics>();
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = 0;
  private readonly sockets = new Set<WebSocket<Viewer>>();
  private app?: TemplatedApp;
  private pinger?: NodeJS.Timeout;
  private seq = 0;
  private asOf = 0;
  /** The latest message of each other type (levels, incidents…), replayed in every snapshot. */
  private readonly latest = new Map<string, LiveMessage>();
  /** The Redis epoch the kept messages belong to, once an `epoch` message said; and the ones left behind. */
  private epoch?: string;
  private readonly pastEpochs = new Set<string>();

  private readonly pushIntervalMs: number;

  constructor(
    private readonly config: Pick<Config, 'centres'> & { metrics: Pick<Config['metrics'], 'pushIntervalMs'> },
    private readonly logger: Logger,
  ) {
    this.pushIntervalMs = config.metrics.pushIntervalMs;
  }

  get clients(): number {
    return this.sockets.size;
  }

  /** figures returns the cached figures (every scope), as last pushed. */
  figures(): { asOf: number; scopes: MetricsByScope } {
    return { asOf: this.asOf, scopes: Object.fromEntries(this.metrics) };
  }

  /**
   * applyDelta merges figures into the cache at once (the API and plan steps read it) and
   * pushes them to screens coalesced: at most one delta per push interval. Stale scope
   * versions are ignored.
   */
  applyDelta(delta: MetricsDelta): void {
    for (const [scope, figures] of Object.entries(delta.scopes)) {
      const current = this.metrics.get(scope);
      if (current && current.asOf > figures.asOf) continue;
      this.metrics.set(scope, figures);
      this.pending.set(scope, figures);
    }
    this.asOf = Math.max(this.asOf, delta.asOf);
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
    this.publish({ type: 'delta', asOf: this.asOf, scopes });
  }

  /** latestMessage is the newest message of a type seen here (levels, incidents…). */
  latestMessage(type: string): LiveMessage | undefined {
    return this.latest.get(type);
  }

  /** broadcast pushes another stage's message and keeps the latest of its type for new snapshots. */
  broadcast(message: LiveMessage): void {
    // A new epoch is news whatever its asOf (instances' clocks differ); the old epoch's news is not.
    const entered = message.type === 'epoch' && this.enterEpoch(message);
    if (!entered && (this.fromOtherEpoch(message) || this.older(message))) return;
    this.latest.set(message.type, message);
    this.publish(message);
  }

  /** enterEpoch drops what the old epoch's messages said when a new epoch begins; true if one did. */
  private enterEpoch(message: LiveMessage): boolean {
    const epoch = message.epoch;
    if (epoch === undefined || epoch === this.epoch || this.pastEpochs.has(epoch)) return false;
    if (this.epoch !== undefined) {
      this.pastEpochs.add(this.epoch);
      for (const type of [...this.latest.keys()]) if (!EPOCH_FREE_TYPES.has(type)) this.latest.delete(type);
    }
    this.epoch = epoch;
    return true;
  }

  private fromOtherEpoch(message: LiveMessage): boolean {
    return this.epoch !== undefined && message.epoch !== undefined && message.epoch !== this.epoch;
  }

  private older(message: LiveMessage): boolean {
    const kept = this.latest.get(message.type);
    return kept !== undefined && kept.asOf > message.asOf;
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
          { principal, lagging: false },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.sockets.add(ws);
        ws.subscribe(TOPIC);
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

  private publish(message: Record<string, unknown>): void {
    if (!this.app) return;
    const text = JSON.stringify({ ...message, seq: ++this.seq });
    // uWS skips sockets already over their budget; mark them so they get a snapshot on drain.
    for (const ws of this.sockets) {
      if (ws.getBufferedAmount() + text.length > MAX_BACKPRESSURE) ws.getUserData().lagging = true;
    }
    this.app.publish(TOPIC, text);
  }

  private sendSnapshot(ws: WebSocket<Viewer>): void {
    ws.getUserData().lagging = false;
    const topology = {
      centres: this.config.centres.map((c) => ({
        id: c.id,
        name: c.name,
        timezone: c.timezone,
        queues: c.queues.map((q) => ({ id: q.id, name: q.name, media: q.media, serviceLevel: q.serviceLevel })),
      })),
    };
    const latest = [...this.latest.values()];
    ws.send(JSON.stringify({ type: 'snapshot', seq: this.seq, asOf: this.asOf, scopes: Object.fromEntries(this.metrics), topology, latest }));
  }
}
