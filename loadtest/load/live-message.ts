/**
 * peekLiveMessage reads the type and `asOf` of a `/v1/live` message from its first bytes,
 * without parsing the whole (tens of kilobytes of) figures: thousands of simulated screens
 * in one process can afford this for every message, not a full JSON.parse.
 *
 * Deltas are serialised as `{"type":"delta","asOf":<ms>,…`, so `asOf` (the instant of the server's step, or of
 * the bare publisher's tick, that produced them) is right at the front; other messages report their type only.
 */
export interface LivePeek {
  type: string;
  /** A delta's `asOf` (epoch ms): the server's step, the bare publisher's tick. */
  asOf?: number;
}

const HEAD = /^\{"type":"([^"]+)"(?:,"asOf":(\d+))?/;

export function peekLiveMessage(data: Buffer): LivePeek {
  const match = HEAD.exec(data.toString('latin1', 0, Math.min(data.length, 64)));
  if (!match) return { type: 'unknown' };
  return match[2] === undefined ? { type: match[1]! } : { type: match[1]!, asOf: Number(match[2]) };
}
