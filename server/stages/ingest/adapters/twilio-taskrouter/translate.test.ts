import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../../../test/support/env.js';
import { parseAdaptersYaml } from '../../../../test/support/adapters.js';
import { translateTaskRouter } from './translate.js';

const mapping = parseAdaptersYaml(
  `
adapters:
  twilioTaskRouter:
    authToken: t
    workspaces: { WS1: hangzhou }
    queues: { WQ1: hangzhou/voice, Hangzhou Chat: hangzhou/chat }
    workers: { WK1: { agent: hz-1001, seatType: home, skills: [voice] }, Zhang Min: hz-1002 }
    activities: { Lunch: aux }
`,
  demoConfig('unused').centres,
).twilioTaskRouter!;

const base = { Sid: 'EV1', AccountSid: 'AC1', WorkspaceSid: 'WS1', Timestamp: '1795400000' };
const task = { TaskSid: 'WT1', TaskQueueSid: 'WQ1', TaskQueueName: 'Hangzhou Voice', TaskPriority: '5', TaskAge: '14' };
const worker = { WorkerSid: 'WK1', WorkerName: 'Li Wei', WorkerActivityName: 'Available' };
const T = 1795400000 * 1000;

describe('translateTaskRouter', () => {
  it.each([
    ['task.created', task, [{ id: 'twilio-taskrouter:WT1:queued:hangzhou:voice', type: 'contact.queued', ts: T, centre: 'hangzhou', contactId: 'WT1', queue: 'voice', media: 'voice', priority: 5 }]],
    ['task-queue.entered', { ...task, TaskQueueSid: 'WQ9', TaskQueueName: 'Hangzhou Chat' }, [{ id: 'twilio-taskrouter:WT1:queued:hangzhou:chat', type: 'contact.queued', ts: T, centre: 'hangzhou', contactId: 'WT1', queue: 'chat', media: 'chat', priority: 5 }]],
    ['task.canceled', task, [{ id: 'twilio-taskrouter:WT1:abandoned', type: 'contact.abandoned', ts: T, centre: 'hangzhou', contactId: 'WT1', queue: 'voice', waitSec: 14 }]],
    [
      'reservation.accepted',
      { ...task, ...worker, ReservationSid: 'WR1' },
      [
        { id: 'twilio-taskrouter:WT1:answered:WR1', type: 'contact.answered', ts: T, centre: 'hangzhou', contactId: 'WT1', queue: 'voice', agentId: 'hz-1001', waitSec: 14 },
        { id: 'twilio-taskrouter:EV1:agent', type: 'agent.state', ts: T, centre: 'hangzhou', agentId: 'hz-1001', state: 'on_contact', seatType: 'home', skills: ['voice'] },
      ],
    ],
    ['reservation.wrapup', { ...task, ...worker }, [{ id: 'twilio-taskrouter:EV1:agent', type: 'agent.state', ts: T, centre: 'hangzhou', agentId: 'hz-1001', state: 'acw', seatType: 'home', skills: ['voice'] }]],
    ['worker.activity.update', { WorkerSid: 'WK7', WorkerName: 'Zhang Min', WorkerActivityName: 'Lunch' }, [{ id: 'twilio-taskrouter:EV1:agent', type: 'agent.state', ts: T, centre: 'hangzhou', agentId: 'hz-1002', state: 'aux', seatType: 'onsite' }]],
    ['worker.activity.update', { WorkerSid: 'WK8', WorkerActivityName: 'Coaching' }, [{ id: 'twilio-taskrouter:EV1:agent', type: 'agent.state', ts: T, centre: 'hangzhou', agentId: 'WK8', state: 'aux', seatType: 'onsite', reason: 'Coaching' }]],
  ])('%s', (eventType, fields, expected) => {
    expect(translateTaskRouter({ ...base, EventType: eventType, ...fields }, mapping)).toEqual({ events: expected, ignored: {}, unmapped: {} });
  });

  it('completes a task with the worker’s activity afterwards, and prefers TimestampMs', () => {
    const out = translateTaskRouter({ ...base, TimestampMs: String(T + 250), EventType: 'reservation.completed', ...task, TaskAge: '95', ...worker, WorkerActivityName: 'Offline' }, mapping);
    expect(out.events.map((e) => [e.type, e.ts, e.handleSec ?? e.state])).toEqual([
      ['contact.completed', T + 250, 95],
      ['agent.state', T + 250, 'logged_out'],
    ]);
  });

  it('reads a completed task’s direction and customer from Flex task attributes, and skips attributes it cannot read', () => {
    const completed = (TaskAttributes?: string) =>
      translateTaskRouter({ ...base, EventType: 'reservation.completed', ...task, TaskAge: '95', ...worker, ...(TaskAttributes === undefined ? {} : { TaskAttributes }) }, mapping).events[0];
    // Attributes as Flex writes them for a voice task (Flex Insights' `customers` included).
    const flex = JSON.stringify({ from: '+8613800138000', direction: 'outbound', call_sid: 'CA1', customers: { external_id: 'crm-4711', name: 'Wang Fang' }, conversations: { conversation_id: 'WT1' } });
    expect(completed(flex)).toMatchObject({ type: 'contact.completed', handleSec: 95, direction: 'outbound', customerId: 'crm-4711' });
    expect(completed(JSON.stringify({ direction: 'inbound' }))).toMatchObject({ direction: 'inbound' });
    for (const unreadable of [undefined, '', 'not json', 'null', '[]', JSON.stringify({ direction: 'Inbound', customers: { external_id: 7 } })]) {
      const event = completed(unreadable);
      expect(event).toMatchObject({ type: 'contact.completed' });
      expect(event).not.toHaveProperty('direction');
      expect(event).not.toHaveProperty('customerId');
    }
  });

  it('ignores what it does not translate and names what it cannot map', () => {
    expect(translateTaskRouter({ ...base, EventType: 'task.updated', ...task }, mapping)).toEqual({ events: [], ignored: { 'task.updated': 1 }, unmapped: {} });
    expect(translateTaskRouter({ ...base, EventType: 'task.created', TaskSid: 'WT2' }, mapping)).toEqual({ events: [], ignored: { 'task.created': 1 }, unmapped: {} });
    expect(translateTaskRouter({ ...base, EventType: 'task.created', ...task, TaskQueueSid: 'WQX', TaskQueueName: 'Nowhere' }, mapping).unmapped).toEqual({ 'queue Nowhere': 1 });
    expect(translateTaskRouter({ ...base, WorkspaceSid: 'WSX', EventType: 'worker.activity.update', WorkerSid: 'WK9', WorkerActivityName: 'Available' }, mapping).unmapped).toEqual({ 'workspace WSX': 1 });
    expect(translateTaskRouter({ Sid: 'EV2', EventType: 'task.created', ...task }, mapping).ignored).toEqual({ 'task.created (no Timestamp)': 1 });
  });
});
