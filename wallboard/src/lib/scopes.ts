/**
 * scopes builds and reads the scope ids used by the metrics and the live socket:
 * `all`, `centre:<c>`, `queue:<c>/<q>`, `media:<media>` and `media:<c>/<media>`.
 */
export const ALL = 'all';

export const centreScope = (centre: string): string => `centre:${centre}`;
export const queueScope = (centre: string, queue: string): string => `queue:${centre}/${queue}`;
export const mediaScope = (media: string, centre?: string): string =>
  centre === undefined ? `media:${media}` : `media:${centre}/${media}`;

export type ScopeRef =
  | { kind: 'all' }
  | { kind: 'centre'; centre: string }
  | { kind: 'queue'; centre: string; queue: string }
  | { kind: 'media'; media: string; centre?: string };

/** parseScope reads a scope id; null when it is none of the known forms. */
export function parseScope(id: string): ScopeRef | null {
  if (id === ALL) return { kind: 'all' };
  const colon = id.indexOf(':');
  if (colon < 1) return null;
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (rest === '') return null;
  const slash = rest.indexOf('/');
  if (kind === 'centre') return slash === -1 ? { kind, centre: rest } : null;
  if (kind === 'queue') {
    if (slash < 1 || slash === rest.length - 1) return null;
    return { kind, centre: rest.slice(0, slash), queue: rest.slice(slash + 1) };
  }
  if (kind === 'media') {
    if (slash === -1) return { kind, media: rest };
    if (slash < 1 || slash === rest.length - 1) return null;
    return { kind, centre: rest.slice(0, slash), media: rest.slice(slash + 1) };
  }
  return null;
}
