/**
 * Config is the validated shape of surge.config.yaml after environment overrides: each stage's
 * settings, as its own config module defines them, under the section it reads. The leaf
 * vocabulary (roles, media, centres, queues) is in topology.ts, which stages import instead
 * of this file, so composing the sections here makes no import cycle.
 */
import type { Locale } from './locales.js';
import type { AdaptersConfig } from '../stages/ingest/adapters/config.js';
import type { IngestSettings } from '../stages/ingest/config.js';
import type { CostsSettings, FcrSettings, MetricsSettings } from '../stages/metrics/config.js';
import type { LiveSettings } from '../stages/push/config.js';
import type { ScreensSettings } from '../stages/push/screens-config.js';
import type { RulesSettings } from '../stages/rules/config.js';
import type { IncidentsSettings } from '../stages/incidents/config.js';
import type { AlertingConfig } from '../stages/plans/config.js';
import type { TwilioConfig } from '../stages/deliver/sms/config.js';
import type { AcdConfig } from '../stages/deliver/acd/config.js';
import type { IvrConfig } from '../stages/deliver/ivr/config.js';
import type { RemindConfig } from '../stages/plans/remind-config.js';
import type { AuthConfig } from '../platform/http/users-config.js';
import type { LimitsConfig } from '../platform/http/limits-config.js';
import type { RetentionSettings } from '../pipeline/retention-config.js';
import type { CentreConfig } from './topology.js';

export const SIMULATE = ['off', 'normal', 'surge', 'outage'] as const;
/** One lease for the whole pipeline, or one per centre plus a roll-up (docs/scaling.md). */
export const PIPELINE_PARTITIONS = ['whole', 'centres'] as const;
export type Simulate = (typeof SIMULATE)[number];

/** Config also holds AlertingConfig: contacts, escalation groups, standby rosters, notify policy, plan and template folders. */
export interface Config extends AlertingConfig {
  /** Where the config came from, for messages. */
  source: string;
  /**
   * allowUwsEmulation: run on uWebSockets.js's JavaScript emulation rather than refuse to start (docs/runtime.md).
   * shutdownGraceMs: how long in-flight requests get to finish on shutdown.
   * pipelinePartitions: one lease for the whole pipeline, or one per centre plus a roll-up (docs/scaling.md).
   */
  server: { host: string; port: number; publicUrl: string; allowUwsEmulation: boolean; shutdownGraceMs: number; pipelinePartitions: (typeof PIPELINE_PARTITIONS)[number] };
  /** ackReplicas / ackTimeoutMs: ingest answers once that many replicas hold the write (WAIT), else 503 after the timeout. */
  redis: { url: string; prefix: string; ackReplicas: number; ackTimeoutMs: number };
  ingest: IngestSettings;
  /** Requests per ingest token (HTTP batches and WebSocket messages) and login attempts per client address, per instance. */
  limits: LimitsConfig;
  metrics: MetricsSettings;
  /** What a contact costs per channel (per handled minute and per contact), for cost per contact. */
  costs: CostsSettings;
  /** First-contact resolution: the repeat-contact window and its memory bound. */
  fcr: FcrSettings;
  /** Limits of the `/v1/live` screen sockets (resync requests per socket). */
  live: LiveSettings;
  /** The wall's KPI strip per hall and the goals figures are coloured against (wall and control screen). */
  screens: ScreensSettings;
  simulate: Simulate;
  /** The default language of the screens and SMS (a screen's ?lang= and a group's locale override it). */
  locale: Locale;
  /** Folder whose *.yaml rule files are in force (hot-reloaded). */
  rules: RulesSettings;
  /** An incident resolves after its level has been normal this long. */
  incidents: IncidentsSettings;
  /** How long resolved incidents (with timelines, plan steps, notifications) and the audit are kept, and how often they are pruned. */
  retention: RetentionSettings;
  /** A feed silent this long is stale; each centre and source carries its own limit (CentreConfig.silentAfterSec). */
  freshness: { silentAfterSec: number };
  auth: AuthConfig;
  centres: CentreConfig[];
  /** Vendor ACD adapters (TaskRouter, Amazon Connect, Asterisk): mappings and secrets; each vendor absent when not configured. */
  adapters?: AdaptersConfig;
  /** The Twilio account that sends SMS alerts; absent: the log-only sender stands in. */
  twilio?: TwilioConfig;
  /** Each centre's ACD webhook endpoint and secret; a centre without one gets no calls. */
  acd?: AcdConfig;
  /** Each centre's IVR webhook endpoint and secret (plans' `announce`); a centre without one gets no calls. */
  ivr?: IvrConfig;
  /** Proactive SMS batches (plans' `remind`): rate, list size, customer lists and opt-outs. */
  remind: RemindConfig;
}
