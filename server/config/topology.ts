/**
 * The config's leaf vocabulary — roles, centres and their queues (whose media are media.ts's) — and the schema of
 * `centres:`. Every stage may import this file; it imports nothing of the stages, so the
 * config's root (types.ts) can compose the stages' sections without an import cycle.
 */
import { z } from 'zod';
import { id, list, mapping, number, oneOf, section, text, wholeNumber, type Issues } from './fields.js';
import { MEDIA, type Media } from './media.js';

export const ROLES = ['ingest', 'acd', 'display', 'dispatcher', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];


/** How a queue's service level is reckoned; vendors differ, so it is named on every screen. */
export const SERVICE_LEVEL_FORMULAS = ['standard', 'ignore-abandons', 'abandons-met', 'all-abandons'] as const;
export type ServiceLevelFormula = (typeof SERVICE_LEVEL_FORMULAS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface QueueConfig {
  id: string;
  name: string;
  media: Media;
  /** Service-level goal: `target` of contacts answered within `thresholdSec`. */
  serviceLevel: { target: number; thresholdSec: number; formula: ServiceLevelFormula };
  /** Abandons quicker than this are not held against the queue. */
  shortAbandonSec: number;
  /** Handle time assumed before any contact has completed (Erlang C needs one). */
  defaultAhtSec: number;
}

/** OpeningHours: the days and local times (centre's timezone, `HH:MM`) a centre takes contacts; `to` before `from` runs past midnight. */
export interface OpeningHours {
  days: Weekday[];
  from: string;
  to: string;
}

export interface CentreConfig {
  id: string;
  name: string;
  /** IANA zone that decides when "today" starts. */
  timezone: string;
  /** The region the centre rolls up into (scope `region:<region>`); the loader defaults it to the centre id. */
  region?: string;
  queues: QueueConfig[];
  /** The centre's feed is stale after this long without an event (default `freshness.silentAfterSec`). */
  silentAfterSec: number;
  /** When silence means failure; null: always open. */
  openingHours: OpeningHours | null;
  /** Named sources inside the centre (CTI bridge, adapter, IVR), each with its own silence limit (default the centre's). */
  sources: Record<string, { silentAfterSec: number }>;
}

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const silentAfterSec = wholeNumber(1, 86_400);

const queueSchema = section({
  id: id(),
  name: text().optional(),
  media: oneOf(MEDIA),
  serviceLevel: section({
    target: number(0.01, 1).default(0.8),
    thresholdSec: number(1, 7 * 86_400).optional(),
    formula: oneOf(SERVICE_LEVEL_FORMULAS).default('standard'),
  }).prefault({}),
  shortAbandonSec: number(0, 600).default(5),
  defaultAhtSec: number(1, 86_400).optional(),
}).transform((q): QueueConfig => {
  const email = q.media === 'email';
  return {
    id: q.id,
    name: q.name ?? q.id,
    media: q.media,
    serviceLevel: { target: q.serviceLevel.target, thresholdSec: q.serviceLevel.thresholdSec ?? (email ? 3600 : 20), formula: q.serviceLevel.formula },
    shortAbandonSec: q.shortAbandonSec,
    defaultAhtSec: q.defaultAhtSec ?? (email ? 600 : 300),
  };
});

const clock = z.string({ error: 'must be a time of day "HH:MM"' }).regex(CLOCK, { error: 'must be a time of day "HH:MM"' });
const openingHoursSchema = section({
  days: list(oneOf(WEEKDAYS)).min(1, { error: 'name at least one day' }),
  from: clock,
  to: clock,
}).superRefine((h, issues) => {
  if (h.from === h.to) issues.addIssue({ code: 'custom', path: ['to'], message: 'must differ from `from` (leave openingHours out for always open)' });
});

const timezone = text().superRefine((zone, issues) => {
  if (!zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    issues.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone` });
  }
});

/** centreSchema reads one centre; `silentAfterSec` stays undefined when absent, for the root to default. */
const centreSchema = section({
  id: id(),
  name: text().optional(),
  timezone: timezone.default('UTC'),
  region: id().optional(),
  queues: list(queueSchema).min(1, { error: 'at least one queue is required' }),
  silentAfterSec: silentAfterSec.optional(),
  openingHours: openingHoursSchema.optional(),
  sources: mapping(section({ silentAfterSec: silentAfterSec.optional() })).default({}),
}).superRefine((c, issues) => unique(c.queues.map((q) => q.id), ['queues'], 'queue id', issues));

export type CentreInput = z.output<typeof centreSchema>;

export const centresSchema = list(centreSchema)
  .min(1, { error: 'at least one centre is required' })
  .superRefine((centres, issues) => unique(centres.map((c) => c.id), [], 'centre id', issues));

/** The `freshness:` section: a feed silent this long is stale, unless its centre or source says otherwise. */
export const freshnessSchema = section({ silentAfterSec: silentAfterSec.default(60) }).prefault({});

/** withFreshness gives each centre, and each of its sources, its silence limit: its own, else the one above it. */
export function withFreshness(centres: readonly CentreInput[], defaultSilentAfterSec: number): CentreConfig[] {
  return centres.map((c) => {
    const centreSilence = c.silentAfterSec ?? defaultSilentAfterSec;
    const sources = Object.fromEntries(Object.entries(c.sources).map(([name, s]) => [name, { silentAfterSec: s.silentAfterSec ?? centreSilence }]));
    return { id: c.id, name: c.name ?? c.id, timezone: c.timezone, region: c.region ?? c.id, queues: c.queues, silentAfterSec: centreSilence, openingHours: c.openingHours ?? null, sources };
  });
}

/** unique reports a value listed twice (ids must tell things apart). */
export function unique(values: readonly unknown[], path: (string | number)[], what: string, issues: Issues): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string' || !v) continue;
    if (seen.has(v)) issues.addIssue({ code: 'custom', path, message: `duplicate ${what} "${what === 'token' ? '…' : v}"` });
    seen.add(v);
  }
}
