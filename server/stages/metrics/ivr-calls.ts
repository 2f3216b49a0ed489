/**
 * Callers' paths through the IVR (`ivr.call`): entered, transferred to an agent, ended without
 * transfer (contained, self-service) or in error. Each call is remembered while it is in the IVR,
 * and for CLOSED_MEMORY_MS after it left, so that its phases told twice or out of order count once:
 * an `ended` after `transferred` is not contained; a `transferred` after `ended` takes the
 * containment (and its cost) back. `ivrNow` counts callers in the IVR; `ivrPeak` its most today.
 */
import type { IvrCall } from '../ingest/contract.js';
import { delta, zeroCounters } from './counters.js';
import type { PartitionSettings, PartitionState } from './partition.js';
import { CENTRE_KEY, count, tally } from './tally.js';

export const MAX_IVR_CALLS = 100_000;
const CLOSED_MEMORY_MS = 15 * 60_000;

export interface IvrCallState {
  phase: 'in_ivr' | 'transferred' | 'ended';
  /** When it entered (epoch ms); 0 when not seen entering. */
  enteredAt: number;
  /** Its last event. */
  ts: number;
  /** When it was counted contained, and the cost counted then (to take back if a transfer turns up). */
  endedAt: number;
  cost: number;
}

const ENTERED = delta({ ivrEntered: 1 });
const TRANSFERRED = delta({ ivrTransferred: 1 });
const ERROR = delta({ ivrErrors: 1 });

export function applyIvrCall(state: PartitionState, settings: PartitionSettings, event: IvrCall): void {
  const call = state.ivrCalls.get(event.callId);
  if (call) call.ts = Math.max(call.ts, event.ts);
  switch (event.phase) {
    case 'entered':
      if (call && call.enteredAt > 0) break; // told twice
      count(state, settings, CENTRE_KEY, event.ts, ENTERED);
      if (call) call.enteredAt = event.ts; // it has already left: told late
      else {
        remember(state, event.callId, { phase: 'in_ivr', enteredAt: event.ts, ts: event.ts, endedAt: 0, cost: 0 });
        state.ivrNow++;
        if (state.ivrNow > state.ivrPeak) state.ivrPeak = state.ivrNow;
      }
      break;
    case 'transferred':
      if (call?.phase === 'transferred') break;
      count(state, settings, CENTRE_KEY, event.ts, TRANSFERRED);
      if (!call) remember(state, event.callId, { phase: 'transferred', enteredAt: 0, ts: event.ts, endedAt: 0, cost: 0 });
      else {
        if (call.phase === 'in_ivr') state.ivrNow--;
        // Taken back where it was counted (a correction, not a late event).
        else tally(state, state, settings, CENTRE_KEY, call.endedAt, contained(-1, -call.cost));
        call.phase = 'transferred';
      }
      break;
    case 'ended': {
      if (call && call.phase !== 'in_ivr') break; // left already (transferred, or told twice)
      const rate = settings.costs.ivr;
      const minutes = call ? Math.max(0, event.ts - call.enteredAt) / 60_000 : 0;
      const cost = rate.perContact + rate.perMinute * minutes;
      count(state, settings, CENTRE_KEY, event.ts, contained(1, cost));
      if (!call) remember(state, event.callId, { phase: 'ended', enteredAt: 0, ts: event.ts, endedAt: event.ts, cost });
      else {
        state.ivrNow--;
        Object.assign(call, { phase: 'ended', endedAt: event.ts, cost });
      }
      break;
    }
    case 'error':
      count(state, settings, CENTRE_KEY, event.ts, ERROR);
      break;
  }
  if (event.port !== undefined) notePortCall(state, event);
}

/** contained is the delta of `n` contained calls (−1: taken back) costing `cost`. */
function contained(n: number, cost: number) {
  const d = zeroCounters();
  d.ivrContained = n;
  d.costedContacts = n;
  d.cost = cost;
  return d;
}

/** remember holds a call, forgetting the longest-held one past MAX_IVR_CALLS. */
function remember(state: PartitionState, callId: string, call: IvrCallState): void {
  if (state.ivrCalls.size >= MAX_IVR_CALLS) {
    const [oldestId, oldest] = state.ivrCalls.entries().next().value!;
    if (oldest.phase === 'in_ivr') state.ivrNow--;
    state.ivrCalls.delete(oldestId);
  }
  state.ivrCalls.set(callId, call);
}

/** notePortCall shows the call on its port (a port reported by `ivr.port`): its current call and menu, and the activity. */
function notePortCall(state: PartitionState, event: IvrCall): void {
  const port = state.ivrPorts.get(event.port!);
  if (!port) return;
  port.ts = Math.max(port.ts, event.ts);
  if (event.phase === 'entered' || event.phase === 'error') {
    port.callId = event.callId;
    if (event.menu !== undefined) port.menu = event.menu;
  } else if (port.callId === event.callId) {
    delete port.callId;
    delete port.menu;
  }
}

/** forgetIvrCalls drops calls that left the IVR more than CLOSED_MEMORY_MS before `watermark`. */
export function forgetIvrCalls(state: PartitionState, watermark: number): void {
  for (const [id, call] of state.ivrCalls) if (call.phase !== 'in_ivr' && call.ts < watermark - CLOSED_MEMORY_MS) state.ivrCalls.delete(id);
}

/** pruneIvrCalls drops callers in the IVR with no news since `before` (a lost `ended`); tells whether any went. */
export function pruneIvrCalls(state: PartitionState, before: number): boolean {
  let pruned = false;
  for (const [id, call] of state.ivrCalls) {
    if (call.phase !== 'in_ivr' || call.ts >= before) continue;
    state.ivrCalls.delete(id);
    state.ivrNow--;
    pruned = true;
  }
  return pruned;
}
