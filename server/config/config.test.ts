/** The config schema: defaults, every section's mistakes at file:line:col, unknown keys with a suggestion, environment overrides. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusedWith } from '../test/support/config-problems.js';
import { parseConfig } from './load.js';
import type { Config } from './types.js';

// Four lines: the one centre every config needs; sections under test start at line 5.
const BASE = `centres:
  - id: hangzhou
    timezone: Asia/Shanghai
    queues: [{ id: voice, media: voice }]
`;

const problems = (text: string, env: Record<string, string> = {}) => refusedWith(() => parseConfig(text, 'c.yaml', env));

describe('parseConfig', () => {
  it('gives every key its documented default', () => {
    const config: Config = parseConfig(BASE, 'c.yaml');
    expect(config).toEqual({
      source: 'c.yaml',
      server: { host: '0.0.0.0', port: 8080, publicUrl: 'http://localhost:8080', allowUwsEmulation: false, shutdownGraceMs: 2000, pipelinePartitions: 'whole' },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'surge', ackReplicas: 0, ackTimeoutMs: 1000 },
      ingest: { maxBodyBytes: 1_048_576, maxRejectionsListed: 20, dedupTtlSec: 90_000, maxFutureSkewSec: 300, maxAgeSec: 86_400, socketReplyBufferBytes: 1_048_576 },
      limits: { ingest: { perSec: 50_000, burst: 100_000 }, login: { perSec: 1, burst: 10 }, loginPerUser: { perSec: 0.2, burst: 5 }, loginsInFlight: 2, bodyBytesInFlight: 64 * 1024 * 1024 },
      metrics: { pushIntervalMs: 250, evaluateIntervalMs: 100, checkpointMs: 250, bucketSec: 10, staleContactSec: 14_400, stalePortSec: 86_400, streamRetentionSec: 86_400, historyRetentionSec: 2_592_000 },
      costs: {
        currency: 'CNY',
        channels: Object.fromEntries(['voice', 'chat', 'email', 'sms', 'video', 'social', 'ivr', 'web'].map((c) => [c, { perMinute: 0, perContact: 0 }])),
      },
      fcr: { repeatWindowSec: 259_200, maxCustomers: 200_000 },
      live: { resync: { perSec: 0.2, burst: 5 } },
      screens: { halls: {}, goals: {} },
      simulate: 'off',
      rules: { dir: 'rules' },
      incidents: { quietPeriodSec: 300 },
      retention: { incidentDays: 90, auditDays: 400, everySec: 3600 },
      freshness: { silentAfterSec: 60 },
      auth: { tokens: [], users: [], sessionSecret: null, sessionTtlSec: 28_800 },
      centres: [
        {
          id: 'hangzhou',
          name: 'hangzhou',
          timezone: 'Asia/Shanghai',
          region: 'hangzhou',
          queues: [{ id: 'voice', name: 'voice', media: 'voice', serviceLevel: { target: 0.8, thresholdSec: 20, formula: 'standard' }, shortAbandonSec: 5, defaultAhtSec: 300 }],
          silentAfterSec: 60,
          openingHours: null,
          sources: {},
        },
      ],
      contacts: [],
      groups: {},
      groupLocales: {},
      locale: 'en',
      rosters: { hangzhou: { home: [], backup: [], phone_im: [] } },
      notify: { repeatEverySec: 300, escalateAfterSec: 600 },
      // parseConfig reads no file: withTemplates (in loadConfig) fills the templates.
      plans: { dir: 'alerts/plans', templatesDir: 'alerts/templates', templates: {} },
      adapters: {},
      twilio: undefined,
      acd: undefined,
      ivr: undefined,
      // withCustomerLists (in loadConfig) fills the lists and the opt-outs.
      remind: { ratePerSec: 10, maxRecipients: 5000, listsDir: 'alerts/lists', optOutFile: null, lists: {}, optOut: new Set() },
    });
  });

  it('gives email queues their own defaults, and hashes a demo token', () => {
    const config = parseConfig(`${BASE}    queues: [{ id: mail, media: email }]\nauth: { tokens: [{ name: wall, role: display, token: demo-display-token }] }\n`.replace('    queues: [{ id: voice, media: voice }]\n', ''), 'c.yaml');
    expect(config.centres[0]?.queues[0]).toMatchObject({ serviceLevel: { thresholdSec: 3600 }, defaultAhtSec: 600 });
    expect(config.auth.tokens).toEqual([{ name: 'wall', role: 'display', sha256: createHash('sha256').update('demo-display-token').digest('hex') }]);
  });

  it('reads a centre’s freshness: its own silence limit, its sources’, its opening hours', () => {
    const config = parseConfig(
      `${BASE}    silentAfterSec: 90
    openingHours: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00" }
    sources: { cti-bridge: { silentAfterSec: 30 }, ivr: {} }
  - id: wuhan
    queues: [{ id: voice, media: voice }]
freshness: { silentAfterSec: 120 }
`,
      'c.yaml',
    );
    expect(config.centres.map((c) => [c.id, c.silentAfterSec, c.openingHours, c.sources])).toEqual([
      ['hangzhou', 90, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '20:00' }, { 'cti-bridge': { silentAfterSec: 30 }, ivr: { silentAfterSec: 90 } }],
      ['wuhan', 120, null, {}],
    ]);
  });

  it('reads the panorama’s settings: region, costs per channel, the repeat window', () => {
    const config = parseConfig(
      `${BASE.replace('timezone: Asia/Shanghai', 'timezone: Asia/Shanghai\n    region: east')}costs: { currency: USD, channels: { voice: { perMinute: 0.5 }, ivr: { perContact: 0.018 } } }\nfcr: { repeatWindowSec: 86400 }\n`,
      'c.yaml',
    );
    expect(config.centres[0]!.region).toBe('east');
    expect(config.costs.currency).toBe('USD');
    expect(config.costs.channels.voice).toEqual({ perMinute: 0.5, perContact: 0 });
    expect(config.costs.channels.ivr).toEqual({ perMinute: 0, perContact: 0.018 });
    expect(config.fcr).toEqual({ repeatWindowSec: 86_400, maxCustomers: 200_000 });
    expect(problems(`${BASE}costs: { currency: yuan, channels: { fax: {}, chat: { perContact: -1 } } }\nfcr: { repeatWindowSec: 60 }\n`)).toEqual([
      'c.yaml:5:20: costs.currency: must be a three-letter ISO 4217 currency code such as CNY',
      'c.yaml:5:38: costs.channels.fax: unknown key (allowed: voice, chat, email, sms, video, social, ivr, web)',
      'c.yaml:5:67: costs.channels.chat.perContact: must be a number from 0 to 1000000',
      'c.yaml:6:25: fcr.repeatWindowSec: must be a whole number from 3600 to 2592000',
    ]);
  });

  it('refuses an unknown key at any level, at the key, with the key it was meant to be', () => {
    expect(problems(`${BASE}incidnets: { quietPeriodSec: 60 }\nmetrics:\n  pushIntervalMS: 100\n`)).toEqual([
      'c.yaml:5:1: incidnets: unknown key (did you mean incidents?)',
      'c.yaml:7:3: metrics.pushIntervalMS: unknown key (did you mean pushIntervalMs?)',
    ]);
    expect(problems(`${BASE.replace('media: voice }', 'media: voice, serviceLevel: { tresholdSec: 30 } }')}`)).toEqual([
      'c.yaml:4:57: centres[0].queues[0].serviceLevel.tresholdSec: unknown key (did you mean thresholdSec?)',
    ]);
    expect(problems(`${BASE}limits: { ingest: { perSecond: 5 } }\nadapters: { asterisk: { queue: {} } }\n`)).toEqual([
      'c.yaml:5:21: limits.ingest.perSecond: unknown key (did you mean perSec?)',
      'c.yaml:6:25: adapters.asterisk.queue: unknown key (did you mean queues?)',
    ]);
  });

  it('quotes a key that is not a plain word, so no message carries raw control characters', () => {
    // Found by the property test: a vertical tab before a comment makes the line a key.
    expect(problems(`\u000b# a note: about this file\n${BASE}`)).toEqual(['c.yaml:1:1: ["\\u000b# a note"]: unknown key']);
  });

  // Each section's typical mistake, appended at line 5.
  it.each([
    ['server: { port: 80800 }', 'c.yaml:5:17: server.port: must be a whole number from 0 to 65535'],
    ['server: [8080]', 'c.yaml:5:9: server: must be a mapping'],
    ['redis: { url: "" }', 'c.yaml:5:15: redis.url: must be a non-empty string'],
    ['ingest: { dedupTtlSec: 3600 }', 'c.yaml:5:24: ingest.dedupTtlSec: must be a whole number from 86400 to 2592000'],
    ['limits: { login: { burst: 0.5 } }', 'c.yaml:5:27: limits.login.burst: must be a whole number from 1 to 10000000'],
    ['limits: { bodyBytesInFlight: 1048576 }\ningest: { maxBodyBytes: 2097152 }', 'c.yaml:5:30: limits.bodyBytesInFlight: must be at least ingest.maxBodyBytes (2097152)'],
    ['metrics: { bucketSec: ten }', 'c.yaml:5:23: metrics.bucketSec: must be a whole number from 1 to 60'],
    ['simulate: busy', 'c.yaml:5:11: simulate: must be one of off, normal, surge, outage'],
    ['rules: { dir: 7 }', 'c.yaml:5:15: rules.dir: must be a non-empty string'],
    ['incidents: { quietPeriodSec: -1 }', 'c.yaml:5:30: incidents.quietPeriodSec: must be a whole number from 0 to 86400'],
    ['retention: { incidentDays: 100, auditDays: 50 }', 'c.yaml:5:44: retention.auditDays: must be at least incidentDays (100): the audit is kept longest'],
    ['freshness: { silentAfterSec: 0 }', 'c.yaml:5:30: freshness.silentAfterSec: must be a whole number from 1 to 86400'],
    ['auth: { tokens: [{ name: x, role: root, token: long-enough }] }', 'c.yaml:5:35: auth.tokens[0].role: must be one of ingest, acd, display, dispatcher, manager, admin'],
    ['auth: { tokens: [{ name: x, role: acd }] }', 'c.yaml:5:18: auth.tokens[0]: needs `sha256` (hex SHA-256 of the token) or a `token` of at least 8 characters'],
    ['auth: { sessionSecret: sixteen-chars-or-more, users: [{ name: dana, role: dispatcher, password: secret }] }', 'c.yaml:5:97: auth.users[0].password: must be a scrypt hash: make one with `surge hash-password`'],
    ['contacts: [{ id: a, phone: "555" }]', 'c.yaml:5:28: contacts[0].phone: "555" is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")'],
    ['notify: { escalateAfterSec: 5 }', 'c.yaml:5:29: notify.escalateAfterSec: must be a whole number from 30 to 86400'],
    ['plans: { dir: "" }', 'c.yaml:5:15: plans.dir: must be a non-empty string'],
    ['adapters: { asterisk: { centre: atlantis } }', 'c.yaml:5:33: adapters.asterisk.centre: unknown centre "atlantis" (centres: hangzhou)'],
    ['twilio: { accountSid: AC0123456789abcdef0123456789abcdef, authToken: t, from: "+15005550006", timeoutMs: 50 }', 'c.yaml:5:106: twilio.timeoutMs: must be a whole number from 100 to 120000'],
    ['acd: { timeoutMs: 10 }', 'c.yaml:5:19: acd.timeoutMs: must be a whole number from 100 to 60000'],
  ])('%s', (section, message) => {
    expect(problems(`${BASE}${section}\n`)).toEqual([message]);
  });

  it.each([
    ['no centres', 'server: {}\n', ['c.yaml:1:1: centres: at least one centre is required']],
    ['a queue without media', BASE.replace('media: voice', 'name: Voice'), ['c.yaml:4:14: centres[0].queues[0].media: is required']],
    ['a time zone', BASE.replace('Asia/Shanghai', 'Asia/Hangzhou'), ['c.yaml:3:15: centres[0].timezone: "Asia/Hangzhou" is not an IANA time zone']],
    ['a queue listed twice', BASE.replace('queues: [{ id: voice, media: voice }]', 'queues: [{ id: voice, media: voice }, { id: voice, media: chat }]'), ['c.yaml:4:13: centres[0].queues: duplicate queue id "voice"']],
    ['opening hours', `${BASE}    openingHours: { days: [monday], from: "8:00", to: "20:00" }\n`, [
      'c.yaml:5:28: centres[0].openingHours.days[0]: must be one of mon, tue, wed, thu, fri, sat, sun',
      'c.yaml:5:43: centres[0].openingHours.from: must be a time of day "HH:MM"',
    ]],
    ['a source', `${BASE}    sources: { ivr: { silentAfter: 30 } }\n`, ['c.yaml:5:23: centres[0].sources.ivr.silentAfter: unknown key (did you mean silentAfterSec?)']],
    ['a YAML syntax error', `${BASE}server: { port: 80\n`, [expect.stringMatching(/^c\.yaml:6:1: /)]],
    ['a document that is not a mapping', '- centres\n', ['c.yaml:1:1: (top): must be a mapping']],
  ])('names %s at its line', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('lists every problem of every section in one pass, in file order', () => {
    expect(problems(`${BASE}simulate: fast\nmetrics: { pushIntervalMs: 1, bucketsec: 5 }\nserver: { prot: 80 }\n`)).toEqual([
      'c.yaml:5:11: simulate: must be one of off, normal, surge, outage',
      'c.yaml:6:28: metrics.pushIntervalMs: must be a whole number from 50 to 10000',
      'c.yaml:6:31: metrics.bucketsec: unknown key (did you mean bucketSec?)',
      'c.yaml:7:11: server.prot: unknown key (did you mean port?)',
    ]);
  });

  it('takes PORT, REDIS_URL and SURGE_SIMULATE from the environment over the file', () => {
    const config = parseConfig(`${BASE}server: { port: 9000 }\nsimulate: surge\n`, 'c.yaml', { PORT: '7000', REDIS_URL: 'redis://r:6380', SURGE_SIMULATE: 'off' });
    expect([config.server.port, config.server.publicUrl, config.redis.url, config.simulate]).toEqual([7000, 'http://localhost:7000', 'redis://r:6380', 'off']);
    expect(problems(BASE, { PORT: '80a', SURGE_SIMULATE: 'loud' })).toEqual([
      'environment: PORT: "80a" must be a port number 0–65535',
      'environment: SURGE_SIMULATE: must be one of off, normal, surge, outage',
    ]);
  });

  it('takes a Cluster or Sentinel URL and names what is wrong with a bad one, file or environment', () => {
    const url = (text: string, env: Record<string, string> = {}) => parseConfig(`${BASE}${text}`, 'c.yaml', env).redis.url;
    expect(url('redis: { url: "redis+cluster://a:7000,b:7001" }\n')).toBe('redis+cluster://a:7000,b:7001');
    expect(url('', { REDIS_URL: 'redis+sentinel://s1:26379,s2:26379/mymaster' })).toBe('redis+sentinel://s1:26379,s2:26379/mymaster');
    expect(url('', { REDIS_URL: '' })).toBe('redis://127.0.0.1:6379');
    expect(problems(`${BASE}redis: { url: "redis+sentinel://s1:26379" }\n`)).toEqual([
      expect.stringMatching(/^c\.yaml:\d+:\d+: redis\.url: "redis\+sentinel:\/\/s1:26379": a Sentinel URL names the master after the hosts/),
    ]);
    expect(problems(BASE, { REDIS_URL: 'localhost:6379' })).toEqual([expect.stringMatching(/^environment: REDIS_URL: "localhost:6379" is not a Redis URL/)]);
  });

  it('takes redis.ackReplicas from the file or SURGE_REDIS_ACK_REPLICAS, the environment winning', () => {
    const replicas = (text: string, env: Record<string, string> = {}) => parseConfig(`${BASE}${text}`, 'c.yaml', env).redis.ackReplicas;
    expect([replicas(''), replicas('redis: { ackReplicas: 2 }\n'), replicas('redis: { ackReplicas: 2 }\n', { SURGE_REDIS_ACK_REPLICAS: '1' })]).toEqual([0, 2, 1]);
    expect(problems(BASE, { SURGE_REDIS_ACK_REPLICAS: 'all' })).toEqual(['environment: SURGE_REDIS_ACK_REPLICAS: "all" must be a whole number of replicas 0–16']);
  });

  it('takes server.pipelinePartitions from the file or SURGE_PIPELINE_PARTITIONS, the environment winning', () => {
    const partitions = (text: string, env: Record<string, string> = {}) => parseConfig(`${BASE}${text}`, 'c.yaml', env).server.pipelinePartitions;
    expect([partitions(''), partitions('server: { pipelinePartitions: centres }\n'), partitions('server: { pipelinePartitions: centres }\n', { SURGE_PIPELINE_PARTITIONS: 'whole' })]).toEqual(['whole', 'centres', 'whole']);
    expect(problems(BASE, { SURGE_PIPELINE_PARTITIONS: 'queues' })).toEqual(['environment: SURGE_PIPELINE_PARTITIONS: must be one of whole, centres']);
  });

  it('allows the uWebSockets.js emulation from the file or SURGE_ALLOW_UWS_EMULATION, the environment winning', () => {
    const allowed = (text: string, env: Record<string, string> = {}) => parseConfig(`${BASE}${text}`, 'c.yaml', env).server.allowUwsEmulation;
    expect([allowed(''), allowed('server: { allowUwsEmulation: true }\n')]).toEqual([false, true]);
    expect([allowed('', { SURGE_ALLOW_UWS_EMULATION: '1' }), allowed('', { SURGE_ALLOW_UWS_EMULATION: 'true' })]).toEqual([true, true]);
    expect([allowed('server: { allowUwsEmulation: true }\n', { SURGE_ALLOW_UWS_EMULATION: '0' }), allowed('', { SURGE_ALLOW_UWS_EMULATION: '' })]).toEqual([false, false]);
    expect(problems(BASE, { SURGE_ALLOW_UWS_EMULATION: 'yes' })).toEqual(['environment: SURGE_ALLOW_UWS_EMULATION: must be 1 or 0']);
    expect(problems(`${BASE}server: { allowUwsEmulation: 1 }\n`)).toEqual(['c.yaml:5:30: server.allowUwsEmulation: must be true or false']);
  });

  it('takes a secret from the environment variable the file names', () => {
    const text = `${BASE}auth: { users: [{ name: dana, role: dispatcher, password: "scrypt$16384$8$1$k8xFGAN5o/TYHCd+xB3Aeg==$tJjzdbaFPNK20xYH1+SSW3lpO0hRBXnj6QsprX1e0u8=" }], sessionSecretEnv: SESSION }\n`;
    expect(parseConfig(text, 'c.yaml', { SESSION: 'sixteen-chars-or-more' }).auth.sessionSecret).toBe('sixteen-chars-or-more');
    expect(problems(text)).toEqual(['c.yaml:5:170: auth.sessionSecretEnv: environment variable SESSION is not set', 'c.yaml:5:170: auth.sessionSecretEnv: users need a session secret of at least 16 characters (the same on every instance)']);
  });

  it('counts an empty value (`key:`) as absent', () => {
    const config = parseConfig(`${BASE}server:\ntwilio:\n`, 'c.yaml');
    expect([config.server.port, config.twilio]).toEqual([8080, undefined]);
  });
});
