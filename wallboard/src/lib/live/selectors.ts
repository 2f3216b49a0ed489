/**
 * selectors read the live state for the screens. Each takes the client time `now` as an argument
 * where time matters, so staleness is decided in one tested place.
 */
import { t } from '../../i18n/index.js';
import { highestLevel, levelRank, type Incident, type Level } from './protocol.js';
import type { LiveState } from './reducer.js';
import { ALL, centreScope, parseScope } from '../scopes.js';
import { duration } from '../format.js';

/**
 * No message for this long means the figures on screen may be out of date. The server pings every
 * 10 s when there is no other news, so a quiet feed stays live; a closed socket says so at once, and so
 * does a ping saying the pipeline stalled (frozen figures are not quiet ones).
 */
export const STALE_AFTER_MS = 12_000;
/** A resync asked for but not answered within this long is asked for again. */
export const RESYNC_RETRY_MS = 5_000;
/** An open socket silent for this long (two missed pings) is closed and reopened: a half-dead connection. */
export const SILENT_RECONNECT_MS = 25_000;

/** `silent`: connected and up to date, but a centre's own feed has gone quiet (see feedFreshness). */
export type FreshnessKind = 'live' | 'stale' | 'disconnected' | 'connecting' | 'nodata' | 'silent';

export interface Freshness {
  kind: FreshnessKind;
  /** Seconds since the figures were last refreshed; null before the first snapshot. */
  ageSec: number | null;
  /** What the screen says, e.g. "DISCONNECTED — data 12 s old". */
  label: string;
}

/** freshness says whether what is shown is live, and if not, why and how old it is. */
export function freshness(state: LiveState, now: number): Freshness {
  const ageSec = state.lastDataAt === null ? null : Math.max(0, Math.round((now - state.lastDataAt) / 1000));
  const f = t.freshness;
  const age = ageSec === null ? f.noDataYet : f.dataAge(t.units.sec(ageSec));
  if (state.connection !== 'open') {
    if (!state.everLive) return { kind: 'connecting', ageSec, label: state.attempt > 1 ? f.attempt(state.attempt) : f.connecting };
    return { kind: 'disconnected', ageSec, label: f.disconnected(age) };
  }
  if (state.lastDataAt === null || state.seq === null) {
    return state.everLive ? { kind: 'stale', ageSec, label: f.resyncing(age) } : { kind: 'nodata', ageSec, label: f.waitingForData };
  }
  if (state.pipelineStalled) return { kind: 'stale', ageSec, label: f.notUpdating(age) };
  const silentMs = now - (state.lastMessageAt ?? state.lastDataAt);
  if (silentMs >= STALE_AFTER_MS) return { kind: 'stale', ageSec, label: f.stale(age) };
  if (state.resync !== 'none') return { kind: 'stale', ageSec, label: f.resyncing(age) };
  return { kind: 'live', ageSec, label: f.live };
}

/** CentreSilence: a centre whose feed the server calls stale, as the screens say it. */
export interface CentreSilence {
  centre: string;
  /** Seconds since its last event, counting up between pushes; null when never heard from. */
  silentSec: number | null;
  /** e.g. "NO DATA FOR 2:10", or "NO DATA FROM asterisk FOR 0:45" when other sources still talk. */
  label: string;
}

/** serverNow estimates the server's clock: the figures' asOf, moved on by the client time since they came. */
function serverNow(state: LiveState, now: number): number {
  return state.asOf === null || state.lastDataAt === null ? now : state.asOf + Math.max(0, now - state.lastDataAt);
}

const silenceSince = (lastEventAt: number | null, at: number): number | null => (lastEventAt === null ? null : Math.max(0, Math.floor((at - lastEventAt) / 1000)));
const forHowLong = (sec: number | null): string => (sec === null ? t.freshness.yet : t.freshness.forHowLong(duration(sec)));

/**
 * centreSilence: null while the centre's feed is live (by the server's `freshness.stale`);
 * otherwise how long it has been silent. When the newest source still talks, only the named
 * sources that fell silent are blamed.
 */
export function centreSilence(state: LiveState, centre: string, now: number): CentreSilence | null {
  const f = state.scopes[centreScope(centre)]?.freshness;
  if (!f?.stale) return null;
  const at = serverNow(state, now);
  const sources = Object.entries(f.sources);
  const newest = sources.find(([, s]) => s.lastEventAt !== null && s.lastEventAt === f.lastEventAt);
  if (newest === undefined || newest[1].stale) {
    const silentSec = silenceSince(f.lastEventAt, at);
    return { centre, silentSec, label: t.freshness.noDataFor(forHowLong(silentSec)) };
  }
  const quiet = sources.filter(([, s]) => s.stale);
  const oldest = quiet.some(([, s]) => s.lastEventAt === null) ? null : Math.min(...quiet.map(([, s]) => s.lastEventAt as number));
  const silentSec = silenceSince(oldest, at);
  return { centre, silentSec, label: t.freshness.noDataFrom(quiet.map(([name]) => name).join(', '), forHowLong(silentSec)) };
}

/** silentCentres: every centre of the topology whose feed is stale, in topology order. */
export function silentCentres(state: LiveState, now: number): CentreSilence[] {
  return (state.topology?.centres ?? []).flatMap((c) => centreSilence(state, c.id, now) ?? []);
}

/**
 * feedFreshness is what a screen's header says: the connection's freshness, and while that is
 * live but a centre's feed has gone silent, not LIVE but which centre and for how long; when
 * several are, how many (each tile says its own: a list of names and times would push the
 * clock off a 1080p header).
 */
export function feedFreshness(state: LiveState, now: number): Freshness {
  const connection = freshness(state, now);
  if (connection.kind !== 'live') return connection;
  const silent = silentCentres(state, now);
  if (silent.length === 0) return connection;
  if (silent.length > 1) return { kind: 'silent', ageSec: connection.ageSec, label: t.freshness.noDataCentres(silent.length) };
  const [{ centre, silentSec }] = silent as [CentreSilence];
  const name = state.topology?.centres.find((c) => c.id === centre)?.name ?? centre;
  return { kind: 'silent', ageSec: connection.ageSec, label: t.freshness.noData(`${name}${silentSec === null ? '' : ` ${duration(silentSec)}`}`) };
}

/** resyncDue: the client should send {type:'resync'} now. */
export function resyncDue(state: LiveState, now: number): boolean {
  if (state.connection !== 'open') return false;
  if (state.resync === 'needed') return true;
  return state.resync === 'requested' && state.resyncRequestedAt !== null && now - state.resyncRequestedAt >= RESYNC_RETRY_MS;
}

/** silentTooLong: the open socket has said nothing for so long that it should be replaced. */
export function silentTooLong(state: LiveState, now: number, openedAt: number): boolean {
  if (state.connection !== 'open') return false;
  const heard = Math.max(state.lastMessageAt ?? 0, openedAt);
  return now - heard >= SILENT_RECONNECT_MS;
}

/** levelOf: a scope's level; `normal` unless the server lists it above. */
export function levelOf(state: LiveState, scope: string): Level {
  return state.levels[scope] ?? 'normal';
}

/**
 * centreLevels: what each centre's tile shows — the highest level among the centre's own scopes
 * (`centre:c`, its queues, its media) and its open incidents (a declared or escalated incident
 * holds its level even when no figure crosses a rule). Under `all`: the network-wide scopes
 * (`all`, `media:<m>`) and incidents. A centre absent is at normal. One pass for every centre.
 */
export function centreLevels(state: LiveState): Record<string, Level> {
  const out: Record<string, Level> = {};
  const raise = (centre: string, level: Level) => {
    out[centre] = highestLevel([out[centre] ?? 'normal', level]);
  };
  for (const [scope, level] of Object.entries(state.levels)) raise(centreOfScope(scope), level);
  for (const i of state.incidents) raise(i.centre, i.level);
  return out;
}

/** worstLevel: the most severe level of any scope or open incident — what the totals show (a black centre makes them black). */
export function worstLevel(state: LiveState): Level {
  return highestLevel([...Object.values(state.levels), ...state.incidents.map((i) => i.level)]);
}

/** centreOfScope: the centre a scope belongs to, or `all` for network-wide ones. */
function centreOfScope(scope: string): string {
  const ref = parseScope(scope);
  return ref !== null && 'centre' in ref && ref.centre !== undefined ? ref.centre : ALL;
}

/** openIncidents, highest level first, then the oldest. */
export function openIncidents(state: LiveState): Incident[] {
  return state.incidents
    .filter((i) => i.state === 'open')
    .sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.openedAt - b.openedAt);
}
