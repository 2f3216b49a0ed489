/**
 * `POST /v1/login` signs a dispatcher, manager or admin in with a password and answers a
 * session token (rate-limited per client address); `GET /v1/whoami` says who a token is;
 * `GET /v1/login/demo` lists the demo's people whose published passwords still work (none otherwise).
 */
import type { Config } from '../../config/types.js';
import { HttpError } from './errors.js';
import { verifyPassword } from './passwords.js';
import { readJson, type Route } from './request.js';
import type { Sessions } from './sessions.js';
import { ROLES } from '../../config/topology.js';
import { demoSignIns, type DemoSignIn } from './demo-users.js';

// Verifying against a dummy hash when the user is unknown keeps the answer time the same.
const DUMMY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function loginRoutes(config: Config, sessions: Sessions | undefined, clock: () => number = Date.now): Route[] {
  // Checked once, on the first ask: scrypt is slow on purpose.
  let demo: DemoSignIn[] | undefined;
  return [
    ['get', '/v1/login/demo', {}, () => ({ body: { users: sessions ? (demo ??= demoSignIns(config.auth.users)) : [] } })],
    ['post', '/v1/login', { maxBody: 4096, rateLimit: 'login' }, (ctx) => {
      if (!sessions) throw new HttpError(404, 'no users are configured (auth.users); use an API token');
      const { user, password } = readJson(ctx);
      if (typeof user !== 'string' || typeof password !== 'string') throw new HttpError(400, 'send {"user": "…", "password": "…"}');
      const account = config.auth.users.find((u) => u.name === user);
      const ok = verifyPassword(password, account?.password ?? DUMMY) && account !== undefined;
      if (!ok || !account) throw new HttpError(401, 'unknown user or wrong password');
      const { token, expiresAt } = sessions.issue({ name: account.name, role: account.role }, clock());
      return { body: { token, expiresAt, user: account.name, role: account.role } };
    }],
    ['get', '/v1/whoami', { roles: [...ROLES] }, (ctx) => ({ body: ctx.principal })],
  ];
}
