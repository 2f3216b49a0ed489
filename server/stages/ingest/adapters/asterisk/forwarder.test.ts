import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { quietLogger, waitUntil } from '../../../../test/support/env.js';
import type { Draft } from '../translation.js';
import { EventForwarder } from './forwarder.js';

/** A stand-in ingest API: answers each POST with the next scripted status (then 202), recording the ids it took. */
async function fakeIngest(script: number[]): Promise<{ url: string; taken: string[]; posts: number; server: Server }> {
  const state = { url: '', taken: [] as string[], posts: 0, server: createServer() };
  state.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.posts++;
      const status = script.shift() ?? 202;
      const ids = body.trim().split('\n').map((line) => (JSON.parse(line) as Draft).id);
      if (status === 202) state.taken.push(...ids);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 202 ? { accepted: ids.length, duplicates: 0, rejected: [] } : { error: `scripted ${status}` }));
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  const address = state.server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return state;
}

const drafts = (from: number, count: number): Draft[] => Array.from({ length: count }, (_, i) => ({ id: `e${from + i}`, type: 'contact.queued', ts: 1, centre: 'wuhan' }));

let forwarder: EventForwarder | undefined;
let target: Awaited<ReturnType<typeof fakeIngest>> | undefined;
afterEach(async () => {
  await forwarder?.stop();
  await new Promise((resolve) => target?.server.close(resolve));
});

describe('EventForwarder', () => {
  it('retries 503s, halves batches the server finds too large, and delivers everything in order', async () => {
    target = await fakeIngest([503, 503, 413]);
    forwarder = new EventForwarder({ target: target.url, token: 't', logger: quietLogger(), backoff: { firstMs: 5, maxMs: 20 }, onFatal: () => undefined });
    forwarder.push(drafts(0, 6));
    forwarder.push(drafts(6, 4));
    await forwarder.flush();
    expect(target.taken).toEqual(drafts(0, 10).map((d) => d.id));
    expect(forwarder.stats).toMatchObject({ accepted: 10, retries: 2, pending: 0, dropped: 0 });
  });

  it('keeps at most maxQueued events while the server is away, dropping the oldest', async () => {
    target = await fakeIngest([503]);
    forwarder = new EventForwarder({ target: target.url, token: 't', logger: quietLogger(), maxQueued: 3, backoff: { firstMs: 200, maxMs: 200 }, onFatal: () => undefined });
    forwarder.push(drafts(0, 1));
    await waitUntil(() => forwarder!.stats.retries === 1 || undefined, 'first POST refused');
    forwarder.push(drafts(1, 5));
    await forwarder.flush();
    expect(target.taken).toEqual(['e0', 'e3', 'e4', 'e5']);
    expect(forwarder.stats.dropped).toBe(2);
  });

  it('stops at once when the server refuses the token', async () => {
    target = await fakeIngest([401]);
    let fatal: Error | undefined;
    forwarder = new EventForwarder({ target: target.url, token: 'bad', logger: quietLogger(), onFatal: (e) => (fatal = e) });
    forwarder.push(drafts(0, 2));
    await waitUntil(() => fatal, 'fatal');
    expect(fatal?.message).toMatch(/refused the token \(401\)/);
    expect(target.posts).toBe(1);
  });
});
