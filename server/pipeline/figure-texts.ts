/**
 * Which scopes a step commits: those whose figures (asOf aside) differ from the last committed. The
 * read model's hash keeps the others as they were, with the asOf of the step that last changed them.
 * A scope's figures are compared with the last committed ones as their JSON with asOf 0 would be
 * (sameJson, without writing it); only a changed scope is stringified, to be committed.
 *
 * The committed figures are kept as they are: each step's figures are new objects (the engine, the roll-up
 * and the step build them afresh; figure-texts.test.ts checks), so no later step changes what is kept.
 */
import type { MetricsByScope, ScopeMetrics } from '../stages/metrics/types.js';
import { sameMembersWith } from './same-json.js';

export interface ChangedFigures {
  /** Scope → its figures, to remember as committed. */
  compared: Map<string, ScopeMetrics>;
  /** Scope → the text to commit. */
  texts: Record<string, string>;
}

export function changedFigures(committed: ReadonlyMap<string, ScopeMetrics>, figures: MetricsByScope): ChangedFigures {
  const compared = new Map<string, ScopeMetrics>();
  const texts: Record<string, string> = {};
  for (const [scope, metrics] of Object.entries(figures)) {
    const last = committed.get(scope);
    if (last !== undefined && sameFigures(last, metrics)) continue;
    compared.set(scope, metrics);
    texts[scope] = JSON.stringify(metrics);
  }
  return { compared, texts };
}

/** sameFigures: whether `{ ...a, asOf: 0 }` and `{ ...b, asOf: 0 }` write the same JSON. */
export const sameFigures = (a: ScopeMetrics, b: ScopeMetrics): boolean =>
  sameMembersWith(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, 'asOf');
