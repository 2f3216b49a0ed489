/**
 * previewActions turns plan actions into what the preview models, making the choices the
 * executor would make now: the re-route's target centres (chooseReroute) and the seat count
 * (chooseSeats over the roster). Only re-routes and seats change a queue's load or agents;
 * the others are listed as not modelled.
 */
import type { Config } from '../../../config/types.js';
import type { MetricsByScope } from '../../metrics/types.js';
import type { Level } from '../../rules/index.js';
import { rosterContacts } from '../config.js';
import { chooseReroute } from '../reroute.js';
import { chooseSeats } from '../seats.js';
import type { ActionSpec } from '../types.js';
import type { PreviewAction } from './effects.js';

export interface PreviewInputs {
  metrics: MetricsByScope;
  levels: Readonly<Record<string, Level>>;
  config: Config;
  /** People already active on standby seats per centre (they cannot be called in twice). */
  activeSeats: (centre: string) => readonly string[];
}

/** previewActions: the modelled actions, and the kinds left out (notify, banner, announce, remind). */
export function previewActions(actions: readonly ActionSpec[], centre: string, inputs: PreviewInputs): { actions: PreviewAction[]; notModelled: string[] } {
  const modelled: PreviewAction[] = [];
  const notModelled: string[] = [];
  for (const a of actions) {
    if (a.kind === 'reroute') {
      const choice = chooseReroute(a.spec, centre, inputs.metrics, inputs.levels, inputs.config);
      modelled.push({ kind: 'reroute', centre, spec: { queue: a.spec.queue, media: a.spec.media }, to: choice.to });
    } else if (a.kind === 'activateSeats') {
      const pick = chooseSeats(a.spec, centre, inputs.metrics, rosterContacts(inputs.config, centre, a.spec.seatType), inputs.activeSeats(centre));
      modelled.push({ kind: 'activateSeats', centre, seatType: a.spec.seatType, count: pick.count });
    } else notModelled.push(a.kind);
  }
  return { actions: modelled, notModelled };
}
