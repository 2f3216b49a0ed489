/**
 * aggregatePartition reads one centre's state at a given instant into the aggregates of
 * its scopes: each queue, each media within the centre, each skill its agents report, and
 * the centre itself (its queues plus what names no queue: CENTRE_KEY counters, tickets
 * without a queue, IVR calls, attendance).
 */
import type { CentreConfig } from '../../config/topology.js';
import type { Media } from '../ingest/contract.js';
import {
  addAgents,
  addBacklog,
  combine,
  emptyAggregate,
  serviceLevelTerms,
  type ScopeAggregate,
  type WindowTally,
} from './aggregate.js';
import { addCounters, zeroCounters, type Counters } from './counters.js';
import { dayOf, startOfDay } from './day.js';
import { requiredAgents } from './staffing/index.js';
import { MAX_SKILL_SCOPES, type PartitionState } from './partition.js';
import { readAttendance } from './shifts.js';
import { CENTRE_KEY, type Tallies } from './tally.js';
import { readBacklog } from './tickets.js';
import type { AgentFigures, IvrPortDetail, WindowName } from './types.js';

export const WINDOW_MS: Record<Exclude<WindowName, 'today'>, number> = { '5m': 5 * 60_000, '15m': 15 * 60_000 };

export const scopeIds = {
  all: () => 'all',
  centre: (centre: string) => `centre:${centre}`,
  queue: (centre: string, queue: string) => `queue:${centre}/${queue}`,
  media: (media: string) => `media:${media}`,
  centreMedia: (centre: string, media: string) => `media:${centre}/${media}`,
  region: (region: string) => `region:${region}`,
  skill: (centre: string, skill: string) => `skill:${centre}/${skill}`,
};

export function aggregatePartition(
  state: PartitionState,
  centre: CentreConfig,
  bucketMs: number,
  now: number,
): Map<string, ScopeAggregate> {
  const out = new Map<string, ScopeAggregate>();
  const todayMinutes = Math.max(1, (now - startOfDay(now, centre.timezone)) / 60_000);
  // Today's counters belong to the state's day; once `now` is past its midnight they read as zero.
  const isToday = state.day === dayOf(now, centre.timezone);
  const waitingByQueue = tallyWaiting(state, now);
  const agents = tallyAgents(state, centre);
  const backlog = readBacklog(state, now);

  const centreAgg = emptyAggregate();
  const byMedia = new Map<Media, ScopeAggregate>();
  for (const q of centre.queues) {
    const agg = emptyAggregate();
    agg.todayMinutes = todayMinutes;
    agg.goals = [q.serviceLevel];
    const report = state.reports.get(q.id);
    if (report) {
      agg.waiting = report.waiting;
      agg.longestWaitSec = report.waiting > 0 ? report.longestWaitSec + Math.max(0, (now - report.ts) / 1000) : 0;
      const a = report.agents;
      Object.assign(agg.agents, { ...a, staffed: Math.max(a.staffed, a.available + a.onContact + a.acw + a.aux) });
    } else {
      const w = waitingByQueue.get(q.id);
      agg.waiting = w?.count ?? 0;
      agg.longestWaitSec = w ? Math.max(0, (now - w.oldest) / 1000) : 0;
      const a = agents.bySkill.get(q.id);
      if (a) {
        addAgents(agg.agents, a.total);
        for (const [seat, figures] of Object.entries(a.bySeat)) if (figures) addAgents(agg.bySeatType[seat as keyof typeof agg.bySeatType], figures);
      }
    }
    fillWindows(agg, state, q.id, isToday, now, bucketMs, q.serviceLevel.formula);
    const queueBacklog = backlog.get(q.id);
    if (queueBacklog) addBacklog(agg.backlog, queueBacklog);
    const scope = scopeIds.queue(centre.id, q.id);
    staffing(agg, scope, q.defaultAhtSec, q.serviceLevel);
    out.set(scope, agg);

    combine(centreAgg, agg, { agents: report !== undefined });
    let mediaAgg = byMedia.get(q.media);
    if (!mediaAgg) byMedia.set(q.media, (mediaAgg = emptyAggregate()));
    combine(mediaAgg, agg, { agents: report !== undefined });
  }
  // Agents from agent.state events are counted once per roll-up, however many skills they have.
  addAgentTally(centreAgg, agents.centre);
  for (const [media, agg] of byMedia) {
    const tally = agents.byMedia.get(media);
    if (tally) addAgentTally(agg, tally);
    out.set(scopeIds.centreMedia(centre.id, media), agg);
  }
  for (const { state: port } of state.ivrPorts.values()) {
    if (port === 'idle') centreAgg.ivr.idle++;
    else if (port === 'in_call') centreAgg.ivr.inCall++;
    else centreAgg.ivr.error++;
  }
  for (const times of state.ivrErrors.values()) {
    const recent = times.filter((t) => t > now - WINDOW_MS['15m'] && t <= now).length;
    if (recent > 0) centreAgg.ivr.failingPorts++;
    centreAgg.ivr.worstPortErrors = Math.max(centreAgg.ivr.worstPortErrors, recent);
  }
  for (const f of state.faults) if (f.ts > now - WINDOW_MS['15m'] && f.ts <= now) centreAgg.faults[f.severity] = (centreAgg.faults[f.severity] ?? 0) + 1;
  // What names no queue counts for the centre (and so its region and the network), in no media.
  fillWindows(centreAgg, state, CENTRE_KEY, isToday, now, bucketMs, 'standard');
  const centreBacklog = backlog.get(CENTRE_KEY);
  if (centreBacklog) addBacklog(centreAgg.backlog, centreBacklog);
  centreAgg.ivr.callsNow = state.ivrNow;
  centreAgg.ivr.peakToday = isToday ? state.ivrPeak : state.ivrNow;
  centreAgg.attendance = readAttendance(state, now);
  out.set(scopeIds.centre(centre.id), centreAgg);

  for (const skill of skillsOf(state.skills, agents.bySkill, isToday)) {
    const agg = emptyAggregate();
    agg.todayMinutes = todayMinutes;
    // Abandons never reach a skill: its service level is answered within the queue's threshold ÷ answered.
    fillWindows(agg, state.skills, skill, isToday, now, bucketMs, 'ignore-abandons');
    const a = agents.bySkill.get(skill);
    if (a) addAgentTally(agg, a);
    out.set(scopeIds.skill(centre.id, skill), agg);
  }
  return out;
}

/** fillWindows adds one key's counters (its buckets, and today's when the state is on `now`'s day) into the aggregate's windows. */
function fillWindows(agg: ScopeAggregate, tallies: Tallies, key: string, isToday: boolean, now: number, bucketMs: number, formula: Parameters<typeof serviceLevelTerms>[1]): void {
  const buckets = tallies.buckets.get(key);
  for (const w of ['5m', '15m'] as const) fillTally(agg.windows[w], windowSum(buckets, now, WINDOW_MS[w], bucketMs), formula);
  const todayCounters = isToday ? tallies.today.get(key) : undefined;
  fillTally(agg.windows.today, todayCounters ?? zeroCounters(), formula);
}

/** skillsOf lists the skills with counters in the windows or logged-in agents reporting them, at most MAX_SKILL_SCOPES. */
function skillsOf(skills: Tallies, agents: Map<string, AgentTally>, isToday: boolean): Set<string> {
  const out = new Set<string>();
  const add = (skill: string) => out.size < MAX_SKILL_SCOPES && out.add(skill);
  for (const skill of skills.buckets.keys()) add(skill);
  if (isToday) for (const skill of skills.today.keys()) add(skill);
  for (const skill of agents.keys()) add(skill);
  return out;
}

/** readIvrPorts lists the centre's IVR ports, by name. */
export function readIvrPorts(state: PartitionState): IvrPortDetail[] {
  return [...state.ivrPorts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([port, p]) => ({ port, state: p.state, ...(p.callId === undefined ? {} : { callId: p.callId }), ...(p.menu === undefined ? {} : { menu: p.menu }), lastActivityAt: p.ts }));
}

function fillTally(tally: WindowTally, counters: Counters, formula: Parameters<typeof serviceLevelTerms>[1]): void {
  addCounters(tally, counters);
  const { slMet, slBase } = serviceLevelTerms(counters, formula);
  tally.slMet += slMet;
  tally.slBase += slBase;
}

/** windowSum adds the buckets overlapping (now − span, now]. */
function windowSum(buckets: Map<number, Counters> | undefined, now: number, spanMs: number, bucketMs: number): Counters {
  const sum = zeroCounters();
  if (!buckets) return sum;
  for (const [start, counters] of buckets) if (start + bucketMs > now - spanMs && start <= now) addCounters(sum, counters);
  return sum;
}

/**
 * The staffing requirement each queue was last solved for, with its inputs. Every step snapshots every scope, and
 * most queues' 15-minute inputs have not moved since the last step: the remembered answer is the answer
 * (requiredAgents is pure). When they have moved (every step, under load), the search starts from it: two
 * evaluations when the answer has not moved, about 2·log2(d) when it moved by d, where a search up from the traffic
 * takes about ten. A start changes no answer, so one queue's memory serving another (engines sharing a process)
 * costs time only. Bounded: emptied at STAFFING_MEMO_SIZE queues.
 */
const staffingMemo = new Map<string, { inputs: string; agents: number }>();
const STAFFING_MEMO_SIZE = 4096;

function requiredAgentsMemo(queue: string, arrivalPerSec: number, ahtSec: number, target: number, thresholdSec: number): number {
  const inputs = `${arrivalPerSec} ${ahtSec} ${target} ${thresholdSec}`;
  const last = staffingMemo.get(queue);
  if (last?.inputs === inputs) return last.agents;
  const agents = requiredAgents({ arrivalPerSec, ahtSec, target, thresholdSec, from: last?.agents });
  if (!last && staffingMemo.size >= STAFFING_MEMO_SIZE) staffingMemo.clear();
  staffingMemo.set(queue, { inputs, agents });
  return agents;
}

/** staffing derives EWT and the Erlang C requirement from the 15-minute window. */
function staffing(agg: ScopeAggregate, queue: string, defaultAhtSec: number, goal: { target: number; thresholdSec: number }): void {
  const w15 = agg.windows['15m'];
  const today = agg.windows.today;
  const ahtSec = averageHandleSec(w15) ?? averageHandleSec(today) ?? defaultAhtSec;
  const arrivalPerSec = w15.offered / (WINDOW_MS['15m'] / 1000);
  agg.requiredAgents = requiredAgentsMemo(queue, arrivalPerSec, ahtSec, goal.target, goal.thresholdSec);
  const productive = agg.agents.available + agg.agents.onContact + agg.agents.acw;
  if (agg.waiting === 0 && agg.agents.available > 0) agg.ewtSec = 0;
  else agg.ewtSec = productive > 0 ? ((agg.waiting + 1) * ahtSec) / productive : null;
}

/**
 * averageHandleSec is a window's mean handle time, when it has one above 0: a contact may report 0 s (validate.ts),
 * but Erlang C needs a handle time, and a step that throws on it would stall the pipeline.
 */
function averageHandleSec(window: { completed: number; handleSumSec: number }): number | undefined {
  const aht = window.completed > 0 ? window.handleSumSec / window.completed : 0;
  return aht > 0 ? aht : undefined;
}

function tallyWaiting(state: PartitionState, now: number): Map<string, { count: number; oldest: number }> {
  const out = new Map<string, { count: number; oldest: number }>();
  for (const c of state.waiting.values()) {
    if (c.queuedAt > now) continue;
    const t = out.get(c.queue);
    if (t) {
      t.count++;
      t.oldest = Math.min(t.oldest, c.queuedAt);
    } else out.set(c.queue, { count: 1, oldest: c.queuedAt });
  }
  return out;
}

interface AgentTally {
  total: AgentFigures;
  bySeat: Partial<Record<string, AgentFigures>>;
}

function newTally(): AgentTally {
  return { total: { staffed: 0, available: 0, onContact: 0, acw: 0, aux: 0 }, bySeat: {} };
}

function addAgentTally(agg: ScopeAggregate, tally: AgentTally): void {
  addAgents(agg.agents, tally.total);
  for (const [seat, figures] of Object.entries(tally.bySeat)) {
    if (figures) addAgents(agg.bySeatType[seat as keyof typeof agg.bySeatType], figures);
  }
}

const STATE_FIELD = { available: 'available', on_contact: 'onContact', acw: 'acw', aux: 'aux' } as const;

/** tallyAgents counts logged-in agents per skill (a queue's agents are those with its id as a skill), per media and per centre, each once. */
function tallyAgents(state: PartitionState, centre: CentreConfig) {
  const mediaOf = new Map(centre.queues.map((q) => [q.id, q.media]));
  const bySkill = new Map<string, AgentTally>();
  const byMedia = new Map<Media, AgentTally>();
  const whole = newTally();
  const count = (t: AgentTally, field: (typeof STATE_FIELD)[keyof typeof STATE_FIELD], seat: string) => {
    t.total.staffed++;
    t.total[field]++;
    const s = (t.bySeat[seat] ??= { staffed: 0, available: 0, onContact: 0, acw: 0, aux: 0 });
    s.staffed++;
    s[field]++;
  };
  for (const agent of state.agents.values()) {
    if (agent.state === 'logged_out') continue;
    const field = STATE_FIELD[agent.state];
    count(whole, field, agent.seatType);
    const medias = new Set<Media>();
    for (const skill of new Set(agent.skills)) {
      let t = bySkill.get(skill);
      if (!t) bySkill.set(skill, (t = newTally()));
      count(t, field, agent.seatType);
      const media = mediaOf.get(skill);
      if (media !== undefined) medias.add(media);
    }
    for (const media of medias) {
      let t = byMedia.get(media);
      if (!t) byMedia.set(media, (t = newTally()));
      count(t, field, agent.seatType);
    }
  }
  return { bySkill, byMedia, centre: whole };
}
