// Scope patterns say which scopes a rule watches. A pattern is a scope id (see
// server/stages/metrics/types.ts) in which `*` stands for any run of characters but `/`:
//
//   all               the whole network
//   centre:hangzhou   one centre             centre:*         every centre
//   queue:*/voice     every centre's voice queue (not voice-vip; `queue:*/voice*` takes both)
//   media:voice       voice across centres   media:*/chat     each centre's chat roll-up
//   region:east       one region's centres   skill:*/billing  each centre's billing-skilled agents
//
// Because `*` never crosses `/`, `media:*` is the network-wide media roll-ups only.
import { MEDIA } from '../ingest/contract.js';
import { didYouMean } from '../../platform/yaml/suggest.js';

/** ScopePattern is a checked pattern and its matcher. */
export interface ScopePattern {
  text: string;
  test(scope: string): boolean;
}

const KINDS = ['all', 'centre', 'queue', 'media', 'region', 'skill'];
// Ids are lower-case letters, digits, - and _ (server/config/load.ts), here with `*` for any.
const SEGMENT = /^[a-z0-9_*-]+$/;

/** compileScopePattern checks a pattern; a string is the reason it is not one. */
export function compileScopePattern(text: string): ScopePattern | string {
  const problem = patternProblem(text);
  if (problem) return problem;
  // `*` never crosses `/`, so a pattern matches segment by segment.
  const segments = text.split('/');
  const matches = (scope: string) => {
    const parts = scope.split('/');
    return parts.length === segments.length && segments.every((segment, i) => wildcard(segment, parts[i]!));
  };
  // Every step asks each rule about every scope, and the scopes are mostly the same ones: the answers are remembered.
  const known = new Map<string, boolean>();
  return {
    text,
    test: (scope) => {
      let answer = known.get(scope);
      if (answer === undefined) {
        answer = matches(scope);
        if (known.size >= KNOWN_SCOPES) known.clear();
        known.set(scope, answer);
      }
      return answer;
    },
  };
}

/** A pattern remembers its answers for at most this many scopes (emptied when full: scope ids come from events). */
const KNOWN_SCOPES = 4096;

// wildcard matches `*` as any run of characters, stepping back to the last `*` on a mismatch:
// at worst length × length steps, where a regular expression of many `*` backtracks
// exponentially (a pattern of ten stars took 40 s against a 40-character id).
function wildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** isConcreteScope says whether text names one scope (a valid pattern with no `*`). */
export function isConcreteScope(text: string): boolean {
  return !text.includes('*') && patternProblem(text) === undefined;
}

function patternProblem(text: string): string | undefined {
  if (text === 'all') return undefined;
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  if (!KINDS.includes(kind) || kind === 'all') {
    return `unknown scope "${text}"${didYouMean(kind, KINDS)}: write all, centre:<centre>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>, region:<region> or skill:<centre>/<skill>`;
  }
  const parts = text.slice(colon + 1).split('/');
  const shapes: Record<string, string> = {
    centre: 'centre:<centre>',
    queue: 'queue:<centre>/<queue>',
    media: 'media:<media> or media:<centre>/<media>',
    region: 'region:<region>',
    skill: 'skill:<centre>/<skill>',
  };
  const fits = kind === 'centre' || kind === 'region' ? parts.length === 1 : kind === 'queue' || kind === 'skill' ? parts.length === 2 : parts.length <= 2;
  if (colon < 0 || !fits || parts.some((p) => !SEGMENT.test(p))) {
    return `bad scope "${text}": write ${shapes[kind]} with lower-case ids or *`;
  }
  const media = parts[parts.length - 1] ?? '';
  if (kind === 'media' && !media.includes('*') && !(MEDIA as readonly string[]).includes(media)) {
    return `unknown media "${media}" in scope "${text}"${didYouMean(media, MEDIA)} (media: ${MEDIA.join(', ')})`;
  }
  return undefined;
}
