/**
 * Fault: a wallboard that reads nothing. While events change every scope at a high rate,
 * one `/v1/live` client stops reading (its TCP socket paused) and another reads normally.
 * The normal one must see every delta in order, the server's memory must stay bounded,
 * and the slow one, once it reads again, must get a fresh snapshot — never a gap in `seq`
 * that no snapshot repairs.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CentreConfig } from '../../config/topology.js';
import { api, TOKENS, useServer, waitUntil } from '../support/env.js';
import { MiB, peakRssGrowth } from './memory.js';

const WARMUP_MS = 2000;
const FLOW_MS = 10_000;
const RSS_BOUND = 200 * MiB;
const EXTRA_QUEUES = 20;

/** What a client keeps of a message: not the figures, so the test's own memory stays out of the RSS measure. */
type Message = { type: string; seq: number };

// Many queues, all changing, and deltas four times as often as by default: big, frequent deltas.
const live = useServer('slow-client', (c) => {
  c.metrics.pushIntervalMs = 50;
  for (const centre of c.centres) {
    for (let i = 0; i < EXTRA_QUEUES; i++) centre.queues.push({ ...centre.queues[0]!, id: `extra-${i}`, name: `Extra ${i}` });
  }
});
const { prefix, config } = live;

/**
 * A live client that notes the type and seq of every message it reads, and the bytes. It
 * declines compression, so the flow fills a paused socket's buffers within seconds.
 */
async function viewer(): Promise<{ ws: WebSocket; messages: Message[]; bytes: () => number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${live.port}/v1/live?token=${TOKENS.display}`, { perMessageDeflate: false });
  const messages: Message[] = [];
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    const { type, seq } = JSON.parse(data.toString()) as Message;
    messages.push({ type, seq });
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await waitUntil(() => messages[0]?.type === 'snapshot', 'the first snapshot');
  return { ws, messages, bytes: () => bytes };
}

/** One round of traffic: a contact queued in every queue, and the previous round's answered. */
function round(n: number, centres: CentreConfig[]): string {
  const ts = Date.now();
  const lines = centres.flatMap((c) =>
    c.queues.flatMap((q) => [
      { id: `${prefix}-q-${n}-${c.id}-${q.id}`, type: 'contact.queued', ts, centre: c.id, contactId: `${n}-${q.id}`, queue: q.id, media: q.media },
      ...(n > 0 ? [{ id: `${prefix}-a-${n}-${c.id}-${q.id}`, type: 'contact.answered', ts, centre: c.id, contactId: `${n - 1}-${q.id}`, queue: q.id, agentId: `agent-${n % 7}` }] : []),
    ]),
  );
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

/**
 * seqProblems lists what a client could not recover from: a message after a gap in `seq`
 * (or one going back) with no snapshot anywhere after it.
 */
function seqProblems(messages: Message[]): string[] {
  const problems: string[] = [];
  const lastSnapshot = messages.map((m) => m.type).lastIndexOf('snapshot');
  let seq = -1;
  messages.forEach((m, i) => {
    if (m.type !== 'snapshot' && seq >= 0 && m.seq !== seq + 1 && i > lastSnapshot) problems.push(`#${i} ${m.type} seq ${m.seq} after ${seq}, no snapshot follows`);
    seq = m.seq;
  });
  return problems;
}

describe('a /v1/live client that reads nothing', () => {
  it('does not hold up the others, keeps memory bounded, and gets a fresh snapshot once it reads again', async () => {
    const normal = await viewer();
    const slow = await viewer();
    let n = 0;
    const flow = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const res = await api(live.base).postEvents(round(n++, config.centres));
        expect(res.status).toBe(202);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Warm up first, so the memory measured is what the flow adds, not the heap reaching its working size.
    await flow(WARMUP_MS);
    // Stop reading: the kernel buffers fill, then uWS's, then the hub must skip this socket.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const pausedAt = slow.messages.length;
    const normalAtPause = normal.messages.length;

    const rose = await peakRssGrowth(() => flow(FLOW_MS));
    const normalSeen = normal.messages.length;

    // The normal client kept up: deltas all along, every seq one more than the last.
    expect(normalSeen - normalAtPause).toBeGreaterThan(FLOW_MS / 50 / 4);
    expect(normal.messages.slice(1).filter((m) => m.type === 'snapshot')).toEqual([]);
    normal.messages.forEach((m, i) => i > 0 && expect(m.seq).toBe(normal.messages[i - 1]!.seq + 1));
    // What the slow one was not sent stayed out of memory.
    expect(rose).toBeLessThan(RSS_BOUND);
    // It really read nothing meanwhile.
    expect(slow.messages.length).toBe(pausedAt);

    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    // Traffic goes on after it resumes: deltas must follow the fresh snapshot without a gap.
    await flow(1000);
    const fresh = await waitUntil(() => slow.messages.slice(pausedAt).find((m) => m.type === 'snapshot'), 'a fresh snapshot for the slow client');
    await waitUntil(() => slow.messages.at(-1)!.seq >= normal.messages.at(-1)!.seq - 1 && slow.messages.at(-1)!.seq > fresh.seq, 'the slow client to catch up');
    // Fresh: newer than anything published while it was not reading, so the hub skipped it rather than queueing it all.
    expect(fresh.seq).toBeGreaterThanOrEqual(normal.messages[normalSeen - 1]!.seq);
    expect(slow.messages.indexOf(fresh) - pausedAt).toBeLessThan(normalSeen - normalAtPause);
    expect(seqProblems(slow.messages)).toEqual([]);
    expect(seqProblems(normal.messages)).toEqual([]);
    normal.ws.close();
    slow.ws.close();
  }, 60_000);
});
