/**
 * A world for plan tests: a fake Twilio REST API and a fake ACD, quick rules and plans,
 * and a server whose Twilio and ACD settings point at the fakes.
 */
import type { Config } from '../../config/types.js';
import { startServer } from '../../main.js';
import { afterAll, beforeAll } from 'vitest';
import { demoConfig, quietLogger, removeKeys, uniquePrefix, writeRulesFolder } from './env.js';
import { quickVoiceRules } from './quick-rules.js';
import { FakeAcd } from '../../testkit/fake-acd.js';
import { FakeTwilio } from '../../testkit/fake-twilio.js';
import { freePort } from '../../testkit/redis-process.js';
import { writeConfig } from '../../testkit/process.js';

export const AUTH_TOKEN = 'test-twilio-auth-token';
export const ACCOUNT = `AC${'0'.repeat(31)}1`;
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const RULES = quickVoiceRules();
export const PLANS = `
plans:
  - name: t-yellow
    level: yellow
    actions:
      - notify: { group: duty-managers, template: level-alert }
  - name: t-orange
    level: orange
    actions:
      - notify: { group: emergency-echelon, template: level-alert }
      - activateSeats: { seatType: home, count: auto, max: 3 }
  - name: t-red
    level: red
    actions:
      - reroute: { queue: voice, share: 30% }
      - banner: { text: "RED: voice re-routed" }
`;

/** CALM_NOTIFY repeats and escalates an alert only after minutes: within a test, each contact gets each alert once. */
export const CALM_NOTIFY = { repeatEverySec: 300, escalateAfterSec: 600 };

export interface SetUpOptions {
  acdUrl?: string;
  redisUrl?: string;
  plans?: string;
  /** Last changes to the server's config (an IVR, customer lists…), before it starts. */
  configure?: (config: Config) => void;
  /** The server's clock (Date.now unless given). */
  clock?: () => number;
}

/** setUp starts the fakes and a server whose plans (PLANS unless given), rules, Twilio and ACD point at them (and at a private Redis, given its URL). */
export async function setUp(prefix: string, notify: { repeatEverySec: number; escalateAfterSec: number }, options: SetUpOptions = {}) {
  const fakeTwilio = await FakeTwilio.start(AUTH_TOKEN);
  const fakeAcd = await FakeAcd.start(SECRET);
  const { dir, plansDir } = writeRulesFolder(RULES, options.plans ?? PLANS);
  const port = await freePort();
  const config = demoConfig(prefix, (c: Config) => {
    c.server.publicUrl = `http://127.0.0.1:${port}`;
    c.rules.dir = dir;
    c.plans.dir = plansDir;
    c.notify = notify;
    c.incidents.quietPeriodSec = 60;
    c.twilio = { accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: fakeTwilio.baseUrl, timeoutMs: 1000, inboundDedupSec: 86_400 };
    c.acd = { endpoints: new Map([['wuhan', { url: options.acdUrl ?? fakeAcd.url, secret: SECRET }]]), timeoutMs: 1000 };
    if (options.redisUrl) c.redis.url = options.redisUrl;
    options.configure?.(c);
  });
  const server = await startServer(config, quietLogger(), { port, jobBackoffMs: 100, clock: options.clock });
  return { fakeTwilio, fakeAcd, server, config, base: `http://127.0.0.1:${server.port}` };
}

export const phoneOf = (config: Config, id: string) => config.contacts.find((c) => c.id === id)!.phone;

export function traffic(prefix: string) {
  let queued = 0;
  let answered = 0;
  const line = (o: object) => JSON.stringify({ ts: Date.now(), centre: 'wuhan', queue: 'voice', ...o });
  return {
    queue: (n: number) => Array.from({ length: n }, () => line({ id: `${prefix}-q${++queued}`, type: 'contact.queued', contactId: `k${queued}`, media: 'voice' })).join('\n'),
    answer: (n: number) => Array.from({ length: n }, () => line({ id: `${prefix}-a${++answered}`, type: 'contact.answered', contactId: `k${answered}`, agentId: 'a1' })).join('\n'),
    // Idle agents elsewhere give the re-routing somewhere to send calls.
    spare: () =>
      ['hangzhou', 'shanghai']
        .flatMap((centre) => Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `${prefix}-${centre}-ag${i}`, type: 'agent.state', ts: Date.now(), centre, agentId: `${centre}-${i}`, state: 'available', seatType: 'onsite', skills: ['voice'] })))
        .join('\n'),
  };
}

export type PlanWorld = Awaited<ReturnType<typeof setUp>>;

export async function tearDown(world: PlanWorld | undefined, prefix: string): Promise<void> {
  await world?.server.stop();
  await world?.fakeTwilio.close();
  await world?.fakeAcd.close();
  await removeKeys(prefix);
}

/**
 * usePlanWorld sets up a plan world with its own prefix (named after `name`) before the tests
 * of the describe block it is called in, and tears it down after them. `world` is filled in
 * by the time the tests run; `options` may be computed then.
 */
export function usePlanWorld(name: string, notify = CALM_NOTIFY, options: SetUpOptions | (() => Promise<SetUpOptions>) = {}) {
  const prefix = uniquePrefix(name);
  const world = {} as PlanWorld;
  let started: PlanWorld | undefined;
  beforeAll(async () => {
    started = await setUp(prefix, notify, typeof options === 'function' ? await options() : options);
    Object.assign(world, started);
  });
  afterAll(() => tearDown(started, prefix));
  return { prefix, world };
}

/** processConfig writes a config file for `surge start` processes: this prefix, rules and plans, Twilio and (if given) the ACD at the fakes, then `changes`. */
export function processConfig(prefix: string, folder: { dir: string; plansDir: string }, fakes: { twilio: FakeTwilio; acd?: FakeAcd; acdTimeoutMs?: number }, changes: [path: string[], value: unknown][] = []): string {
  const acd: [path: string[], value: unknown][] = fakes.acd ? [[['acd'], { wuhan: { url: fakes.acd.url, secret: SECRET }, timeoutMs: fakes.acdTimeoutMs ?? 2000 }]] : [];
  return writeConfig([
    [['redis', 'prefix'], prefix],
    [['rules', 'dir'], folder.dir],
    [['plans', 'dir'], folder.plansDir],
    [['twilio'], { accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: fakes.twilio.baseUrl, timeoutMs: 2000 }],
    ...acd,
    ...changes,
  ]);
}
