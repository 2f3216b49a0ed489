/**
 * resolve: what the resolve dialog sends. Resolving an incident whose plans left re-routes or
 * standby seats in force must say what becomes of them — undo now, or keep them until a time the
 * dispatcher picks (a `datetime-local` field, read as the screen's local time).
 */
import type { InForceStep } from './api/types.js';
import { kindName, stepLevelName } from './plans.js';
import { noteText } from './notes.js';

export type InForceMode = 'undo' | 'keep';

/** localInput: epoch ms as a `datetime-local` value ("2026-12-03T14:05") in the screen's time zone. */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** resolveBody: the reason, and with something in force the choice: "undo" or {keepUntil} (ISO 8601). */
export function resolveBody(reason: string, inForce: readonly InForceStep[], mode: InForceMode, keepUntil: string): Record<string, unknown> {
  if (inForce.length === 0) return { reason };
  if (mode === 'undo') return { reason, inForce: 'undo' };
  const at = new Date(keepUntil).getTime();
  return { reason, inForce: { keepUntil: Number.isFinite(at) ? new Date(at).toISOString() : keepUntil } };
}

/** inForceLine: "Re-routing (red): re-routed 30% to shanghai". */
export const inForceLine = (step: InForceStep): string => `${kindName(step.kind)} (${stepLevelName(step.level)}): ${noteText(step.note, step.detail)}`;
