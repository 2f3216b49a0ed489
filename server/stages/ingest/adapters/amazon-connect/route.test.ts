import { describe, expect, it } from 'vitest';
import { TOKENS, useServer } from '../../../../test/support/env.js';
import { AGENT_ENTERS_ACW, AGENT_LEAVES_ACW, CONTACT_CONNECTED_TO_AGENT, CONTACT_DATA_UPDATED, FIREHOSE_REQUEST } from '../../../../testkit/adapters/connect-examples.js';
import { figuresWhen, rebase, withAdapters } from '../../../../test/support/adapters.js';

const ACCESS_KEY = 'test-firehose-access-key';
const INSTANCE = 'arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111';
const CHAT_QUEUE = 'arn:aws::connect:`your-region`:123456789012:instance/12345678-1234-1234-1234-123456789012/queue/12345678-1234-1234-1234-123456789012';

const ADAPTERS = `
adapters:
  amazonConnect:
    accessKey: ${ACCESS_KEY}
    instances: { "${INSTANCE}": shanghai }
    queues:
      BasicQueue: shanghai/voice
      PrimaryQueue: shanghai/chat
      "${CHAT_QUEUE}": shanghai/chat
    agents:
      "${INSTANCE}/agent/agent-ARN": { agent: sh-0001, seatType: backup }
`;

const server = useServer('connect', withAdapters(ADAPTERS));

const url = () => `${server.base}/v1/adapters/amazon-connect`;
const postRecords = (records: unknown[], token = TOKENS.ingest) =>
  fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(records) });

/** A Firehose HTTP endpoint delivery, headers as the Firehose documentation lists them. */
function deliver(body: { requestId: string; timestamp: number; records: { data: string }[] }, accessKey = ACCESS_KEY) {
  return fetch(url(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': body.requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789:deliverystream/testStream',
      ...(accessKey ? { 'x-amz-firehose-access-key': accessKey } : {}),
    },
    body: JSON.stringify(body),
  });
}
const asFirehose = (requestId: string, records: unknown[]) => ({ requestId, timestamp: Date.now(), records: records.map((r) => ({ data: Buffer.from(JSON.stringify(r)).toString('base64') })) });

/** A contact event in the documented EventBridge shape. */
function contactEvent(eventType: string, contactId: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id: `${contactId}-${eventType}`,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-west-2',
    resources: [],
    detail: { eventType, contactId, channel: 'CHAT', instanceArn: INSTANCE, initiationMethod: 'API', ...detail },
  };
}

describe('POST /v1/adapters/amazon-connect', () => {
  it('derives agent states, talk time and ACW from the documented agent event stream, over JSON and Firehose', async () => {
    const now = Date.now();
    const entersAcw = rebase(AGENT_ENTERS_ACW, AGENT_LEAVES_ACW.EventTimestamp, 10_000, now);
    const leavesAcw = rebase(AGENT_LEAVES_ACW, AGENT_LEAVES_ACW.EventTimestamp, 10_000, now);

    const first = await postRecords([entersAcw]);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [], rejectedCount: 0, ignored: {}, unmapped: {} });
    const inAcw = await figuresWhen(server.base, 'queue:shanghai/voice', (f) => f.agents.acw === 1, 'agent in ACW');
    expect(Object.keys(inAcw.freshness!.sources)).toEqual(['amazon-connect']);
    expect(inAcw.agents.bySeatType.backup?.staffed).toBe(1);
    await figuresWhen(server.base, 'queue:shanghai/chat', (f) => f.agents.acw === 1, 'ACW agent counted in its second inbound queue');

    const delivered = await deliver(asFirehose('0b1c7a57-1b2f-4d35-9a43-5bd2d0a1e001', [leavesAcw]));
    expect(delivered.status).toBe(200);
    const answer = await delivered.json();
    expect(answer).toEqual({ requestId: '0b1c7a57-1b2f-4d35-9a43-5bd2d0a1e001', timestamp: expect.any(Number) });

    // Talk 18:55:21.021 → 18:55:27.027 (6.006 s) plus ACW to 18:55:32.032 (5.005 s), as the guide computes it; figures keep full precision.
    const voice = await figuresWhen(server.base, 'queue:shanghai/voice', (f) => f.agents.available === 1 && f.windows['15m'].ahtSec !== null, 'contact completed');
    expect(voice.windows['15m'].ahtSec).toBeCloseTo(11.011, 6);
    expect(voice.agents).toMatchObject({ staffed: 1, available: 1, acw: 0 });

    // Firehose resends a batch it is unsure of: nothing is counted twice.
    const again = await deliver(asFirehose('0b1c7a57-1b2f-4d35-9a43-5bd2d0a1e001', [leavesAcw]));
    expect(again.status).toBe(200);
  });

  it('counts queued, answered and abandoned contacts from contact events', async () => {
    const connected = rebase(CONTACT_CONNECTED_TO_AGENT, CONTACT_CONNECTED_TO_AGENT.detail.agentInfo.connectedToAgentTimestamp);
    const contactId = connected.detail.contactId;
    const queued = contactEvent('QUEUED', contactId, { queueInfo: { queueType: 'STANDARD', queueArn: CHAT_QUEUE, enqueueTimestamp: connected.detail.queueInfo.enqueueTimestamp } });
    const enqueued = new Date(Date.now() - 40_000).toISOString();
    const gone = new Date(Date.now() - 5_000).toISOString();
    const other = 'abandoning-contact-0001';
    const records = [
      queued,
      connected,
      contactEvent('QUEUED', other, { queueInfo: { queueType: 'STANDARD', queueArn: CHAT_QUEUE, enqueueTimestamp: enqueued } }),
      contactEvent('DISCONNECTED', other, { queueInfo: { queueType: 'STANDARD', queueArn: CHAT_QUEUE, enqueueTimestamp: enqueued }, disconnectTimestamp: gone }),
    ];
    const report = await (await postRecords(records)).json();
    expect(report).toMatchObject({ accepted: 4, duplicates: 0, rejected: [] });

    const chat = await figuresWhen(server.base, 'queue:shanghai/chat', (f) => f.windows['15m'].abandoned === 1 && f.windows['15m'].answered === 1, 'contact events applied');
    // The documented sample waits 17:29:04 → 17:29:09.
    expect(chat.windows['15m']).toMatchObject({ offered: 2, answered: 1, abandoned: 1, asaSec: 5 });
  });

  it('counts record types it does not translate, including undecodable Firehose data, and still answers 200', async () => {
    const report = await (await postRecords([CONTACT_DATA_UPDATED, { EventType: 'AGENT_TRAINING' }, 'not a record'])).json();
    expect(report).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [],
      rejectedCount: 0,
      ignored: { CONTACT_DATA_UPDATED: 1, AGENT_TRAINING: 1, '(record that is not a JSON object)': 1 },
      unmapped: {},
    });
    // The Firehose guide's own example carries "hello" and "hello world": not Connect records.
    const res = await deliver(FIREHOSE_REQUEST);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ requestId: FIREHOSE_REQUEST.requestId, timestamp: expect.any(Number) });
  });

  it('refuses a wrong or missing Firehose access key with 403 in Firehose’s error format', async () => {
    for (const key of ['wrong-key', '']) {
      const res = await deliver(FIREHOSE_REQUEST, key);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ requestId: FIREHOSE_REQUEST.requestId, timestamp: expect.any(Number), errorMessage: expect.stringMatching(/X-Amz-Firehose-Access-Key/) });
    }
  });

  it('needs an ingest token for plain JSON records', async () => {
    expect((await postRecords([], '')).status).toBe(401);
    const display = await postRecords([], TOKENS.display);
    expect(display.status).toBe(403);
    expect((await display.json()).error).toMatch(/needs one of ingest/);
  });
});
