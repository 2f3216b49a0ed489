/**
 * recoverState rebuilds, at the start of a lease term, the state the last commit left:
 *
 *   committed pipeline state (positions, rules, incidents, prune marks) + each centre's engine checkpoint
 *     ─► entries (checkpoint, position] through the engine only (their step results are committed),
 *        each prune marked since the checkpoint redone right after the entries it followed
 *     ─► entries after the position: read but never committed, the first batch to step
 *
 * Every entry past a checkpoint is still pending in the consumer group (only a checkpoint
 * acknowledges), so taking the group's pending entries over finds them all.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config/types.js';
import type { Keys } from '../platform/redis/keys.js';
import { MetricsEngine } from '../stages/metrics/engine.js';
import { compareIds, loadCheckpoint } from '../stages/stream/checkpoint.js';
import type { StreamEntry, StreamReader } from '../stages/stream/reader.js';
import { initialState, restorePipelineState, STREAM_START, type PipelineState, type SavedPipelineState } from './state.js';

export interface Recovered {
  state: PipelineState;
  /** Entries read before but never committed, per centre, oldest first. */
  ahead: Map<string, StreamEntry[]>;
  /** The stream id each centre's checkpoint covers. */
  checkpointed: Record<string, string>;
}

export async function recoverState(redis: Redis, keys: Keys, reader: StreamReader, config: Pick<Config, 'centres' | 'metrics'>, epochTag: string): Promise<Recovered> {
  await reader.createGroups();
  const engine = new MetricsEngine(config);
  const checkpointed: Record<string, string> = {};
  for (const { id } of config.centres) {
    const checkpoint = await loadCheckpoint(redis, keys, id);
    if (checkpoint) engine.restore(id, checkpoint.state);
    checkpointed[id] = checkpoint?.lastId ?? STREAM_START;
  }
  const saved = await redis.get(keys.pipelineState());
  // With no committed state yet (a fresh Redis, or checkpoints from before steps were committed) the checkpoints say where we are.
  const state = saved === null ? { ...initialState(config, epochTag), engine, positions: { ...checkpointed } } : restorePipelineState(JSON.parse(saved) as SavedPipelineState, engine);

  const ahead = new Map<string, StreamEntry[]>();
  for (const { id: centre } of config.centres) {
    const position = (state.positions[centre] ??= checkpointed[centre]!);
    // Marks are cleared by the checkpoint that covers them: every one left was pruned after this checkpoint.
    const marks = [...(state.prunes[centre] ?? [])];
    const pruneUpTo = (id: string) => {
      while (marks[0] && compareIds(marks[0].after, id) < 0) engine.prune(marks.shift()!.at, [centre]);
    };
    const after: StreamEntry[] = [];
    for (const entry of await reader.claimPending(centre)) {
      if (compareIds(entry.id, checkpointed[centre]!) <= 0) continue;
      if (compareIds(entry.id, position) > 0) after.push(entry);
      else {
        pruneUpTo(entry.id);
        for (const event of reader.events(centre, entry)) engine.apply(event);
      }
    }
    for (const { at } of marks) engine.prune(at, [centre]);
    if (after.length > 0) ahead.set(centre, after);
  }
  return { state, ahead, checkpointed };
}
