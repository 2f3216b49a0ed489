import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { surgeFactor, type ScenarioName } from './scenarios.js';
import { createSimulation } from './simulation.js';

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const MIN = 60_000;
const START = Date.parse('2025-03-04T10:00:00+08:00');

const simulation = (scenario: ScenarioName) => createSimulation({ config, scenario, seed: 5, startMs: START });

function events(scenario: ScenarioName, minutes: number): CanonicalEvent[] {
  return simulation(scenario).advance(START + minutes * MIN);
}

/** Calls and chats a centre is expected to be offered between two minutes, from its configured rates. */
function expectedArrivals(sim: ReturnType<typeof simulation>, centre: string, from: number, to: number): number {
  let sum = 0;
  for (const queue of config.centres.find((c) => c.id === centre)!.queues) {
    if (queue.media === 'email') continue;
    for (let t = START + from * MIN; t < START + to * MIN; t += 1000) sum += sim.arrivalRate(centre, queue.id, t);
  }
  return sum;
}

/** A Poisson count lies within four standard deviations of its mean (plus a little for IVR delays). */
function expectPoisson(count: number, mean: number): void {
  expect(Math.abs(count - mean)).toBeLessThan(4 * Math.sqrt(mean) + 5);
}

const within = (from: number, to: number) => (e: CanonicalEvent) => e.ts >= START + from * MIN && e.ts < START + to * MIN;
const arrivals = (list: CanonicalEvent[], centre: string) =>
  list.filter((e) => e.type === 'contact.queued' && e.centre === centre && e.media !== 'email').length;

/** Calls and chats waiting in a centre at a moment, reconstructed from the events. */
function waitingAt(list: CanonicalEvent[], centre: string, minute: number): number {
  let n = 0;
  for (const e of list) {
    if (e.centre !== centre || e.ts > START + minute * MIN || !('queue' in e) || e.queue === 'email') continue;
    if (e.type === 'contact.queued') n++;
    if (e.type === 'contact.answered' || e.type === 'contact.abandoned') n--;
  }
  return n;
}

/** Share of a centre's calls and chats answered within their threshold, by minutes from the start. */
function liveServiceLevel(list: CanonicalEvent[], centre: string, from: number, to: number): number {
  const threshold = new Map(config.centres.find((c) => c.id === centre)!.queues.map((q) => [q.id, q.serviceLevel.thresholdSec]));
  const ended = list.filter(within(from, to)).filter((e) => e.centre === centre && (e.type === 'contact.answered' || e.type === 'contact.abandoned'));
  const live = ended.filter((e) => 'queue' in e && e.queue !== 'email');
  const met = live.filter((e) => e.type === 'contact.answered' && e.waitSec! <= threshold.get(e.queue)!).length;
  return met / live.length;
}

/** Agents logged in per centre at a moment. */
function loggedInAt(list: CanonicalEvent[], centre: string, minute: number): number {
  const state = new Map<string, string>();
  for (const e of list) if (e.type === 'agent.state' && e.centre === centre && e.ts <= START + minute * MIN) state.set(e.agentId, e.state);
  return [...state.values()].filter((s) => s !== 'logged_out').length;
}

describe('surge scenario', () => {
  it.each([
    [0, 1],
    [0.5, 1.35],
    [1, 1.7],
    [4, 1.7],
    [4.5, 1.8],
    [5, 1.9],
    [6, 1.9],
    [6.5, 1.45],
    [7, 1],
    [39, 1],
    [40, 1],
    [41, 1.7],
  ])('multiplies arrivals %d minutes in by %d', (minute, factor) => {
    expect(surgeFactor(minute * MIN)).toBeCloseTo(factor, 9);
  });

  const normal = events('normal', 80);
  const surge = events('surge', 80);

  it("multiplies the first centre's calls and chats during the peak and leaves the other centres alone", () => {
    const sims = { normal: simulation('normal'), surge: simulation('surge') };
    const peak = within(1, 4);
    const expectedCalm = expectedArrivals(sims.normal, 'hangzhou', 1, 4);
    const expectedPeak = expectedArrivals(sims.surge, 'hangzhou', 1, 4);
    expect(expectedPeak).toBeCloseTo(1.7 * expectedCalm, 6);
    expectPoisson(arrivals(surge.filter(peak), 'hangzhou'), expectedPeak);
    expectPoisson(arrivals(normal.filter(peak), 'hangzhou'), expectedCalm);
    for (const centre of ['shanghai', 'wuhan']) {
      expect(expectedArrivals(sims.surge, centre, 0, 40)).toBeCloseTo(expectedArrivals(sims.normal, centre, 0, 40), 6);
      expectPoisson(arrivals(surge.filter(within(0, 40)), centre), expectedArrivals(sims.surge, centre, 0, 40));
    }
  });

  it('changes the arrival rates of live media in the first centre only', () => {
    const rates = (scenario: ScenarioName) => createSimulation({ config, scenario, seed: 5, startMs: START });
    const [calm, surging] = [rates('normal'), rates('surge')];
    const at = START + 5.5 * MIN;
    for (const centre of config.centres) {
      for (const queue of centre.queues) {
        const factor = centre.id === 'hangzhou' && queue.media !== 'email' ? 1.9 : 1;
        expect(surging.arrivalRate(centre.id, queue.id, at)).toBeCloseTo(factor * calm.arrivalRate(centre.id, queue.id, at), 12);
      }
    }
  });

  it('lets the queue climb during the peak and recover before the next one, every cycle', () => {
    expect(waitingAt(surge, 'hangzhou', 0)).toBeLessThan(5);
    for (const cycle of [0, 40]) {
      const peak = Math.max(...[3, 4, 5, 6, 7].map((m) => waitingAt(surge, 'hangzhou', cycle + m)));
      expect(peak).toBeGreaterThan(8);
      expect(waitingAt(surge, 'hangzhou', cycle + 25)).toBeLessThan(10);
      expect(liveServiceLevel(surge, 'hangzhou', cycle + 4, cycle + 8)).toBeLessThan(0.5);
      expect(liveServiceLevel(surge, 'hangzhou', cycle + 20, cycle + 30)).toBeGreaterThan(0.7);
    }
  });
});

describe('outage scenario', () => {
  const outage = events('outage', 24);

  it("logs out most of the first centre's agents for four minutes, then brings them back", () => {
    for (const cycle of [0, 12]) {
      const before = loggedInAt(outage, 'hangzhou', cycle + 2.9);
      expect(loggedInAt(outage, 'hangzhou', cycle + 4)).toBeLessThan(0.3 * before);
      expect(loggedInAt(outage, 'hangzhou', cycle + 6.9)).toBeLessThan(0.3 * before);
      expect(loggedInAt(outage, 'hangzhou', cycle + 8.5)).toBeGreaterThan(0.9 * before);
    }
    for (const centre of ['shanghai', 'wuhan']) {
      expect(loggedInAt(outage, centre, 4)).toBeGreaterThan(0.95 * loggedInAt(outage, centre, 2.9));
    }
  });

  it('reports the network failure and its repair as system faults', () => {
    const faults = outage.filter((e) => e.type === 'system.fault');
    expect(faults.map((e) => [e.centre, e.severity, (e.ts - START) / MIN])).toEqual([
      ['hangzhou', 'critical', 3],
      ['hangzhou', 'info', 7],
      ['hangzhou', 'critical', 15],
      ['hangzhou', 'info', 19],
    ]);
  });

  it('cuts short the contacts of disconnected agents instead of leaving them open', () => {
    const open = new Map<string, string>();
    for (const e of outage.filter(within(0, 5))) {
      if (e.type === 'contact.answered') open.set(e.agentId, e.contactId);
      if (e.type === 'contact.completed') open.delete(e.agentId);
      if (e.type === 'agent.state' && e.state === 'logged_out') expect(open.has(e.agentId), e.agentId).toBe(false);
    }
  });
});
