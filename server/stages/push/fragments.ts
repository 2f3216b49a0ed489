/**
 * What uWS holds per socket, and paced fragments.
 *
 * uWS assembles what it sends in one shared buffer of 16 KB (its cork buffer). A send that does not
 * fit — a bigger message, or a socket's messages of one event-loop turn adding up to more — goes
 * through the socket's own buffer instead, and uWS keeps that buffer at the largest size it ever
 * held for as long as the socket lives: 16 KB for each of 10,000 walls is 160 MB, for good. So
 * nothing the hub sends one socket in one turn exceeds TURN_BYTES (the frame headers fit in the rest).
 *
 * A large message goes out as WebSocket fragments of at most TURN_BYTES, the next only once uWS holds
 * nothing unsent for the socket (the kernel took the last one); the client still receives one message.
 * sendPaced must not run where uWS has corked the socket (its `open` and `message` handlers): sends
 * there fill the shared buffer unseen by getBufferedAmount, and the second fragment overflows it.
 * Also used by the fan-out benchmark's bare uWS publisher (the same pacing).
 */
import type { WebSocket } from 'uWebSockets.js';

export const TURN_BYTES = 12 * 1024;

/** A message on its way out in fragments. */
export interface Paced {
  message: Buffer;
  /** Sent as a binary message (a compressed snapshot: live-frame.ts). */
  binary?: boolean;
  /** Bytes sent so far. */
  at: number;
}

/** sendPaced sends the message's next fragments (a message of one fragment as a plain message) while uWS holds nothing unsent for the socket; true once the last is out (call again on drain until then). */
export function sendPaced<T>(ws: WebSocket<T>, paced: Paced): boolean {
  const { message, binary = false } = paced;
  while (paced.at < message.length && ws.getBufferedAmount() === 0) {
    const part = message.subarray(paced.at, paced.at + TURN_BYTES);
    const first = paced.at === 0;
    paced.at += part.length;
    if (first && paced.at >= message.length) ws.send(part, binary);
    else if (first) ws.sendFirstFragment(part, binary);
    else if (paced.at < message.length) ws.sendFragment(part);
    else ws.sendLastFragment(part);
  }
  return paced.at >= message.length;
}
