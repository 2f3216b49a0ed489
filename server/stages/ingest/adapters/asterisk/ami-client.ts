/**
 * AmiClient keeps one logged-in Asterisk Manager Interface session alive and hands every
 * event it receives to `onEvent`.
 *
 *   connect ─► banner ─► Action: Login ─► Response: Success ─► Action: QueueStatus ─► events…
 *      ▲                                                                                │
 *      └──────────── backoff ◄── connection lost / no answer to Ping ◄─────────────────┘
 *
 * A wrong username or secret is fatal (retrying cannot fix it); anything else reconnects.
 * After each login the client asks for QueueStatus, so members and waiting callers are
 * known again after a gap.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '../../../../platform/log/log.js';
import { Backoff, type BackoffOptions } from '../backoff.js';
import { AmiParser, formatAction, type AmiMessage } from './ami-protocol.js';

/** Where and how to log in, and what to do with events and with an unrecoverable refusal. */
export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  logger: Logger;
  backoff?: BackoffOptions;
  /**
   * The event classes to ask for at login (`Events:`), given the AMI version the banner names
   * (default `agent`, the class of queue events).
   */
  eventClasses?(amiVersion: string): string;
  /** How often to Ping; a connection silent for two intervals is dropped and redialled. */
  pingIntervalMs?: number;
  onEvent(event: AmiMessage, receivedAt: number): void;
  /** Called when the session cannot be recovered (authentication refused). */
  onFatal(error: Error): void;
  clock?: () => number;
}

/** AmiClient: one session, redialled until stop() (see above). */
export class AmiClient {
  private socket?: Socket;
  private stopped = false;
  private actionSeq = 0;
  private readonly backoff: Backoff;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  /** Logins that succeeded (a reconnect adds one). */
  logins = 0;
  /** Whether a session is logged in now (a bridge sends heartbeats only then). */
  loggedIn = false;

  constructor(private readonly options: AmiClientOptions) {
    this.backoff = new Backoff(options.backoff ?? { firstMs: 500, maxMs: 30_000 });
  }

  start(): void {
    this.dial();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    socket.end(formatAction({ Action: 'Logoff', ActionID: this.nextActionId('logoff') }));
    // Asterisk answers Goodbye and hangs up; do not wait for it longer than a second.
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private dial(): void {
    const { host, port, logger } = this.options;
    const clock = this.options.clock ?? Date.now;
    const parser = new AmiParser();
    const socket = connect({ host, port });
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 30_000);
    let loginId = '';
    let version = '';
    let loggedIn = false;
    let lastHeard = clock();

    socket.on('data', (chunk: string) => {
      lastHeard = clock();
      let frames;
      try {
        frames = parser.push(chunk);
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'AMI protocol error');
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.kind === 'banner') {
          version = frame.version;
          loginId = this.nextActionId('login');
          // Only the classes the bridge reads (queue events are `agent`): it spares us every other channel event.
          const events = this.options.eventClasses?.(version) ?? 'agent';
          socket.write(formatAction({ Action: 'Login', ActionID: loginId, Username: this.options.username, Secret: this.options.secret, Events: events }));
          continue;
        }
        const { fields } = frame;
        if (!loggedIn && fields.ActionID === loginId && fields.Response !== undefined) {
          if (fields.Response.toLowerCase() !== 'success') {
            this.stopped = true;
            socket.destroy();
            this.options.onFatal(new Error(`Asterisk refused the AMI login for "${this.options.username}": ${fields.Message ?? fields.Response}`));
            return;
          }
          loggedIn = true;
          this.loggedIn = true;
          this.logins++;
          this.backoff.reset();
          logger.info({ host, port, version, logins: this.logins }, 'AMI logged in');
          socket.write(formatAction({ Action: 'QueueStatus', ActionID: this.nextActionId('queuestatus') }));
          this.keepAlive(socket, () => lastHeard, clock);
          continue;
        }
        if (loggedIn && fields.Event !== undefined) this.options.onEvent(fields, clock());
      }
    });
    socket.on('error', (err) => logger.warn({ host, port, err: err.message }, 'AMI connection error'));
    socket.on('close', () => {
      clearInterval(this.pingTimer);
      this.loggedIn = false;
      if (this.stopped) return;
      const delay = this.backoff.next();
      logger.warn({ host, port, retryInMs: delay }, 'AMI connection lost; reconnecting');
      this.retryTimer = setTimeout(() => this.dial(), delay);
    });
  }

  /** keepAlive pings so a half-open TCP connection (Asterisk gone, no FIN) is noticed. */
  private keepAlive(socket: Socket, lastHeard: () => number, clock: () => number): void {
    const every = this.options.pingIntervalMs ?? 20_000;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (clock() - lastHeard() > 2 * every) {
        this.options.logger.warn('AMI silent for two ping intervals; reconnecting');
        socket.destroy();
        return;
      }
      socket.write(formatAction({ Action: 'Ping', ActionID: this.nextActionId('ping') }));
    }, every);
    this.pingTimer.unref();
  }

  private nextActionId(kind: string): string {
    return `surge-${kind}-${++this.actionSeq}`;
  }
}
