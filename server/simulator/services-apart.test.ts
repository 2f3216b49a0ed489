/**
 * The streams beside the queues must not move what the rules read: with the service streams'
 * draws changed (the second random stream a simulation makes) and everything else the same,
 * the queue traffic of the surge demo — arrivals, answers, abandons, agents, the routing
 * menu's ports, the inbound completions' times — is identical, while the services differ.
 * (That the service modules never draw from the queue traffic's stream at all is the type
 * checker's job: they get a ServiceWorld, which has no `random`.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { demoDayStart, DEMO_WARM_UP_SEC } from './demo-day.js';
import { DEFAULT_SEED } from './driver.js';
import { createSimulation } from './simulation.js';

// Counts the random streams a simulation creates and shifts the seed of the second (`aside`) when asked.
const streams = vi.hoisted(() => ({ made: 0, shiftAside: 0 }));
vi.mock('./random.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./random.js')>();
  return { ...real, createRandom: (seed: number) => real.createRandom(streams.made++ === 1 ? seed + streams.shiftAside : seed) };
});

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const MIN = 60_000;
const QUEUE_TRAFFIC = new Set(['contact.queued', 'contact.answered', 'contact.abandoned', 'contact.completed', 'agent.state', 'system.fault', 'ivr.port']);
const ROUTING_PORTS = 12;

function surgeDemo(shiftAside: number): CanonicalEvent[] {
  Object.assign(streams, { made: 0, shiftAside });
  const start = demoDayStart(Date.parse('2026-12-03T22:17:00Z'), 'Asia/Shanghai');
  const sim = createSimulation({ config, scenario: 'surge', seed: DEFAULT_SEED, startMs: start, warmUpMs: DEMO_WARM_UP_SEC * 1000 });
  const events = sim.advance(start + 30 * MIN);
  expect(streams.made).toBe(2);
  return events;
}

/** The queue side of a run: what the rules' figures are made of, without ids (numbered across all streams) or the new fields. */
function queueSide(events: readonly CanonicalEvent[]): unknown[] {
  return events.flatMap<unknown>((e) => {
    if (!QUEUE_TRAFFIC.has(e.type)) return [];
    if (e.type === 'ivr.port' && Number(e.port.slice('ivr-'.length)) > ROUTING_PORTS) return [];
    if (e.type === 'contact.completed' && e.direction === 'outbound') return [];
    const { id: _id, ...rest } = e as CanonicalEvent & { customerId?: string; resolved?: boolean };
    if (rest.type === 'contact.completed') return [{ ...rest, customerId: undefined, resolved: undefined }];
    return [rest];
  });
}

describe('service streams beside the queues', () => {
  it('leave the queue traffic of the surge demo exactly as it is when their own draws change', () => {
    const usual = surgeDemo(0);
    const other = surgeDemo(1);
    const services = (events: CanonicalEvent[]) => events.filter((e) => e.type.startsWith('ticket.') || e.type === 'outbound.attempt');
    expect(services(other)).not.toEqual(services(usual));
    expect(queueSide(other)).toEqual(queueSide(usual));
    expect(queueSide(usual).length).toBeGreaterThan(10_000);
  });
});
