/**
 * Staffing maths, pure: numbers in, numbers out. Used by the metrics engine (`requiredAgents`),
 * `activateSeats: auto` (through the staffing gap), `GET /v1/staffing` and `surge erlang`.
 *
 *   load (λ, AHT) ─┬─ no patience ─► Erlang C  (erlang-c.ts)  ─┐
 *                  └─ patience ────► Erlang A  (erlang-a.ts)  ─┴─► StaffingFigures ─► requiredAgents (solve.ts)
 *   traffic, lines ─────────────────► Erlang B  (erlang-b.ts)      blocking, IVR ports and trunks
 *
 * Stable for any size of centre: Erlang B is a recurrence that stays in [0, 1], and Erlang A's
 * series are summed as logarithms (gamma.ts); no factorial is ever formed.
 */
export { erlangA } from './erlang-a.js';
export { erlangB } from './erlang-b.js';
export { erlangC } from './erlang-c.js';
export type { Load, StaffingFigures, StaffingInput } from './figures.js';
export { agentsWithShrinkage, DEFAULT_MAX_AGENTS, meetsGoal, requiredAgents, staffingFigures, type StaffingGoal } from './solve.js';
