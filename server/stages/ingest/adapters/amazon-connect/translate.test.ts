import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../../../test/support/env.js';
import { AGENT_ENTERS_ACW, AGENT_LEAVES_ACW, CONTACT_CONNECTED_TO_AGENT, CONTACT_DISCONNECTED } from '../../../../testkit/adapters/connect-examples.js';
import { parseAdaptersYaml } from '../../../../test/support/adapters.js';
import { translateRecords } from './records.js';

const INSTANCE = 'arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111';
const mapping = parseAdaptersYaml(
  `
adapters:
  amazonConnect:
    instances: { "${INSTANCE}": shanghai }
    queues:
      BasicQueue: shanghai/voice
      PrimaryQueue: shanghai/chat
      "arn:aws::connect:\`your-region\`:123456789012:instance/12345678-1234-1234-1234-123456789012/queue/12345678-1234-1234-1234-123456789012": shanghai/chat
      "arn:aws::connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012/queue/12345678-1234-1234-1234-123456789012": shanghai/chat
      arn: shanghai/voice
    agents:
      "${INSTANCE}/agent/agent-ARN": { agent: sh-0001, seatType: backup }
    statuses: { Lunch: aux, Training: aux }
`,
  demoConfig('unused').centres,
).amazonConnect!;

const at = (iso: string) => Date.parse(iso);

describe('Amazon Connect agent event stream', () => {
  it('reads ACW from an ENDED contact, then completes it with the guide’s talk and ACW times and its direction', () => {
    const acw = translateRecords([AGENT_ENTERS_ACW], mapping);
    expect(acw.events).toEqual([
      { id: 'amazon-connect:EventId-1:agent', type: 'agent.state', ts: at('2018-10-25T18:55:27.027Z'), centre: 'shanghai', agentId: 'sh-0001', state: 'acw', seatType: 'backup', skills: ['voice', 'chat'] },
    ]);
    const done = translateRecords([AGENT_LEAVES_ACW], mapping);
    expect(done.events).toEqual([
      { id: 'amazon-connect:ContactId-1:completed', type: 'contact.completed', ts: at('2018-10-25T18:55:32.032Z'), centre: 'shanghai', contactId: 'ContactId-1', queue: 'voice', agentId: 'sh-0001', handleSec: 6.006, acwSec: 5.005, direction: 'outbound' },
      { id: 'amazon-connect:477f2c4f-cd1a-4785-b1a8-97023dc1229d:agent', type: 'agent.state', ts: at('2018-10-25T18:55:32.032Z'), centre: 'shanghai', agentId: 'sh-0001', state: 'available', seatType: 'backup', skills: ['voice', 'chat'] },
    ]);
  });

  it('maps LOGOUT, named statuses and missed contacts to agent states', () => {
    const snapshot = (status: string, contacts: unknown[] = []) => ({ ...AGENT_LEAVES_ACW.CurrentAgentSnapshot, AgentStatus: { Name: status }, Contacts: contacts });
    const states = [
      { ...AGENT_LEAVES_ACW, EventId: 'e1', EventType: 'LOGOUT', PreviousAgentSnapshot: undefined },
      { ...AGENT_LEAVES_ACW, EventId: 'e2', EventType: 'HEART_BEAT', CurrentAgentSnapshot: snapshot('Lunch') },
      { ...AGENT_LEAVES_ACW, EventId: 'e3', CurrentAgentSnapshot: snapshot('Offline') },
      { ...AGENT_LEAVES_ACW, EventId: 'e4', CurrentAgentSnapshot: snapshot('Available', [{ ContactId: 'c9', State: 'MISSED' }]) },
      { ...AGENT_LEAVES_ACW, EventId: 'e5', CurrentAgentSnapshot: snapshot('Available', [{ ContactId: 'c9', State: 'INCOMING' }]) },
    ].map((record) => translateRecords([record], mapping).events.find((e) => e.type === 'agent.state'));
    expect(states.map((e) => [e?.state, e?.reason])).toEqual([
      ['logged_out', undefined],
      ['aux', undefined],
      ['logged_out', undefined],
      ['aux', 'contact MISSED'],
      ['on_contact', undefined],
    ]);
  });
});

describe('Amazon Connect contact events', () => {
  it('gives an answer the same id whether it comes from a contact event or from the agent event stream', () => {
    const fromContact = translateRecords([CONTACT_CONNECTED_TO_AGENT], mapping).events;
    expect(fromContact).toEqual([
      {
        id: 'amazon-connect:11111111-1111-1111-1111-111111111111:answered',
        type: 'contact.answered',
        ts: at('2021-08-04T17:29:09.000Z'),
        centre: 'shanghai',
        contactId: '11111111-1111-1111-1111-111111111111',
        queue: 'chat',
        agentId: '12345678-1234-1234-1234-123456789012',
        waitSec: 5,
      },
    ]);
    const contact = {
      ContactId: '11111111-1111-1111-1111-111111111111',
      Channel: 'CHAT',
      State: 'CONNECTED',
      QueueTimestamp: '2021-08-04T17:29:04.000Z',
      ConnectedToAgentTimestamp: '2021-08-04T17:29:09.000Z',
      StateStartTimestamp: '2021-08-04T17:29:09.000Z',
      Queue: { Name: 'PrimaryQueue' },
    };
    const fromAgent = translateRecords([{ ...AGENT_LEAVES_ACW, EventId: 'e6', CurrentAgentSnapshot: { ...AGENT_LEAVES_ACW.CurrentAgentSnapshot, Contacts: [contact] } }], mapping).events;
    expect(fromAgent[0]).toMatchObject({ id: fromContact[0]!.id, type: 'contact.answered', queue: 'chat', waitSec: 5 });
  });

  it('reads the PascalCase spelling of the routing-criteria sample, and abandons only contacts no agent took', () => {
    const pascal = {
      'detail-type': 'Amazon Connect Contact Event',
      time: '2021-08-04T17:43:48Z',
      detail: {
        ContactId: '12345678-1234-1234-1234-123456789012',
        Channel: 'VOICE',
        InitiationMethod: 'INBOUND',
        EventType: 'CONNECTED_TO_AGENT',
        AgentInfo: { AgentArn: 'arn:aws::connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012/agent/12345678-1234-1234-1234-123456789012', ConnectedToAgentTimestamp: '2021-08-04T17:29:09.000Z' },
        QueueInfo: { QueueType: 'type', QueueArn: 'arn:aws::connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012/queue/12345678-1234-1234-1234-123456789012', EnqueueTimestamp: '2021-08-04T17:29:04.000Z' },
      },
    };
    expect(translateRecords([pascal], mapping).events[0]).toMatchObject({ type: 'contact.answered', queue: 'chat', waitSec: 5 });
    const disconnectedAfterAgent = { ...pascal, detail: { ...pascal.detail, EventType: 'DISCONNECTED', DisconnectTimestamp: '2021-08-04T17:40:00.000Z' } };
    expect(translateRecords([disconnectedAfterAgent], mapping)).toMatchObject({ events: [], ignored: { DISCONNECTED: 1 } });
    const completed = { ...disconnectedAfterAgent, detail: { ...disconnectedAfterAgent.detail, EventType: 'COMPLETED', AgentInfo: { ...pascal.detail.AgentInfo, AfterContactWorkDuration: 30 } } };
    expect(translateRecords([completed], mapping).events[0]).toMatchObject({ type: 'contact.completed', handleSec: 651, acwSec: 30 });
  });

  it('reads the direction of a completed contact from initiationMethod and its channel', () => {
    const completedAs = (initiationMethod: string | undefined, channel: string) => {
      const { initiationMethod: _, ...detail } = CONTACT_CONNECTED_TO_AGENT.detail;
      const event = {
        ...CONTACT_CONNECTED_TO_AGENT,
        detail: { ...detail, channel, ...(initiationMethod ? { initiationMethod } : {}), eventType: 'COMPLETED', disconnectTimestamp: '2021-08-04T17:31:09.000Z' },
      };
      const [completed] = translateRecords([event], mapping).events;
      expect(completed).toMatchObject({ type: 'contact.completed', handleSec: 120 });
      return completed!.direction;
    };
    expect(completedAs('OUTBOUND', 'VOICE')).toBe('outbound');
    expect(completedAs('EXTERNAL_OUTBOUND', 'VOICE')).toBe('outbound');
    expect(completedAs('CALLBACK', 'VOICE')).toBe('outbound');
    expect(completedAs('API', 'VOICE')).toBe('outbound');
    expect(completedAs('API', 'CHAT')).toBe('inbound');
    expect(completedAs('INBOUND', 'VOICE')).toBe('inbound');
    expect(completedAs('QUEUE_TRANSFER', 'VOICE')).toBe('inbound');
    expect(completedAs('MONITOR', 'VOICE')).toBeUndefined();
    expect(completedAs(undefined, 'VOICE')).toBeUndefined();
  });

  it('takes the wait from queueInfo.enqueueTimestamp, so an answer or abandon counts without its QUEUED event', () => {
    const { contactId } = CONTACT_CONNECTED_TO_AGENT.detail;
    const abandoned = { ...CONTACT_CONNECTED_TO_AGENT, detail: { ...CONTACT_CONNECTED_TO_AGENT.detail, eventType: 'DISCONNECTED', agentInfo: undefined, disconnectTimestamp: '2021-08-04T17:30:04.500Z' } };
    expect(translateRecords([abandoned], mapping).events).toEqual([
      { id: `amazon-connect:${contactId}:abandoned`, type: 'contact.abandoned', ts: at('2021-08-04T17:30:04.500Z'), centre: 'shanghai', contactId, queue: 'chat', waitSec: 60.5 },
    ]);
  });

  it('neither answers nor abandons an outbound dial that never waited in a queue', () => {
    // The guide's disconnected outbound call: an agent was connected, so it is no abandon.
    expect(translateRecords([CONTACT_DISCONNECTED], mapping)).toEqual({ events: [], ignored: { DISCONNECTED: 1 }, unmapped: {} });
    const dial = (eventType: string, extra: Record<string, unknown>) => ({
      ...CONTACT_DISCONNECTED,
      detail: { ...CONTACT_DISCONNECTED.detail, eventType, queueInfo: { queueArn: 'arn', queueType: 'type' }, ...extra },
    });
    const noAnswer = dial('DISCONNECTED', { AgentInfo: undefined });
    const connected = dial('CONNECTED_TO_AGENT', {});
    expect(translateRecords([noAnswer, connected], mapping)).toEqual({ events: [], ignored: { DISCONNECTED: 1, CONNECTED_TO_AGENT: 1 }, unmapped: {} });
    // Its completion still counts, as outbound handling.
    const [completed] = translateRecords([dial('COMPLETED', { AgentInfo: { AgentArn: 'arn', connectedToAgentTimestamp: '2021-08-04T17:17:55.000Z' } })], mapping).events;
    expect(completed).toMatchObject({ type: 'contact.completed', queue: 'voice', agentId: 'arn', handleSec: 42, direction: 'outbound' });
  });
});
