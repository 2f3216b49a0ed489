/**
 * `/v2/live` on the whole server: events accepted at ingest, committed by the pipeline and
 * published through Redis pub/sub reach a hall's wall only for that hall's centres; the
 * control screen (no hall) sees every centre. Docs: docs/api.md "Live push".
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, TOKENS, useServer, waitUntil } from './support/env.js';

const app = useServer('live-v2', (c) => {
  c.screens.halls = { east: { centres: ['hangzhou'] }, rest: { centres: ['shanghai', 'wuhan'] } };
});

type Message = { type: string; topic?: string; seq: number | Record<string, number>; scopes?: Record<string, { waiting: number }>; patch?: Record<string, { waiting?: number }>; topology?: { centres: { id: string }[] } };

function connect(query: string): Promise<{ ws: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v2/live?token=${TOKENS.display}${query}`);
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const scopesIn = (messages: Message[]) => messages.flatMap((m) => [...Object.keys(m.scopes ?? {}), ...Object.keys(m.patch ?? {})]);
const waitingIn = (m: Message, scope: string) => m.patch?.[scope]?.waiting ?? m.scopes?.[scope]?.waiting;

describe('/v2/live', () => {
  it('a hall wall gets its own centres only, from the committed pipeline; the control screen every centre', async () => {
    const wall = await connect('&hall=east');
    const control = await connect('');
    await waitUntil(() => wall.messages[0] && control.messages[0], 'both snapshots');
    expect(wall.messages[0]!.topology!.centres.map((c) => c.id)).toEqual(['hangzhou']);
    expect(control.messages[0]!.topology!.centres.map((c) => c.id)).toEqual(['hangzhou', 'shanghai', 'wuhan']);

    const ts = Date.now();
    const events = ['hangzhou', 'shanghai'].map((centre) => JSON.stringify({ id: `v2-${app.prefix}-${centre}`, type: 'contact.queued', ts, centre, contactId: `c-${centre}`, queue: 'voice', media: 'voice' }));
    expect((await api(app.base).postEvents(events.join('\n'))).status).toBe(202);
    await waitUntil(() => control.messages.some((m) => waitingIn(m, 'queue:shanghai/voice') === 1), 'Shanghai on the control screen');
    await waitUntil(() => wall.messages.some((m) => waitingIn(m, 'queue:hangzhou/voice') === 1), 'Hangzhou on the wall');

    const wallScopes = scopesIn(wall.messages);
    expect(wallScopes.filter((s) => s.includes('shanghai') || s.includes('wuhan'))).toEqual([]);
    expect(wallScopes).toEqual(expect.arrayContaining(['all', 'centre:hangzhou', 'queue:hangzhou/voice']));
    wall.ws.close();
    control.ws.close();
  });
});
