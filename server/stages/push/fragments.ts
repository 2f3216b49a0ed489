/**
 * Paced fragments: a large message goes out as WebSocket fragments of at most FRAGMENT_BYTES, the
 * next only once uWS holds nothing unsent for the socket (the kernel took the last one). uWS keeps
 * a socket's send buffer at the largest size it ever reached, so a message sent whole stays in this
 * process's memory at its size per socket; paced, at most one fragment does. The client still
 * receives one message. Also used by the fan-out benchmark's bare uWS publisher (the same pacing).
 */
import type { WebSocket } from 'uWebSockets.js';

export const FRAGMENT_BYTES = 16 * 1024;

/** A message on its way out in fragments. */
export interface Paced {
  message: Buffer;
  /** Bytes sent so far. */
  at: number;
}

/** sendPaced sends the message's next fragments (a message of one fragment as a plain message) while uWS holds nothing unsent for the socket; true once the last is out (call again on drain until then). */
export function sendPaced<T>(ws: WebSocket<T>, paced: Paced): boolean {
  const { message } = paced;
  while (paced.at < message.length && ws.getBufferedAmount() === 0) {
    const part = message.subarray(paced.at, paced.at + FRAGMENT_BYTES);
    const first = paced.at === 0;
    paced.at += part.length;
    if (first && paced.at >= message.length) ws.send(part);
    else if (first) ws.sendFirstFragment(part);
    else if (paced.at < message.length) ws.sendFragment(part);
    else ws.sendLastFragment(part);
  }
  return paced.at >= message.length;
}
