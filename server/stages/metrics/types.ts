/**
 * The metric figures published for every scope (DESIGN.md "Metrics"). Ratios are
 * fractions (0.8 = 80 %) and are null when nothing has been measured yet.
 */
import type { Media, SeatType } from '../ingest/contract.js';
import type { ServiceLevelFormula } from '../../config/topology.js';
import type { ForecastFigures } from './forecast/figures.js';
import type { PublishedCount } from './counters.js';

export interface AgentFigures {
  staffed: number;
  available: number;
  onContact: number;
  acw: number;
  aux: number;
}

export const WINDOWS = ['5m', '15m', 'today'] as const;
export type WindowName = (typeof WINDOWS)[number];

/**
 * One window's figures: the published counters as they are (PublishedCount in counters.ts), and what
 * is derived from them. The director's panorama (docs/metrics.md): counts are whole numbers, ratios
 * null without a denominator; fcr = resolved ÷ resolvedKnown, repeatRate = repeatContacts ÷
 * customerContacts, costPerContact = cost (costCurrency) ÷ costedContacts.
 */
export interface WindowFigures extends Record<PublishedCount, number> {
  answeredWithinThreshold: number;
  /** Service level's terms under the queue's formula (serviceLevel = met ÷ base): reports add them up over any interval. */
  serviceLevelMet: number;
  serviceLevelBase: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  asaSec: number | null;
  ahtSec: number | null;
  arrivalPerMin: number;
  fcr: number | null;
  repeatRate: number | null;
  /** 1 − repeatRate. */
  fcrByRepeat: number | null;
  /** closedOnTime ÷ closedWithDue. */
  onTimeRate: number | null;
  /** outboundConnected ÷ outboundAttempts. */
  connectRate: number | null;
  /** ivrContained ÷ (ivrContained + ivrTransferred). */
  containmentRate: number | null;
  costPerContact: number | null;
}

export interface IvrFigures {
  /** Ports by their current state. */
  idle: number;
  inCall: number;
  error: number;
  /** Most errors reported by any one port in the last 15 minutes. */
  worstPortErrors: number;
  /** Ports that reported at least one error in the last 15 minutes. */
  failingPorts: number;
  /** Callers in the IVR now (`ivr.call` entered, not yet transferred or ended). */
  callsNow: number;
  /** Most callers in the IVR at once today (on roll-ups: the sum of each centre's peak, an upper bound). */
  peakToday: number;
}

/** One IVR port as last reported (centre scopes). */
export interface IvrPortDetail {
  port: string;
  state: string;
  callId?: string;
  menu?: string;
  /** Source time of its last event (epoch ms). */
  lastActivityAt: number;
}

/** Open work orders as of `asOf`. */
export interface BacklogFigures {
  open: number;
  /** Open past their due time. */
  overdue: number;
  complaintsOpen: number;
}

/** Scheduled agents (shift covers now), those of them staffed, and present ÷ scheduled. */
export interface AttendanceFigures {
  scheduled: number;
  present: number;
  rate: number | null;
}

/** When a source (or a whole centre) last reported, and whether its silence makes figures stale. */
export interface SourceFreshness {
  /** Source time of the newest event (epoch ms); null when never heard from. */
  lastEventAt: number | null;
  /** Whole seconds since then, at `asOf`. */
  silentSec: number | null;
  /** Silent longer than its silentAfterSec (or never heard from): its figures are not live. */
  stale: boolean;
}

/** A centre's freshness: as a whole (any source), and per named source. */
export interface ScopeFreshness extends SourceFreshness {
  sources: Record<string, SourceFreshness>;
}

export type ScopeKind = 'all' | 'centre' | 'queue' | 'media' | 'region' | 'skill';

/**
 * Scope ids: `all`, `centre:<centre>`, `queue:<centre>/<queue>`, `media:<media>` (every centre),
 * `media:<centre>/<media>`, `region:<region>` (its centres) and `skill:<centre>/<skill>` (the
 * agents reporting the skill, and the contacts they answered and completed).
 */
export interface ScopeMetrics {
  scope: string;
  kind: ScopeKind;
  centre?: string;
  queue?: string;
  media?: Media;
  region?: string;
  skill?: string;
  /** The instant these figures describe (epoch ms). */
  asOf: number;
  waiting: number;
  longestWaitSec: number;
  agents: AgentFigures & { bySeatType: Record<SeatType, AgentFigures> };
  /** (on contact + after-call work) ÷ (those + available). */
  occupancy: number | null;
  windows: Record<WindowName, WindowFigures>;
  /** How service level is reckoned here, e.g. "80% in 20s (standard)"; "mixed" on roll-ups of differing queues. */
  serviceLevelGoal: { target: number | null; thresholdSec: number | null; formula: ServiceLevelFormula | 'mixed'; label: string };
  /** Estimated wait for a contact arriving now. */
  ewtSec: number | null;
  /** Erlang C agents needed to meet the goal at the 15-minute arrival rate and handle time. */
  requiredAgents: number | null;
  /** requiredAgents − productive agents (available + on contact + ACW); negative is spare capacity. */
  staffingGap: number | null;
  ivr: IvrFigures;
  /** Each IVR port: state, current call and menu, last activity (centre scopes only). */
  ivrPortsDetail?: IvrPortDetail[];
  backlog: BacklogFigures;
  attendance: AttendanceFigures;
  /** The busy rate a director reads: the same figure as occupancy. */
  busyRate: number | null;
  /** The currency of `cost` and `costPerContact` (costs.currency). */
  costCurrency: string;
  /** Open `system.fault`s reported in the last 15 minutes, by severity. */
  faults: Record<string, number>;
  /** The centre's feed (on a centre's scopes and its queues and media; absent network-wide). */
  freshness?: ScopeFreshness;
  /** Seconds since the centre's last event; null outside its opening hours (rules read it). */
  sourceSilentSec?: number | null;
  /** What the next hour looks like (queues, centres and `all`; docs/forecast.md). */
  forecast?: ForecastFigures;
}

export type MetricsByScope = Record<string, ScopeMetrics>;
