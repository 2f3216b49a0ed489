/**
 * The `remind:` section — proactive SMS batches a plan's `remind` action sends to a customer list:
 *
 *   remind:
 *     ratePerSec: 10                      at most this many reminders leave per second (each remind step)
 *     maxRecipients: 5000                 a longer list is refused when the config is read
 *     lists: alerts/lists                 customer lists: <name>.csv or <name>.yaml (customer-lists.ts)
 *     optOut: alerts/lists/opt-out.txt    optional: numbers never reminded (STOP replies are added in Redis)
 *
 * The files are read with the config (withCustomerLists), like the SMS templates.
 */
import { section, text, wholeNumber } from '../../config/fields.js';
import type { Customer } from './customer-lists.js';

/** The most a list may hold, whatever maxRecipients says: a batch is one job's work. */
export const MAX_RECIPIENTS = 100_000;

export interface RemindConfig {
  ratePerSec: number;
  maxRecipients: number;
  listsDir: string;
  optOutFile: string | null;
  /** List name → its customers (filled by withCustomerLists). */
  lists: Record<string, Customer[]>;
  /** The opt-out file's numbers (filled by withCustomerLists). */
  optOut: ReadonlySet<string>;
}

export const remindSchema = section({
  ratePerSec: wholeNumber(1, 1000).default(10),
  maxRecipients: wholeNumber(1, MAX_RECIPIENTS).default(5000),
  lists: text().default('alerts/lists'),
  optOut: text().optional(),
})
  .transform((r): RemindConfig => ({ ratePerSec: r.ratePerSec, maxRecipients: r.maxRecipients, listsDir: r.lists, optOutFile: r.optOut ?? null, lists: {}, optOut: new Set() }))
  .prefault({});
