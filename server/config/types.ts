/** Config is the validated shape of surge.config.yaml after environment overrides. */
import type { Media } from '../stages/ingest/contract.js';
import type { AdaptersConfig } from '../stages/ingest/adapters/config.js';
import type { TwilioConfig } from '../stages/deliver/sms/config.js';
import type { SessionConfig } from '../platform/http/users-config.js';
import type { AlertingConfig } from '../stages/plans/config.js';
import type { AcdConfig } from '../stages/deliver/acd/config.js';

export const ROLES = ['ingest', 'acd', 'display', 'dispatcher', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** How a queue's service level is reckoned; vendors differ, so it is named on every screen. */
export const SERVICE_LEVEL_FORMULAS = ['standard', 'ignore-abandons', 'abandons-met', 'all-abandons'] as const;
export type ServiceLevelFormula = (typeof SERVICE_LEVEL_FORMULAS)[number];

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

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * OpeningHours: when a centre takes contacts, in its own time zone. `from`/`to` are "HH:MM";
 * a `to` at or before `from` runs past midnight into the next day (the opening belongs to the
 * day it starts on).
 */
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
  queues: QueueConfig[];
  /** A centre (or source) silent longer than this is stale (DESIGN.md "Freshness of sources"). */
  silentAfterSec: number;
  /** Absent: always open. Outside them silence is shown but raises no alert. */
  openingHours?: OpeningHours;
  /** Per named source (a CTI bridge, an adapter): its own silentAfterSec. */
  sources: Record<string, { silentAfterSec: number }>;
}

/** A token bucket: `burst` requests at once, `perSec` more every second. */
export interface RateLimitConfig {
  perSec: number;
  burst: number;
}

export interface TokenConfig {
  name: string;
  role: Role;
  /** Hex SHA-256 of the bearer token (a plain `token` in the file is hashed on load). */
  sha256: string;
}

/** Config also holds AlertingConfig: contacts, escalation groups, standby rosters, notify policy, plan and template folders. */
export interface Config extends AlertingConfig {
  /** Where the config came from, for messages. */
  source: string;
  server: { host: string; port: number; publicUrl: string };
  redis: { url: string; prefix: string };
  ingest: { maxBodyBytes: number; dedupTtlSec: number; maxFutureSkewSec: number; maxAgeSec: number };
  /** Requests per ingest token (HTTP batches and WebSocket messages) and login attempts per client address, per instance. */
  limits: { ingest: RateLimitConfig; login: RateLimitConfig };
  metrics: { pushIntervalMs: number; evaluateIntervalMs: number; checkpointMs: number; bucketSec: number; staleContactSec: number; streamRetentionSec: number; historyRetentionSec: number };
  simulate: 'off' | 'normal' | 'surge' | 'outage';
  /** Folder whose *.yaml rule files are in force (hot-reloaded). */
  rules: { dir: string };
  /** An incident resolves after its level has been normal this long. */
  incidents: { quietPeriodSec: number };
  auth: { tokens: TokenConfig[] } & SessionConfig;
  centres: CentreConfig[];
  /** Vendor ACD adapters (TaskRouter, Amazon Connect, Asterisk): mappings and secrets; absent when not configured. */
  adapters?: AdaptersConfig;
  /** The Twilio account that sends SMS alerts; absent: the log-only sender stands in. */
  twilio?: TwilioConfig;
  /** Each centre's ACD webhook endpoint and secret; a centre without one gets no calls. */
  acd?: AcdConfig;
}
