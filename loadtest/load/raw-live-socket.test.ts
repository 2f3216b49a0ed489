import uWS, { type us_socket } from 'uWebSockets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekLiveMessage } from './live-message.js';
import { RawLiveSocket } from './raw-live-socket.js';

// Payload lengths on both sides of the 7-bit, 16-bit and 64-bit frame-length encodings.
const SIZES = [60, 125, 126, 4000, 65_535, 65_536, 300_000];
const delta = (asOf: number, size: number) => {
  const head = `{"type":"delta","asOf":${asOf},"scopes":{"pad":"`;
  return `${head}${'x'.repeat(size - head.length - 3)}"}}`;
};

let listen: unknown;
let port = 0;
beforeAll(async () => {
  const app = uWS.App().ws('/*', {
    maxBackpressure: 4 * 1024 * 1024,
    open: (ws) => {
      SIZES.forEach((size, i) => ws.send(delta(1000 + i, size)));
      ws.ping('are you there');
      // One message in three fragments, a ping between two of them (control frames may interleave).
      const fragmented = delta(3000, 40_000);
      ws.sendFirstFragment(fragmented.slice(0, 16_000));
      ws.sendFragment(fragmented.slice(16_000, 32_000));
      ws.ping('still there');
      ws.sendLastFragment(fragmented.slice(32_000));
      ws.send(delta(2000, 60));
    },
    pong: (ws) => {
      ws.send('{"type":"pong-seen"}');
    },
  });
  await new Promise<void>((resolve) =>
    app.listen('127.0.0.1', 0, (socket) => {
      listen = socket;
      port = uWS.us_socket_local_port(socket as unknown as us_socket);
      resolve();
    }),
  );
});
afterAll(() => uWS.us_listen_socket_close(listen as uWS.us_listen_socket));

describe('RawLiveSocket', () => {
  it('walks frames of every length encoding, across chunk boundaries, joins fragments and answers pings', async () => {
    const seen: { type: string; asOf?: number; length: number }[] = [];
    const socket = await RawLiveSocket.open('127.0.0.1', port, '/', (head, length) => seen.push({ ...peekLiveMessage(head), length }));
    const until = Date.now() + 5000;
    while (seen.length < SIZES.length + 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    socket.close();
    expect(seen.slice(0, SIZES.length)).toEqual(SIZES.map((size, i) => ({ type: 'delta', asOf: 1000 + i, length: size })));
    expect(seen.slice(SIZES.length)).toEqual([
      { type: 'delta', asOf: 3000, length: 40_000 },
      { type: 'delta', asOf: 2000, length: 60 },
      { type: 'pong-seen', length: 20 },
      { type: 'pong-seen', length: 20 },
    ]);
  });
});
