/**
 * TopicDeltas turns each push's changed scopes into protocol v2's delta per topic: every scope at
 * display precision, compared with what the topic last carried of it. It remembers only that last
 * sent form per scope (bounded by the scopes the metrics engine publishes), to diff against:
 * screens start from the read model's snapshot, never from it.
 */
import type { ScopeMetrics } from '../metrics/types.js';
import { atDisplayPrecision, diffFigures } from './figures-delta.js';
import { topicOf } from './topics.js';

/** A topic's part of one push: whole figures of scopes new to it (or that lost a field), changed fields of the rest. */
export interface TopicDelta {
  scopes?: Record<string, ScopeMetrics>;
  patch?: Record<string, Record<string, unknown>>;
}

export class TopicDeltas {
  private readonly sent = new Map<string, ScopeMetrics>();

  /** next gives each topic's delta for these changed scopes; a scope with no change a screen could show is left out, a topic with none too. */
  next(changed: Iterable<[string, ScopeMetrics]>): Map<string, TopicDelta> {
    const byTopic = new Map<string, TopicDelta>();
    for (const [scope, raw] of changed) {
      const figures = atDisplayPrecision(raw);
      const change = diffFigures(this.sent.get(scope), figures);
      this.sent.set(scope, figures);
      if (change === null) continue;
      const topic = topicOf(scope);
      const entry = byTopic.get(topic) ?? {};
      if ('patch' in change) (entry.patch ??= {})[scope] = change.patch;
      else (entry.scopes ??= {})[scope] = change.replace;
      byTopic.set(topic, entry);
    }
    return byTopic;
  }
}
