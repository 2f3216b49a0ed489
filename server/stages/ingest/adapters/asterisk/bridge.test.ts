import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, quietLogger, removeKeys, TOKENS, uniquePrefix, useServer, waitUntil } from '../../../../test/support/env.js';
import { SurgeProcess, writeConfig } from '../../../../testkit/process.js';
import { freePort } from '../../../../testkit/redis-process.js';
import { ami, amiChannel } from '../../../../testkit/adapters/ami-events.js';
import { FakeAmi } from '../../../../testkit/adapters/fake-ami.js';
import { figuresWhen, parseAdaptersYaml, withAdapters } from '../../../../test/support/adapters.js';
import { startAsteriskBridge, type RunningBridge } from './bridge.js';

const CREDENTIALS = { username: 'surge', secret: 'amp111' };
// Heartbeats only in the test about them: elsewhere they would add to the counts checked.
const FAST = { amiBackoff: { firstMs: 20, maxMs: 100 }, ingestBackoff: { firstMs: 20, maxMs: 200 }, heartbeatEveryMs: 3_600_000 };

function mappingFor(centre: string, extra = '') {
  return parseAdaptersYaml(
    `
adapters:
  asterisk:
    centre: ${centre}
    queues: { support: ${centre}/voice, sales: ${centre}/chat }
    agents: { PJSIP/1001: { agent: ${centre}-1001, seatType: home } }
${extra}`,
    demoConfig('unused').centres,
  ).asterisk!;
}

let fake: FakeAmi;
let bridge: RunningBridge | undefined;
beforeAll(async () => {
  fake = await FakeAmi.start(CREDENTIALS);
});
afterEach(async () => {
  await bridge?.stop(100);
  bridge = undefined;
});
afterAll(async () => {
  await fake.close();
});

describe('Asterisk AMI bridge', () => {
  const server = useServer('asterisk', withAdapters(''));

  it('forwards queue events, and survives a connection dropped mid-message without losing or doubling any', async () => {
    fake.queueStatus = [ami.member('QueueMember', 'support', 'PJSIP/1001', { Status: '1' }), ami.member('QueueMember', 'sales', 'PJSIP/1001', { Status: '1' })];
    const logins = fake.logins;
    bridge = startAsteriskBridge({ ami: { host: '127.0.0.1', port: fake.port, ...CREDENTIALS }, target: server.base, token: TOKENS.ingest, mapping: mappingFor('hangzhou'), logger: quietLogger(), ...FAST });
    await fake.waitForLogins(logins + 1);
    const queueStatuses = () => fake.actions.filter((a) => a.Action === 'QueueStatus').length;
    const before = queueStatuses();
    await waitUntil(() => queueStatuses() > before || undefined, 'the bridge asking for QueueStatus after logging in');

    fake.send(ami.join('support', '1700000001.1'), ami.join('support', '1700000001.2'), ami.join('sales', '1700000001.3'));
    // Asterisk's own view once the call is up: QueueStatus after the reconnect reports the member in use.
    fake.queueStatus = fake.queueStatus.map((member) => ({ ...member, Status: '2' }));
    fake.dropMidMessage(ami.connect('support', '1700000001.1', 'PJSIP/1001', { HoldTime: '8' }), 120);
    await fake.waitForLogins(logins + 2);

    // After the reconnect Asterisk's stream goes on; the caller that joined before the drop is seen again.
    fake.send(
      ami.connect('support', '1700000001.1', 'PJSIP/1001', { HoldTime: '8' }),
      ami.join('support', '1700000001.2'),
      ami.abandon('support', '1700000001.2', { HoldTime: '25' }),
      ami.leave('support', '1700000001.2'),
      ami.member('QueueMemberStatus', 'support', 'PJSIP/1001', { Status: '2' }),
      ami.complete('support', '1700000001.1', 'PJSIP/1001', { HoldTime: '8', TalkTime: '95' }),
    );

    const voice = await figuresWhen(server.base, 'queue:hangzhou/voice', (f) => f.windows['15m'].ahtSec !== null && f.windows['15m'].abandoned === 1 && f.agents.onContact === 1, 'AMI traffic applied');
    expect(voice.windows['15m']).toMatchObject({ offered: 2, answered: 1, abandoned: 1, asaSec: 8, ahtSec: 95 });
    expect(voice.waiting).toBe(0);
    expect(voice.agents.bySeatType.home?.staffed).toBe(1);
    const chat = await figuresWhen(server.base, 'queue:hangzhou/chat', (f) => f.agents.onContact === 1, 'member counted in both its queues');
    expect(chat).toMatchObject({ waiting: 1 });
    expect(chat.windows['15m'].offered).toBe(1);

    await waitUntil(() => bridge!.stats().pending === 0, 'bridge drained');
    const stats = bridge.stats();
    expect(stats.amiLogins).toBe(2);
    expect(stats.duplicates).toBeGreaterThanOrEqual(1);
    expect(stats.ignored).toMatchObject({ QueueCallerLeave: 1 });
    expect(queueStatuses()).toBe(before + 2);
    // Every event came as the bridge's own: the centre knows the source `asterisk`, not `ingest`.
    const centre = await figuresWhen(server.base, 'centre:hangzhou', (f) => f.freshness?.sources.asterisk !== undefined, 'the asterisk source known');
    expect(Object.keys(centre.freshness!.sources)).toEqual(['asterisk']);
  });

  it('sends source.heartbeat for a quiet centre while logged in to AMI, and none while AMI is unreachable', async () => {
    const heartbeat = { ...FAST, heartbeatEveryMs: 200 };
    const unreachable = startAsteriskBridge({ ami: { host: '127.0.0.1', port: await freePort(), ...CREDENTIALS }, target: server.base, token: TOKENS.ingest, mapping: mappingFor('shanghai'), logger: quietLogger(), ...heartbeat });
    const logins = fake.logins;
    bridge = startAsteriskBridge({ ami: { host: '127.0.0.1', port: fake.port, ...CREDENTIALS }, target: server.base, token: TOKENS.ingest, mapping: mappingFor('wuhan'), logger: quietLogger(), ...heartbeat });
    await fake.waitForLogins(logins + 1);
    const first = await figuresWhen(server.base, 'centre:wuhan', (f) => (f.freshness?.sources.asterisk?.lastEventAt ?? 0) > 0, 'a heartbeat from the quiet bridge');
    const later = await figuresWhen(server.base, 'centre:wuhan', (f) => (f.freshness?.lastEventAt ?? 0) > first.freshness!.lastEventAt!, 'the next heartbeat');
    expect(later.freshness!.sources.asterisk!.lastEventAt).toBe(later.freshness!.lastEventAt);
    expect(bridge.stats().rejected).toBe(0);
    // Past several heartbeat intervals, the bridge that never reached AMI has sent nothing.
    expect(unreachable.stats()).toMatchObject({ accepted: 0, pending: 0 });
    expect((await figuresWhen(server.base, 'centre:shanghai', () => true, 'figures')).freshness?.lastEventAt).toBeNull();
    await unreachable.stop(100);
  });

  it('stops with the reason when Asterisk refuses the login', async () => {
    bridge = startAsteriskBridge({ ami: { host: '127.0.0.1', port: fake.port, username: 'surge', secret: 'wrong' }, target: server.base, token: TOKENS.ingest, mapping: mappingFor('hangzhou'), logger: quietLogger(), ...FAST });
    const error = await bridge.failed;
    expect(error.message).toMatch(/refused the AMI login for "surge": Authentication failed/);
    expect(bridge.stats().amiLogins).toBe(0);
  });

  it('follows callers through the IVR, reading headers in whatever case the PBX writes them', async () => {
    const logins = fake.logins;
    fake.queueStatus = [];
    bridge = startAsteriskBridge({ ami: { host: '127.0.0.1', port: fake.port, ...CREDENTIALS }, target: server.base, token: TOKENS.ingest, mapping: mappingFor('wuhan', '    ivrContexts: [ivr-main]\n'), logger: quietLogger(), ...FAST });
    await fake.waitForLogins(logins + 1);
    expect(fake.actions.filter((a) => a.Action === 'Login').at(-1)).toMatchObject({ Events: 'agent,call,dialplan' });

    const shouting = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toUpperCase(), k === 'Event' ? v.toUpperCase() : v]));
    const whispering = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), k === 'Event' ? v.toLowerCase() : v]));
    fake.send(
      whispering(amiChannel.newexten('1700000003.1', 'ivr-main')),
      shouting(ami.join('support', '1700000003.1')),
      whispering(ami.abandon('support', '1700000003.1', { HoldTime: '31' })),
      shouting(amiChannel.hangup('1700000003.1')),
      amiChannel.newexten('1700000003.2', 'ivr-main'),
      whispering(amiChannel.hangup('1700000003.2')),
    );
    // entered, queued + transferred, abandoned; entered, ended.
    await waitUntil(() => bridge!.stats().accepted === 6 || undefined, 'IVR and queue events delivered');
    expect(bridge.stats()).toMatchObject({ accepted: 6, rejected: 0, pending: 0 });
    const voice = await figuresWhen(server.base, 'queue:wuhan/voice', (f) => f.windows['15m'].abandoned === 1, 'the abandon applied');
    expect(voice.windows['15m']).toMatchObject({ offered: 1, abandoned: 1 });
  });
});

describe('Asterisk AMI bridge while the server is down or restarting', () => {
  const prefix = uniquePrefix('asterisk-down');
  let server: SurgeProcess | undefined;
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await removeKeys(prefix);
  });

  it('holds events until the server is back, and delivers each once', async () => {
    const configFile = writeConfig([[['redis', 'prefix'], prefix]]);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const logins = fake.logins;
    fake.queueStatus = [];
    bridge = startAsteriskBridge({ ami: { host: '127.0.0.1', port: fake.port, ...CREDENTIALS }, target: base, token: TOKENS.ingest, mapping: mappingFor('wuhan'), logger: quietLogger(), ...FAST });
    await fake.waitForLogins(logins + 1);

    fake.send(ami.join('support', '1700000002.1'), ami.join('support', '1700000002.2'));
    await waitUntil(() => bridge!.stats().retries >= 2 || undefined, 'the bridge retrying while nothing listens');
    expect(bridge.stats().pending).toBe(2);

    server = await SurgeProcess.start(configFile, {}, port);
    await figuresWhen(base, 'queue:wuhan/voice', (f) => f.windows['15m'].offered === 2, 'held events delivered');

    // A restart: what Asterisk reports while the server is gone arrives after it, nothing twice.
    await server.kill('SIGTERM');
    const retries = bridge.stats().retries;
    fake.send(ami.connect('support', '1700000002.1', 'PJSIP/1001', { HoldTime: '4' }), ami.abandon('support', '1700000002.2', { HoldTime: '9' }));
    await waitUntil(() => bridge!.stats().retries > retries || undefined, 'events held during the restart');
    server = await SurgeProcess.start(configFile, {}, port);
    const voice = await figuresWhen(base, 'queue:wuhan/voice', (f) => f.windows['15m'].abandoned === 1 && f.windows['15m'].answered === 1, 'events from the restart window');
    expect(voice.windows['15m']).toMatchObject({ offered: 2, answered: 1, abandoned: 1, asaSec: 4 });
    expect(bridge.stats()).toMatchObject({ accepted: 4, duplicates: 0, rejected: 0, dropped: 0, pending: 0 });
  }, 60_000);
});
