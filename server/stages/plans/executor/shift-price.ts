/** pricedShift adds to a step's `shifted` what it saved, at the centre's measured voice cost per contact (shift-saving.ts). */
import { priceShift } from '../shift-saving.js';
import type { ExecutorDeps } from './deps.js';
import type { Shifted } from './steps.js';

/** The handle time assumed for a centre without a voice queue: the demo's default. */
const FALLBACK_AHT_SEC = 300;

export async function pricedShift(deps: Pick<ExecutorDeps, 'config' | 'scopeFigures'>, centre: string, shifted: Omit<Shifted, 'saving'>): Promise<Shifted> {
  const measured = (await deps.scopeFigures(`media:${centre}/voice`))?.windows.today;
  const voiceQueue = deps.config.centres.find((c) => c.id === centre)?.queues.find((q) => q.media === 'voice');
  // A cost measured over no costed contact says nothing about one.
  const perContact = measured && measured.costedContacts > 0 ? measured.costPerContact : null;
  return { ...shifted, saving: priceShift(shifted, deps.config.costs, perContact, voiceQueue?.defaultAhtSec ?? FALLBACK_AHT_SEC) };
}
