/**
 * Live protocol v2 through the real Redis bridge: figures another instance commits reach this
 * instance's hub by pub/sub, and each screen gets exactly the scopes it subscribed to — a wall
 * for the north hall never sees the south hall's centre, a control screen sees both. Deltas
 * carry only the fields that changed; a v1 client keeps getting whole figures of every scope.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import uWS from 'uWebSockets.js';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Snapshot } from '../../pipeline/read-model.js';
import type { ScopeMetrics } from '../metrics/types.js';
import { Authenticator } from '../../platform/http/auth.js';
import { createKeys } from '../../platform/redis/keys.js';
import { quietLogger, REDIS_URL, removeKeys, uniquePrefix, waitUntil } from '../../test/support/env.js';
import { startBridge } from './bridge.js';
import { LiveHub } from './live.js';
import { decodeFrame } from './live-frame.js';
import { screensSchema } from './screens-config.js';

const TOKEN = 'live-v2-test-token';
const centre = (id: string, region: string) => ({ id, name: id, timezone: 'UTC', region, queues: [{ id: 'voice', name: 'Voice', media: 'voice' as const, serviceLevel: { target: 0.8, thresholdSec: 20, formula: 'standard' as const } }] });
const config = {
  centres: [centre('north1', 'north'), centre('south1', 'south')] as never,
  screens: screensSchema.parse({ halls: { north: { centres: ['north1'] }, south: { centres: ['south1'] } } }),
  metrics: { pushIntervalMs: 10, evaluateIntervalMs: 5 },
  live: { resync: { perSec: 100, burst: 100 } },
};

/** Figures with the few fields this test reads (the hub passes the rest through). */
const figures = (scope: string, waiting: number, asOf = 1_000): ScopeMetrics => ({ scope, asOf, waiting, occupancy: 0.5, agents: { staffed: 4, available: 2 } }) as unknown as ScopeMetrics;
const SCOPES = ['all', 'media:voice', 'region:north', 'region:south', 'centre:north1', 'queue:north1/voice', 'media:north1/voice', 'centre:south1', 'queue:south1/voice', 'skill:south1/french'];
const SOUTH = SCOPES.filter((s) => s.includes('south'));
const snapshot: Snapshot = { asOf: 1_000, scopes: Object.fromEntries(SCOPES.map((s) => [s, figures(s, 1)])), latest: [{ type: 'levels', asOf: 1, levels: {} }] };

const prefix = uniquePrefix('live-v2');
const keys = createKeys(prefix);
const subscriber = new Redis(REDIS_URL);
const publisher = new Redis(REDIS_URL);
const hub = new LiveHub(config, async () => snapshot, quietLogger());
const app = uWS.App();
hub.attach(app, new Authenticator([{ name: 'screen', role: 'display', sha256: createHash('sha256').update(TOKEN).digest('hex') }]));
const stopBridge = await startBridge(subscriber, keys, hub, quietLogger());
let listen: uWS.us_listen_socket | false = false;
const port = await new Promise<number>((resolve) =>
  app.listen('127.0.0.1', 0, (socket) => {
    listen = socket;
    resolve(uWS.us_socket_local_port(socket as unknown as uWS.us_socket));
  }),
);
afterAll(async () => {
  hub.closeAll();
  if (listen) uWS.us_listen_socket_close(listen);
  await stopBridge();
  subscriber.disconnect();
  publisher.disconnect();
  await removeKeys(prefix);
});

type Message = { type: string; topic?: string; seq: number | Record<string, number>; scopes?: Record<string, ScopeMetrics>; patch?: Record<string, Record<string, unknown>>; topology?: { centres: { id: string }[] } };

/** connect opens a screen's socket; `binary` says, message by message, which came as a compressed frame. */
function connect(path: string): Promise<{ ws: WebSocket; messages: Message[]; binary: boolean[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`);
    const messages: Message[] = [];
    const binary: boolean[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      messages.push((isBinary ? decodeFrame(data) : JSON.parse(String(data))) as Message);
      binary.push(isBinary);
    });
    ws.once('open', () => resolve({ ws, messages, binary }));
    ws.once('error', reject);
  });
}

/** Every scope a screen was told about, in snapshots and deltas alike. */
const scopesSeen = (messages: Message[]) => new Set(messages.flatMap((m) => [...Object.keys(m.scopes ?? {}), ...Object.keys(m.patch ?? {})]));

/** Another instance's commit: its figures delta, published on the metrics channel. */
const commit = (scopes: ScopeMetrics[], asOf: number) => publisher.publish(keys.metricsChannel(), JSON.stringify({ asOf, scopes: Object.fromEntries(scopes.map((f) => [f.scope, f])) }));

describe('live v2 subscriptions across the Redis bridge', () => {
  it('a hall wall gets its centres, their regions and the totals only; a control screen everything; a v1 client keeps whole figures', async () => {
    const wall = await connect('/v2/live?hall=north');
    const control = await connect('/v2/live');
    const v1 = await connect('/v1/live');
    await waitUntil(() => wall.messages[0] && control.messages[0] && v1.messages[0], 'the three snapshots');

    const first = wall.messages[0]!;
    expect(Object.keys(first.scopes!).sort()).toEqual(['all', 'centre:north1', 'media:north1/voice', 'media:voice', 'queue:north1/voice', 'region:north']);
    expect(first.topology!.centres.map((c) => c.id)).toEqual(['north1']);
    expect(first.seq).toEqual({ news: 0, totals: 0, 'centre:north1': 0, 'region:north': 0 });
    expect(Object.keys(control.messages[0]!.scopes!).sort()).toEqual([...SCOPES].sort());
    expect(typeof v1.messages[0]!.seq).toBe('number');

    // Twice, so the second push is a delta of what changed since the first.
    await commit(SCOPES.map((s) => figures(s, 2, 2_000)), 2_000);
    await waitUntil(() => control.messages.some((m) => m.type === 'delta' && m.scopes?.['centre:south1']), 'the first push');
    await commit([figures('centre:north1', 5, 3_000), figures('centre:south1', 6, 3_000), figures('queue:south1/voice', 2, 3_000)], 3_000);
    await publisher.publish(keys.liveChannel(), JSON.stringify({ type: 'levels', asOf: 3_000, levels: { 'centre:south1': 'red' } }));
    await waitUntil(() => control.messages.some((m) => m.patch?.['centre:south1']), 'the south delta on the control screen');
    await waitUntil(() => wall.messages.some((m) => m.patch?.['centre:north1']) && wall.messages.some((m) => m.type === 'levels'), 'the north delta and the levels on the wall');
    await waitUntil(() => v1.messages.filter((m) => m.type === 'delta').length >= 2, 'two v1 deltas');

    for (const scope of SOUTH) expect(scopesSeen(wall.messages).has(scope), scope).toBe(false);
    for (const m of wall.messages.slice(1)) expect(['news', 'totals', 'centre:north1', 'region:north']).toContain(m.topic);
    // Only the fields that changed: waiting and asOf moved; occupancy and agents did not.
    expect(wall.messages.find((m) => m.patch?.['centre:north1'])!.patch!['centre:north1']).toEqual({ waiting: 5, asOf: 3_000 });
    // queue:south1/voice did not change visibly (waiting 2 again, asOf aside), centre:south1 did.
    expect(control.messages.find((m) => m.patch?.['centre:south1'])!.patch).toEqual({ 'centre:south1': { waiting: 6, asOf: 3_000 }, 'queue:south1/voice': { asOf: 3_000 } });

    // Each topic's seq runs on from the snapshot's without a gap.
    const last: Record<string, number> = { ...(wall.messages[0]!.seq as Record<string, number>) };
    for (const m of wall.messages.slice(1)) {
      expect(m.seq, m.topic).toBe(last[m.topic!]! + 1);
      last[m.topic!] = m.seq as number;
    }
    // v1: one sequence, whole figures of every scope that changed.
    const v1Delta = v1.messages.filter((m) => m.type === 'delta').at(-1)!;
    expect(v1Delta.scopes!['centre:south1']).toEqual(figures('centre:south1', 6, 3_000));
    v1.messages.forEach((m, i) => i > 0 && expect(m.seq).toBe((v1.messages[i - 1]!.seq as number) + 1));
    for (const s of [wall, control, v1]) s.ws.close();
  });

  it('encoding=deflate: the same messages, snapshot and deltas as compressed binary frames, news as text', async () => {
    const plain = await connect('/v2/live?hall=north');
    const packed = await connect('/v2/live?hall=north&encoding=deflate');
    await waitUntil(() => plain.messages[0] && packed.messages[0], 'both snapshots');
    await commit([figures('centre:north1', 7, 4_000), figures('all', 9, 4_000)], 4_000);
    await publisher.publish(keys.liveChannel(), JSON.stringify({ type: 'levels', asOf: 4_000, levels: { 'centre:north1': 'orange' } }));
    await commit([figures('centre:north1', 8, 5_000)], 5_000);
    const done = (s: { messages: Message[] }) => s.messages.some((m) => m.type === 'levels') && s.messages.some((m) => (m.patch?.['centre:north1'] as { waiting?: number } | undefined)?.waiting === 8);
    await waitUntil(() => done(plain) && done(packed), 'both deltas and the levels on both walls');

    expect(packed.messages).toEqual(plain.messages);
    expect(packed.binary).toEqual(packed.messages.map((m) => m.type === 'snapshot' || m.type === 'delta'));
    expect(packed.binary.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    expect(plain.binary.every((b) => !b)).toBe(true);
    for (const s of [plain, packed]) s.ws.close();
  });

  it('refuses an encoding it does not have, and deflate on v1, with the reason', async () => {
    for (const [path, reason] of [
      ['/v2/live?encoding=gzip', 'unknown encoding "gzip": the one there is, deflate, or none'],
      ['/v1/live?encoding=deflate', 'encoding=deflate is a /v2/live option'],
    ]) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}&token=${TOKEN}`);
      const answer = await new Promise<{ status?: number; body: string }>((resolve) =>
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += String(chunk)));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        }),
      );
      expect(answer, path).toEqual({ status: 400, body: reason });
    }
  });

  it('a wall naming an unknown hall gets the first hall, as the wall shows it', async () => {
    const wall = await connect('/v2/live?hall=atlantis');
    const first = await waitUntil(() => wall.messages[0], 'the snapshot');
    expect(first.topology!.centres.map((c) => c.id)).toEqual(['north1']);
    wall.ws.close();
  });
});
