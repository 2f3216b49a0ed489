/**
 * Fault: floods of the largest input the ingest API takes (1 MiB), against a real server
 * process: hostile bodies, many at once over HTTP, and messages written to the WebSocket
 * as fast as it goes without waiting for acks. Everything is answered (4xx over HTTP, ack
 * or 429 nack in order over the socket) with replies no bigger than what was sent, the
 * process stays up, and its memory at the peak (VmHWM in /proc, its own high-water mark)
 * stays within a bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, removeKeys, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { MiB, processMemory as memory, startMeasuring } from './memory.js';

const ROUNDS = 6;
const CONCURRENT = 32;
const WS_MESSAGES = 400;
// 32 bodies of 1 MiB in flight at once, each held as bytes, as text and while parsing, and
// V8 collecting lazily: ~220 MB at the peak. The regressions this guards went past 1 GB.
const PEAK_BOUND = 320 * MiB;

const prefix = uniquePrefix('flood');
let server: SurgeProcess;

beforeAll(async () => {
  server = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix]]));
});
afterAll(async () => {
  await server.kill('SIGTERM');
  await removeKeys(prefix);
});

describe('a flood of 1 MiB hostile bodies', () => {
  it('is answered 4xx throughout with small replies, and the server stays up within its memory bound', async () => {
    const size = MiB - 16;
    const unknownCentre = JSON.stringify({ id: 'x', type: 'contact.queued', ts: Date.now(), centre: 'atlantis', contactId: 'c', queue: 'voice', media: 'voice' });
    const bodies: [body: string, type: string][] = [
      // Half a million tiny non-events: answered one rejection each, the reply would be 28 MB.
      [`[${Array(size / 2 - 1).fill('1').join(',')}]`, 'application/json'],
      [Array(size / 2).fill('1').join('\n'), 'application/x-ndjson'],
      ['['.repeat(size), 'application/json'],
      ['{"a":'.repeat(size / 5), 'application/x-ndjson'],
      [Array.from({ length: Math.floor(size / (unknownCentre.length + 1)) }, () => unknownCentre).join('\n'), 'application/x-ndjson'],
      [`"${'x'.repeat(size - 2)}"`, 'application/json'],
    ];
    const base = `http://127.0.0.1:${server.port}`;
    const pid = server.child.pid!;
    const before = startMeasuring(pid);
    const answers: { status: number; bytes: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const replies = await Promise.all(
        Array.from({ length: CONCURRENT }, async (_, i) => {
          const [body, type] = bodies[i % bodies.length]!;
          const res = await api(base).postEvents(body, { type });
          return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
        }),
      );
      answers.push(...replies);
    }
    const after = memory(pid);

    expect(answers.filter((a) => a.status < 400 || a.status >= 500)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.bytes))).toBeLessThan(MiB);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(after.peak - before).toBeLessThan(PEAK_BOUND);
  }, 120_000);
});

describe('a flood of 1 MiB WebSocket messages sent without waiting for acks', () => {
  it('is answered in order, the excess refused at once, and the server stays within its memory bound', async () => {
    // Valid events (all duplicates after the first message): each message waits for Redis, so they pile up.
    const dup = JSON.stringify({ id: `${prefix}-dup`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: 'c', queue: 'voice', media: 'voice' });
    const message = Array.from({ length: Math.floor((MiB - 16) / (dup.length + 1)) }, () => dup).join('\n');
    const pid = server.child.pid!;
    const before = startMeasuring(pid);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/events/ws?token=${TOKENS.ingest}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: { type: string; ref: number; status?: number; error?: string }[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data)) as (typeof replies)[number]));
    for (let i = 0; i < WS_MESSAGES; i++) ws.send(message);
    await waitUntil(() => replies.length === WS_MESSAGES, 'every message answered', 60_000);
    const after = memory(pid);
    ws.close();

    expect(replies.map((r) => r.ref)).toEqual(Array.from({ length: WS_MESSAGES }, (_, i) => i + 1));
    expect(replies.filter((r) => r.type === 'nack' && r.status !== 429)).toEqual([]);
    expect(replies.filter((r) => r.type === 'ack').length).toBeGreaterThan(0);
    expect(replies.find((r) => r.status === 429)?.error).toMatch(/await acks: wait for them, then resend$/);
    expect(after.peak - before).toBeLessThan(PEAK_BOUND);
  }, 120_000);
});
