/**
 * MappingReader pulls typed adapter-mapping values ("centre/queue" references, agent
 * entries, state names, secrets) out of plain YAML data, recording each problem with its
 * path so the config loader can name the file and line.
 */
import { AGENT_STATES, SEAT_TYPES, type AgentState, type SeatType } from '../contract.js';
import type { Problems } from '../../../config/check.js';
import type { CentreConfig } from '../../../config/types.js';
import type { AgentRef, QueueRef, VendorMapping } from './mapping.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

/** MappingReader pulls typed mapping values out of plain YAML data, recording each problem. */
export class MappingReader {
  constructor(
    private readonly p: Problems,
    private readonly centres: CentreConfig[],
    private readonly env: Record<string, string | undefined>,
  ) {}

  problem(path: Path, message: string): void {
    this.p.add(path, message);
  }

  obj(v: unknown, path: Path): Obj {
    if (v === undefined || v === null) return {};
    if (typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    this.p.add(path, 'must be a mapping');
    return {};
  }

  optionalStr(o: Obj, path: Path): string | undefined {
    const v = o[path[path.length - 1] as string];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && v.length > 0) return v;
    this.p.add(path, 'must be a non-empty string');
    return undefined;
  }

  int(o: Obj, path: Path, fallback: number, min: number, max: number): number {
    const v = o[path[path.length - 1] as string];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    this.p.add(path, `must be a whole number from ${min} to ${max}`);
    return fallback;
  }

  /** secret reads `key` from the file or, with `keyEnv`, from the named environment variable. */
  secret(o: Obj, path: Path, key: string): string | undefined {
    const envName = this.optionalStr(o, [...path, `${key}Env`]);
    const literal = this.optionalStr(o, [...path, key]);
    if (envName === undefined) return literal;
    if (literal !== undefined) this.p.add([...path, key], `give either ${key} or ${key}Env, not both`);
    const fromEnv = this.env[envName];
    if (!fromEnv) this.p.add([...path, `${key}Env`], `environment variable ${envName} is not set`);
    return fromEnv || undefined;
  }

  centre(id: string, path: Path): CentreConfig | undefined {
    const centre = this.centres.find((c) => c.id === id);
    if (!centre) this.p.add(path, `unknown centre "${id}" (centres: ${this.centres.map((c) => c.id).join(', ')})`);
    return centre;
  }

  /** queueRef reads "centre/queue". */
  queueRef(v: unknown, path: Path): QueueRef | undefined {
    const match = typeof v === 'string' ? /^([^/\s]+)\/([^/\s]+)$/.exec(v) : null;
    if (!match) {
      this.p.add(path, 'must be "<centre>/<queue>", e.g. "hangzhou/voice"');
      return undefined;
    }
    const [, centreId, queueId] = match as unknown as [string, string, string];
    const centre = this.centre(centreId, path);
    const queue = centre?.queues.find((q) => q.id === queueId);
    if (centre && !queue) this.p.add(path, `centre ${centreId} has no queue "${queueId}" (queues: ${centre.queues.map((q) => q.id).join(', ')})`);
    return queue ? { centre: centreId, queue: queueId, media: queue.media } : undefined;
  }

  centreMap(o: Obj, path: Path): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const [key, v] of Object.entries(this.obj(o[path[path.length - 1] as string], path))) {
      if (typeof v === 'string' && this.centre(v, [...path, key])) out.set(key, v);
      else if (typeof v !== 'string') this.p.add([...path, key], 'must be a centre id');
    }
    return out;
  }

  /** mapping reads `queues`, the agents key, the states key (merged over `defaults`) and `defaultSeatType`. */
  mapping(o: Obj, path: Path, agentsKey: string, statesKey: string | undefined, defaults: Record<string, AgentState>): VendorMapping {
    const queues = new Map<string, QueueRef>();
    for (const [key, v] of Object.entries(this.obj(o.queues, [...path, 'queues']))) {
      const ref = this.queueRef(v, [...path, 'queues', key]);
      if (ref) queues.set(key, ref);
    }
    const agents = new Map<string, AgentRef>();
    for (const [key, v] of Object.entries(this.obj(o[agentsKey], [...path, agentsKey]))) agents.set(key, this.agent(v, [...path, agentsKey, key]));
    const states = new Map<string, AgentState>(Object.entries(defaults));
    if (statesKey) {
      for (const [key, v] of Object.entries(this.obj(o[statesKey], [...path, statesKey]))) {
        if (typeof v === 'string' && (AGENT_STATES as readonly string[]).includes(v)) states.set(key, v as AgentState);
        else this.p.add([...path, statesKey, key], `must be one of ${AGENT_STATES.join(', ')}`);
      }
    }
    return { queues, agents, states, defaultSeatType: this.seatType(o.defaultSeatType, [...path, 'defaultSeatType']) ?? 'onsite' };
  }

  private seatType(v: unknown, path: Path): SeatType | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && (SEAT_TYPES as readonly string[]).includes(v)) return v as SeatType;
    this.p.add(path, `must be one of ${SEAT_TYPES.join(', ')}`);
    return undefined;
  }

  /** agent reads a plain agent id, or `{agent?, seatType?, skills?, centre?}`. */
  private agent(v: unknown, path: Path): AgentRef {
    if (typeof v === 'string' && v.length > 0) return { agentId: v };
    const o = this.obj(v, path);
    const ref: AgentRef = {};
    const agentId = this.optionalStr(o, [...path, 'agent']);
    if (agentId !== undefined) ref.agentId = agentId;
    const seatType = this.seatType(o.seatType, [...path, 'seatType']);
    if (seatType) ref.seatType = seatType;
    const centre = this.optionalStr(o, [...path, 'centre']);
    if (centre !== undefined && this.centre(centre, [...path, 'centre'])) ref.centre = centre;
    if (o.skills !== undefined) {
      const known = new Set(this.centres.filter((c) => !centre || c.id === centre).flatMap((c) => c.queues.map((q) => q.id)));
      if (!Array.isArray(o.skills) || !o.skills.every((s) => typeof s === 'string' && known.has(s))) {
        this.p.add([...path, 'skills'], `must be a list of queue ids (${[...known].join(', ')})`);
      } else ref.skills = o.skills as string[];
    }
    return ref;
  }
}
