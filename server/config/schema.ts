/**
 * configSchema composes the sections of surge.config.yaml, each owned by the stage that reads
 * it, into one strict mapping: any key not listed here, at any level, is an error.
 */
import { adaptersSchema } from '../stages/ingest/adapters/config.js';
import { ingestSchema } from '../stages/ingest/config.js';
import { costsSchema, fcrSchema, metricsSchema } from '../stages/metrics/config.js';
import { rulesSchema } from '../stages/rules/config.js';
import { incidentsSchema } from '../stages/incidents/config.js';
import { alertingShape, checkContactRefs } from '../stages/plans/config.js';
import { twilioSchema } from '../stages/deliver/sms/config.js';
import { acdSchema } from '../stages/deliver/acd/config.js';
import { ivrSchema } from '../stages/deliver/ivr/config.js';
import { remindSchema } from '../stages/plans/remind-config.js';
import { authSchema } from '../platform/http/users-config.js';
import { checkBodyBudget, limitsSchema } from '../platform/http/limits-config.js';
import { liveSchema } from '../stages/push/config.js';
import { checkHallCentres, screensSchema } from '../stages/push/screens-config.js';
import { retentionSchema } from '../pipeline/retention-config.js';
import { z } from 'zod';
import type { ConfigContext } from './context.js';
import { always, oneOf, redisUrl, section, text, wholeNumber } from './fields.js';
import { centresSchema, freshnessSchema } from './topology.js';
import { PIPELINE_PARTITIONS, SIMULATE } from './types.js';
import { LOCALES } from './locales.js';

export function configSchema(ctx: ConfigContext) {
  return section({
    server: section({
      host: text().default('0.0.0.0'),
      port: wholeNumber(0, 65_535).default(8080),
      publicUrl: text().optional(),
      // The JavaScript emulation uWebSockets.js falls back to on Node 22+ (docs/runtime.md): refused unless true.
      allowUwsEmulation: z.boolean({ error: 'must be true or false' }).default(false),
      /** On shutdown, requests and event-socket messages in flight get this long to be answered. */
      shutdownGraceMs: wholeNumber(0, 60_000).default(2000),
      /** `whole`: one lease runs every centre's pipeline; `centres`: a lease per centre and one for the roll-up (docs/scaling.md). */
      pipelinePartitions: oneOf(PIPELINE_PARTITIONS).default('whole'),
    }).prefault({}),
    redis: section({
      url: redisUrl().default('redis://127.0.0.1:6379'),
      prefix: text().default('surge'),
      /** Ingest answers only once this many replicas have its write (WAIT); 0 answers after the master alone. */
      ackReplicas: wholeNumber(0, 16).default(0),
      /** How long ingest waits for those replicas before answering 503 (the sender retries; ids make it harmless). */
      ackTimeoutMs: wholeNumber(1, 60_000).default(1000),
    }).prefault({}),
    ingest: ingestSchema,
    limits: limitsSchema,
    metrics: metricsSchema,
    costs: costsSchema,
    fcr: fcrSchema,
    live: liveSchema,
    screens: screensSchema,
    simulate: oneOf(SIMULATE).default('off'),
    // The language of the screens (unless their address says ?lang=) and of SMS (unless the group says).
    locale: oneOf(LOCALES).default('en'),
    rules: rulesSchema,
    incidents: incidentsSchema,
    retention: retentionSchema,
    freshness: freshnessSchema,
    auth: authSchema(ctx.env),
    centres: centresSchema.prefault([]),
    ...alertingShape(ctx),
    adapters: adaptersSchema(ctx),
    twilio: twilioSchema(ctx.env).optional(),
    acd: acdSchema(ctx).optional(),
    ivr: ivrSchema(ctx).optional(),
    remind: remindSchema,
  })
    .superRefine(checkContactRefs, always)
    .superRefine(checkBodyBudget, always)
    .superRefine(checkHallCentres, always);
}
