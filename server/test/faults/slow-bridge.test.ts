/**
 * Fault: a bridge streams to `/v1/events/ws` faster than it reads the acks. Every message
 * must be answered, in order, or the socket closed with a clear code once the unread acks
 * pass `ingest.socketReplyBufferBytes` — never an ack dropped while the socket stays open.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TOKENS, useServer, waitUntil } from '../support/env.js';

const REPLY_BUFFER = 16 * 1024;
// Each ack echoes its message's ref: 32 KB refs make the acks outgrow the kernel's socket buffers in seconds.
const MESSAGES = 800;
const REF_PAD = 'x'.repeat(32 * 1024);

const live = useServer('slow-bridge', (c) => (c.ingest.socketReplyBufferBytes = REPLY_BUFFER));

describe('a /v1/events/ws bridge that does not read its acks', () => {
  it('gets every ack in order up to a close with 1013 and a reason, none dropped', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${live.port}/v1/events/ws?token=${TOKENS.ingest}`, { perMessageDeflate: false });
    const answered: number[] = [];
    ws.on('message', (data: Buffer) => {
      const { ref } = JSON.parse(data.toString()) as { ref: string };
      answered.push(Number(ref.split(':')[0]));
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

    // Read nothing while sending everything (no events: each is answered, nothing is stored).
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    for (let i = 1; i <= MESSAGES; i++) ws.send(JSON.stringify({ ref: `${i}:${REF_PAD}`, events: [] }));
    await waitUntil(() => ws.bufferedAmount === 0, 'every message to be sent', 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    socket.resume();

    const outcome = await Promise.race([closed, waitUntil(() => answered.length === MESSAGES && 'all answered', 'every ack or a close', 30_000)]);
    // Whatever arrived came in order, from the first message on, with no gap.
    expect(answered).toEqual(answered.map((_, i) => i + 1));
    if (outcome === 'all answered') return ws.close();
    // Not all answered: then the socket was closed, and said why.
    expect(outcome).toEqual({ code: 1013, reason: expect.stringMatching(/acks unread/) });
    expect(answered.length).toBeLessThan(MESSAGES);
  }, 90_000);
});
