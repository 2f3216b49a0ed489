/**
 * Fault: two deployments with the same `redis.prefix` on two databases of one Redis. Their
 * keys are apart, but pub/sub ignores the database number: each one's screens must still
 * show only its own figures and news. A private redis-server, so the shared one keeps its databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../main.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { demoConfig, quietLogger, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';

type Message = { type: string; epoch?: string; scopes?: Record<string, { waiting: number }>; latest?: { type: string; epoch?: string }[] };

const prefix = uniquePrefix('shared-prefix');
let redis: RedisProcess;
const servers: RunningServer[] = [];

beforeAll(async () => {
  redis = await RedisProcess.start({ persistent: false });
  for (const db of [0, 1]) servers.push(await startServer(demoConfig(prefix, (c) => (c.redis.url = `${redis.url}/${db}`)), quietLogger(), { port: 0 }));
}, 30_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await redis?.destroy();
});

async function viewer(server: RunningServer): Promise<Message[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/live?token=${TOKENS.display}`);
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  await waitUntil(() => messages[0]?.type === 'snapshot', 'the first snapshot');
  return messages;
}

function queue(server: RunningServer, contacts: number, tag: string) {
  const lines = Array.from({ length: contacts }, (_, i) => JSON.stringify({ id: `${prefix}-${tag}-${i}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `${tag}${i}`, queue: 'voice', media: 'voice' }));
  return fetch(`http://127.0.0.1:${server.port}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
}

const waitingSeen = (messages: Message[]) => new Set(messages.flatMap((m) => (m.type === 'delta' && m.scopes?.['queue:wuhan/voice'] ? [m.scopes['queue:wuhan/voice'].waiting] : [])));

describe('two deployments, one prefix, two databases', () => {
  it("never show each other's figures or news", async () => {
    const [zero, one] = [await viewer(servers[0]!), await viewer(servers[1]!)];
    expect((await queue(servers[0]!, 3, 'zero')).status).toBe(202);
    expect((await queue(servers[1]!, 1, 'one')).status).toBe(202);
    await waitUntil(() => waitingSeen(zero).has(3), 'database 0 to show its 3 waiting');
    await waitUntil(() => waitingSeen(one).has(1), 'database 1 to show its 1 waiting');
    // Another round on database 0 only, then time for it to reach (wrongly) database 1's screens.
    expect((await queue(servers[0]!, 5, 'zero-again')).status).toBe(202);
    await waitUntil(() => waitingSeen(zero).has(8), 'database 0 to show its 8 waiting');
    await new Promise((r) => setTimeout(r, 1000));
    expect([...waitingSeen(zero)]).not.toContain(1);
    expect([...waitingSeen(one)]).toEqual([1]);
    // News outside the figures too: each screen hears only its own Redis epoch.
    const epochs = (messages: Message[]) => new Set(messages.flatMap((m) => (m.type === 'epoch' ? [m.epoch] : m.type === 'snapshot' ? (m.latest ?? []).filter((l) => l.type === 'epoch').map((l) => l.epoch) : [])));
    expect(epochs(zero).size).toBe(1);
    expect(epochs(one).size).toBe(1);
    expect([...epochs(zero)]).not.toEqual([...epochs(one)]);
  }, 60_000);
});
