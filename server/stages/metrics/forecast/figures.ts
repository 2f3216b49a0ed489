/**
 * forecastQueue turns a queue's arrival outlook into what the next hour will look like with the
 * staffing in place now (Erlang A), and rollUp combines queues into a centre (or centres into all).
 *
 *   outlook (arrivals per minute) ─┐
 *   handle time (recent ⊕ profile) ┼─► for each minute m of PATH_MIN: Erlang A over (now, now + m]
 *   patience (estimator below) ────┤        ─► service level, mean wait, queue length, abandon rate
 *   agents now, contacts waiting ──┘
 *
 * The contacts waiting now are work too: they are spread over the first 15 minutes (or the whole
 * horizon, if longer), so a queue that is already long reads as worse than its arrivals alone.
 */
import { erlangA, type StaffingFigures } from '../staffing/index.js';
import type { AlertLevel } from '../../rules/levels.js';
import { arrivalOutlook, slotAccuracy, wmape, type ForecastMethod, type RecentArrivals, type SlotAccuracy } from './arrivals.js';
import { estimatePatience } from './patience.js';
import { SLOT_MIN, SLOTS_PER_DAY, sum, type ProfileState } from './profile.js';

export const HORIZONS = { '15m': 15, '30m': 30, '60m': 60 } as const;
export type Horizon = keyof typeof HORIZONS;
export type ByHorizon = Record<Horizon, number | null>;

/** The minutes ahead the path is drawn at: every minute for a quarter of an hour, then coarser. */
export const PATH_MIN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 45, 60] as const;

/** ForecastPoint: the figures over the next `inMin` minutes. */
export interface ForecastPoint {
  inMin: number;
  /** Contacts to serve per minute: arrivals plus the share of those waiting now. */
  loadPerMin: number;
  serviceLevel: number | null;
  waitSec: number | null;
  waiting: number | null;
  abandonRate: number | null;
}

/** The `forecast` object of a scope's figures (rules read it as `forecast.*`). */
export interface ForecastFigures {
  /** weekday × time-of-day profile, time-of-day only, today's own trend, or a roll-up of several. */
  method: ForecastMethod | 'mixed';
  arrivals: Record<Horizon, number>;
  ahtSec: number | null;
  /** Mean patience before abandoning (estimated; null on roll-ups). */
  patienceSec: number | null;
  /** Productive agents now (available, on contact, after-call work): the staffing forecast with. */
  agents: number;
  serviceLevel: ByHorizon;
  waitSec: ByHorizon;
  waiting: ByHorizon;
  abandonRate: ByHorizon;
  /** wMAPE of today's 15-minute arrival forecasts (0.12 = 12 % off); null before one slot is done. */
  accuracy: number | null;
  /** The level the rules on actual figures would reach, and within how many minutes (set by the pipeline step). */
  level: { level: AlertLevel; inMin: number } | null;
  path: ForecastPoint[];
}

/** A forecast with the slot-by-slot record its accuracy comes from (not published: rolled up). */
export interface ScopeForecast {
  figures: ForecastFigures;
  slots: SlotAccuracy;
}

export interface QueueForecastInput {
  profile: ProfileState;
  queue: string;
  now: number;
  recent: RecentArrivals & { handleSec15m: number; completed15m: number };
  waiting: number;
  agents: number;
  thresholdSec: number;
  defaultAhtSec: number;
}

/** forecastQueue reads one queue's future as of `now`, quantised to the minute so idle steps change nothing. */
export function forecastQueue(input: QueueForecastInput): ScopeForecast {
  const at = input.now - (input.now % 60_000);
  const outlook = arrivalOutlook(input.profile, input.queue, at, input.recent);
  const ahtSec = handleTime(input, at);
  const patienceSec = estimatePatience(input.profile.queues.get(input.queue)?.today);
  let cumulative = 0;
  const arrivalsBy: number[] = [];
  for (const n of outlook.perMinute) arrivalsBy.push((cumulative += n));
  const path = PATH_MIN.map((inMin): ForecastPoint => {
    const loadPerMin = (arrivalsBy[inMin - 1] ?? 0) / inMin + input.waiting / Math.max(inMin, 15);
    return point(inMin, loadPerMin, evaluate(loadPerMin, ahtSec, input.agents, input.thresholdSec, patienceSec));
  });
  const slots = slotAccuracy(input.profile, input.queue, at);
  const arrivals = mapHorizons((m) => round(arrivalsBy[m - 1] ?? 0, 1));
  return { figures: figuresOf(outlook.method, arrivals, round(ahtSec, 0), round(patienceSec, 0), input.agents, path, wmape(slots)), slots };
}

/**
 * handleTime: the recent AHT (15 minutes, else today) and the profile's for the coming hour,
 * averaged when both are known; the queue's default before anything was handled.
 */
function handleTime(input: QueueForecastInput, at: number): number {
  const { recent, profile, queue } = input;
  const today = profile.queues.get(queue)?.today;
  const measured = recent.completed15m > 0 ? recent.handleSec15m / recent.completed15m : today && sum(today.completed) > 0 ? sum(today.handleSec) / sum(today.completed) : null;
  const p = profile.queues.get(queue)?.profile;
  let learnt: number | null = null;
  if (p?.handleSec && p.completed && profile.day !== '') {
    const slot = Math.min(SLOTS_PER_DAY - 1, Math.floor((at - profile.dayStart) / (SLOT_MIN * 60_000)));
    const next = Math.min(SLOTS_PER_DAY, slot + 60 / SLOT_MIN);
    const completed = sum(p.completed, slot, next);
    if (completed > 0) learnt = sum(p.handleSec, slot, next) / completed;
  }
  if (measured !== null && learnt !== null) return (measured + learnt) / 2;
  return measured ?? learnt ?? input.defaultAhtSec;
}

// Erlang A is a series summed to convergence: the same load asked again (every step, every
// queue alike) is answered from memory. Inputs are rounded first, so memory changes no figure.
const memo = new Map<string, StaffingFigures>();
const MEMO_MAX = 20_000;

function evaluate(loadPerMin: number, ahtSec: number, agents: number, thresholdSec: number, patienceSec: number): StaffingFigures {
  const lambda = round(loadPerMin, 3) / 60;
  const aht = round(ahtSec, 0) || 1;
  const patience = round(patienceSec, 0) || 1;
  const key = `${lambda}|${aht}|${agents}|${thresholdSec}|${patience}`;
  let f = memo.get(key);
  if (!f) {
    if (memo.size >= MEMO_MAX) memo.clear();
    f = erlangA({ arrivalPerSec: lambda, ahtSec: aht, agents, thresholdSec, patienceSec: patience });
    memo.set(key, f);
  }
  return f;
}

function point(inMin: number, loadPerMin: number, f: StaffingFigures): ForecastPoint {
  return {
    inMin,
    loadPerMin: round(loadPerMin, 2),
    serviceLevel: round(f.serviceLevel, 4),
    waitSec: round(f.asaSec, 0),
    waiting: round((loadPerMin / 60) * f.asaSec, 1),
    abandonRate: round(f.abandonProbability, 4),
  };
}

function figuresOf(method: ForecastFigures['method'], arrivals: Record<Horizon, number>, ahtSec: number | null, patienceSec: number | null, agents: number, path: ForecastPoint[], accuracy: number | null): ForecastFigures {
  const at = (m: number) => path.find((p) => p.inMin === m);
  const pick = (field: 'serviceLevel' | 'waitSec' | 'waiting' | 'abandonRate') => mapHorizons((m) => at(m)?.[field] ?? null);
  return {
    method,
    arrivals,
    ahtSec,
    patienceSec,
    agents,
    serviceLevel: pick('serviceLevel'),
    waitSec: pick('waitSec'),
    waiting: pick('waiting'),
    abandonRate: pick('abandonRate'),
    accuracy: accuracy === null ? null : round(accuracy, 4),
    level: null,
    path,
  };
}

/**
 * rollUp combines forecasts: arrivals, agents and queue lengths add up; service level, wait and
 * abandon rate are load-weighted means. `sameDay`: the parts share a clock (queues of one centre),
 * so their slots add up before the accuracy is taken; otherwise (centres) they are pooled.
 */
export function rollUp(parts: readonly ScopeForecast[], sameDay: boolean): ScopeForecast | undefined {
  const [first] = parts;
  if (!first) return undefined;
  const methods = new Set(parts.map((p) => p.figures.method));
  const arrivals = mapHorizons((m) => round(parts.reduce((s, p) => s + p.figures.arrivals[`${m}m` as Horizon], 0), 1));
  const agents = parts.reduce((s, p) => s + p.figures.agents, 0);
  const path = first.figures.path.map((_, i): ForecastPoint => {
    const points = parts.map((p) => p.figures.path[i]!);
    const load = points.reduce((s, p) => s + p.loadPerMin, 0);
    const weighted = (field: 'serviceLevel' | 'waitSec' | 'abandonRate', digits: number) => {
      const known = points.filter((p) => p[field] !== null);
      const w = known.reduce((s, p) => s + p.loadPerMin, 0);
      if (known.length === 0) return null;
      return round(w > 0 ? known.reduce((s, p) => s + p.loadPerMin * p[field]!, 0) / w : known.reduce((s, p) => s + p[field]!, 0) / known.length, digits);
    };
    return { inMin: points[0]!.inMin, loadPerMin: round(load, 2), serviceLevel: weighted('serviceLevel', 4), waitSec: weighted('waitSec', 0), waiting: round(points.reduce((s, p) => s + (p.waiting ?? 0), 0), 1), abandonRate: weighted('abandonRate', 4) };
  });
  const handled = parts.filter((p) => p.figures.ahtSec !== null);
  const weight = handled.reduce((s, p) => s + p.figures.arrivals['60m'], 0);
  const ahtSec = handled.length === 0 ? null : weight > 0 ? handled.reduce((s, p) => s + p.figures.arrivals['60m'] * p.figures.ahtSec!, 0) / weight : handled.reduce((s, p) => s + p.figures.ahtSec!, 0) / handled.length;
  const slots: SlotAccuracy = sameDay
    ? { forecast: first.slots.forecast.map((_, i) => sum(parts.map((p) => p.slots.forecast[i] ?? 0))), actual: first.slots.actual.map((_, i) => sum(parts.map((p) => p.slots.actual[i] ?? 0))) }
    : { forecast: parts.flatMap((p) => p.slots.forecast), actual: parts.flatMap((p) => p.slots.actual) };
  const method = methods.size === 1 ? first.figures.method : 'mixed';
  return { figures: figuresOf(method, arrivals, round(ahtSec, 0), null, agents, path, wmape(slots)), slots };
}

function mapHorizons<T>(f: (minutes: number) => T): Record<Horizon, T> {
  return { '15m': f(HORIZONS['15m']), '30m': f(HORIZONS['30m']), '60m': f(HORIZONS['60m']) };
}

function round<T extends number | null>(v: T, digits: number): T {
  if (v === null || !Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return (Math.round(v * f) / f) as T;
}
