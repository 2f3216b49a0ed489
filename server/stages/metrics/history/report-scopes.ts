/**
 * reportScope names the history series a report reads for a scope: its own (for instants) and the
 * one-centre series its counts are summed from. A centre's `today` counts reset at its own midnight,
 * so a roll-up across centres in different zones cannot be differenced as one series; summing each
 * centre's differences is exact.
 */
import type { CentreConfig } from '../../../config/topology.js';

export interface SeriesPart {
  scope: string;
  timeZone: string;
}

export interface ReportScope {
  scope: string;
  /** One-centre series whose interval counts add up to this scope's. */
  parts: SeriesPart[];
}

type Centres = readonly Pick<CentreConfig, 'id' | 'timezone' | 'queues' | 'region'>[];

/** spansCentres: a roll-up over centres (all, media:<media>, region:<region>), whose counts are summed from its centres'. */
export const spansCentres = (scope: string): boolean => scope === 'all' || /^media:[^/]+$/.test(scope) || scope.startsWith('region:');

/** reportScope resolves a scope id against the configured centres; a RangeError names what is wrong. */
export function reportScope(scope: string, centres: Centres): ReportScope {
  const part = (c: Centres[number], id = scope): SeriesPart => ({ scope: id, timeZone: c.timezone });
  const centre = (id: string) => centres.find((c) => c.id === id);
  const [kind, rest = ''] = splitOnce(scope, ':');
  const [centreId, name] = rest.includes('/') ? splitOnce(rest, '/') : [undefined, rest];
  let parts: SeriesPart[] = [];
  if (scope === 'all') parts = centres.map((c) => part(c, `centre:${c.id}`));
  else if (kind === 'centre' && centre(rest)) parts = [part(centre(rest)!)];
  else if (kind === 'queue' && centreId !== undefined) {
    const c = centre(centreId);
    if (c?.queues.some((q) => q.id === name)) parts = [part(c)];
  } else if (kind === 'media' && centreId === undefined) {
    parts = centres.filter((c) => c.queues.some((q) => q.media === name)).map((c) => part(c, `media:${c.id}/${name}`));
  } else if (kind === 'media') {
    const c = centre(centreId!);
    if (c?.queues.some((q) => q.media === name)) parts = [part(c)];
  } else if (kind === 'region') {
    parts = centres.filter((c) => (c.region ?? c.id) === rest).map((c) => part(c, `centre:${c.id}`));
  } else if (kind === 'skill' && centreId !== undefined && name) {
    // Skills are whatever agents report: any skill of a configured centre (one nobody had reads as empty).
    const c = centre(centreId);
    if (c) parts = [part(c)];
  }
  if (parts.length === 0) {
    throw new RangeError(`unknown scope "${scope}" (scopes: all, centre:<centre>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>, region:<region>, skill:<centre>/<skill> of the configured centres, queues and regions)`);
  }
  return { scope, parts };
}

function splitOnce(text: string, sep: string): [string, string] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + sep.length)];
}
