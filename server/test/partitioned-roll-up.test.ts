/**
 * One instance with `server.pipelinePartitions: centres` holds every partition alone. Two callers wait
 * in shanghai's voice queue and two in wuhan's: no centre is in trouble, but network-wide voice
 * (`media:voice`, the roll-up partition's scope, figured from the parts the centres committed) has four,
 * and its rule opens a network-wide incident. A dispatcher's action on it reaches the roll-up partition,
 * and readers see every partition's levels and incidents together.
 */
import { describe, expect, it } from 'vitest';
import { api, TOKENS, useServer, waitUntil, writeRulesFolder } from './support/env.js';
import { quickVoiceRules } from './support/quick-rules.js';

const rules = writeRulesFolder(`${quickVoiceRules({ name: 'network-voice', scope: 'media:voice', clear: '30s', at: { yellow: 4 } })}${quickVoiceRules({ name: 'queue-voice', clear: '30s', at: { yellow: 2 } }).replace('\nrules:\n', '\n')}`);
const app = useServer('partitioned-roll-up', (c) => {
  c.server.pipelinePartitions = 'centres';
  c.rules.dir = rules.dir;
});

type Incident = { id: string; centre: string; level: string; state: string; acknowledgedBy?: string };

describe('pipeline partitions on one instance', () => {
  it('holds every partition, raises the roll-up’s rule from the centres’ parts, and routes an action to the roll-up', async () => {
    const status = (await (await api(app.base).get('/v1/status')).json()) as { instance: string; partitions: Record<string, string> };
    expect(status.partitions).toEqual({ hangzhou: status.instance, shanghai: status.instance, wuhan: status.instance, 'roll-up': status.instance });

    const queued = (centre: string, n: number) => JSON.stringify({ id: `${app.prefix}-${centre}-${n}`, type: 'contact.queued', ts: Date.now(), centre, contactId: `${centre}-${n}`, queue: 'voice', media: 'voice' });
    expect((await api(app.base).postEvents([queued('shanghai', 1), queued('shanghai', 2), queued('wuhan', 1), queued('wuhan', 2)].join('\n'))).status).toBe(202);

    const incidents = async () => ((await (await api(app.base).get('/v1/incidents')).json()) as { incidents: Incident[] }).incidents;
    const open = await waitUntil(async () => {
      const list = await incidents();
      return list.length === 3 ? list : undefined;
    }, 'an incident in shanghai, one in wuhan and a network-wide one');
    const byCentre = Object.fromEntries(open.map((i) => [i.centre, i]));
    expect(Object.keys(byCentre).sort()).toEqual(['all', 'shanghai', 'wuhan']);
    // Each partition numbers its own incidents; the partition in the id keeps them apart.
    expect(byCentre.all!.id).toMatch(/-roll-up-0001$/);
    expect(byCentre.shanghai!.id).toMatch(/-shanghai-0001$/);
    expect(byCentre.wuhan!.id).toMatch(/-wuhan-0001$/);
    const levels = (await (await api(app.base).get('/v1/levels')).json()) as { levels: Record<string, string> };
    expect(levels.levels).toMatchObject({ 'media:voice': 'yellow', 'queue:shanghai/voice': 'yellow', 'queue:wuhan/voice': 'yellow' });

    const reply = await fetch(`${app.base}/v1/incidents/${byCentre.all!.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'seen on the wall' }),
    });
    expect(reply.status).toBe(200);
    const { incident } = (await reply.json()) as { incident: Incident };
    expect(incident.id).toBe(byCentre.all!.id);
    const unknown = await fetch(`${app.base}/v1/incidents/INC-20261204-none-wuhan-0009/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'no such incident' }),
    });
    expect(unknown.status).toBe(404);
  }, 60_000);
});
