/**
 * Pruning by the step's clock: agents who never log out, contacts never answered and IVR ports
 * taken out of service stop counting, and leave the state, once they have had no news for their
 * configured age — even when their centre has fallen silent, since the clock, not the events, decides.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { MetricsEngine } from './engine.js';
import { restorePartition } from './serialise.js';

const config = parseConfig(readFileSync('server/test/fixtures/small-config.yaml', 'utf8'), 'small-config.yaml');
const { staleContactSec, stalePortSec } = config.metrics;
const t0 = Date.now();
const at = (sec: number) => t0 + sec * 1000;

function engineWith(...events: Record<string, unknown>[]): MetricsEngine {
  const engine = new MetricsEngine(config);
  for (const e of events) engine.apply({ centre: 'c1', ...e } as CanonicalEvent);
  return engine;
}

describe('pruning at the step clock', () => {
  it('drops an agent who never logged out after staleContactSec without news', () => {
    const engine = engineWith(
      { id: 'a1', type: 'agent.state', ts: at(0), agentId: 'silent', state: 'available', seatType: 'onsite', skills: ['voice'] },
      { id: 'a2', type: 'agent.state', ts: at(0), agentId: 'busy', state: 'on_contact', seatType: 'home', skills: ['voice'] },
      { id: 'a3', type: 'agent.state', ts: at(staleContactSec - 60), agentId: 'busy', state: 'acw', seatType: 'home' },
    );
    expect(engine.prune(at(staleContactSec))).toEqual([]);
    expect(engine.snapshot(at(staleContactSec))['centre:c1']!.agents.staffed).toBe(2);
    // One second past the age for `silent`; `busy` had news a minute before it.
    expect(engine.prune(at(staleContactSec + 1))).toEqual(['c1']);
    const figures = engine.snapshot(at(staleContactSec + 1));
    expect(figures['centre:c1']!.agents).toMatchObject({ staffed: 1, available: 0, acw: 1 });
    expect(figures['queue:c1/voice']!.agents.staffed).toBe(1);
    expect(engine.save('c1').agents.map(([id]) => id)).toEqual(['busy']);
    // Nothing more to drop at the same time: a prune changes state only once.
    expect(engine.prune(at(staleContactSec + 1))).toEqual([]);
  });

  it('drops a waiting contact with no news after staleContactSec, by the clock alone', () => {
    const engine = engineWith({ id: 'q1', type: 'contact.queued', ts: at(0), contactId: 'k', queue: 'voice', media: 'voice' });
    // No event after it: the centre is silent, yet the clock moves on.
    engine.prune(at(staleContactSec - 1));
    expect(engine.snapshot(at(staleContactSec - 1))['queue:c1/voice']!.waiting).toBe(1);
    expect(engine.prune(at(staleContactSec + 1))).toEqual(['c1']);
    expect(engine.snapshot(at(staleContactSec + 1))['queue:c1/voice']!.waiting).toBe(0);
  });

  it('drops an IVR port after stalePortSec without news, keeping the ports that report', () => {
    const port = (id: string, p: string, state: string, sec: number) => ({ id, type: 'ivr.port', ts: at(sec), port: p, state });
    const engine = engineWith(port('i1', 'retired', 'idle', 0), port('i2', 'p2', 'in_call', 0), port('i3', 'p2', 'idle', stalePortSec - 10));
    expect(engine.snapshot(at(stalePortSec))['centre:c1']!.ivr).toMatchObject({ idle: 2, inCall: 0 });
    expect(engine.prune(at(stalePortSec + 1))).toEqual(['c1']);
    expect(engine.snapshot(at(stalePortSec + 1))['centre:c1']!.ivr).toMatchObject({ idle: 1, inCall: 0 });
    expect(engine.save('c1').ivrPorts.map(([p]) => p)).toEqual(['p2']);
  });

  it('reads a checkpoint written before ports carried their time as heard of at its watermark', () => {
    const saved = { ...engineWith().save('c1'), watermark: at(0), ivrPorts: [['p1', 'in_call'] as [string, string]] };
    expect(restorePartition(saved).ivrPorts.get('p1')).toEqual({ state: 'in_call', ts: at(0) });
  });
});
