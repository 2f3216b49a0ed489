/**
 * Which scopes a step commits: those whose figures (asOf aside) differ from the last committed. The
 * read model's hash keeps the others as they were, with the asOf of the step that last changed them.
 * Each scope is stringified once per step: its text with asOf 0 is compared, and the committed text is
 * that same text with the real asOf put back.
 */
import type { MetricsByScope } from '../stages/metrics/types.js';

export interface ChangedFigures {
  /** Scope → its text with asOf 0, to remember as committed. */
  compared: Map<string, string>;
  /** Scope → the text to commit. */
  texts: Record<string, string>;
}

export function changedFigures(committed: ReadonlyMap<string, string>, figures: MetricsByScope): ChangedFigures {
  const compared = new Map<string, string>();
  const texts: Record<string, string> = {};
  for (const [scope, metrics] of Object.entries(figures)) {
    const text = JSON.stringify({ ...metrics, asOf: 0 });
    if (committed.get(scope) === text) continue;
    compared.set(scope, text);
    texts[scope] = withAsOf(text, metrics.asOf);
  }
  return { compared, texts };
}

/**
 * withAsOf puts the real asOf into a text made with asOf 0: the first `"asOf":0` is the top-level key, since
 * no object before it in ScopeMetrics has one, and quotes inside strings are escaped.
 */
const withAsOf = (text: string, asOf: number): string => text.replace('"asOf":0', `"asOf":${JSON.stringify(asOf)}`);
