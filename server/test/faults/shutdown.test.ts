/**
 * Fault: SIGTERM (or Ctrl-C) under load. The server stops accepting, answers what is in
 * flight, closes every WebSocket with 1001 and every connection, stops the pipeline and
 * workers, quits Redis last, and exits 0 within 5 s. With `npm start`'s private redis-server,
 * Redis stops after the server, and a signal to `npm` itself stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { freePort } from '../../testkit/redis-process.js';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { removeKeys } from '../../testkit/redis.js';

const EXIT_WITHIN_MS = 5000;
const prefix = uniquePrefix('shutdown');
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeKeys(prefix);
});

/** exitOf resolves with the exit code once `child` has gone, and how long after `since`. */
const exitOf = (child: ChildProcess, since: number) =>
  new Promise<{ code: number | null; ms: number }>((resolve) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
    child.once('exit', (code) => resolve({ code, ms: Date.now() - since }));
  });

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

type Reply = { type: string; ref: number; status?: number; error?: string };

describe('SIGTERM under load', () => {
  it('answers what is in flight, closes every socket (1001), quits Redis last and exits 0 within 5 s', async () => {
    const surge = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix]]), { LOG_LEVEL: 'info' });
    children.push(surge.child);
    const ws = (path: string, token: string) => new WebSocket(`ws://127.0.0.1:${surge.port}${path}?token=${token}`);
    const opened = (socket: WebSocket) => new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closeOf = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    // Screens, a streaming bridge, an idle keep-alive connection and HTTP posts, all at once.
    const screens = [1, 2, 3].map(() => ws('/v1/live', TOKENS.display));
    const bridge = ws('/v1/events/ws', TOKENS.ingest);
    await Promise.all([...screens, bridge].map(opened));
    const screenCloses = screens.map(closeOf);
    const bridgeClose = closeOf(bridge);
    const replies: Reply[] = [];
    bridge.on('message', (data) => replies.push(JSON.parse(String(data)) as Reply));
    const idle = connect(surge.port, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    idle.on('error', () => undefined).resume();

    let n = 0;
    let sent = 0;
    let running = true;
    const event = () => JSON.stringify({ id: `${prefix}-${n++}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `c${n}`, queue: 'voice', media: 'voice' });
    const answers: string[] = [];
    const load = (async () => {
      while (running) {
        if (bridge.readyState === WebSocket.OPEN) bridge.send(JSON.stringify({ ref: ++sent, events: [JSON.parse(event())] }));
        const res = await api(surge.base).postEvents(event()).catch(() => undefined);
        if (res) answers.push(`${res.status} ${await res.text()}`);
      }
    })();
    await waitUntil(() => replies.length >= 50 && answers.length >= 50, 'traffic to flow', 30_000);

    const sentBeforeSignal = sent;
    const signalled = Date.now();
    surge.child.kill('SIGTERM');
    const exit = await exitOf(surge.child, signalled);
    running = false;
    await load;

    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(await Promise.all(screenCloses)).toEqual([1001, 1001, 1001]);
    expect(await bridgeClose).toBe(1001);
    await idleClosed;
    // Every message sent before the signal was answered, in order; nothing was refused for want of Redis.
    expect(replies.length).toBeGreaterThanOrEqual(sentBeforeSignal);
    expect(replies.map((r) => r.ref)).toEqual(replies.map((_, i) => i + 1));
    for (const r of replies) if (r.type === 'nack') expect(r).toMatchObject({ status: 503, error: expect.stringMatching(/^server shutting down/) });
    expect(answers.filter((a) => !a.startsWith('202 '))).toEqual([]);
    const log = surge.output.join('');
    expect(log).not.toMatch(/redis connection error|ECONNREFUSED|Redis is unavailable/);
  }, 90_000);
});

/** `npm start` in its own process group, as a terminal runs it, on a private redis-server. */
async function npmStart(): Promise<{ npm: ChildProcess; port: number; redisPort: number; output: string[] }> {
  const port = await freePort();
  // The shipped config: the simulator's traffic runs.
  const config = writeConfig([[['redis', 'prefix'], prefix]]);
  const { REDIS_URL: _shared, SURGE_SIMULATE: _off, ...env } = process.env;
  const npm = spawn('npm', ['start', '--', '--private-redis', '--port', String(port)], {
    env: { ...env, SURGE_CONFIG: config, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(npm);
  const output: string[] = [];
  npm.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  npm.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  await waitUntil(async () => {
    if (npm.exitCode !== null) throw new Error(`npm start exited ${npm.exitCode}: ${output.join('')}`);
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
  }, 'npm start to be ready (it builds what is out of date first)', 240_000);
  const redisPort = Number(/"url":"redis:\/\/127\.0\.0\.1:(\d+)"[^\n]*private redis-server/.exec(output.join(''))![1]);
  return { npm, port, redisPort, output };
}

describe('npm start with its private redis-server', () => {
  for (const [how, signal] of [
    ['SIGTERM to the npm process', (npm: ChildProcess) => npm.kill('SIGTERM')],
    ['Ctrl-C (SIGINT to the whole process group)', (npm: ChildProcess) => process.kill(-npm.pid!, 'SIGINT')],
  ] as const) {
    it(`${how}: the server stops, then Redis, and nothing is left running`, async () => {
      const { npm, port, redisPort, output } = await npmStart();
      await new Promise((r) => setTimeout(r, 1000)); // the simulator's traffic flowing
      const signalled = Date.now();
      signal(npm);
      const exit = await exitOf(npm, signalled);
      expect(exit.code).toBe(0);
      expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
      expect(await refused(port)).toBe(true);
      expect(await refused(redisPort)).toBe(true);
      const log = output.join('');
      expect(log.indexOf('"msg":"surge server stopped"')).toBeGreaterThan(0);
      expect(log.indexOf('"msg":"private redis-server stopped"')).toBeGreaterThan(log.indexOf('"msg":"surge server stopped"'));
      expect(log).not.toMatch(/redis connection error|ECONNREFUSED/);
    }, 300_000);
  }
});
