/**
 * serveRoutes runs a few route-table lines on a real uWS server on 127.0.0.1 (port 0),
 * through the same withRequest wrapper and token check as the app, for tests of one
 * stage's routes without the whole pipeline.
 */
import uWS from 'uWebSockets.js';
import type { Config } from '../config/types.js';
import { Authenticator } from '../platform/http/auth.js';
import type { RateLimits } from '../platform/http/rate-limit.js';
import { withRequest, type Route } from '../platform/http/request.js';
import { quietLogger } from './wait.js';

export interface RouteServer {
  base: string;
  close(): void;
}

/** `limits` enforce the routes' `rateLimit` options, as the app does; without them none is enforced. */
export function serveRoutes(config: Config, routes: Route[], limits?: RateLimits): Promise<RouteServer> {
  const app = uWS.App();
  const auth = new Authenticator(config.auth.tokens);
  for (const [method, pattern, options, handler] of routes) app[method](pattern, withRequest({ auth, logger: quietLogger(), limits }, options, handler));
  return new Promise((resolve, reject) => {
    app.listen('127.0.0.1', 0, (socket) => {
      if (!socket) return reject(new Error('cannot listen'));
      const port = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
      resolve({ base: `http://127.0.0.1:${port}`, close: () => uWS.us_listen_socket_close(socket) });
    });
  });
}
