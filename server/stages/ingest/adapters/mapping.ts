/**
 * The resolved shape of a vendor mapping (from `adapters:` in the config): which of our
 * centres, queues and agents a vendor's identifiers stand for. Translators only look
 * things up here; config.ts builds and validates it.
 */
import type { AgentState, Media, SeatType } from '../contract.js';

/** One of our queues, with the media its configuration gives it. */
export interface QueueRef {
  centre: string;
  queue: string;
  media: Media;
}

/** What the mapping says about one vendor agent; every field is optional. */
export interface AgentRef {
  agentId?: string;
  seatType?: SeatType;
  /** Our queue ids (in the agent's centre) the agent serves, when the vendor cannot say. */
  skills?: string[];
  /** The agent's centre, when the vendor event does not imply one. */
  centre?: string;
}

/** The mapping every vendor section has. */
export interface VendorMapping {
  /** Vendor queue id or name → our queue. */
  queues: ReadonlyMap<string, QueueRef>;
  /** Vendor agent id or name → our agent. */
  agents: ReadonlyMap<string, AgentRef>;
  /** Vendor status/activity name → our agent state; names not listed mean `aux`. */
  states: ReadonlyMap<string, AgentState>;
  defaultSeatType: SeatType;
}

/** The agent identity an agent event carries, after the mapping has had its say. */
export interface ResolvedAgent {
  agentId: string;
  seatType: SeatType;
  ref?: AgentRef;
}

/** lookup returns the first key (vendor id, then name…) the map knows. */
export function lookup<T>(map: ReadonlyMap<string, T>, ...keys: (string | undefined)[]): T | undefined {
  for (const key of keys) {
    if (key === undefined || key === '') continue;
    const found = map.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** resolveAgent maps a vendor agent (by any of its keys) to our id and seat type; `fallbackId` names an unmapped one. */
export function resolveAgent(mapping: VendorMapping, fallbackId: string, ...keys: (string | undefined)[]): ResolvedAgent {
  const ref = lookup(mapping.agents, ...keys);
  const resolved: ResolvedAgent = { agentId: ref?.agentId ?? fallbackId, seatType: ref?.seatType ?? mapping.defaultSeatType };
  if (ref) resolved.ref = ref;
  return resolved;
}

/** stateFor maps a vendor status name to our agent state (unlisted names are `aux`, with the name as the reason). */
export function stateFor(mapping: VendorMapping, statusName: string | undefined): { state: AgentState; reason?: string } {
  const state = statusName === undefined ? undefined : mapping.states.get(statusName);
  if (state) return { state };
  return statusName ? { state: 'aux', reason: statusName } : { state: 'aux' };
}
