/**
 * What a proposed plan step does to the queues, for the preview: a re-route scales the centre in
 * trouble's load down and adds the same contacts to the centres taking them; seats add agents.
 *
 *   reroute  { centre, queue | media, to[{centre, share}] } ─► from queue × (1 − Σ share), each target queue + from × share
 *   seats    { centre, seatType, count } ──────────────────► count agents spread over the centre's queues those seats serve
 *
 * Pure: the queues come from config and the loads from a function, so the same effect applies
 * to every minute of the preview.
 */
import type { Config } from '../../../config/types.js';
import type { Media } from '../../ingest/contract.js';
import { apportion } from '../apportion.js';
import { SEAT_MEDIA } from '../seats.js';
import type { PreviewAction } from '../../incidents/plan-preview.js';

export type { PreviewAction } from '../../incidents/plan-preview.js';

/** QueueRef: one configured queue. */
export interface QueueRef {
  scope: string;
  centre: string;
  queue: string;
  media: Media;
  thresholdSec: number;
  defaultAhtSec: number;
}

/** Effect: load moved between queue scopes (a share of the source's load at each minute) and agents added. */
export interface Effect {
  moves: { from: string; to: string; share: number }[];
  agents: Map<string, number>;
}

/** queueRefs lists every configured queue, in config order. */
export function queueRefs(config: Pick<Config, 'centres'>): QueueRef[] {
  return config.centres.flatMap((c) => c.queues.map((q) => ({ scope: `queue:${c.id}/${q.id}`, centre: c.id, queue: q.id, media: q.media, thresholdSec: q.serviceLevel.thresholdSec, defaultAhtSec: q.defaultAhtSec })));
}

/**
 * effectOf combines actions into one Effect. `loadAt(scope)` is a queue's load with nothing done
 * (contacts per minute), used to spread media-wide traffic and seats over queues by their load.
 */
export function effectOf(actions: readonly PreviewAction[], queues: readonly QueueRef[], loadAt: (scope: string) => number): Effect {
  const effect: Effect = { moves: [], agents: new Map() };
  for (const action of actions) {
    if (action.kind === 'reroute') {
      const carries = (q: QueueRef) => (action.spec.queue !== undefined ? q.queue === action.spec.queue : q.media === action.spec.media);
      for (const source of queues.filter((q) => q.centre === action.centre && carries(q))) {
        for (const target of action.to) {
          // A queue id names the same queue everywhere; a media's traffic lands on the target's queues of that media by their load.
          const takers = queues.filter((q) => q.centre === target.centre && (action.spec.queue !== undefined ? q.queue === source.queue : q.media === source.media));
          const weights = proportions(takers.map((q) => loadAt(q.scope)));
          takers.forEach((q, i) => effect.moves.push({ from: source.scope, to: q.scope, share: target.share * (weights[i] ?? 0) }));
        }
      }
    } else {
      const served = queues.filter((q) => q.centre === action.centre && SEAT_MEDIA[action.seatType].includes(q.media));
      const shares = apportion(action.count, served.map((q) => loadAt(q.scope)));
      served.forEach((q, i) => effect.agents.set(q.scope, (effect.agents.get(q.scope) ?? 0) + (shares[i] ?? 0)));
    }
  }
  return effect;
}

/** proportions: weights as fractions adding up to 1 (equal parts when they are all zero). */
function proportions(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => (total > 0 ? w / total : 1 / weights.length));
}
