/**
 * PipelineRunner is what runs on the instance holding the lease, one term at a time:
 *
 *   term start: recoverState (committed state + checkpoints, engine-only replay) ─► relay the outbox
 *   loop:       read a batch (XREADGROUP, BLOCK ≈ evaluateIntervalMs) + peek commands
 *                 ─► step(now = clock) ─► commit (one fenced write) ─► relay outbox ─► history
 *               a full batch (the streams are behind): the next, larger one is read while it is stepped and committed
 *
 * With no events and no commands it still steps every evaluateIntervalMs, so `for` and `clear`
 * durations run out on time. Nothing is announced or enqueued that was not committed: the screens
 * hear of a step from its commit's PUBLISH, the job queue from the outbox. A failed commit leaves
 * memory ahead of Redis, so the state is rebuilt from the last commit before the next step; while steps keep
 * failing, a record of why (keys.pipelineFailure) is what /v1/status shows.
 *
 * As one pipeline partition of several (docs/scaling.md) it runs its own centres, commits their parts
 * of the scopes across centres (the roll-up partition steps over those parts instead of streams), and
 * after each commit announcing levels or incidents joins every partition's into the read model's (mergeLive).
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config/types.js';
import { FencedError, type Fence } from '../platform/cluster/fenced.js';
import type { Logger } from '../platform/log/log.js';
import type { Keys } from '../platform/redis/keys.js';
import type { IncidentCommands, Envelope } from '../stages/incidents/commands.js';
import type { HistoryStore } from '../stages/metrics/history/store.js';
import type { MetricsByScope, ScopeMetrics } from '../stages/metrics/types.js';
import type { Plan } from '../stages/plans/index.js';
import type { RuleSet } from '../stages/rules/watcher.js';
import type { StreamEntry } from '../stages/stream/reader.js';
import type { Checkpoint } from '../stages/stream/checkpoint.js';
import { checkpointWrites, type HeldCheckpoint } from '../stages/stream/checkpoint-fields.js';
import { StreamReader } from '../stages/stream/reader.js';
import type { CentreRollUp } from '../stages/metrics/engine.js';
import { commitStep, committedShares, liveShares, mergeLive, type MergeBy, type StepCommit } from './commit.js';
import { changedFigures } from './figure-texts.js';
import type { OutboxRelay } from './outbox.js';
import { recoverState } from './recover.js';
import { markPrunes, savePipelineState, type PipelineState } from './state.js';
import { step, type StepResult } from './step.js';

export interface RunnerDeps {
  config: Config;
  keys: Keys;
  /** A connection for the blocking stream reads. */
  stream: Redis;
  /** A connection for everything else. */
  worker: Redis;
  fence: Fence;
  commands: IncidentCommands;
  rules: RuleSet;
  plans: () => readonly Plan[];
  history: HistoryStore;
  relay: OutboxRelay;
  instanceId: string;
  /** The tag of the Redis epoch, for the ids of a state that starts afresh. */
  epochTag: () => string;
  /** The time steps are taken at (injected in tests). */
  clock: () => number;
  logger: Logger;
  /** Told how long each step took (operations metrics). */
  evaluated: (seconds: number) => void;
  /** Told of each step (or rebuild) that failed, and whether it was fenced off (operations metrics). */
  failed: (fenced: boolean) => void;
  /**
   * Set when this runner is one pipeline partition of several (docs/scaling.md): `config` then lists its
   * own centres only, `keys` are its partitionKeys, and `all` names every partition in order.
   */
  partition?: PartitionRun;
}

export interface PartitionRun {
  id: string;
  all: readonly string[];
  /** The roll-up partition: figures the scopes across centres from the parts the centre partitions committed. */
  rollUp: boolean;
}

/** PipelineFailure is what /v1/status shows while a runner's steps keep failing (keys.pipelineFailure). */
export interface PipelineFailure {
  owner: string;
  /** When the steps began failing, and how many attempts have failed since (epoch ms, the pipeline's clock). */
  since: number;
  attempts: number;
  /** The last failure's message. */
  error: string;
}

/** The commands one step peeks at (the rest wait for the next step). */
const COMMANDS_PER_STEP = 20;
const RETRY_MS = 500;
/** How long a failure record outlives the last failure that renewed it (an instance that died failing leaves none behind for long). */
const FAILURE_TTL_MS = 60_000;
/** A failure's message in the record is cut to this many characters. */
const FAILURE_TEXT = 500;
/**
 * Checkpoints take at most this share of the pipeline's time: when one costs more than that share of
 * checkpointMs (a large engine catching up on a loaded machine), the next waits until it does not.
 * Recovery then replays a little more, engine only, which is many times cheaper than stepping.
 */
const CHECKPOINT_SHARE = 0.1;
/**
 * The share while catching up (a whole batch read, the next one under way): a checkpoint of a large engine is
 * seconds of catch-up apart. The step after the one that caught up writes one, so a crash then replays none of the
 * catch-up, and the caught-up figures are committed without waiting for it.
 */
const CATCH_UP_CHECKPOINT_SHARE = 0.03;
/**
 * The most of the event loop the pipeline takes from live traffic (not while catching up): after a step that
 * applied something, the edge has the loop for (1 − share) ÷ share times as long as the step computed, and what
 * arrives meanwhile joins the next batch. A step's cost is mostly fixed (every scope figured, compared and
 * committed), so under sustained traffic (no step without news for evaluateIntervalMs) fewer, larger steps cost
 * the edge less; a burst (an alert's events, a dispatcher's command) keeps the shorter rest, so what follows it
 * soon waits less. A step with nothing to apply takes no rest.
 */
const SHARE = { burst: 0.5, sustained: 0.25 };

interface Term {
  running: boolean;
  reader: StreamReader;
  state?: PipelineState;
  /** Entries to step before reading more (read by an earlier term, never committed). */
  ahead: Map<string, StreamEntry[]>;
  /** Each scope's figures as last committed (compared without asOf), to commit only what changed. */
  committed: Map<string, ScopeMetrics>;
  /** Each centre's part of the scopes across centres as last committed (a centre partition's). */
  committedParts: Map<string, string>;
  /** What each centre's checkpoint hash holds as last committed, to write only the fields that changed (none known: written whole). */
  checkpointsHeld: Map<string, HeldCheckpoint>;
  checkpointed: Record<string, string>;
  lastCheckpoint: number;
  /** How long the last checkpointing commit took (serialising and writing the engine), ms. */
  checkpointCost: number;
  /** Whether the last step was catching up, and whether the next one checkpoints (see CATCH_UP_CHECKPOINT_SHARE). */
  catchingUp: boolean;
  caughtUp: boolean;
  /** Until the term first caught up: its catch-up reads are the largest (StreamReader.read). */
  starting: boolean;
  /** Whether the outbox may hold intents: set by a commit with intents and by a failed relay. */
  outboxWaiting: boolean;
  /** When (performance.now()) the next step may start at the earliest: the edge's share of the event loop (see follow). */
  restUntil: number;
  /** When (performance.now()) the steps started applying something at every turn; null after a step with nothing to apply. */
  busySince: number | null;
  /** Set while steps fail: since when, and how many attempts (see failing). */
  failing?: { since: number; attempts: number };
  loop?: Promise<void>;
}

export class PipelineRunner {
  private term?: Term;

  constructor(private readonly deps: RunnerDeps) {}

  get running(): boolean {
    return this.term !== undefined;
  }

  async start(): Promise<void> {
    const { config, keys, stream, logger, instanceId } = this.deps;
    const reader = new StreamReader(stream, keys, config, logger.child({ module: 'stream' }), instanceId);
    const term: Term = { running: true, reader, ahead: new Map(), committed: new Map(), committedParts: new Map(), checkpointsHeld: new Map(), checkpointed: {}, lastCheckpoint: Date.now(), checkpointCost: 0, catchingUp: false, caughtUp: false, starting: true, outboxWaiting: false, restUntil: 0, busySince: null };
    await this.rebuild(term);
    await this.relay(term);
    // A first step before the term counts as started, so readers find committed figures at once.
    await this.stepOnce(term, term.ahead, [], false);
    await this.cleared(term);
    term.ahead = new Map();
    this.term = term;
    term.loop = this.follow(term);
    logger.info({ instance: instanceId }, 'this instance now runs the pipeline');
  }

  /** stop ends the term with a last step that checkpoints; after the lease was lost it fails (fenced) and is only logged. */
  async stop(): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    term.running = false;
    await term.loop;
    if (!term.state) return;
    await this.stepOnce(term, new Map(), [], true).catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'final checkpoint not written'));
  }

  private async follow(term: Term): Promise<void> {
    const { evaluateIntervalMs } = this.deps.config.metrics;
    let due = 0;
    // The next batch, read while this one is stepped and committed when the streams are behind.
    let next: Promise<Map<string, StreamEntry[]>> | undefined;
    while (term.running) {
      try {
        if (!term.state) await this.rebuild(term);
        // A step computes every scope whatever its batch holds (a few ms on the demo's 39 scopes), holding the
        // event loop. Events trickling in would start the next step at once, and the edge (ingest answers, live
        // push, HTTP) would only get the gaps between steps: after a step, the loop is the edge's (see SHARE).
        // Events arriving meanwhile join the next batch (a batch read ahead is read meanwhile).
        const rest = term.restUntil - performance.now();
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
        const entries = term.ahead.size > 0 ? term.ahead : await (next ?? term.reader.read(Math.min(evaluateIntervalMs, due - Date.now())));
        next = undefined;
        term.ahead = new Map();
        if (term.reader.full(entries)) {
          next = term.reader.read(evaluateIntervalMs, term.starting ? 'starting' : 'behind');
          // Handled here too, so a failure while the step runs is no unhandled rejection; awaited below, it still throws.
          next.catch(() => undefined);
        }
        // Caught up once, the term is live: later catch-ups keep their steps shorter (StreamReader.read).
        if (!next) term.starting = false;
        const commands = await this.deps.commands.peek(COMMANDS_PER_STEP);
        if (entries.size === 0 && commands.length === 0 && Date.now() < due) continue;
        due = Date.now() + evaluateIntervalMs;
        const checkpoint = term.caughtUp;
        term.caughtUp = term.catchingUp && !next;
        term.catchingUp = next !== undefined;
        await this.stepOnce(term, entries, commands, checkpoint);
        if (term.failing) await this.cleared(term);
        // Catching up (a whole batch read, the next one under way), the pipeline takes the loop: resting there would
        // double a cold start's catch-up, and the edge still gets the loop while each read and commit waits on Redis.
        if (next) term.restUntil = 0;
      } catch (err) {
        // A read still under way delivers entries: settled before a rebuild, they are pending for claimPending to find.
        await next?.catch(() => undefined);
        next = undefined;
        if (!term.running) break;
        // Memory may be ahead of Redis (a step not committed, entries read but not stepped): start again from the
        // commit. Fenced off, it keeps failing harmlessly until the lease watcher ends the term.
        term.state = undefined;
        const fenced = err instanceof FencedError;
        this.deps.failed(fenced);
        if (fenced) this.deps.logger.warn({ err: err.message }, 'pipeline fenced off; retrying until the term ends');
        else await this.failing(term, err as Error);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
    // Entries read ahead but not stepped stay pending: the next term claims them.
    await next?.catch(() => undefined);
  }

  /**
   * failing logs a failed step and records it for /v1/status: figures, rules and alerts stand still until a step
   * commits again, which operators must see without reading logs. The record is best effort (Redis may be the failure).
   */
  private async failing(term: Term, err: Error): Promise<void> {
    const { worker, keys, clock, logger, instanceId } = this.deps;
    const failing = { since: term.failing?.since ?? clock(), attempts: (term.failing?.attempts ?? 0) + 1 };
    term.failing = failing;
    logger.error({ err: err.message, since: failing.since, attempts: failing.attempts }, 'pipeline step failed; retrying from the last commit');
    const record: PipelineFailure = { owner: instanceId, ...failing, error: err.message.slice(0, FAILURE_TEXT) };
    await worker.set(keys.pipelineFailure(), JSON.stringify(record), 'PX', FAILURE_TTL_MS).catch(() => undefined);
  }

  /**
   * cleared removes the failure record once a step committed: this term's, or at a term's start one left by the
   * term before (an owner that failed, then lost the lease or died). A failed DEL is tried again after the next step.
   */
  private async cleared(term: Term): Promise<void> {
    const { worker, keys, logger } = this.deps;
    if (term.failing) logger.warn({ since: term.failing.since, attempts: term.failing.attempts }, 'pipeline steps commit again');
    await worker.del(keys.pipelineFailure()).then(
      () => (term.failing = undefined),
      () => undefined,
    );
  }

  /** rebuild replaces the term's state with what the last commit left. */
  private async rebuild(term: Term): Promise<void> {
    term.state = undefined;
    const { config, keys, worker, epochTag } = this.deps;
    const recovered = await recoverState(worker, keys, term.reader, config, epochTag());
    // A merge lost after its partition's commit (a crash, a failed call) is made now.
    if (this.deps.partition) await mergeLive(worker, keys, this.mergeBy(), await committedShares(worker, keys, this.deps.partition.id), this.deps.clock());
    // A commit whose reply was lost may have left intents: look at the outbox again.
    Object.assign(term, { state: recovered.state, ahead: recovered.ahead, checkpointed: recovered.checkpointed, committed: new Map(), committedParts: new Map(), checkpointsHeld: new Map(), outboxWaiting: true });
  }

  /** stepOnce steps one batch and commits it (the caller rebuilds the state when either fails). */
  private async stepOnce(term: Term, entries: Map<string, StreamEntry[]>, commands: { text: string; envelope?: Envelope }[], forceCheckpoint: boolean): Promise<void> {
    const { config, keys, worker, fence, rules, plans, clock, logger } = this.deps;
    const state = term.state!;
    const now = clock();
    const { partition } = this.deps;
    // Read before the computing starts: the edge's turn (below) is measured on the computing alone.
    const parts = partition?.rollUp ? await this.committedParts() : undefined;
    const started = performance.now();
    const checkpointShare = term.catchingUp ? CATCH_UP_CHECKPOINT_SHARE : CHECKPOINT_SHARE;
    const checkpoint = forceCheckpoint || Date.now() - term.lastCheckpoint >= Math.max(config.metrics.checkpointMs, term.checkpointCost / checkpointShare);
    const positions = Object.fromEntries([...entries].map(([centre, list]) => [centre, list[list.length - 1]!.id]));
    const envelopes = commands.flatMap((c) => (c.envelope ? [c.envelope] : []));
    const result = step(state, { events: term.reader.eventsIn(entries), positions, commands: envelopes, now, parts }, { config, rules: rules.rules, plans: plans(), rollUp: partition?.rollUp ?? true });
    const committing = performance.now();
    // A prune is a state change no stream entry records: marked in the committed state, recovery redoes it in its place.
    markPrunes(state, result.pruned, now);
    const { commit, figures, checkpointsHeld } = this.commitOf(term, result, commands, checkpoint, now);
    // Encoding the commit and writing it to the socket happen before commitStep first awaits: computing too.
    const written = commitStep(worker, keys, fence, commit);
    const computed = performance.now();
    // The edge's turn (SHARE), counted from the computing's end (the wait for the commit's reply is part of it).
    const applied = entries.size > 0 || commands.length > 0;
    term.busySince = applied ? (term.busySince ?? started) : null;
    const share = term.busySince !== null && started - term.busySince >= config.metrics.evaluateIntervalMs ? SHARE.sustained : SHARE.burst;
    term.restUntil = applied ? computed + ((computed - started) * (1 - share)) / share : 0;
    await written;
    for (const [scope, metrics] of figures) term.committed.set(scope, metrics);
    if (commit.checkpoints) Object.assign(term, { lastCheckpoint: Date.now(), checkpointCost: performance.now() - committing, checkpointed: { ...state.positions } });
    for (const [centre, text] of Object.entries(commit.parts ?? {})) term.committedParts.set(centre, text);
    for (const [centre, held] of checkpointsHeld) term.checkpointsHeld.set(centre, held);
    if (partition && result.liveMessages.length > 0) await mergeLive(worker, keys, this.mergeBy(), liveShares(result.liveMessages), now);
    this.deps.evaluated((performance.now() - started) / 1000);
    this.log(result, now);
    if (result.planIntents.length > 0) term.outboxWaiting = true;
    await this.relay(term);
    await this.deps.history.record(result.figures, now).catch((err: Error) => logger.warn({ err: err.message }, 'history not recorded'));
    await term.reader.trim(term.checkpointed, Date.now()).catch((err: Error) => logger.warn({ err: err.message }, 'streams not trimmed'));
  }

  /** commitOf assembles what a step leaves behind, and the figures it commits. */
  private commitOf(
    term: Term,
    result: StepResult,
    commands: { text: string; envelope?: Envelope }[],
    checkpoint: boolean,
    now: number,
  ): { commit: StepCommit; figures: Map<string, ScopeMetrics>; checkpointsHeld: Map<string, HeldCheckpoint> } {
    const state = result.state;
    const changed = changedFigures(term.committed, result.figures);
    const textOf = new Map(commands.flatMap((c) => (c.envelope ? [[c.envelope.requestId, c.text] as const] : [])));
    const engineStats = state.engine.stats();
    const status = {
      owner: this.deps.instanceId,
      asOf: now,
      centres: Object.fromEntries(Object.entries(engineStats).map(([c, s]) => [c, { ...s, lastApplied: state.positions[c] }])),
      unreadableEntries: term.reader.unreadable,
    };
    const acks = checkpoint ? term.reader.takeAcks(state.positions) : new Map<string, string[]>();
    // Before the state is saved: a checkpoint covers its centre's prunes, whose marks it clears.
    const checkpointsHeld = new Map<string, HeldCheckpoint>();
    const checkpoints = checkpoint ? this.checkpoints(term, acks, checkpointsHeld) : undefined;
    const commit: StepCommit = {
      asOf: now,
      state: JSON.stringify(savePipelineState(state)),
      figures: changed.texts,
      incidents: result.incidentChanges,
      intents: result.planIntents,
      replies: result.replies.map((r) => ({ ...r, command: textOf.get(r.requestId)! })),
      unreadable: commands.filter((c) => !c.envelope).map((c) => c.text),
      audit: result.audit,
      live: result.liveMessages,
      status: JSON.stringify(status),
      ...(this.deps.partition ? { partition: this.deps.partition.id, parts: this.changedParts(term, result) } : {}),
      ...(checkpoints ? { checkpoints } : {}),
    };
    return { commit, figures: changed.compared, checkpointsHeld };
  }

  /** changedParts gives a centre partition's parts of the scopes across centres that changed since last committed. */
  private changedParts(term: Term, result: StepResult): Record<string, string> {
    if (this.deps.partition?.rollUp) return {};
    const texts = result.parts.map((part) => [part.centre, JSON.stringify(part)] as const);
    return Object.fromEntries(texts.filter(([centre, text]) => term.committedParts.get(centre) !== text));
  }

  private mergeBy(): MergeBy {
    const { partition, fence } = this.deps;
    return { partition: partition!.id, all: partition!.all, fence };
  }

  /** committedParts reads what the centre partitions last committed for the roll-up (one read per slot), in the configured order of the centres. */
  private async committedParts(): Promise<CentreRollUp[]> {
    const { worker, keys } = this.deps;
    const texts: Record<string, string> = Object.assign({}, ...(await Promise.all(keys.slots().map((slot) => worker.hgetall(slot.rollUpParts())))));
    const order = this.deps.partition!.all;
    // A centre no longer configured may have left its last part behind: it no longer counts.
    return order
      .filter((centre) => texts[centre] !== undefined)
      .map((centre) => JSON.parse(texts[centre]!) as CentreRollUp);
  }

  /**
   * checkpoints saves the engine of each centre that moved (or was pruned) since its last checkpoint, with the entries
   * it acknowledges, and clears those centres' prune marks (the commit saves the state after this). What each
   * centre's hash will hold goes into `held`: once committed, the next checkpoint of the term is written against it.
   */
  private checkpoints(term: Term, acks: Map<string, string[]>, held: Map<string, HeldCheckpoint>): NonNullable<StepCommit['checkpoints']> {
    const state = term.state!;
    const due = this.deps.config.centres.filter(({ id }) => acks.has(id) || state.positions[id] !== term.checkpointed[id] || state.prunes[id] !== undefined);
    for (const { id } of due) delete state.prunes[id];
    return due.map(({ id }) => {
      const checkpoint: Checkpoint = { lastId: state.positions[id]!, state: state.engine.save(id) };
      const written = checkpointWrites(term.checkpointsHeld.get(id), checkpoint, checkpoint.state.applied);
      held.set(id, written.held);
      return { centre: id, writes: written.writes, ack: acks.get(id) ?? [] };
    });
  }

  /** relay hands the outbox to the job queue when it may hold intents; a failure is retried after the next step. */
  private async relay(term: Term): Promise<void> {
    if (!term.outboxWaiting) return;
    try {
      await this.deps.relay.relay();
      term.outboxWaiting = false;
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'plan intents not enqueued yet; retrying after the next step');
    }
  }

  private log(result: StepResult, now: number): void {
    const { logger } = this.deps;
    for (const t of result.transitions) logger.info({ scope: t.scope, rule: t.rule, from: t.from, to: t.to, at: t.at, values: t.values }, 'level transition');
    for (const i of result.incidentChanges.incidents) {
      if (i.openedAt === now && i.state === 'open') logger.warn({ incident: i.id, centre: i.centre, type: i.type, level: i.level }, 'incident opened');
    }
  }
}
