/**
 * PipelineState is everything `step` carries from one batch to the next: the metrics engine,
 * the rules evaluator's state, the open incidents, the incident counter and where each centre's
 * stream was read up to. All but the engine is plain JSON (SavedPipelineState), committed with
 * every step; the engine is saved per centre as checkpoints.
 */
import type { Config } from '../config/types.js';
import type { Incident } from '../stages/incidents/types.js';
import { MetricsEngine } from '../stages/metrics/engine.js';
import { emptyRulesState, type Level, type RulesState } from '../stages/rules/index.js';

export interface PipelineState {
  /** Mutated in place by step (deterministically). */
  engine: MetricsEngine;
  rules: RulesState;
  /** Open incidents, oldest first. */
  open: Incident[];
  /** The last incident number handed out. */
  incidentSeq: number;
  /** Short tag of the Redis epoch, part of every incident id, so no id repeats after state loss. */
  epochTag: string;
  /** Last applied stream id per centre ('0-0' before any). */
  positions: Record<string, string>;
  /** Scope levels last announced, to tell when they change. */
  levels: Record<string, Level>;
  /**
   * Per centre, the prunes since its last checkpoint, oldest first (kept by the runner): no stream entry records a
   * prune, so recovery redoes each between the entries it replays (recover.ts) instead of every prune forcing a checkpoint.
   */
  prunes: Record<string, PruneMark[]>;
  /**
   * When this term's first step ran (null before it). Not saved: after a restart or a takeover a
   * feed's silence counts from the new term's start at the earliest (see capSilence).
   */
  watchingSince: number | null;
}

/** PruneMark: the engine pruned a centre at the step's clock `at`, right after applying its entries up to `after`. */
export interface PruneMark {
  after: string;
  at: number;
}

/** SavedPipelineState is the JSON-able part of the state that outlives a term: everything but the engine and watchingSince. */
export type SavedPipelineState = Omit<PipelineState, 'engine' | 'watchingSince'>;

/** STREAM_START is the position of a centre nothing has been read from. */
export const STREAM_START = '0-0';

/** initialState is the state before the first step: an empty engine, every scope normal, no incidents. */
export function initialState(config: Pick<Config, 'centres' | 'metrics'>, epochTag: string): PipelineState {
  return {
    engine: new MetricsEngine(config),
    rules: emptyRulesState(),
    open: [],
    incidentSeq: 0,
    epochTag,
    positions: Object.fromEntries(config.centres.map((c) => [c.id, STREAM_START])),
    levels: {},
    prunes: {},
    watchingSince: null,
  };
}

/** savePipelineState copies out the JSON-able part, sharing nothing with the live state. */
export function savePipelineState({ engine: _engine, watchingSince: _watchingSince, ...saved }: PipelineState): SavedPipelineState {
  return structuredClone(saved);
}

/** markPrunes notes that a step pruned these centres at `at`, after the entries it applied (cleared by their next checkpoint). */
export function markPrunes(state: PipelineState, centres: readonly string[], at: number): void {
  for (const centre of centres) (state.prunes[centre] ??= []).push({ after: state.positions[centre] ?? STREAM_START, at });
}

/** restorePipelineState joins saved state to an engine restored from its checkpoints. */
export function restorePipelineState(saved: SavedPipelineState, engine: MetricsEngine): PipelineState {
  const copy = structuredClone(saved);
  // States committed before prunes were marked carry none (every prune was checkpointed then).
  return { ...copy, prunes: copy.prunes ?? {}, engine, watchingSince: null };
}
