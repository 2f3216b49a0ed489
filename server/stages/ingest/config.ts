/**
 * The `ingest:` section: the largest request, how many rejections a reply lists, how long an
 * event id is remembered, which source times are accepted, and how many reply bytes a streaming
 * bridge may leave unread.
 */
import type { z } from 'zod';
import { section, wholeNumber } from '../../config/fields.js';

export const ingestSchema = section({
  maxBodyBytes: wholeNumber(1024, 64 * 1024 * 1024).default(1024 * 1024),
  /** A reply lists the first this-many rejected events and counts them all: a batch of bad lines is answered in a few KB. */
  maxRejectionsListed: wholeNumber(1, 10_000).default(20),
  /** At least a day, so a bridge resending yesterday's batch is still deduplicated. */
  dedupTtlSec: wholeNumber(86_400, 30 * 86_400).default(25 * 3600),
  maxFutureSkewSec: wholeNumber(0, 86_400).default(300),
  maxAgeSec: wholeNumber(60, 30 * 86_400).default(86_400),
  /** Replies a `/v1/events/ws` bridge leaves unread beyond this close its socket (1013): acks are never dropped. */
  socketReplyBufferBytes: wholeNumber(16 * 1024, 64 * 1024 * 1024).default(1024 * 1024),
}).prefault({});

export type IngestSettings = z.output<typeof ingestSchema>;
