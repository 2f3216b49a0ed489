/** ExecutorDeps is everything the plan executor's jobs reach: stores, senders and the committed figures. */
import type { AuditLog } from '../../../platform/audit/log.js';
import type { Config } from '../../../config/types.js';
import type { IncidentStore } from '../../incidents/store.js';
import type { Logger } from '../../../platform/log/log.js';
import type { MetricsByScope, ScopeMetrics } from '../../metrics/types.js';
import type { SmsSender, SmsStore } from '../../deliver/sms/index.js';
import type { Plan } from '../index.js';
import type { LiveMessages } from '../../push/messages.js';
import type { Level } from '../../rules/index.js';
import type { AcdClient, DeliveryStore } from '../../deliver/acd/index.js';
import type { IvrClient } from '../../deliver/ivr/index.js';
import type { OptOutStore, ReminderStore } from './reminders.js';
import type { BannerStore } from './banner-store.js';
import type { JobQueue } from './jobs.js';
import type { NotificationStore } from './notifications.js';
import type { RoutingStore } from './routing-store.js';
import type { SeatStore } from './seat-store.js';
import type { SilenceStore } from './silences.js';
import type { StepStore } from './steps.js';

export interface ExecutorDeps {
  config: Config;
  plans: () => readonly Plan[];
  queue: JobQueue;
  steps: StepStore;
  notifications: NotificationStore;
  incidents: IncidentStore;
  seats: SeatStore;
  routing: RoutingStore;
  banners: BannerStore;
  silences: SilenceStore;
  deliveries: DeliveryStore;
  acd: AcdClient;
  ivr: IvrClient;
  sms: SmsSender;
  smsStore: SmsStore;
  reminders: ReminderStore;
  optOuts: OptOutStore;
  live: LiveMessages;
  /** Where steps that reach customers (announcements, reminders) are recorded, as dispatchers' actions are. */
  audit: AuditLog;
  /** The committed figures of every scope and the levels in force, read from the read model. */
  figures: () => Promise<MetricsByScope>;
  /** One scope's committed figures (what an SMS quotes: no need to read them all). */
  scopeFigures: (scope: string) => Promise<ScopeMetrics | undefined>;
  levels: () => Promise<Record<string, Level>>;
  logger: Logger;
  clock: () => number;
}

/**
 * auditStep records what a step did to customers in the audit: by the plan (role `system`), with
 * the step's words as the reason.
 */
export async function auditStep(deps: Pick<ExecutorDeps, 'audit' | 'clock'>, step: { key: string; plan: string }, action: string, reason: string, details: Record<string, unknown>): Promise<void> {
  await deps.audit.append({ at: deps.clock(), who: `plan ${step.plan}`, role: 'system', action: `plan-step.${action}`, target: step.key, reason, details });
}

