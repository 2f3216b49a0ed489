/**
 * reducer folds everything that happens to the live connection into one immutable state:
 * `(state, input) → state`. Inputs are the socket's lifecycle (connecting, open, closed), each
 * message received (with the client time it arrived), the resync the client sent and history
 * fetched for the sparklines. Pure: no clock, no I/O; unknown or malformed messages are ignored.
 *
 *   snapshot ─► replace scopes + topology, seq := each topic's n, resync done, then apply each of its `latest` (epoch first)
 *   any other message: seq == its topic's last + 1 ? advance : mark "resync needed" (the client sends {type:'resync'})
 *     delta    ─► replace the scopes it carries whole, merge the fields of those it patches
 *                 (only when in order: a delta after a gap is moot)
 *     levels / incidents / rules / banners / routing ─► replace their own slice (each is complete)
 *     epoch    ─► a different Redis epoch than the one seen: Redis lost its state, so drop the
 *                 incidents, banners, levels and routing, and keep a note of the loss (stateLost)
 *     ping     ─► "last heard", and whether it says the pipeline has stalled (the figures are frozen, not quiet;
 *                 the next delta says otherwise)
 *     types not known yet ─► only "last heard"
 *
 * Protocol v2 numbers each topic on its own (`topic` on every message, `seq` a map on the
 * snapshot); a v1 message has no topic and counts as topic `live`, the one v1 has.
 * Unchanged scopes keep their object identity, so the screens redraw only what changed.
 */
import type { Banner, Incident, Level, Route, RulesStatus, ScopeMetrics, StateLoss, Topology } from './protocol.js';
import { LEVELS } from './protocol.js';
import { mergeFigures } from '../../../../server/stages/push/figures-delta.js';
import { mergeHistory, sampleScope, tracksTrend, type TrendPoint, type Trends } from './trends.js';

export type ConnectionPhase = 'idle' | 'connecting' | 'open' | 'closed';

export interface LiveState {
  connection: ConnectionPhase;
  /** Connection attempts since the last snapshot (drives the reconnect backoff). */
  attempt: number;
  /** Whether a snapshot ever arrived on any connection. */
  everLive: boolean;
  lastClose: { at: number; code: number; reason: string } | null;
  /** Sequence number of the last message on each topic of this connection; null until its snapshot. */
  seq: Readonly<Record<string, number>> | null;
  /** `needed`: a gap was seen; `requested`: {type:'resync'} sent at `resyncRequestedAt`. */
  resync: 'none' | 'needed' | 'requested';
  resyncRequestedAt: number | null;
  /** Server time of the figures shown. */
  asOf: number | null;
  /** Client time the last message of any kind (pings included) arrived. */
  lastMessageAt: number | null;
  /** Client time the figures were last refreshed by a snapshot or delta. */
  lastDataAt: number | null;
  /** The last ping said the pipeline commits nothing (a failing or lost lease holder): the figures shown are frozen. */
  pipelineStalled: boolean;
  scopes: Readonly<Record<string, ScopeMetrics>>;
  topology: Topology | null;
  /** Scopes above normal; a scope absent is at normal. */
  levels: Readonly<Record<string, Level>>;
  /** The open incidents, as the server last listed them. */
  incidents: readonly Incident[];
  rules: RulesStatus | null;
  /** The plan banners in force, one per incident, the most severe first. */
  banners: readonly Banner[];
  routes: readonly Route[];
  trends: Trends;
  /** The Redis epoch the slices above belong to; null until the server named one. */
  epoch: string | null;
  /** The last loss of Redis state this screen saw happen (the epoch changed under it). */
  stateLost: StateLoss | null;
}

export type LiveInput =
  | { kind: 'connecting'; at: number }
  | { kind: 'open'; at: number }
  | { kind: 'closed'; at: number; code: number; reason: string }
  | { kind: 'received'; at: number; message: unknown }
  | { kind: 'resyncRequested'; at: number }
  | { kind: 'history'; at: number; scope: string; metric: string; points: readonly TrendPoint[] };

export const initialState: LiveState = {
  connection: 'idle',
  attempt: 0,
  everLive: false,
  lastClose: null,
  seq: null,
  resync: 'none',
  resyncRequestedAt: null,
  asOf: null,
  lastMessageAt: null,
  lastDataAt: null,
  pipelineStalled: false,
  scopes: {},
  topology: null,
  levels: {},
  incidents: [],
  rules: null,
  banners: [],
  routes: [],
  trends: {},
  epoch: null,
  stateLost: null,
};

export function reduce(state: LiveState, input: LiveInput): LiveState {
  switch (input.kind) {
    case 'connecting':
      return { ...state, connection: 'connecting', attempt: state.attempt + 1, seq: null, resync: 'none', resyncRequestedAt: null };
    case 'open':
      return { ...state, connection: 'open', seq: null, resync: 'none', resyncRequestedAt: null };
    case 'closed':
      return {
        ...state,
        connection: 'closed',
        seq: null,
        resync: 'none',
        resyncRequestedAt: null,
        lastClose: { at: input.at, code: input.code, reason: input.reason },
      };
    case 'resyncRequested':
      return { ...state, resync: 'requested', resyncRequestedAt: input.at };
    case 'history':
      return withHistory(state, input.scope, input.metric, input.points, input.at);
    case 'received':
      return onMessage(state, input.message, input.at);
  }
}

function onMessage(state: LiveState, message: unknown, at: number): LiveState {
  if (!isRecord(message) || typeof message.type !== 'string') return state;
  if (message.type === 'snapshot') return onSnapshot(state, message, at) ?? state;
  if (message.type === 'delta' && !isSeq(message.seq)) return state;
  const heard = { ...state, lastMessageAt: at };
  const inOrder = follows(heard, typeof message.topic === 'string' ? message.topic : V1_TOPIC, message.seq);
  if (message.type === 'delta') return inOrder.ok ? onDelta(inOrder.state, message, at) : inOrder.state;
  return applyNews(inOrder.state, message);
}

/**
 * follows checks a pushed message's seq against the last one: in order it advances; a gap (or a
 * message before this connection's snapshot) marks a resync as needed. While a resync is
 * outstanding nothing is in order: the coming snapshot replaces it all.
 */
function follows(state: LiveState, topic: string, seq: unknown): { ok: boolean; state: LiveState } {
  if (!isSeq(seq)) return { ok: true, state };
  if (state.resync !== 'none') return { ok: false, state };
  const last = state.seq?.[topic];
  if (last === undefined || seq !== last + 1) return { ok: false, state: { ...state, resync: 'needed' } };
  return { ok: true, state: { ...state, seq: { ...state.seq, [topic]: seq } } };
}

/** The one topic of protocol v1, whose messages name none. */
const V1_TOPIC = 'live';

/** readSeqs takes a snapshot's seq: one number (v1) or one per topic (v2). */
function readSeqs(raw: unknown): Record<string, number> | null {
  if (isSeq(raw)) return { [V1_TOPIC]: raw };
  if (!isRecord(raw)) return null;
  const seqs = Object.entries(raw).filter((entry): entry is [string, number] => isSeq(entry[1]));
  return seqs.length > 0 ? Object.fromEntries(seqs) : null;
}

function onSnapshot(state: LiveState, m: Record<string, unknown>, at: number): LiveState | null {
  const seq = readSeqs(m.seq);
  if (seq === null || !isRecord(m.scopes)) return null;
  const scopes = m.scopes as Record<string, ScopeMetrics>;
  const asOf = typeof m.asOf === 'number' ? m.asOf : at;
  const topology = readTopology(m.topology) ?? state.topology;
  const fresh: LiveState = {
    ...state,
    attempt: 0,
    everLive: true,
    seq,
    resync: 'none',
    resyncRequestedAt: null,
    asOf,
    lastMessageAt: at,
    lastDataAt: at,
    scopes,
    topology,
    trends: sampleAll(state.trends, scopes, asOf, true),
  };
  const latest = Array.isArray(m.latest) ? m.latest.filter(isRecord) : [];
  // The epoch first: a new one clears the old slices, which the rest of `latest` then fills.
  const epochFirst = [...latest.filter((n) => n.type === 'epoch'), ...latest.filter((n) => n.type !== 'epoch')];
  return epochFirst.reduce(applyNews, fresh);
}

function onDelta(state: LiveState, m: Record<string, unknown>, at: number): LiveState {
  if (!isRecord(m.scopes) && !isRecord(m.patch)) return state;
  const changed: Record<string, ScopeMetrics> = isRecord(m.scopes) ? { ...(m.scopes as Record<string, ScopeMetrics>) } : {};
  if (isRecord(m.patch)) {
    for (const [scope, fields] of Object.entries(m.patch)) {
      const base = state.scopes[scope];
      // A patch to figures this screen never had: what it holds is not the server's base, so start afresh.
      if (base === undefined) return { ...state, resync: 'needed' };
      if (isRecord(fields)) changed[scope] = mergeFigures(base, fields);
    }
  }
  const asOf = typeof m.asOf === 'number' ? m.asOf : at;
  return {
    ...state,
    asOf,
    lastDataAt: at,
    // Only a commit makes a delta: the pipeline steps again.
    pipelineStalled: false,
    scopes: { ...state.scopes, ...changed },
    trends: sampleAll(state.trends, changed, asOf, false),
  };
}

/** applyNews replaces the slice a non-metric message carries; each such message is complete in itself. */
function applyNews(state: LiveState, m: Record<string, unknown>): LiveState {
  switch (m.type) {
    case 'levels':
      return isRecord(m.levels) ? { ...state, levels: readLevels(m.levels) } : state;
    case 'incidents':
      return Array.isArray(m.incidents) ? { ...state, incidents: m.incidents.filter(isIncident) } : state;
    case 'rules':
      return isRulesStatus(m.status) ? { ...state, rules: m.status } : state;
    case 'banners':
      return Array.isArray(m.banners) ? { ...state, banners: m.banners.flatMap(readBanner) } : state;
    case 'routing':
      return Array.isArray(m.routes) ? { ...state, routes: m.routes.flatMap(readRoute) } : state;
    case 'epoch':
      return typeof m.epoch === 'string' ? enterEpoch(state, m.epoch, typeof m.lostAt === 'number' ? m.lostAt : typeof m.asOf === 'number' ? m.asOf : null) : state;
    case 'ping':
      return { ...state, pipelineStalled: m.stalled === true };
    default:
      // A message type this build does not know yet: the server is alive, nothing to show.
      return state;
  }
}

/** enterEpoch takes the first epoch as it comes; a different one means what the screen holds of Redis state is gone. */
function enterEpoch(state: LiveState, epoch: string, lostAt: number | null): LiveState {
  if (state.epoch === epoch) return state;
  if (state.epoch === null) return { ...state, epoch };
  return {
    ...state,
    epoch,
    stateLost: { at: lostAt ?? state.asOf ?? 0, previous: state.epoch, epoch },
    levels: {},
    incidents: [],
    banners: [],
    routes: [],
  };
}

function sampleAll(trends: Trends, scopes: Record<string, ScopeMetrics>, t: number, replace: boolean): Trends {
  const next: Record<string, Trends[string]> = replace ? {} : { ...trends };
  for (const [id, metrics] of Object.entries(scopes)) {
    if (tracksTrend(id) && isRecord(metrics)) next[id] = sampleScope(trends[id], metrics, t);
  }
  return next;
}

function withHistory(state: LiveState, scope: string, metric: string, points: readonly TrendPoint[], now: number): LiveState {
  const current = state.trends[scope] ?? {};
  const merged = mergeHistory(current[metric] ?? [], points, now);
  if (merged === current[metric]) return state;
  return { ...state, trends: { ...state.trends, [scope]: { ...current, [metric]: merged } } };
}

function readLevels(incoming: Record<string, unknown>): Record<string, Level> {
  const next: Record<string, Level> = {};
  for (const [scope, level] of Object.entries(incoming)) {
    if (isLevel(level) && level !== 'normal') next[scope] = level;
  }
  return next;
}

/** isIncident checks the fields the screens rely on; the rest is taken as the server sent it. */
function isIncident(raw: unknown): raw is Incident {
  return (
    isRecord(raw) &&
    typeof raw.id === 'string' &&
    typeof raw.centre === 'string' &&
    typeof raw.type === 'string' &&
    typeof raw.openedAt === 'number' &&
    isLevel(raw.level) &&
    raw.state === 'open'
  );
}

function isRulesStatus(raw: unknown): raw is RulesStatus {
  return isRecord(raw) && typeof raw.ok === 'boolean' && Array.isArray(raw.errors) && Array.isArray(raw.files);
}

/** readBanner keeps a banner with the fields the wall shows (text, a plan level, incident, centre). */
function readBanner(raw: unknown): Banner[] {
  if (!isRecord(raw) || typeof raw.text !== 'string' || raw.text.trim() === '' || !isLevel(raw.level) || raw.level === 'normal') return [];
  if (typeof raw.incidentId !== 'string' || typeof raw.centre !== 'string') return [];
  return [{ text: raw.text, level: raw.level, incidentId: raw.incidentId, centre: raw.centre, since: typeof raw.since === 'number' ? raw.since : 0 }];
}

/** readRoute flattens one routing change in force (`{from, to: [{centre, share}], queue?, media?}`) into arrows. */
function readRoute(raw: unknown): Route[] {
  if (!isRecord(raw) || typeof raw.from !== 'string' || !Array.isArray(raw.to)) return [];
  const from = raw.from;
  return raw.to.flatMap((target): Route[] => {
    if (!isRecord(target) || typeof target.centre !== 'string' || typeof target.share !== 'number' || !(target.share > 0)) return [];
    const route: Route = { from, to: target.centre, share: Math.min(target.share, 1) };
    if (typeof raw.queue === 'string') route.queue = raw.queue;
    if (typeof raw.media === 'string') route.media = raw.media;
    return [route];
  });
}

function readTopology(raw: unknown): Topology | null {
  if (!isRecord(raw) || !Array.isArray(raw.centres)) return null;
  return raw as unknown as Topology;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isLevel = (v: unknown): v is Level => typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
