/**
 * The schedule (`agent.shift`), for attendance: scheduled = agents whose shift covers now,
 * present = those of them staffed (logged in, in any state). Shifts that ended more than an
 * hour ago are forgotten, and at most MAX_SHIFTS are held (the earliest told goes first).
 */
import type { AgentShift } from '../ingest/contract.js';
import type { PartitionState } from './partition.js';

export const MAX_SHIFTS = 50_000;
export const SHIFT_MEMORY_MS = 3_600_000;

export interface Shift {
  agentId: string;
  start: number;
  end: number;
}

const shiftKey = (agentId: string, start: number) => `${agentId}\u0000${start}`;

/** noteShift records a shift; the same agent and start again replaces it (a changed end). */
export function noteShift(state: PartitionState, event: AgentShift): void {
  const key = shiftKey(event.agentId, event.start);
  if (!state.shifts.has(key) && state.shifts.size >= MAX_SHIFTS) state.shifts.delete(state.shifts.keys().next().value!);
  state.shifts.set(key, { agentId: event.agentId, start: event.start, end: event.end });
}

/** A shift in a checkpoint: [agentId, start, end], in the order told (about 40 % of the [key, object] form). */
export type ShiftJson = [agentId: string, start: number, end: number];

export function encodeShifts(shifts: Map<string, Shift>): ShiftJson[] {
  const out: ShiftJson[] = [];
  for (const s of shifts.values()) out.push([s.agentId, s.start, s.end]);
  return out;
}

/** decodeShifts reads either form: tuples, or the [key, shift] pairs of checkpoints written before them. */
export function decodeShifts(json: (ShiftJson | [string, Shift])[]): Map<string, Shift> {
  const shifts = new Map<string, Shift>();
  for (const entry of json) {
    const s = typeof entry[1] === 'number' ? { agentId: entry[0], start: entry[1], end: (entry as ShiftJson)[2] } : { ...(entry[1] as Shift) };
    shifts.set(shiftKey(s.agentId, s.start), s);
  }
  return shifts;
}

/** forgetShifts drops shifts that ended more than SHIFT_MEMORY_MS before `now`; tells whether any went. */
export function forgetShifts(state: PartitionState, now: number): boolean {
  const before = state.shifts.size;
  for (const [key, s] of state.shifts) if (s.end < now - SHIFT_MEMORY_MS) state.shifts.delete(key);
  return state.shifts.size < before;
}

export function readAttendance(state: PartitionState, now: number): { scheduled: number; present: number } {
  const scheduled = new Set<string>();
  for (const s of state.shifts.values()) if (s.start <= now && now < s.end) scheduled.add(s.agentId);
  let present = 0;
  for (const agentId of scheduled) {
    const agent = state.agents.get(agentId);
    if (agent && agent.state !== 'logged_out') present++;
  }
  return { scheduled: scheduled.size, present };
}
