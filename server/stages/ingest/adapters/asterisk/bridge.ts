/**
 * startAsteriskBridge runs the Asterisk adapter: a long-lived AMI session whose queue
 * events are translated to canonical events and forwarded to the ingest API.
 *
 *   AmiClient ─► Memberships.observe ─► translateAmiEvent ─► EventForwarder ─► POST /v1/events
 *
 * The AMI session reconnects on its own and the forwarder holds events while the server
 * is away, so the bridge only stops when asked, or when Asterisk or the server refuse its
 * credentials (`failed` then settles with the reason).
 */
import type { Logger } from '../../../../platform/log/log.js';
import type { BackoffOptions } from '../backoff.js';
import type { AsteriskConfig } from '../config.js';
import { TranslationBuilder } from '../translation.js';
import { AmiClient } from './ami-client.js';
import { EventForwarder, type ForwarderStats } from './forwarder.js';
import { Memberships } from './memberships.js';
import { translateAmiEvent } from './translate.js';

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
  const memberships = new Memberships();
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
    onEvent: (event, receivedAt) => {
      memberships.observe(event);
      const translation = translateAmiEvent(event, mapping, { receivedAt, queuesOf: (m) => memberships.queuesOf(m) });
      skipped.merge({ events: [], ignored: translation.ignored, unmapped: translation.unmapped });
      forwarder.push(translation.events);
    },
    onFatal: (error) => fail(error),
  });
  ami.start();
  logger.info({ ami: `${options.ami.host}:${options.ami.port}`, target: options.target }, 'asterisk bridge started');

  return {
    stats: () => ({ ...forwarder.stats, amiLogins: ami.logins, ignored: { ...skipped.result.ignored }, unmapped: { ...skipped.result.unmapped } }),
    failed,
    async stop(flushMs = 5000) {
      ami.stop();
      const timer = setTimeout(() => void forwarder.stop(), flushMs);
      await Promise.race([forwarder.flush(), failed]);
      clearTimeout(timer);
      await forwarder.stop();
      logger.info(this.stats(), 'asterisk bridge stopped');
    },
  };
}
