/**
 * Fault (issue 12, row 1): large uploads nobody is allowed to send, against a real server
 * process. 250 anonymous 8 MiB POSTs to the Amazon Connect adapter (no credentials, a wrong
 * token, a wrong Firehose key) are refused on their headers, the read aborted (the
 * connection closed: a client still sending may see a reset instead of the 401), and the
 * server's resident set grows by at most ANONYMOUS_BOUND at its peak — reading them whole took
 * it past 2 GB. Allowed uploads are bounded all together by `limits.bodyBytesInFlight`:
 * beyond it a request is 503 with Retry-After at once, not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeKeys, TOKENS, uniquePrefix } from '../support/env.js';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { MiB, processMemory, startMeasuring } from './memory.js';
import { rawPost, type RawAnswer } from './raw-post.js';

const PATH = '/v1/adapters/amazon-connect';
const ANONYMOUS = 250;
const ANONYMOUS_BOUND = 50 * MiB;
const BUDGET = 16 * MiB;
const ALLOWED = 12;
// Two 8 MiB bodies held as bytes and as text while parsed, and V8 collecting lazily; all twelve read at once would be ~300 MB.
const ALLOWED_BOUND = 160 * MiB;

const prefix = uniquePrefix('uploads');
let server: SurgeProcess;

beforeAll(async () => {
  server = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix], [['limits', 'bodyBytesInFlight'], BUDGET]]));
});
afterAll(async () => {
  await server.kill('SIGTERM');
  await removeKeys(prefix);
});

const body = Buffer.alloc(8 * MiB, ' ');
/**
 * outcome is the status, or `reset` when the server closed the connection while the client
 * was still sending: the kernel then resets it, and the client may lose the answer.
 */
const outcome = (a: RawAnswer) => a.status ?? (a.error === 'EPIPE' || a.error === 'ECONNRESET' ? 'reset' : a.error);
const outcomes = (answers: RawAnswer[]) => answers.map(outcome);

describe('250 anonymous 8 MiB uploads to the Amazon Connect adapter', () => {
  it('are refused on their headers without being read, and the server stays within 50 MB of where it was', async () => {
    const anonymous: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer ${TOKENS.display}` },
      { 'x-amz-firehose-request-id': 'r-1', 'x-amz-firehose-access-key': 'wrong-key' },
    ];
    const pid = server.child.pid!;
    const before = startMeasuring(pid);
    const answers = await Promise.all(Array.from({ length: ANONYMOUS }, (_, i) => rawPost(server.port, PATH, { 'content-type': 'application/json', ...anonymous[i % anonymous.length] }, body)));
    const after = processMemory(pid);

    expect(outcomes(answers).filter((o) => o !== 401 && o !== 403 && o !== 'reset')).toEqual([]);
    expect(answers.filter((a) => a.status !== undefined).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 401).every((a) => /bearer token/.test(a.text ?? ''))).toBe(true);
    expect(after.peak - before).toBeLessThan(ANONYMOUS_BOUND);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  }, 120_000);
});

describe('allowed uploads beyond limits.bodyBytesInFlight', () => {
  it('are answered 503 with Retry-After at once, the rest served, and memory stays bounded', async () => {
    const pid = server.child.pid!;
    const before = startMeasuring(pid);
    const records = Buffer.concat([Buffer.from('['), body.subarray(2), Buffer.from(']')]);
    const answers = await Promise.all(Array.from({ length: ALLOWED }, () => rawPost(server.port, PATH, { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.ingest}` }, records)));
    const after = processMemory(pid);

    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((a) => a.headers?.['retry-after'] === '1' && /limits\.bodyBytesInFlight/.test(a.text ?? ''))).toBe(true);
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(BUDGET / body.length);
    expect(outcomes(answers).filter((o) => o !== 202 && o !== 503 && o !== 'reset')).toEqual([]);
    expect(after.peak - before).toBeLessThan(ALLOWED_BOUND);
    // Nothing stays held: the budget is whole again.
    const again = await Promise.all(Array.from({ length: BUDGET / body.length }, () => rawPost(server.port, PATH, { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.ingest}` }, records)));
    expect(outcomes(again)).toEqual(again.map(() => 202));
  }, 120_000);
});
