/**
 * Levels and incidents end to end: events raise a queue through the levels, the incident
 * follows, survives a kill -9 of the server with no duplicate transition, takes dispatcher
 * actions (audited) and resolves after its quiet period.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, removeKeys, TOKENS, uniquePrefix, waitUntil, writeRulesFolder } from './support/env.js';
import { quickVoiceRules } from './support/quick-rules.js';
import { SurgeProcess, writeConfig } from '../testkit/process.js';

const prefix = uniquePrefix('incidents');
afterAll(() => removeKeys(prefix));

const RULES = quickVoiceRules({ hold: { yellow: '0s', orange: '0s', red: '1s' } });

type Incident = { id: string; state: string; level: string; peakLevel: string; centre: string; acknowledged: unknown };
type Entry = { kind: string; scope?: string; from?: string; to?: string; rule?: string; values?: Record<string, number>; by?: string; reason?: string };

describe('levels and incidents', () => {
  it('opens, escalates, survives a crash, takes actions and resolves', async () => {
    const config = writeConfig([
      [['redis', 'prefix'], prefix],
      [['rules', 'dir'], writeRulesFolder(RULES).dir],
      [['incidents', 'quietPeriodSec'], 2],
    ]);
    // Contacts k1, k2, … join the Wuhan voice queue in order and are answered in the same order.
    const next = { queued: 0, answered: 0 };
    const contacts = (type: 'contact.queued' | 'contact.answered', count: number) =>
      Array.from({ length: count }, () => {
        const k = type === 'contact.queued' ? ++next.queued : ++next.answered;
        const extra = type === 'contact.queued' ? { media: 'voice' } : { agentId: 'a1' };
        return JSON.stringify({ id: `${type}-${prefix}-${k}`, type, ts: Date.now(), centre: 'wuhan', contactId: `k${k}`, queue: 'voice', ...extra });
      }).join('\n');
    const queue = (count: number) => contacts('contact.queued', count);
    const answer = (count: number) => contacts('contact.answered', count);

    let server = await SurgeProcess.start(config);
    const get = async <T>(path: string, token = TOKENS.display) => (await (await api(server.base).get(path, token)).json()) as T;
    const levelOf = async () => (await get<{ levels: Record<string, string> }>('/v1/levels')).levels['queue:wuhan/voice'] ?? 'normal';
    const openIncident = async () => (await get<{ incidents: Incident[] }>('/v1/incidents')).incidents.find((i) => i.centre === 'wuhan');

    await api(server.base).postEvents(queue(3));
    await waitUntil(async () => (await levelOf()) === 'yellow', 'yellow');
    const opened = await waitUntil(openIncident, 'an open incident');
    expect(opened).toMatchObject({ state: 'open', level: 'yellow' });

    await api(server.base).postEvents(queue(3));
    await waitUntil(async () => (await levelOf()) === 'orange', 'orange');

    // kill -9 mid-incident: the level, the incident and its timeline survive; nothing is recorded twice.
    const timelineOf = async () => (await get<{ timeline: Entry[] }>(`/v1/incidents/${opened.id}`)).timeline;
    const before = await timelineOf();
    await server.kill('SIGKILL');
    server = await SurgeProcess.start(config);
    expect(await levelOf()).toBe('orange');
    await new Promise((r) => setTimeout(r, 1000)); // several evaluation ticks
    expect(await timelineOf()).toEqual(before);
    expect(await openIncident()).toMatchObject({ id: opened.id, level: 'orange' });

    await api(server.base).postEvents(queue(3));
    await waitUntil(async () => (await openIncident())?.level === 'red', 'red after its for-duration');

    // The dispatcher acknowledges with a reason; it is audited.
    const post = (path: string, body: unknown, token = TOKENS.dispatcher) =>
      fetch(`${server.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(`/v1/incidents/${opened.id}/ack`, {})).status).toBe(400);
    expect((await post(`/v1/incidents/${opened.id}/ack`, { reason: 'x' }, TOKENS.display)).status).toBe(403);
    const ack = await post(`/v1/incidents/${opened.id}/ack`, { reason: 'calling in backup seats' });
    expect(ack.status).toBe(200);
    expect((await ack.json()).incident.acknowledged).toMatchObject({ by: 'demo-dispatcher', reason: 'calling in backup seats' });
    const audit = await get<{ entries: { action: string; who: string; target: string; reason: string }[] }>('/v1/audit', 'demo-admin-token');
    expect(audit.entries[0]).toMatchObject({ action: 'incident.ack', who: 'demo-dispatcher', target: opened.id, reason: 'calling in backup seats' });
    expect((await api(server.base).get('/v1/audit', TOKENS.dispatcher)).status).toBe(403);

    // Answering most of the queue de-escalates it to yellow once the clear time has passed…
    await api(server.base).postEvents(answer(5));
    await waitUntil(async () => (await openIncident())?.level === 'yellow', 'de-escalation to yellow');
    // …and answering the rest clears it; the incident resolves after the quiet period.
    await api(server.base).postEvents(answer(4));
    const resolved = await waitUntil(async () => {
      const { incident } = await get<{ incident: Incident }>(`/v1/incidents/${opened.id}`);
      return incident.state === 'resolved' ? incident : undefined;
    }, 'resolution after the quiet period');
    expect(resolved).toMatchObject({ level: 'normal', peakLevel: 'red' });

    const timeline = await timelineOf();
    const kinds = timeline.map((e) => (e.kind === 'level' ? `level ${e.from}→${e.to}` : e.kind));
    expect(kinds).toEqual(['opened', 'scope', 'level normal→yellow', 'scope', 'level yellow→orange', 'scope', 'level orange→red', 'ack', 'scope', 'level red→yellow', 'scope', 'level yellow→normal', 'resolved']);
    const rise = timeline.find((e) => e.kind === 'scope' && e.to === 'red')!;
    expect(rise).toMatchObject({ rule: 'test-voice', scope: 'queue:wuhan/voice', from: 'orange' });
    expect(rise.values!.waiting).toBeGreaterThanOrEqual(9);

    // A declared emergency is held at its level until released.
    const declared = await post('/v1/incidents', { type: 'fire', centre: 'wuhan', level: 'black', note: 'fire alarm on floor 3' });
    expect(declared.status).toBe(201);
    const fire = (await declared.json()).incident as Incident;
    expect(fire).toMatchObject({ level: 'black', state: 'open' });
    expect((await post('/v1/incidents', { type: 'flood', centre: 'wuhan', level: 'red', note: 'x' })).status).toBe(400);
    expect((await (await post(`/v1/incidents/${fire.id}/escalate`, { reason: 'more' })).json()).error).toMatch(/already at black/);
    await server.kill('SIGTERM');
  }, 90_000);
});
