/**
 * The `retention:` section: how long what the incidents leave behind is kept. Resolved incidents
 * go with their timelines, plan steps and notifications; the audit of control actions is kept
 * longest, so who did what outlives the incident it was done to.
 */
import type { z } from 'zod';
import { section, wholeNumber } from '../config/fields.js';

export const retentionSchema = section({
  /** An incident resolved longer ago than this goes, with its timeline, plan steps and notifications. */
  incidentDays: wholeNumber(1, 3650).default(90),
  /** Audit entries older than this go; at least incidentDays. */
  auditDays: wholeNumber(1, 3650).default(400),
  /** How often the lease holder prunes. */
  everySec: wholeNumber(60, 86_400).default(3600),
})
  .superRefine((r, issues) => {
    if (r.auditDays < r.incidentDays) issues.addIssue({ code: 'custom', path: ['auditDays'], message: `must be at least incidentDays (${r.incidentDays}): the audit is kept longest` });
  })
  .prefault({});

export type RetentionSettings = z.output<typeof retentionSchema>;
