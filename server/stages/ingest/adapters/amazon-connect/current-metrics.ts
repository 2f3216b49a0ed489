/**
 * snapshotsFromCurrentMetrics turns an Amazon Connect GetCurrentMetricData response
 * (grouped by QUEUE) into `queue.snapshot` events, for centres that poll statistics
 * instead of streaming events. Pure.
 *
 *   CONTACTS_IN_QUEUE → waiting · OLDEST_CONTACT_AGE → longestWaitSec · AGENTS_STAFFED → staffed
 *   AGENTS_AVAILABLE → available · AGENTS_ON_CONTACT → onContact
 *   AGENTS_AFTER_CONTACT_WORK → acw · AGENTS_NON_PRODUCTIVE → aux
 */
import { parseTimestamp } from '../../validate.js';
import type { AmazonConnectConfig } from '../config.js';
import { lookup } from '../mapping.js';
import { eventId, TranslationBuilder, type Translation } from '../translation.js';
import { SOURCE } from './agent-event.js';
import { child, isObject, list, text, type Json } from './fields.js';

const AGENT_FIELDS = {
  AGENTS_STAFFED: 'staffed',
  AGENTS_AVAILABLE: 'available',
  AGENTS_ON_CONTACT: 'onContact',
  AGENTS_AFTER_CONTACT_WORK: 'acw',
  AGENTS_NON_PRODUCTIVE: 'aux',
} as const;

/** `now` stands in for DataSnapshotTime when the response lacks it. */
export function snapshotsFromCurrentMetrics(response: unknown, mapping: Pick<AmazonConnectConfig, 'queues'>, now: number): Translation {
  const out = new TranslationBuilder();
  if (!isObject(response)) {
    out.ignore('(not a GetCurrentMetricData response)');
    return out.result;
  }
  const at = snapshotTime(response.DataSnapshotTime) ?? now;
  for (const result of list(response, 'MetricResults')) {
    const queue = child(child(result, 'Dimensions'), 'Queue');
    const [arn, id] = [text(queue, 'Arn'), text(queue, 'Id')];
    const q = lookup(mapping.queues, arn, id);
    if (!q) {
      out.unmapped(`queue ${arn ?? id ?? '(none)'}`);
      continue;
    }
    const values = new Map(list(result, 'Collections').map((c) => [text(child(c, 'Metric'), 'Name'), c.Value]));
    const count = (name: string) => {
      const v = values.get(name);
      return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : undefined;
    };
    const agents: Record<string, number> = {};
    for (const [metric, field] of Object.entries(AGENT_FIELDS)) {
      const v = count(metric);
      if (v !== undefined) agents[field] = v;
    }
    out.event({
      id: eventId(SOURCE, 'snapshot', arn ?? id ?? '', at),
      type: 'queue.snapshot',
      ts: at,
      centre: q.centre,
      queue: q.queue,
      media: q.media,
      waiting: count('CONTACTS_IN_QUEUE') ?? 0,
      longestWaitSec: count('OLDEST_CONTACT_AGE') ?? 0,
      agents,
    });
  }
  return out.result;
}

/** The AWS CLI prints DataSnapshotTime as ISO-8601 or, with `cli_timestamp_format = none`, as epoch seconds. */
function snapshotTime(v: Json[string]): number | undefined {
  return typeof v === 'number' ? Math.round(v * 1000) : parseTimestamp(v);
}
