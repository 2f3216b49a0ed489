/**
 * What every vendor translator produces: canonical events (not yet validated: ingest
 * does that), plus a tally of the vendor events that produced nothing, so a caller can
 * see what was skipped without it being an error.
 *
 *   vendor payload ─► translate (pure) ─► Translation ─► acceptTranslation ─► Ingest
 */
import { createHash } from 'node:crypto';

/** A canonical event as a translator builds it; `Ingest` validates it like any other. */
export type Draft = { id: string; type: string; ts: number; centre: string } & Record<string, unknown>;

/** One payload's canonical events and what it skipped. */
export interface Translation {
  events: Draft[];
  /** Vendor event type → how many produced no canonical event (unknown or not needed). */
  ignored: Record<string, number>;
  /** "queue X", "agent Y"… → how many events named something the mapping does not know. */
  unmapped: Record<string, number>;
}

/** emptyTranslation is a translation of nothing. */
export function emptyTranslation(): Translation {
  return { events: [], ignored: tally(), unmapped: tally() };
}

/**
 * tally is an empty count by name. Names come from vendor payloads, so it has no prototype:
 * `__proto__` or `constructor` is counted like any other name, not looked up on Object.
 */
function tally(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** Collects one payload's translation; translators call `event`, `ignore` and `unmapped`. */
export class TranslationBuilder {
  readonly result = emptyTranslation();

  event(draft: Draft): void {
    this.result.events.push(draft);
  }

  ignore(vendorType: string, n = 1): void {
    bump(this.result.ignored, vendorType || '(no type)', n);
  }

  unmapped(what: string): void {
    bump(this.result.unmapped, what);
  }

  /** merge adds another translation (one Firehose record, one AMI message…) to this one. */
  merge(other: Translation): void {
    this.result.events.push(...other.events);
    for (const [k, n] of Object.entries(other.ignored)) bump(this.result.ignored, k, n);
    for (const [k, n] of Object.entries(other.unmapped)) bump(this.result.unmapped, k, n);
  }
}

function bump(tally: Record<string, number>, key: string, n = 1): void {
  tally[key] = (tally[key] ?? 0) + n;
}

/**
 * fromSource names the adapter on each event, so its silence shows as its own (DESIGN.md
 * "Freshness of sources"); ingest would otherwise count them for the generic `ingest` source.
 */
export function fromSource(events: readonly Draft[], source: string): Draft[] {
  return events.map((event) => ({ ...event, source }));
}

const MAX_ID = 200;

/**
 * eventId derives a canonical id from what identifies the vendor's fact (a task and its
 * reservation, a contact and its queue, an AMI Uniqueid…), never from the time we saw it:
 * a vendor retry, or the same fact reported by two of the vendor's feeds, gets the same id
 * and ingest keeps it once. Ids that would be too long keep a readable head and a hash.
 */
export function eventId(source: string, ...parts: (string | number)[]): string {
  const id = [source, ...parts].join(':');
  if (id.length <= MAX_ID) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return `${id.slice(0, MAX_ID - hash.length - 1)}~${hash}`;
}

/** secondsBetween is a non-negative duration in whole-millisecond precision, or undefined when either end is missing. */
export function secondsBetween(fromMs: number | undefined, toMs: number | undefined): number | undefined {
  if (fromMs === undefined || toMs === undefined) return undefined;
  return Math.max(0, Math.round(toMs - fromMs) / 1000);
}
