/**
 * Two instances, one Redis: kill -9 the one running the pipeline in the middle of a surge.
 * The other takes over (the lease lives 3 s), the incident escalates exactly once, each
 * contact gets each alert exactly once, and a wallboard connected to the survivor keeps updating.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, removeKeys, uniquePrefix, waitUntil, writeRulesFolder } from '../support/env.js';
import { alertPlan, quickVoiceRules } from '../support/quick-rules.js';
import { watchWaiting } from '../support/wall-watch.js';
import { FakeTwilio } from '../../testkit/fake-twilio.js';
import { AUTH_TOKEN, CALM_NOTIFY, processConfig } from '../support/plan-world.js';
import { SurgeProcess } from '../../testkit/process.js';

const prefix = uniquePrefix('two');
afterAll(() => removeKeys(prefix));

const RULES = quickVoiceRules({ clear: '30s', at: { yellow: 3, orange: 6 } });
const PLANS = `
plans:
${alertPlan('alert-yellow', 'yellow', 'duty-managers')}${alertPlan('alert-orange', 'orange', 'emergency-echelon')}`;

type Status = { instance: string; pipelineOwner: string | null; centres: Record<string, { applied?: number }> };

describe('two instances behind one Redis', () => {
  it('fails over with no duplicate transition and no lost event', async () => {
    const folder = writeRulesFolder(RULES, PLANS);
    const fakeTwilio = await FakeTwilio.start(AUTH_TOKEN);
    const config = processConfig(prefix, folder, { twilio: fakeTwilio }, [[['notify'], CALM_NOTIFY]]);
    const a = await SurgeProcess.start(config);
    const b = await SurgeProcess.start(config);
    const status = async (p: SurgeProcess) => (await (await api(p.base).get('/v1/status')).json()) as Status;
    const owner = await waitUntil(async () => (await status(b)).pipelineOwner ?? undefined, 'a pipeline owner');
    expect(owner).toBe((await status(a)).instance);

    // A wallboard on the instance that survives.
    const wall = watchWaiting(b.port, 'queue:shanghai/voice');
    let n = 0;
    const queue = (count: number) =>
      Array.from({ length: count }, () => {
        n++;
        return JSON.stringify({ id: `two-${prefix}-${n}`, type: 'contact.queued', ts: Date.now(), centre: 'shanghai', contactId: `k${n}`, queue: 'voice', media: 'voice' });
      }).join('\n');
    const incident = async () => ((await (await api(b.base).get('/v1/incidents')).json()) as { incidents: { id: string; level: string }[] }).incidents;

    await api(b.base).postEvents(queue(3));
    const [opened] = await waitUntil(async () => ((await incident()).length === 1 ? incident() : undefined), 'the incident on yellow');
    expect(opened!.level).toBe('yellow');
    // The kill comes once yellow's SMS went out. An SMS whose send was under way at a kill -9 is not sent
    // again (at most once: it may have reached Twilio), and one whose job was not yet claimed waits for
    // BullMQ's stalled-job check (lock 10 s + check 5 s): both are other tests' subjects
    // (crash-mid-plan, sms-replay). Killed mid-send, this test waited for an SMS that must never come.
    await waitUntil(() => fakeTwilio.messages.length >= 1, 'the yellow alert', 20_000);

    await a.kill('SIGKILL');
    await api(b.base).postEvents(queue(3));
    // The lease lives 3 s: the survivor tries again as it lapses, and takes over within 3 s of the last renewal.
    await waitUntil(async () => (await status(b)).pipelineOwner === (await status(b)).instance, 'the survivor to take over', 15_000);
    await waitUntil(async () => (await incident())[0]?.level === 'orange', 'orange on the survivor');
    await waitUntil(() => wall.seen.includes(6), 'the survivor’s wallboard to show the new contacts');
    wall.close();

    const list = await incident();
    expect(list).toHaveLength(1);
    const { timeline } = (await (await api(b.base).get(`/v1/incidents/${opened!.id}`)).json()) as { timeline: { kind: string; from?: string; to?: string }[] };
    expect(timeline.filter((e) => e.kind === 'level').map((e) => `${e.from}→${e.to}`)).toEqual(['normal→yellow', 'yellow→orange']);
    const applied = (await status(b)).centres.shanghai!.applied;
    expect(applied).toBe(6);
    // Each level's alert reached its contact once, across the failover.
    await waitUntil(() => fakeTwilio.messages.length >= 2, 'both alerts', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const to = fakeTwilio.messages.map((m) => m.To);
    expect(to.sort()).toEqual(['+8613800000001', '+8613800000011'].sort()); // li-wei (yellow), chen-jie (orange)
    await b.kill('SIGTERM');
    await fakeTwilio.close();
  }, 90_000);
});
