import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { createSimulation } from './simulation.js';
import { toSim, toWall, warpEvent } from './timewarp.js';

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const SIM_START = Date.parse('2025-03-04T10:00:00+08:00');
const WALL_START = Date.parse('2025-06-01T12:00:00Z');

describe('time warp', () => {
  const warp = { simStartMs: SIM_START, wallStartMs: WALL_START, speed: 10 };
  const simulated = createSimulation({ config, scenario: 'normal', seed: 9, startMs: SIM_START }).advance(SIM_START + 3_600_000);
  const warped = simulated.map((e) => warpEvent(e, warp));

  it('maps the wall clock onto simulated time and back', () => {
    expect(toSim(warp, WALL_START + 1000)).toBe(SIM_START + 10_000);
    expect(toWall(warp, SIM_START + 10_000)).toBe(WALL_START + 1000);
  });

  it('plays a simulated hour in six real minutes, stamped on the real clock', () => {
    expect(warped.every((e) => e.ts >= WALL_START && e.ts <= WALL_START + 360_000)).toBe(true);
    expect(warped.map((e) => e.id)).toEqual(simulated.map((e) => e.id));
  });

  it('scales waits and handle times so they match the warped timestamps', () => {
    const at = new Map<string, CanonicalEvent>();
    let checked = 0;
    for (const e of warped) {
      if (e.type === 'contact.queued') at.set(e.contactId, e);
      if (e.type === 'contact.answered' || e.type === 'contact.abandoned') {
        expect(Math.abs(e.ts - at.get(e.contactId)!.ts - e.waitSec! * 1000)).toBeLessThanOrEqual(1);
        at.set(e.contactId, e);
        checked++;
      }
      // Outbound calls are never queued or answered: the dialler reports only their end.
      if (e.type === 'contact.completed' && e.direction !== 'outbound') {
        const answeredTs = at.get(e.contactId)!.ts;
        expect(Math.abs(e.ts - answeredTs - (e.handleSec + e.acwSec!) * 1000)).toBeLessThanOrEqual(2);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('moves the times carried in events (ticket due, shift start and end) like timestamps', () => {
    const pairs = simulated.map((e, i) => [e, warped[i]!] as const);
    const dues = pairs.filter(([e]) => e.type === 'ticket.created');
    const shifts = pairs.filter(([e]) => e.type === 'agent.shift');
    expect(dues.length).toBeGreaterThan(0);
    expect(shifts.length).toBeGreaterThan(0);
    for (const [e, w] of dues) if (e.type === 'ticket.created' && w.type === 'ticket.created') expect(w.dueAt).toBe(toWall(warp, e.dueAt!));
    for (const [e, w] of shifts) {
      if (e.type !== 'agent.shift' || w.type !== 'agent.shift') continue;
      expect([w.start, w.end]).toEqual([toWall(warp, e.start), toWall(warp, e.end)]);
      // A quarter hour of schedule plays in a tenth of it.
      expect(w.end - w.start).toBe(90_000);
    }
  });

  it('changes nothing at speed 1 from the same start', () => {
    const same = { simStartMs: SIM_START, wallStartMs: SIM_START, speed: 1 };
    expect(simulated.map((e) => warpEvent(e, same))).toEqual(simulated);
  });
});
