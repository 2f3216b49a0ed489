/**
 * protocol names the messages of the live socket (`GET /v1/live`) as the wallboard reads them.
 * The server's own types are the authority (imported, never copied); the reducer still reads every
 * message tolerantly, so a field the server adds is ignored and a type it adds later (banner,
 * routing, plans) is read as far as it is known.
 */
import type { ScopeMetrics } from '../../../../server/stages/metrics/types.js';
import type { Media } from '../../../../server/stages/ingest/contract.js';
import type { Incident, TimelineEntry } from '../../../../server/stages/incidents/types.js';
import type { IncidentType, Level } from '../../../../server/stages/rules/levels.js';
import type { RulesStatus } from '../../../../server/stages/rules/watcher.js';
import type { AuditEntry } from '../../../../server/platform/audit/log.js';
import type { EpochMessage as ServerEpochMessage } from '../../../../server/platform/redis/epoch.js';
import type { Banner } from '../../../../server/stages/plans/banners.js';
import type { Goal, KpiSpec, ScreensView } from '../../../../server/stages/push/screens-config.js';

export type { ScopeMetrics, Media, Incident, TimelineEntry, IncidentType, Level, RulesStatus, AuditEntry, Banner, Goal, KpiSpec };
export { ALERT_LEVELS, INCIDENT_TYPES, LEVELS, highestLevel, levelRank } from '../../../../server/stages/rules/levels.js';

export interface TopologyQueue {
  id: string;
  name: string;
  media: Media;
  serviceLevel: { target: number; thresholdSec: number; formula: string };
}
export interface TopologyCentre {
  id: string;
  name: string;
  /** The region it rolls up into (scope `region:<region>`); its own id when the config names none. */
  region?: string;
  timezone: string;
  queues: TopologyQueue[];
}
/** The centres, and what the screens show: each hall's KPI strip and the goals figures are coloured against (absent from older servers). */
export interface Topology extends Partial<ScreensView> {
  centres: TopologyCentre[];
}

/**
 * Every message the server pushes has a `seq` (one more than the last on its topic) and an `asOf`;
 * besides the ones below, `{type:'ping'}` every 10 s says an idle feed is alive (with `stalled: true`, that the
 * pipeline has committed nothing for 10 s or more: the figures are frozen until the next delta). Protocol v2 names
 * the `topic` (server/stages/push/topics.ts); v1 has one topic and names none.
 */
interface Pushed {
  seq: number;
  topic?: string;
  asOf: number;
}
/** A message as kept for snapshots, without its `seq` (distributed over a union). */
type Unsequenced<M> = M extends unknown ? Omit<M, 'seq'> : never;
/** The first message: the subscribed scopes' figures, the centres shown, and the newest message of each other type. */
export interface SnapshotMessage extends Omit<Pushed, 'seq'> {
  type: 'snapshot';
  /** v2: each subscribed topic's seq; v1: the one topic's. */
  seq: number | Record<string, number>;
  scopes: Record<string, ScopeMetrics>;
  topology: Topology;
  /** To apply in order after the snapshot; these carry no `seq` of their own. */
  latest: Unsequenced<EpochMessage | LevelsMessage | IncidentsMessage | RulesMessage | BannersMessage>[];
}
/** Figures that changed: `scopes` whole (v1, or a scope new to the topic), `patch` only the fields that changed (v2, at display precision). */
export interface DeltaMessage extends Pushed {
  type: 'delta';
  scopes?: Record<string, ScopeMetrics>;
  patch?: Record<string, Record<string, unknown>>;
}
/**
 * The Redis epoch the news belongs to; `lostAt`/`previous` when it replaced an epoch Redis lost
 * (FLUSHALL, a restart without persistence). Other news carries `epoch` too.
 */
export type EpochMessage = Pushed & ServerEpochMessage;
/** A loss of Redis state a screen saw: when, and the epoch it replaced. */
export interface StateLoss {
  at: number;
  previous: string;
  epoch: string;
}
/** Every scope above normal (a scope back at normal is absent). */
export interface LevelsMessage extends Pushed {
  type: 'levels';
  levels: Record<string, Level>;
}
/** The full list of open incidents. */
export interface IncidentsMessage extends Pushed {
  type: 'incidents';
  incidents: Incident[];
}
export interface RulesMessage extends Pushed {
  type: 'rules';
  status: RulesStatus;
}

/** The plan banners in force: one per open incident whose plan put one up, the most severe first. */
export interface BannersMessage extends Pushed {
  type: 'banners';
  banners: Banner[];
}

/** One re-routing in force: `share` (0..1) of `from`'s traffic (optionally one queue) sent to `to`. */
export interface Route {
  from: string;
  to: string;
  share: number;
  queue?: string;
  media?: string;
}
