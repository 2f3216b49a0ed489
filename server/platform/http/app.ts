/**
 * createApp wires the HTTP and WebSocket surface around the pipeline's parts. Every
 * route is one line in the table below; withRequest does auth, bodies and errors.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import uWS from 'uWebSockets.js';
import type { Redis } from 'ioredis';
import { amazonConnectRoute } from '../../stages/ingest/adapters/amazon-connect/route.js';
import { taskRouterRoute } from '../../stages/ingest/adapters/twilio-taskrouter/route.js';
import type { Config } from '../../config/types.js';
import { atLeast, Authenticator } from './auth.js';
import { loginRoutes } from './login.js';
import { Sessions } from './sessions.js';
import { HttpError } from './errors.js';
import { rateLimits } from './rate-limit.js';
import { readiness } from './readiness.js';
import { InFlight } from './in-flight.js';
import { withRequest, type Edge, type Route } from './request.js';
import { BodyBudget } from './body-budget.js';
import { serveScreens } from './static.js';
import type { Ingest } from '../../stages/ingest/accept.js';
import { postEvents } from '../../stages/ingest/routes.js';
import { attachEventSocket } from '../../stages/ingest/socket.js';
import type { Logger } from '../log/log.js';
import type { StateLoss } from '../redis/epoch.js';
import type { UwsBackend } from './uws-backend.js';
import type { LiveHub } from '../../stages/push/live.js';
import type { ReadModel } from '../../pipeline/read-model.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** A small read and write on the request-path connection: whether Redis serves now (for /readyz). */
  redisProbe: () => Promise<unknown>;
  /** Why the master lacks the replicas `redis.ackReplicas` waits for, or null (for /readyz). */
  replicasShort: () => Promise<string | null>;
  ingest: Ingest;
  hub: LiveHub;
  /** The pipeline's committed figures, for /v1/metrics. */
  readModel: ReadModel;
  /** Folder of the built screens. */
  screensDir: string;
  /** Extra figures for `/v1/status` (engine progress, stream lengths…). */
  status: () => Promise<Record<string, unknown>>;
  /** Routes of the later stages (levels, incidents, …). */
  routes: Route[];
  /** The loss of Redis state the current epoch began with, if any (shown by /readyz). */
  stateLost: () => StateLoss | undefined;
  /** The uWebSockets.js backend this process runs on (shown by /healthz). */
  uws: UwsBackend;
}

export interface RunningApp {
  port: number;
  /**
   * close shuts the edge down in order: not ready, stop listening, let the requests and
   * event-socket messages in flight be answered (up to `server.shutdownGraceMs`), close every
   * WebSocket with 1001, then every connection left (idle keep-alive HTTP).
   */
  close(): Promise<void>;
}

/** How long close frames get to leave before the remaining connections are cut. */
const CLOSE_FRAMES_MS = 200;

export function createApp(deps: AppDeps) {
  const { config, logger, hub } = deps;
  const sessions = config.auth.sessionSecret === null ? undefined : new Sessions(config.auth.sessionSecret, config.auth.sessionTtlSec);
  const auth = new Authenticator(config.auth.tokens, sessions, () => config.auth.users);
  const limits = rateLimits(config.limits);
  const inFlight = new InFlight();
  const edge: Edge = { auth, logger, limits, bodies: new BodyBudget(config.limits.bodyBytesInFlight), inFlight };
  const app = uWS.App();
  const screens = serveScreens(deps.screensDir, config.locale);
  let ready = true;

  const routes: Route[] = [
    ['post', '/v1/events', { roles: ['ingest'], maxBody: config.ingest.maxBodyBytes, rateLimit: 'ingest' }, postEvents(deps.ingest)],
    taskRouterRoute(deps.ingest, config),
    amazonConnectRoute(deps.ingest, config, auth, logger),
    ['get', '/v1/metrics', { roles: [...atLeast('display'), 'acd'] }, async () => ({ body: await deps.readModel.figures() })],
    ['get', '/v1/metrics/*', { roles: [...atLeast('display'), 'acd'] }, (ctx) => scopeFigures(deps.readModel, ctx.url)],
    ['get', '/v1/status', { roles: atLeast('display') }, async () => ({ body: { liveClients: hub.clients, ...(await deps.status()) } })],
    ['get', '/healthz', {}, () => ({ body: { status: 'ok', node: process.version, uws: deps.uws } })],
    ['get', '/readyz', {}, async () => readiness(deps.redisProbe, deps.replicasShort, ready, deps.stateLost())],
    ['get', '/wall', {}, screens.page],
    ['get', '/control', {}, screens.page],
    ['get', '/reports', {}, screens.page],
    ['get', '/assets/*', {}, screens.asset],
    ['get', '/', {}, () => ({ status: 302, headers: { Location: '/wall' }, body: 'see /wall\n' })],
    ...loginRoutes(config, sessions),
    ...deps.routes,
  ];
  for (const [method, pattern, options, handler] of routes) app[method](pattern, withRequest(edge, options, handler));
  app.any('/*', withRequest(edge, {}, (ctx) => {
    throw new HttpError(404, `no route for ${ctx.method} ${ctx.url}`);
  }));
  const eventSockets = attachEventSocket(app, auth, deps.ingest, { maxBytes: config.ingest.maxBodyBytes, replyBufferBytes: config.ingest.socketReplyBufferBytes, limiter: limits.ingest }, logger);
  hub.attach(app, auth);

  return {
    /** listen binds the configured host and port (0 picks a free port, as tests do). */
    listen(port = config.server.port): Promise<RunningApp> {
      return new Promise((resolve, reject) => {
        app.listen(config.server.host, port, (socket) => {
          if (!socket) return reject(new Error(`cannot listen on ${config.server.host}:${port} (in use?)`));
          resolve({
            port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket),
            close: async () => {
              ready = false;
              uWS.us_listen_socket_close(socket);
              inFlight.closing = true;
              const answered = Promise.all([inFlight.idle(), eventSockets.drain()]);
              await Promise.race([answered, sleep(config.server.shutdownGraceMs, undefined, { ref: false })]);
              hub.closeAll();
              eventSockets.closeAll();
              await sleep(CLOSE_FRAMES_MS);
              // Closes every connection left, so the event loop can end. Not in this uWS version's
              // typings; the JavaScript emulation has none (closing its listen socket ended them all).
              (app as unknown as { close?: () => void }).close?.();
            },
          });
        });
      });
    },
    /** markNotReady makes /readyz fail so a load balancer drains this instance first. */
    markNotReady(): void {
      ready = false;
    },
  };
}

async function scopeFigures(readModel: ReadModel, url: string) {
  const scope = decodeURIComponent(url.slice('/v1/metrics/'.length));
  const found = await readModel.scope(scope);
  if (!found) throw new HttpError(404, `unknown scope "${scope}"; scopes look like all, centre:<id>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>`);
  return { body: found };
}
