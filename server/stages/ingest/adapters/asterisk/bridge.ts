/**
 * startAsteriskBridge runs the Asterisk adapter: a long-lived AMI session whose queue
 * events are translated to canonical events and forwarded to the ingest API.
 *
 *   AmiClient ─► Memberships.observe ─► translateAmiEvent ─► IvrCalls.observe ─► EventForwarder ─► POST /v1/events
 *   Heartbeats (while logged in to AMI) ─► `source.heartbeat` for each centre quiet for 15 s ─┘
 *
 * Every event names `asterisk` as its source, so the wall shows this bridge's silence as its own;
 * the heartbeats stop when AMI is lost, so an Asterisk outage turns the centre stale, not calm.
 *
 * It logs in for the event classes it reads (amiEventClasses): `agent` (queue events), plus
 * `call` for Asterisk ≤ 11 (its Join) and, with IVR contexts mapped, `call,dialplan` (Hangup, Newexten).
 *
 * The AMI session reconnects on its own and the forwarder holds events while the server
 * is away, so the bridge only stops when asked, or when Asterisk or the server refuse its
 * credentials (`failed` then settles with the reason).
 */
import type { Logger } from '../../../../platform/log/log.js';
import type { BackoffOptions } from '../backoff.js';
import type { AsteriskConfig } from '../config.js';
import { fromSource, TranslationBuilder } from '../translation.js';
import { Heartbeats, HEARTBEAT_EVERY_MS } from '../../heartbeats.js';
import { AmiClient } from './ami-client.js';
import { EventForwarder, type ForwarderStats } from './forwarder.js';
import { IvrCalls } from './ivr-calls.js';
import { Memberships } from './memberships.js';
import { SOURCE, translateAmiEvent } from './translate.js';

/** What the bridge connects to, where it forwards, and how to map. */
export interface AsteriskBridgeOptions {
  ami: { host: string; port: number; username: string; secret: string };
  /** Surge base URL and a token with the `ingest` role. */
  target: string;
  token: string;
  mapping: AsteriskConfig;
  logger: Logger;
  maxQueued?: number;
  amiBackoff?: BackoffOptions;
  ingestBackoff?: BackoffOptions;
  pingIntervalMs?: number;
  /** A centre told nothing for this long gets a `source.heartbeat` (default 15 s). */
  heartbeatEveryMs?: number;
  clock?: () => number;
}

/** Counts for logs and tests: the forwarder's, AMI logins, and what translation skipped. */
export interface BridgeStats extends ForwarderStats {
  amiLogins: number;
  /** AMI events that produced nothing, by Event, and names the mapping does not know. */
  ignored: Record<string, number>;
  unmapped: Record<string, number>;
}

/** A started bridge. */
export interface RunningBridge {
  stats(): BridgeStats;
  /** Settles (never rejects) with the reason the bridge cannot go on. */
  readonly failed: Promise<Error>;
  /** stop logs off, delivers what is pending within `flushMs`, then gives up. */
  stop(flushMs?: number): Promise<void>;
}

/** startAsteriskBridge dials AMI and starts forwarding at once. */
export function startAsteriskBridge(options: AsteriskBridgeOptions): RunningBridge {
  const { logger, mapping } = options;
  const clock = options.clock ?? Date.now;
  const memberships = new Memberships();
  const ivrCalls = new IvrCalls(mapping.ivrContexts ?? new Set());
  const heartbeatEveryMs = options.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS;
  const heartbeats = new Heartbeats(SOURCE, heartbeatEveryMs, clock());
  const centres = mappedCentres(mapping);
  const skipped = new TranslationBuilder();
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fail = resolve));

  const forwarder = new EventForwarder({
    target: options.target,
    token: options.token,
    logger: logger.child({ part: 'forwarder' }),
    maxQueued: options.maxQueued,
    backoff: options.ingestBackoff,
    onFatal: (error) => fail(error),
  });
  const ami = new AmiClient({
    ...options.ami,
    logger: logger.child({ part: 'ami' }),
    backoff: options.amiBackoff,
    pingIntervalMs: options.pingIntervalMs,
    eventClasses: (version) => amiEventClasses(version, mapping),
    onEvent: (event, receivedAt) => {
      memberships.observe(event);
      const translation = translateAmiEvent(event, mapping, { receivedAt, queuesOf: (m) => memberships.queuesOf(m), ivrCallOf: (id) => ivrCalls.of(id) });
      // After translating: the translator needs the caller's IVR state from before this event.
      ivrCalls.observe(event);
      skipped.merge({ events: [], ignored: translation.ignored, unmapped: translation.unmapped });
      const events = fromSource(translation.events, SOURCE);
      heartbeats.sent(events, receivedAt);
      forwarder.push(events);
    },
    onFatal: (error) => fail(error),
    clock,
  });
  ami.start();
  const beat = setInterval(() => {
    if (ami.loggedIn) forwarder.push(heartbeats.due(centres, clock()));
  }, Math.max(10, heartbeatEveryMs / 5));
  beat.unref();
  logger.info({ ami: `${options.ami.host}:${options.ami.port}`, target: options.target }, 'asterisk bridge started');

  return {
    stats: () => ({ ...forwarder.stats, amiLogins: ami.logins, ignored: { ...skipped.result.ignored }, unmapped: { ...skipped.result.unmapped } }),
    failed,
    async stop(flushMs = 5000) {
      clearInterval(beat);
      ami.stop();
      const timer = setTimeout(() => void forwarder.stop(), flushMs);
      await Promise.race([forwarder.flush(), failed]);
      clearTimeout(timer);
      await forwarder.stop();
      logger.info(this.stats(), 'asterisk bridge stopped');
    },
  };
}

/** mappedCentres: every centre the mapping sends events to (its default centre and its queues'). */
function mappedCentres(mapping: AsteriskConfig): Set<string> {
  const centres = new Set([...mapping.queues.values()].map((q) => q.centre));
  if (mapping.centre !== undefined) centres.add(mapping.centre);
  return centres;
}

/**
 * amiEventClasses: the `Events:` of the login. Queue events are class `agent`, but before
 * Asterisk 12 (AMI 1.x) a caller joining a queue is `Join`, class `call`; following callers
 * through the IVR needs `dialplan` (Newexten) and `call` (Hangup).
 */
export function amiEventClasses(amiVersion: string, mapping: Pick<AsteriskConfig, 'ivrContexts'>): string {
  const classes = ['agent'];
  const legacy = Number.parseInt(amiVersion, 10) < 2;
  const ivr = (mapping.ivrContexts?.size ?? 0) > 0;
  if (legacy || ivr) classes.push('call');
  if (ivr) classes.push('dialplan');
  return classes.join(',');
}
