import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, TOKENS, useServer, waitUntil } from './support/env.js';

const app = useServer('live');

type Message = { type: string; seq: number; asOf: number; scopes?: Record<string, { waiting: number }>; topology?: { centres: { id: string }[] } };

function connect(token: string): Promise<{ ws: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v1/live?token=${token}`);
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('/v1/live', () => {
  it('opens with a full snapshot, then pushes deltas of what changed', async () => {
    const { ws, messages } = await connect(TOKENS.display);
    const snapshot = await waitUntil(() => messages[0], 'the snapshot');
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.topology!.centres.map((c) => c.id)).toEqual(['hangzhou', 'shanghai', 'wuhan']);
    expect(Object.keys(snapshot.scopes!)).toEqual(expect.arrayContaining(['all', 'centre:hangzhou', 'queue:wuhan/email', 'media:voice', 'media:shanghai/chat']));

    const events = [1, 2, 3].map((i) => JSON.stringify({ id: `live-${app.prefix}-${i}`, type: 'contact.queued', ts: Date.now(), centre: 'hangzhou', contactId: `c${i}`, queue: 'voice-vip', media: 'voice' }));
    await api(app.base).postEvents(events.join('\n'));
    const first = await waitUntil(() => messages.find((m) => m.type === 'delta' && m.scopes?.['queue:hangzhou/voice-vip']?.waiting === 3), 'a delta with the new contacts');
    // A push above 12 KB comes as several deltas of the same asOf, split by scope.
    const push = messages.filter((m) => m.type === 'delta' && m.asOf === first.asOf);
    const scopes = Object.assign({}, ...push.map((m) => m.scopes)) as NonNullable<Message['scopes']>;
    expect(scopes['centre:hangzhou']!.waiting).toBeGreaterThanOrEqual(3);
    // Deltas carry only changed scopes: Wuhan had no news.
    expect(scopes['queue:wuhan/email']).toBeUndefined();
    // Sequence numbers run on without gaps, so a client can tell when it missed one.
    messages.forEach((m, i) => i > 0 && expect(m.seq).toBe(messages[i - 1]!.seq + 1));

    ws.send(JSON.stringify({ type: 'resync' }));
    const again = await waitUntil(() => messages.slice(1).find((m) => m.type === 'snapshot'), 'a snapshot after resync');
    expect(again.scopes!['queue:hangzhou/voice-vip']!.waiting).toBe(3);
    ws.close();
  });

  it('serves the same figures over HTTP', async () => {
    const res = await api(app.base).get('/v1/metrics/queue:hangzhou/voice-vip');
    expect(res.status).toBe(200);
    expect((await res.json()).scope.waiting).toBe(3);
    const all = await (await api(app.base).get('/v1/metrics', TOKENS.acd)).json();
    expect(all.scopes['centre:wuhan'].waiting).toBe(0);
    const missing = await api(app.base).get('/v1/metrics/queue:nowhere/x');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatch(/unknown scope "queue:nowhere\/x"/);
  });

  it('exposes operations metrics to admins at /metrics', async () => {
    const { ws } = await connect(TOKENS.display);
    const text = await (await api(app.base).get('/metrics', 'demo-admin-token')).text();
    ws.close();
    expect(text).toContain('surge_ingest_events_total{outcome="accepted"} 3');
    expect(text).toMatch(/surge_live_clients [1-9]/);
    expect(text).toContain('surge_stream_lag_entries{centre="hangzhou"} 0');
    expect(text).toContain('surge_events_applied{centre="hangzhou"} 3');
    expect((await api(app.base).get('/metrics', TOKENS.display)).status).toBe(403);
  });

  it('admits display roles and above, no one else', async () => {
    await expect(connect('wrong-token')).rejects.toThrow('HTTP 401');
    await expect(connect(TOKENS.ingest)).rejects.toThrow('HTTP 403');
    const { ws } = await connect(TOKENS.dispatcher);
    ws.close();
  });
});
