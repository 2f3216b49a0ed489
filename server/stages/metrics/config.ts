/** The `metrics:` section: how often the engine computes, checkpoints and pushes, and how long it keeps things. */
import type { z } from 'zod';
import { section, wholeNumber } from '../../config/fields.js';

export const metricsSchema = section({
  /** Live deltas to screens are coalesced to at most one per interval. */
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
