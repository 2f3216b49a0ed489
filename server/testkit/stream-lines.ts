/**
 * streamLines reads what a centre's stream holds for tests: every event's line with the id of the
 * entry it is in, in stream order (an entry holds the events of one append, a line each: stream/entry.ts).
 */
import type { Cluster, Redis } from 'ioredis';
import { entryLines, EVENTS_FIELD } from '../stages/stream/entry.js';

export interface StreamLine {
  /** The entry's id (shared by the events appended together). */
  id: string;
  line: string;
}

export async function streamLines(redis: Redis | Cluster, stream: string): Promise<StreamLine[]> {
  const out: StreamLine[] = [];
  for (const [id, fields] of await redis.xrange(stream, '-', '+')) {
    const at = fields.indexOf(EVENTS_FIELD);
    if (at !== -1) for (const line of entryLines(fields[at + 1]!)) out.push({ id, line });
  }
  return out;
}

/** streamEventIds is the ids of the events a stream holds, in stream order. */
export async function streamEventIds(redis: Redis | Cluster, stream: string): Promise<string[]> {
  return (await streamLines(redis, stream)).map(({ line }) => (JSON.parse(line) as { id: string }).id);
}
