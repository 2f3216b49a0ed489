import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../platform/log/log.js';
import { startSimulator, type SimulatorOptions } from './driver.js';
import { createSimulation, runIdOf } from './simulation.js';
import { warpEvent } from './timewarp.js';

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const SIM_START = Date.parse('2025-03-04T10:00:00+08:00');
const WALL_START = Date.parse('2030-01-01T00:00:00Z');
const SPEED = 4;
const DURATION_SEC = 120;

interface Request {
  url?: string;
  auth?: string;
  type?: string;
  lines: string[];
}

type Answer = (index: number, lines: string[]) => { status: number; body?: unknown } | 'hang-up';

/** A tiny stand-in for the ingest API that records every request and answers as told. */
async function fakeIngest(answer: Answer) {
  const requests: Request[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const lines = body.split('\n').filter((l) => l.length > 0);
    const reply = answer(requests.length, lines);
    requests.push({ url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], lines });
    if (reply === 'hang-up') return req.socket.destroy();
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url, requests };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const accept: Answer = (_, lines) => ({ status: 202, body: { accepted: lines.length, duplicates: 0, rejected: [] } });

/** The lines a faithful run must deliver: the same simulation, warped onto the fake clock. */
function expectedLines(): string[] {
  const sim = createSimulation({ config, scenario: 'normal', seed: 3, startMs: SIM_START, runId: runIdOf(3, WALL_START) });
  const warp = { simStartMs: SIM_START, wallStartMs: WALL_START, speed: SPEED };
  return sim.advance(SIM_START + DURATION_SEC * 1000).map((e) => JSON.stringify({ ...warpEvent(e, warp), source: 'simulator' }));
}

// A fake wall clock moving 10 s per reading: the run covers its 120 simulated seconds in a few
// ticks, whatever the machine's speed, and the expected timestamps are exact.
function options(target: string, extra: Partial<SimulatorOptions> = {}): SimulatorOptions {
  let now = WALL_START;
  return {
    config,
    scenario: 'normal',
    target,
    token: 'test-ingest-token',
    speed: SPEED,
    seed: 3,
    startMs: SIM_START,
    durationSec: DURATION_SEC,
    tickMs: 5,
    backoff: { firstMs: 5, maxMs: 20 },
    clock: () => (now += 10_000) - 10_000,
    ...extra,
  };
}

describe('simulator driver', () => {
  it('POSTs NDJSON batches with the bearer token and delivers every event once, in order', async () => {
    const ingest = await fakeIngest(accept);
    const summary = await startSimulator(options(ingest.url)).done;
    const expected = expectedLines();
    expect(ingest.requests.flatMap((r) => r.lines)).toEqual(expected);
    expect(ingest.requests.every((r) => r.url === '/v1/events' && r.auth === 'Bearer test-ingest-token' && r.type === 'application/x-ndjson')).toBe(true);
    expect(ingest.requests.every((r) => r.lines.length <= 500)).toBe(true);
    expect(summary).toMatchObject({ generated: expected.length, accepted: expected.length, unsent: 0, refused: 0 });
  });

  it('names its events by its wall-clock start: a run restarted on the same simulated stretch sends new ids, not the last run’s', async () => {
    const ids = async (wallStart: number) => {
      const ingest = await fakeIngest(accept);
      let now = wallStart;
      await startSimulator(options(ingest.url, { clock: () => (now += 10_000) - 10_000 })).done;
      return ingest.requests.flatMap((r) => r.lines.map((l) => JSON.parse(l).id as string));
    };
    const [first, again, restarted] = await Promise.all([ids(WALL_START), ids(WALL_START), ids(WALL_START + 60_000)]);
    expect(first.length).toBeGreaterThan(100);
    expect(again).toEqual(first);
    expect(restarted).toHaveLength(first.length);
    const seen = new Set(first);
    expect(restarted.filter((id) => seen.has(id))).toEqual([]);
  });

  it('retries the same batch after a 503 and loses nothing', async () => {
    const ingest = await fakeIngest((i, lines) => (i === 0 ? { status: 503, body: { error: 'redis unavailable' } } : accept(i, lines)));
    const summary = await startSimulator(options(ingest.url)).done;
    const [refusedBatch, retried] = ingest.requests;
    expect(refusedBatch?.lines.length).toBeGreaterThan(0);
    expect(retried?.lines).toEqual(refusedBatch?.lines);
    expect(ingest.requests.slice(1).flatMap((r) => r.lines)).toEqual(expectedLines());
    expect(summary).toMatchObject({ accepted: expectedLines().length, unsent: 0 });
  });

  it('retries when the connection drops without an answer', async () => {
    const ingest = await fakeIngest((i, lines) => (i < 2 ? 'hang-up' : accept(i, lines)));
    const summary = await startSimulator(options(ingest.url)).done;
    expect(ingest.requests.slice(2).flatMap((r) => r.lines)).toEqual(expectedLines());
    expect(summary.unsent).toBe(0);
  });

  it('splits batches the server finds too large', async () => {
    const ingest = await fakeIngest((i, lines) => (lines.length > 100 ? { status: 413, body: { error: 'body too large' } } : accept(i, lines)));
    const summary = await startSimulator(options(ingest.url)).done;
    const delivered = ingest.requests.filter((r) => r.lines.length <= 100).flatMap((r) => r.lines);
    expect(delivered).toEqual(expectedLines());
    expect(summary).toMatchObject({ accepted: expectedLines().length, unsent: 0 });
  });

  it('stops at once on 401 and says why', async () => {
    const ingest = await fakeIngest(() => ({ status: 401, body: { error: 'unknown token' } }));
    const summary = await startSimulator(options(ingest.url)).done;
    expect(ingest.requests).toHaveLength(1);
    expect(summary.fatal).toBe('401: unknown token');
    expect(summary.unsent).toBeGreaterThan(0);
  });

  it('logs the events the server rejects', async () => {
    const ingest = await fakeIngest((i, lines) => ({
      status: 202,
      body: { accepted: lines.length - 1, duplicates: 0, rejected: [{ index: 0, id: JSON.parse(lines[0] as string).id, error: 'ts is too old' }] },
    }));
    const logged: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logged.push(String(chunk));
        done();
      },
    });
    const summary = await startSimulator(options(ingest.url, { logger: createLogger({ level: 'info', destination }) })).done;
    expect(summary.rejected).toBe(ingest.requests.length);
    const warnings = logged.map((l) => JSON.parse(l)).filter((l) => l.msg === 'server rejected events');
    expect(warnings).toHaveLength(ingest.requests.length);
    expect(warnings[0].first[0].error).toBe('ts is too old');
    expect(logged.join('')).not.toContain('test-ingest-token');
  });

  it('sends a source.heartbeat for each centre that had nothing to report for 15 s, and only then', async () => {
    const ingest = await fakeIngest(accept);
    // Almost no traffic: the centres are mostly quiet.
    const summary = await startSimulator(options(ingest.url, { load: 0.001, durationSec: 1200 })).done;
    const events = ingest.requests.flatMap((r) => r.lines).map((l) => JSON.parse(l) as { type: string; centre: string; ts: number; source: string });
    expect(summary.accepted).toBe(events.length);
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['simulator']));
    for (const centre of config.centres.map((c) => c.id)) {
      const own = events.filter((e) => e.centre === centre);
      const beats = own.filter((e) => e.type === 'source.heartbeat');
      expect(beats.length).toBeGreaterThan(3);
      for (const beat of beats) {
        // Nothing else for this centre (heartbeat or not) in the 15 s before it.
        const previous = own.filter((e) => e.ts < beat.ts).at(-1);
        expect(beat.ts - (previous?.ts ?? WALL_START)).toBeGreaterThanOrEqual(15_000);
      }
    }
  });

  it('delivers what is pending when stopped', async () => {
    const ingest = await fakeIngest(accept);
    const simulator = startSimulator(options(ingest.url, { durationSec: undefined, tickMs: 1 }));
    while (ingest.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    const summary = await simulator.stop();
    expect(summary.unsent).toBe(0);
    expect(summary.accepted).toBe(summary.generated);
    expect(ingest.requests.flatMap((r) => r.lines)).toHaveLength(summary.generated);
  });
});
