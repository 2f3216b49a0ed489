/**
 * TimeWarp maps simulated time onto the wall clock so a run at speed N plays N simulated
 * seconds per real second while every emitted timestamp stays close to the real clock:
 *
 *   wall = wallStart + (sim − simStart) / N        sim = simStart + (wall − wallStart) · N
 *
 * Durations carried in events shrink by the same factor, so the server sees compressed but
 * self-consistent traffic (answered.ts − queued.ts = waitSec, within a millisecond of rounding);
 * times carried in events (a ticket's due time, a shift's start and end) move like `ts`.
 */
import type { CanonicalEvent } from '../stages/ingest/contract.js';

export interface TimeWarp {
  simStartMs: number;
  wallStartMs: number;
  speed: number;
}

/** toSim is the simulated time at wall time `wallMs`. */
export function toSim(w: TimeWarp, wallMs: number): number {
  return w.simStartMs + (wallMs - w.wallStartMs) * w.speed;
}

/** toWall is the wall time at which simulated time `simMs` is shown. */
export function toWall(w: TimeWarp, simMs: number): number {
  return w.wallStartMs + Math.round((simMs - w.simStartMs) / w.speed);
}

/** warpEvent restamps an event onto the wall clock and scales its durations. */
export function warpEvent(event: CanonicalEvent, w: TimeWarp): CanonicalEvent {
  const scale = (sec: number) => Math.round((sec * 1000) / w.speed) / 1000;
  const out = { ...event, ts: toWall(w, event.ts) };
  switch (out.type) {
    case 'contact.answered':
    case 'contact.abandoned':
      if (out.waitSec !== undefined) out.waitSec = scale(out.waitSec);
      break;
    case 'contact.completed':
      out.handleSec = scale(out.handleSec);
      if (out.acwSec !== undefined) out.acwSec = scale(out.acwSec);
      break;
    case 'queue.snapshot':
      out.longestWaitSec = scale(out.longestWaitSec);
      break;
    case 'ticket.created':
      if (out.dueAt !== undefined) out.dueAt = toWall(w, out.dueAt);
      break;
    case 'agent.shift':
      out.start = toWall(w, out.start);
      out.end = toWall(w, out.end);
      break;
  }
  return out;
}
