/**
 * serialisePartition / restorePartition turn a Partition's Maps into plain JSON for checkpoints, and back.
 * Counters are written sparse (non-zero tallies only); the panorama's state is optional, so
 * checkpoints written before it restore with none.
 */
import { restoreCounters, sparseCounters, type Counters, type SparseCounters } from './counters.js';
import type { IvrCallState } from './ivr-calls.js';
import type { ProfileJson } from './forecast/profile.js';
import type { Agent, Fault, IvrPort, PartitionState, QueueReport, WaitingContact } from './partition.js';
import { decodeRepeatMemory, emptyRepeatMemory, encodeRepeatMemory } from './repeat-memory.js';
import { decodeShifts, encodeShifts, type Shift, type ShiftJson } from './shifts.js';
import type { Tallies } from './tally.js';
import type { OpenTicket } from './tickets.js';

type BucketsJson = [string, [number, SparseCounters][]][];
type TodayJson = [string, SparseCounters][];

export interface PartitionJson {
  v: 1;
  watermark: number;
  /** Absent in checkpoints written before sources were tracked. */
  sources?: [string, number][];
  day: string;
  waiting: [string, WaitingContact][];
  closed: [string, number][];
  agents: [string, Agent][];
  buckets: BucketsJson;
  today: TodayJson;
  reports: [string, QueueReport][];
  /** A bare state in checkpoints written before ports were pruned: taken as last heard of at the watermark. */
  ivrPorts: [string, IvrPort | string][];
  ivrErrors: [string, number[]][];
  faults: Fault[];
  applied: number;
  late: number;
  // The panorama (absent in older checkpoints).
  skills?: { buckets: BucketsJson; today: TodayJson };
  tickets?: [string, OpenTicket][];
  ivrCalls?: [string, IvrCallState][];
  ivrNow?: number;
  ivrPeak?: number;
  /** [agentId, start, end]; [key, shift] pairs in checkpoints written before that. */
  shifts?: (ShiftJson | [string, Shift])[];
  /** Repeat memory: [hour, base64 of its customers' 32-bit hashes]. */
  customers?: [number, string][];
  /** The forecast's arrival profile (forecast/profile.ts); absent in checkpoints written before forecasting. */
  forecast?: ProfileJson;
}

const bucketsJson = (t: Tallies): BucketsJson => [...t.buckets].map(([key, b]) => [key, [...b].map(([start, c]) => [start, sparseCounters(c)])]);
const todayJson = (t: Tallies): TodayJson => [...t.today].map(([key, c]) => [key, sparseCounters(c)]);

function restoreTallies(buckets: BucketsJson, today: TodayJson): Tallies {
  return {
    buckets: new Map(buckets.map(([key, b]) => [key, new Map(b.map(([start, c]): [number, Counters] => [start, restoreCounters(c)]))])),
    today: new Map(today.map(([key, c]) => [key, restoreCounters(c)])),
  };
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
    buckets: bucketsJson(s),
    today: todayJson(s),
    reports: [...s.reports],
    ivrPorts: [...s.ivrPorts],
    ivrErrors: [...s.ivrErrors],
    faults: [...s.faults],
    applied: s.applied,
    late: s.late,
    skills: { buckets: bucketsJson(s.skills), today: todayJson(s.skills) },
    tickets: [...s.tickets],
    ivrCalls: [...s.ivrCalls],
    ivrNow: s.ivrNow,
    ivrPeak: s.ivrPeak,
    shifts: encodeShifts(s.shifts),
    customers: encodeRepeatMemory(s.customers),
  };
}

export function restorePartition(j: PartitionJson): PartitionState {
  if (j.v !== 1) throw new Error(`unsupported checkpoint version ${String(j.v)}`);
  // Objects are copied so the restored state never shares them with the checkpoint.
  return {
    watermark: j.watermark,
    sources: new Map(j.sources ?? []),
    day: j.day,
    waiting: new Map(j.waiting),
    closed: new Map(j.closed),
    agents: new Map(j.agents),
    ...restoreTallies(j.buckets, j.today),
    reports: new Map(j.reports),
    ivrPorts: new Map(j.ivrPorts.map(([port, p]) => [port, typeof p === 'string' ? { state: p, ts: j.watermark } : { ...p }])),
    ivrErrors: new Map(j.ivrErrors),
    faults: [...j.faults],
    applied: j.applied,
    late: j.late,
    skills: restoreTallies(j.skills?.buckets ?? [], j.skills?.today ?? []),
    tickets: new Map(j.tickets ?? []),
    ivrCalls: new Map((j.ivrCalls ?? []).map(([id, call]) => [id, { ...call }])),
    ivrNow: j.ivrNow ?? 0,
    ivrPeak: j.ivrPeak ?? 0,
    shifts: decodeShifts(j.shifts ?? []),
    customers: j.customers ? decodeRepeatMemory(j.customers) : emptyRepeatMemory(),
  };
}
