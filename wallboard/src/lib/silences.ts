/**
 * silences: muting alert SMS for a scope for a while — the scopes offered (every centre, or one),
 * the preset durations, how a scope reads, and the address to end one early.
 */
import type { Silence } from './api/types.js';
import type { TopologyCentre } from './live/protocol.js';
import { centreScope, parseScope } from './scopes.js';
import { t } from '../i18n/index.js';

export const ALL_CENTRES = 'centre:*';

/** The preset lengths; each is labelled in the screen's language ("15 min", "1 h"). */
export const SILENCE_DURATIONS = [
  { sec: 15 * 60, get label() { return t.units.min(15); } },
  { sec: 60 * 60, get label() { return t.units.hour(1); } },
  { sec: 4 * 60 * 60, get label() { return t.units.hour(4); } },
] as const;

type Centres = readonly Pick<TopologyCentre, 'id' | 'name'>[];

/** silenceScopes: the scopes the form offers — every centre, then each one. */
export function silenceScopes(centres: Centres): { value: string; label: string }[] {
  return [{ value: ALL_CENTRES, label: t.allCentres }, ...centres.map((c) => ({ value: centreScope(c.id), label: c.name }))];
}

/** scopeLabel: "All centres", "Hangzhou", or the scope as written (a glob set through the API). */
export function scopeLabel(scope: string, centres: Centres): string {
  if (scope === ALL_CENTRES) return t.allCentres;
  const ref = parseScope(scope);
  if (ref?.kind === 'centre') return centres.find((c) => c.id === ref.centre)?.name ?? scope;
  return scope;
}

/** stillActive: the silences not over at `now`, the one ending first first. */
export const stillActive = (silences: readonly Silence[], now: number): Silence[] => silences.filter((s) => s.until > now).sort((a, b) => a.until - b.until);

export const expirePath = (id: string): string => `/v1/silences/${encodeURIComponent(id)}/expire`;
