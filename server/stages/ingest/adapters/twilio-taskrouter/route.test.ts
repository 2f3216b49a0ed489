import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { useServer } from '../../../../test/support/env.js';
import { figuresWhen, withAdapters } from '../../../../test/support/adapters.js';

const AUTH_TOKEN = 'test-twilio-auth-token';
const CALLBACK = 'https://surge.example.com/v1/adapters/twilio-taskrouter';
const WORKSPACE = 'WS0000000000000000000000000000001';
const QUEUE = 'WQ0000000000000000000000000000001';
const WORKER = 'WK0000000000000000000000000000001';

const ADAPTERS = `
adapters:
  twilioTaskRouter:
    authToken: ${AUTH_TOKEN}
    callbackUrl: ${CALLBACK}
    workspaces: { ${WORKSPACE}: wuhan }
    queues: { ${QUEUE}: wuhan/voice, "Wuhan Chat": wuhan/chat }
    workers: { ${WORKER}: { agent: wh-1001, seatType: home, skills: [voice, chat] } }
`;

const server = useServer('taskrouter', withAdapters(ADAPTERS));

let sid = 0;
/** A TaskRouter event callback: the common parameters, then the event's own (names as TaskRouter documents them). */
function callback(eventType: string, fields: Record<string, string>, secondsAgo: number): Record<string, string> {
  const ms = Date.now() - secondsAgo * 1000;
  return {
    Sid: `EV${String(++sid).padStart(32, '0')}`,
    EventType: eventType,
    AccountSid: 'AC0000000000000000000000000000001',
    WorkspaceSid: WORKSPACE,
    WorkspaceName: 'Wuhan',
    EventDescription: `${eventType} for test`,
    ResourceType: eventType.split('.')[0] ?? '',
    ResourceSid: fields.TaskSid ?? fields.WorkerSid ?? '',
    Timestamp: String(Math.floor(ms / 1000)),
    TimestampMs: String(ms),
    ...fields,
  };
}

function post(params: Record<string, string>, signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, params)) {
  return fetch(`${server.base}/v1/adapters/twilio-taskrouter`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}

const task = (taskSid: string, extra: Record<string, string> = {}) => ({
  TaskSid: taskSid,
  TaskAttributes: JSON.stringify({ from: 'client:anonymous', type: 'inbound' }),
  TaskPriority: '0',
  TaskAssignmentStatus: 'pending',
  TaskQueueSid: QUEUE,
  TaskQueueName: 'Wuhan Voice',
  TaskChannelUniqueName: 'voice',
  ...extra,
});
const worker = (activity: string) => ({ WorkerSid: WORKER, WorkerName: 'Li Wei', WorkerActivityName: activity, WorkerAttributes: '{}' });

describe('POST /v1/adapters/twilio-taskrouter', () => {
  it('turns signed event callbacks into queue metrics, once each, even when TaskRouter retries', async () => {
    const accepted = callback('reservation.accepted', { ...task('WT01', { TaskAge: '12', TaskAssignmentStatus: 'assigned' }), ...worker('Busy'), ReservationSid: 'WR01' }, 60);
    const sequence = [
      callback('worker.activity.update', { ...worker('Available'), WorkerPreviousActivitySid: 'WA0', WorkerTimeInPreviousActivity: '300' }, 120),
      callback('task.created', task('WT01', { TaskAge: '0' }), 72),
      callback('task-queue.entered', task('WT01', { TaskAge: '0' }), 72),
      callback('task.created', task('WT02', { TaskAge: '0' }), 70),
      accepted,
      callback('task.canceled', task('WT02', { TaskAge: '30', TaskAssignmentStatus: 'canceled', TaskCanceledReason: 'hangup' }), 40),
      callback('reservation.completed', { ...task('WT01', { TaskAge: '72', TaskAssignmentStatus: 'completed' }), ...worker('Available'), ReservationSid: 'WR01' }, 0),
    ];
    const reports = [];
    for (const params of sequence) {
      const res = await post(params);
      expect(res.status).toBe(200);
      reports.push(await res.json());
    }
    // task-queue.entered announces the arrival task.created already did: same canonical id.
    expect(reports[2]).toMatchObject({ accepted: 0, duplicates: 1, rejected: [] });
    expect(reports[4]).toMatchObject({ accepted: 2, duplicates: 0 });

    const retry = await (await post(accepted)).json();
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2 });

    const voice = await figuresWhen(server.base, 'queue:wuhan/voice', (f) => f.windows['15m'].abandoned === 1 && f.agents.available === 1 && f.windows['15m'].ahtSec !== null, 'TaskRouter traffic applied');
    expect(voice.windows['15m']).toMatchObject({ offered: 2, answered: 1, abandoned: 1, asaSec: 12, ahtSec: 72 });
    expect(voice.agents).toMatchObject({ staffed: 1, available: 1 });
    expect(voice.agents.bySeatType.home?.staffed).toBe(1);
    expect(Object.keys(voice.freshness!.sources)).toEqual(['twilio-taskrouter']); // the adapter's own source, not `ingest`
    const chat = await figuresWhen(server.base, 'queue:wuhan/chat', (f) => f.agents.staffed === 1, 'the worker’s second skill');
    expect(chat.agents.available).toBe(1);
  });

  it('counts event types it does not translate, and names unmapped queues, without failing', async () => {
    const res = await post(callback('workflow.target-matched', { WorkflowSid: 'WW01', WorkflowName: 'Default' }, 5));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [], rejectedCount: 0, ignored: { 'workflow.target-matched': 1 }, unmapped: {} });
    const other = await (await post(callback('task.created', task('WT09', { TaskQueueSid: 'WQ9', TaskQueueName: 'Elsewhere' }), 5))).json();
    expect(other).toMatchObject({ accepted: 0, ignored: {}, unmapped: { 'queue Elsewhere': 1 } });
  });

  it('refuses a missing or wrong X-Twilio-Signature with 403', async () => {
    const params = callback('task.created', task('WT03'), 5);
    const missing = await post(params, '');
    expect(missing.status).toBe(403);
    expect((await missing.json()).error).toMatch(/missing X-Twilio-Signature/);
    const forged = await post(params, twilio.getExpectedTwilioSignature('not-the-token', CALLBACK, params));
    expect(forged.status).toBe(403);
    expect((await forged.json()).error).toMatch(/does not match/);
    const tampered = await post({ ...params, TaskQueueSid: 'WQ-other' }, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, params));
    expect(tampered.status).toBe(403);
  });
});
