/** serialisePartition / restorePartition turn a Partition's Maps into plain JSON for checkpoints, and back. */
import type { Counters } from './counters.js';
import type { ProfileJson } from './forecast/profile.js';
import type { Agent, Fault, IvrPort, PartitionState, QueueReport, WaitingContact } from './partition.js';

export interface PartitionJson {
  v: 1;
  watermark: number;
  /** Absent in checkpoints written before sources were tracked. */
  sources?: [string, number][];
  day: string;
  waiting: [string, WaitingContact][];
  closed: [string, number][];
  agents: [string, Agent][];
  buckets: [string, [number, Counters][]][];
  today: [string, Counters][];
  reports: [string, QueueReport][];
  /** A bare state in checkpoints written before ports were pruned: taken as last heard of at the watermark. */
  ivrPorts: [string, IvrPort | string][];
  ivrErrors: [string, number[]][];
  faults: Fault[];
  applied: number;
  late: number;
  /** The forecast's arrival profile (forecast/profile.ts); absent in checkpoints written before forecasting. */
  forecast?: ProfileJson;
}

export function serialisePartition(s: PartitionState): PartitionJson {
  return {
    v: 1,
    watermark: s.watermark,
    sources: [...s.sources],
    day: s.day,
    waiting: [...s.waiting],
    closed: [...s.closed],
    agents: [...s.agents],
    buckets: [...s.buckets].map(([q, b]) => [q, [...b]]),
    today: [...s.today],
    reports: [...s.reports],
    ivrPorts: [...s.ivrPorts],
    ivrErrors: [...s.ivrErrors],
    faults: [...s.faults],
    applied: s.applied,
    late: s.late,
  };
}

export function restorePartition(j: PartitionJson): PartitionState {
  if (j.v !== 1) throw new Error(`unsupported checkpoint version ${String(j.v)}`);
  return {
    watermark: j.watermark,
    sources: new Map(j.sources ?? []),
    day: j.day,
    waiting: new Map(j.waiting),
    closed: new Map(j.closed),
    agents: new Map(j.agents),
    buckets: new Map(j.buckets.map(([q, b]) => [q, new Map(b)])),
    today: new Map(j.today),
    reports: new Map(j.reports),
    ivrPorts: new Map(j.ivrPorts.map(([port, p]) => [port, typeof p === 'string' ? { state: p, ts: j.watermark } : p])),
    ivrErrors: new Map(j.ivrErrors),
    faults: [...j.faults],
    applied: j.applied,
    late: j.late,
  };
}
