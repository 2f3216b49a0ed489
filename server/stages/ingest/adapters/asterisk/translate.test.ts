import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../../../test/support/env.js';
import { ami } from '../../../../testkit/adapters/ami-events.js';
import { parseAdaptersYaml } from '../../../../test/support/adapters.js';
import { AmiParser, formatAction } from './ami-protocol.js';
import { Memberships } from './memberships.js';
import { translateAmiEvent } from './translate.js';

const mapping = parseAdaptersYaml(
  `
adapters:
  asterisk:
    centre: wuhan
    queues: { support: wuhan/voice, vip: hangzhou/voice-vip }
    agents: { PJSIP/2001: { agent: wh-2001, seatType: backup } }
`,
  demoConfig('unused').centres,
).asterisk!;
const T = 1_795_400_000_000;
const noQueues = { receivedAt: T, queuesOf: () => [] };

describe('AmiParser', () => {
  it('reads the banner, then messages split anywhere, with CRLF or bare LF', () => {
    const parser = new AmiParser();
    const text = 'Asterisk Call Manager/5.0.1\r\nResponse: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\nEvent: QueueCallerJoin\nQueue: support\nUniqueid: 17.1\n\n';
    const frames = [...text].flatMap((ch) => parser.push(ch));
    expect(frames).toEqual([
      { kind: 'banner', version: '5.0.1' },
      { kind: 'message', fields: { Response: 'Success', ActionID: '1', Message: 'Authentication accepted' } },
      { kind: 'message', fields: { Event: 'QueueCallerJoin', Queue: 'support', Uniqueid: '17.1' } },
    ]);
  });

  it('keeps an unfinished message until its blank line, and refuses a server that is not AMI', () => {
    const parser = new AmiParser();
    expect(parser.push('Asterisk Call Manager/2.10.6\r\nEvent: AgentConnect\r\nQueue: sup')).toEqual([{ kind: 'banner', version: '2.10.6' }]);
    expect(parser.push('port\r\n\r\n')).toEqual([{ kind: 'message', fields: { Event: 'AgentConnect', Queue: 'support' } }]);
    expect(() => new AmiParser().push('SSH-2.0-OpenSSH_9.6\r\n')).toThrow(/not an Asterisk Manager Interface/);
  });

  it('writes actions as AMI text', () => {
    expect(formatAction({ Action: 'Login', Username: 'surge', Secret: 'x\r\ny' })).toBe('Action: Login\r\nUsername: surge\r\nSecret: x y\r\n\r\n');
  });
});

describe('translateAmiEvent', () => {
  it.each([
    [ami.join('support', '17.1'), { id: 'asterisk:17.1:queued:wuhan:voice', type: 'contact.queued', ts: T, centre: 'wuhan', contactId: '17.1', queue: 'voice', media: 'voice' }],
    [ami.join('vip', '17.2', { Timestamp: '1795399999.250000' }), { id: 'asterisk:17.2:queued:hangzhou:voice-vip', type: 'contact.queued', ts: T - 750, centre: 'hangzhou', contactId: '17.2', queue: 'voice-vip', media: 'voice' }],
    [ami.join('billing', '17.3'), { id: 'asterisk:17.3:queued:wuhan:billing', type: 'contact.queued', ts: T, centre: 'wuhan', contactId: '17.3', queue: 'billing', media: 'voice' }],
    [ami.entry('support', '17.1', 30), { id: 'asterisk:17.1:queued:wuhan:voice', type: 'contact.queued', ts: T - 30_000, centre: 'wuhan', contactId: '17.1', queue: 'voice', media: 'voice' }],
    [ami.connect('support', '17.1', 'PJSIP/2001', { HoldTime: '12' }), { id: 'asterisk:17.1:answered:wuhan:voice', type: 'contact.answered', ts: T, centre: 'wuhan', contactId: '17.1', queue: 'voice', agentId: 'wh-2001', waitSec: 12 }],
    [ami.abandon('support', '17.4', { HoldTime: '40' }), { id: 'asterisk:17.4:abandoned:wuhan:voice', type: 'contact.abandoned', ts: T, centre: 'wuhan', contactId: '17.4', queue: 'voice', waitSec: 40 }],
    [ami.complete('support', '17.1', 'PJSIP/2001', { TalkTime: '180' }), { id: 'asterisk:17.1:completed:wuhan:voice', type: 'contact.completed', ts: T, centre: 'wuhan', contactId: '17.1', queue: 'voice', agentId: 'wh-2001', handleSec: 180 }],
  ])('%o', (event, expected) => {
    expect(translateAmiEvent(event, mapping, noQueues)).toEqual({ events: [expected], ignored: {}, unmapped: {} });
  });

  it('reads member device states and pauses, with skills from every queue the member is in', () => {
    const memberships = new Memberships();
    memberships.observe(ami.member('QueueMember', 'support', 'PJSIP/3001'));
    memberships.observe(ami.member('QueueMember', 'billing', 'PJSIP/3001'));
    memberships.observe(ami.member('QueueMember', 'vip', 'PJSIP/3001'));
    const context = { receivedAt: T, queuesOf: (m: string) => memberships.queuesOf(m) };
    const state = (extra: Record<string, string>) => translateAmiEvent(ami.member('QueueMemberStatus', 'support', 'PJSIP/3001', extra), mapping, context).events[0];
    expect(state({ Status: '1' })).toMatchObject({ type: 'agent.state', centre: 'wuhan', agentId: 'PJSIP/3001', state: 'available', seatType: 'onsite', skills: ['voice', 'billing'] });
    expect(state({ Status: '2' })?.state).toBe('on_contact');
    expect(state({ Status: '6' })?.state).toBe('on_contact');
    expect(state({ Status: '5' })?.state).toBe('logged_out');
    expect(state({ Status: '1', Paused: '1', PausedReason: 'lunch' })).toMatchObject({ state: 'aux', reason: 'lunch' });
    memberships.observe({ Event: 'QueueMemberRemoved', Queue: 'billing', Interface: 'PJSIP/3001' });
    expect(state({ Status: '1' })?.skills).toEqual(['voice']);
  });

  it('ignores QueueCallerLeave and events of other kinds, and names queues it cannot place', () => {
    expect(translateAmiEvent(ami.leave('support', '17.1'), mapping, noQueues)).toEqual({ events: [], ignored: { QueueCallerLeave: 1 }, unmapped: {} });
    expect(translateAmiEvent({ Event: 'Newchannel', Channel: 'PJSIP/x' }, mapping, noQueues).ignored).toEqual({ Newchannel: 1 });
    const noCentre = { ...mapping, centre: undefined };
    expect(translateAmiEvent(ami.join('billing', '17.9'), noCentre, noQueues)).toEqual({ events: [], ignored: {}, unmapped: { 'queue billing': 1 } });
  });
});
