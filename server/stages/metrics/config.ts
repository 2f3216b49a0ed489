/** The `metrics:` section: how often the engine computes, checkpoints and pushes, and how long it keeps things. */
import type { z } from 'zod';
import { z as zod } from 'zod';
import { number, section, wholeNumber } from '../../config/fields.js';

export const metricsSchema = section({
  /** Live deltas to screens are coalesced to one per interval on average, each sent with a step's commit near its due time (push/push-schedule.ts). */
  pushIntervalMs: wholeNumber(50, 10_000).default(250),
  /** Figures are computed, rules evaluated and figures shared this often. */
  evaluateIntervalMs: wholeNumber(20, 10_000).default(100),
  checkpointMs: wholeNumber(10, 60_000).default(250),
  /** Resolution of the sliding windows. */
  bucketSec: wholeNumber(1, 60).default(10),
  /** A contact waiting, or an agent (in any state), this long with no news is dropped at the next step. */
  staleContactSec: wholeNumber(60, 7 * 86_400).default(4 * 3600),
  /** An IVR port this long with no news is dropped at the next step (a port taken out of service says nothing more). */
  stalePortSec: wholeNumber(60, 30 * 86_400).default(86_400),
  streamRetentionSec: wholeNumber(60, 30 * 86_400).default(86_400),
  historyRetentionSec: wholeNumber(3600, 400 * 86_400).default(30 * 86_400),
}).prefault({});

export type MetricsSettings = z.output<typeof metricsSchema>;

/** The channels a cost can be set for: the queue media, plus IVR self-service and web self-service. */
export const COST_CHANNELS = ['voice', 'chat', 'email', 'sms', 'video', 'social', 'ivr', 'web'] as const;
export type CostChannel = (typeof COST_CHANNELS)[number];

const rate = section({ perMinute: number(0, 1_000_000).default(0), perContact: number(0, 1_000_000).default(0) }).prefault({});
/** The currency of costs when the config names none. */
export const DEFAULT_CURRENCY = 'CNY';
const CURRENCY_ERROR = 'must be a three-letter ISO 4217 currency code such as CNY';

/**
 * The `costs:` section: what a contact costs on each channel, per handled minute and per contact
 * (docs/metrics.md "The director's panorama" says which volumes each rate multiplies).
 */
export const costsSchema = section({
  currency: zod.string({ error: CURRENCY_ERROR }).regex(/^[A-Z]{3}$/, { error: CURRENCY_ERROR }).default(DEFAULT_CURRENCY),
  channels: section(Object.fromEntries(COST_CHANNELS.map((c) => [c, rate])) as Record<CostChannel, typeof rate>).prefault({}),
}).prefault({});

export type CostsSettings = z.output<typeof costsSchema>;

/** The `fcr:` section: first-contact resolution by repeat contacts. */
export const fcrSchema = section({
  /** A completed contact is a repeat when its customer completed another within this long before (default 72 h). */
  repeatWindowSec: wholeNumber(3600, 30 * 86_400).default(72 * 3600),
  /** Most customers remembered per centre for repeat detection (memory and checkpoint bound). */
  maxCustomers: wholeNumber(1000, 5_000_000).default(200_000),
}).prefault({});

export type FcrSettings = z.output<typeof fcrSchema>;
