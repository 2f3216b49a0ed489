/**
 * plans: how the control screen shows contingency-plan steps — the action in words, the state
 * with its tone, which steps wait for the dispatcher, what approving or cancelling them means,
 * and the order they are listed in.
 */
import type { Step, StepState } from './api/types.js';
import { levelRank, LEVELS, type Level } from './live/protocol.js';
import type { Tone } from './tone.js';
import { t } from '../i18n/index.js';
import { LEVEL_LOOK } from './levels.js';

/** kindName: "Standby seats" for `activateSeats`; an unknown kind is shown as the server names it. */
export const kindName = (kind: string): string => (t.stepKind as Record<string, string>)[kind] ?? kind;

/** stepStateName: a step's state in words; an unknown state as the server names it. */
export const stepStateName = (state: string): string => (t.stepState as Record<string, string>)[state] ?? state;

/** stepLevelName: "red" for `red`; a level we do not know as written. */
export const stepLevelName = (level: string): string => (level in LEVEL_LOOK ? LEVEL_LOOK[level as Level].name.toLowerCase() : level);

const STATE_TONES: Record<StepState, Tone> = {
  queued: 'plain',
  'awaiting confirmation': 'warn',
  done: 'good',
  skipped: 'muted',
  cancelled: 'muted',
  failed: 'bad',
  'awaiting undo confirmation': 'warn',
  undone: 'muted',
};

export const stepTone = (state: string): Tone => STATE_TONES[state as StepState] ?? 'plain';

/** awaitsDecision: the step waits for the dispatcher to approve or cancel it (or its undo). */
export const awaitsDecision = (step: Pick<Step, 'state'>): boolean =>
  step.state === 'awaiting confirmation' || step.state === 'awaiting undo confirmation';

export const DECISIONS = ['approve', 'cancel'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * decisionName: the button for a decision. Cancelling an undo keeps the action in force (the
 * seats stay, the routing stays), so it says so.
 */
export function decisionName(step: Pick<Step, 'state'>, decision: Decision): string {
  const undo = step.state === 'awaiting undo confirmation';
  if (decision === 'approve') return undo ? t.decision.approveUndo : t.decision.approve;
  return undo ? t.decision.keep : t.decision.cancel;
}

/** decisionPath: where a decision is posted; a step key holds `:`, so it is encoded. */
export const decisionPath = (key: string, decision: Decision): string => `/v1/plan-steps/${encodeURIComponent(key)}/${decision}`;

/** stepLevel: the step's level when it is one we know (a badge can show it). */
export const stepLevel = (step: Pick<Step, 'level'>): Level | null => ((LEVELS as readonly string[]).includes(step.level) ? (step.level as Level) : null);

/** planOrder: one incident's steps in the order they run — by level, then plan, then action. */
export function planOrder(steps: readonly Step[]): Step[] {
  const rank = (s: Step) => (stepLevel(s) === null ? -1 : levelRank(stepLevel(s)!));
  return [...steps].sort((a, b) => rank(a) - rank(b) || a.plan.localeCompare(b.plan) || a.index - b.index);
}

/** recentOrder: the steps waiting for a decision first, then the most recently changed; at most `limit`. */
export function recentOrder(steps: readonly Step[], limit: number): Step[] {
  const waiting = (s: Step) => (awaitsDecision(s) ? 0 : 1);
  return [...steps].sort((a, b) => waiting(a) - waiting(b) || b.updatedAt - a.updatedAt).slice(0, limit);
}
