import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../../../test/support/env.js';
import { ami, amiChannel, legacy } from '../../../../testkit/adapters/ami-events.js';
import { parseAdaptersYaml } from '../../../../test/support/adapters.js';
import { AmiParser, formatAction } from './ami-protocol.js';
import { amiEventClasses } from './bridge.js';
import { IvrCalls } from './ivr-calls.js';
import { Memberships } from './memberships.js';
import { translateAmiEvent, type AmiContext } from './translate.js';

const mapping = parseAdaptersYaml(
  `
adapters:
  asterisk:
    centre: wuhan
    queues: { support: wuhan/voice, vip: hangzhou/voice-vip }
    agents: { PJSIP/2001: { agent: wh-2001, seatType: backup }, SIP/2002: wh-2002 }
    ivrContexts: [ivr-main, ivr-billing]
`,
  demoConfig('unused').centres,
).asterisk!;
const T = 1_795_400_000_000;
const noQueues: AmiContext = { receivedAt: T, queuesOf: () => [], ivrCallOf: () => undefined };

/** parse reads AMI text as the bridge does: through AmiParser, after the banner. */
const parse = (text: string) => new AmiParser().push(`Asterisk Call Manager/5.0.1\r\n${text}`).flatMap((f) => (f.kind === 'message' ? [f.fields] : []));

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

  it('reads header and event names in any case, in the spelling the bridge reads them, and keeps other headers as sent', () => {
    const [event] = parse('event: queuecallerjoin\r\nQUEUE: support\r\nuniqueID: 17.5\r\nholdtime: 4\r\nX-Custom: kept\r\n\r\n');
    expect(event).toEqual({ Event: 'QueueCallerJoin', Queue: 'support', Uniqueid: '17.5', HoldTime: '4', 'X-Custom': 'kept' });
    expect(parse('EVENT: NewExten\r\nCONTEXT: ivr-main\r\n\r\nEvent: FullyBooted\r\n\r\n')).toEqual([{ Event: 'Newexten', Context: 'ivr-main' }, { Event: 'FullyBooted' }]);
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
    const context = { ...noQueues, queuesOf: (m: string) => memberships.queuesOf(m) };
    const state = (extra: Record<string, string>) => translateAmiEvent(ami.member('QueueMemberStatus', 'support', 'PJSIP/3001', extra), mapping, context).events[0];
    expect(state({ Status: '1' })).toMatchObject({ type: 'agent.state', centre: 'wuhan', agentId: 'PJSIP/3001', state: 'available', seatType: 'onsite', skills: ['voice', 'billing'] });
    expect(state({ Status: '2' })?.state).toBe('on_contact');
    expect(state({ Status: '6' })?.state).toBe('on_contact');
    expect(state({ Status: '5' })?.state).toBe('logged_out');
    expect(state({ Status: '1', Paused: '1', PausedReason: 'lunch' })).toMatchObject({ state: 'aux', reason: 'lunch' });
    memberships.observe({ Event: 'QueueMemberRemoved', Queue: 'billing', Interface: 'PJSIP/3001' });
    expect(state({ Status: '1' })?.skills).toEqual(['voice']);
  });

  it('translates events whose headers came in another case exactly as the documented spelling', () => {
    const text = (fields: Record<string, string>, rename: (key: string) => string) => `${Object.entries(fields).map(([k, v]) => `${rename(k)}: ${v}`).join('\r\n')}\r\n\r\n`;
    for (const event of [ami.join('support', '17.1'), ami.connect('support', '17.1', 'PJSIP/2001', { HoldTime: '12' }), ami.abandon('support', '17.4', { HoldTime: '40' }), ami.complete('support', '17.1', 'PJSIP/2001', { TalkTime: '180' })]) {
      const expected = translateAmiEvent(event, mapping, noQueues);
      expect(expected.events).toHaveLength(1);
      const lower = parse(text({ ...event, Event: event.Event!.toLowerCase() }, (k) => k.toLowerCase()));
      const upper = parse(text({ ...event, Event: event.Event!.toUpperCase() }, (k) => k.toUpperCase()));
      expect(translateAmiEvent(lower[0]!, mapping, noQueues)).toEqual(expected);
      expect(translateAmiEvent(upper[0]!, mapping, noQueues)).toEqual(expected);
    }
  });

  it('understands Asterisk ≤ 11: Join, Leave, AgentConnect with Member and Holdtime, QueueMemberPaused', () => {
    const translated = (event: Record<string, string>) => translateAmiEvent(parse(`${Object.entries(event).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`)[0]!, mapping, noQueues);
    expect(translated(legacy.join('support', '11.1')).events).toEqual([{ id: 'asterisk:11.1:queued:wuhan:voice', type: 'contact.queued', ts: T, centre: 'wuhan', contactId: '11.1', queue: 'voice', media: 'voice' }]);
    expect(translated(legacy.connect('support', '11.1', 'SIP/2002', 17)).events).toEqual([{ id: 'asterisk:11.1:answered:wuhan:voice', type: 'contact.answered', ts: T, centre: 'wuhan', contactId: '11.1', queue: 'voice', agentId: 'wh-2002', waitSec: 17 }]);
    expect(translated(legacy.complete('support', '11.1', 'SIP/2002', 64)).events).toEqual([{ id: 'asterisk:11.1:completed:wuhan:voice', type: 'contact.completed', ts: T, centre: 'wuhan', contactId: '11.1', queue: 'voice', agentId: 'wh-2002', handleSec: 64 }]);
    expect(translated(legacy.paused('support', 'SIP/2002', 'training')).events).toEqual([
      { id: expect.stringMatching(/^asterisk:SIP\/2002:state:support:/), type: 'agent.state', ts: T, centre: 'wuhan', agentId: 'wh-2002', state: 'aux', seatType: 'onsite', skills: [], reason: 'training' },
    ]);
    expect(translated(legacy.leave('support', '11.1'))).toEqual({ events: [], ignored: { Leave: 1 }, unmapped: {} });
  });

  it('counts an abandon with its HoldTime as the wait even when the join was never seen', () => {
    expect(translateAmiEvent(legacy.abandon('support', '11.9', 73), mapping, noQueues).events).toEqual([
      { id: 'asterisk:11.9:abandoned:wuhan:voice', type: 'contact.abandoned', ts: T, centre: 'wuhan', contactId: '11.9', queue: 'voice', waitSec: 73 },
    ]);
  });

  it('follows callers through the IVR contexts: entered, then transferred to a queue or ended by a hang-up there', () => {
    const ivrCalls = new IvrCalls(mapping.ivrContexts!);
    const context: AmiContext = { receivedAt: T, queuesOf: () => [], ivrCallOf: (id) => ivrCalls.of(id) };
    // As the bridge does: translate with what was known before the event, then observe it.
    const feed = (...events: Record<string, string>[]) =>
      events.flatMap((event) => {
        const { events: drafts } = translateAmiEvent(event, mapping, context);
        ivrCalls.observe(event);
        return drafts.map((d) => [d.type, d.contactId ?? d.callId, d.phase ?? '', d.menu ?? '']);
      });
    expect(
      feed(
        amiChannel.newexten('20.1', 'from-trunk'),
        amiChannel.newexten('20.1', 'ivr-main'),
        amiChannel.newexten('20.1', 'ivr-main', { Priority: '2', Application: 'WaitExten' }),
        amiChannel.newexten('20.1', 'ivr-billing'),
        ami.join('support', '20.1', { Context: 'queues' }),
        ami.connect('support', '20.1', 'PJSIP/2001', { HoldTime: '6' }),
        amiChannel.hangup('20.1'),
        amiChannel.newexten('20.2', 'ivr-main'),
        amiChannel.hangup('20.2'),
        amiChannel.hangup('20.3'),
      ),
    ).toEqual([
      ['ivr.call', '20.1', 'entered', 'ivr-main'],
      ['contact.queued', '20.1', '', ''],
      ['ivr.call', '20.1', 'transferred', 'ivr-billing'],
      ['contact.answered', '20.1', '', ''],
      ['ivr.call', '20.2', 'entered', 'ivr-main'],
      ['ivr.call', '20.2', 'ended', 'ivr-main'],
    ]);
    // Asterisk ≤ 11 joins with `Join`; the IVR call ends as a transfer all the same.
    expect(feed(amiChannel.newexten('20.4', 'ivr-main'), legacy.join('support', '20.4'))).toEqual([
      ['ivr.call', '20.4', 'entered', 'ivr-main'],
      ['contact.queued', '20.4', '', ''],
      ['ivr.call', '20.4', 'transferred', 'ivr-main'],
    ]);
    const entered = translateAmiEvent(amiChannel.newexten('20.5', 'ivr-main', { Timestamp: '1795399999.500000' }), mapping, context).events[0];
    expect(entered).toEqual({ id: 'asterisk:20.5:ivr:entered', type: 'ivr.call', ts: T - 500, centre: 'wuhan', callId: '20.5', phase: 'entered', menu: 'ivr-main' });
    // Without a default centre, IVR calls have nowhere to go: named, not guessed.
    expect(translateAmiEvent(amiChannel.newexten('20.6', 'ivr-main'), { ...mapping, centre: undefined }, context)).toEqual({ events: [], ignored: {}, unmapped: { 'IVR calls (no default centre)': 1 } });
  });

  it('logs in for the event classes it reads, by AMI version and IVR mapping', () => {
    expect(amiEventClasses('5.0.1', {})).toBe('agent');
    expect(amiEventClasses('2.10.6', { ivrContexts: new Set() })).toBe('agent');
    expect(amiEventClasses('1.3', {})).toBe('agent,call');
    expect(amiEventClasses('5.0.1', { ivrContexts: new Set(['ivr-main']) })).toBe('agent,call,dialplan');
  });

  it('ignores QueueCallerLeave and events of other kinds, and names queues it cannot place', () => {
    expect(translateAmiEvent(ami.leave('support', '17.1'), mapping, noQueues)).toEqual({ events: [], ignored: { QueueCallerLeave: 1 }, unmapped: {} });
    expect(translateAmiEvent(amiChannel.newexten('17.1', 'from-trunk'), mapping, noQueues).ignored).toEqual({ Newexten: 1 });
    expect(translateAmiEvent(amiChannel.hangup('17.1'), mapping, noQueues).ignored).toEqual({ Hangup: 1 });
    expect(translateAmiEvent({ Event: 'Newchannel', Channel: 'PJSIP/x' }, mapping, noQueues).ignored).toEqual({ Newchannel: 1 });
    const noCentre = { ...mapping, centre: undefined };
    expect(translateAmiEvent(ami.join('billing', '17.9'), noCentre, noQueues)).toEqual({ events: [], ignored: {}, unmapped: { 'queue billing': 1 } });
  });
});
