/**
 * LevelsRunner is the rules-and-incidents stage: on every metrics tick it evaluates the
 * rules, folds the transitions into incidents, commits both atomically, and announces
 * levels and incidents to the screens. It runs on the lease holder only; dispatcher
 * actions reach it as commands (from any instance) and go through the same queue, so a
 * step and an action never interleave.
 */
import type { Logger } from '../../platform/log/log.js';
import type { MetricsByScope } from '../metrics/types.js';
import type { LiveMessages } from '../push/messages.js';
import { evaluateRules, scopeLevels, type IncidentType, type Level, type RulesState, type Transition } from '../rules/index.js';
import type { RuleSet } from '../rules/watcher.js';
import type { AuditLog } from '../../platform/audit/log.js';
import type { Principal } from '../../platform/http/auth.js';
import type { Answer, Envelope, IncidentCommands } from './commands.js';
import { act, ActionError, applyTransitions, centreOf, declare, mergeOpen, NotFound, type DispatcherAction } from './lifecycle.js';
import type { IncidentStore } from './store.js';
import type { Incident, TimelineEntry } from './types.js';

export interface RunnerDeps {
  store: IncidentStore;
  commands: IncidentCommands;
  rules: RuleSet;
  audit: AuditLog;
  live: LiveMessages;
  quietPeriodSec: number;
  logger: Logger;
  /** Told of every committed incident change with the level in force before it (plans follow). */
  onChange?: (from: Level, incident: Incident) => Promise<void>;
}

export class LevelsRunner {
  private state!: RulesState;
  private open: Incident[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private lastLevels = '';

  constructor(private readonly deps: RunnerDeps) {}

  async start(): Promise<void> {
    this.state = await this.deps.store.loadRulesState();
    this.open = await this.deps.store.openIncidents();
  }

  levels(): Record<string, Level> {
    return scopeLevels(this.state);
  }

  openIncidents(): Incident[] {
    return this.open;
  }

  /** step carries out waiting dispatcher commands, then runs one evaluation at `now`; all serialised. */
  async step(metrics: MetricsByScope, now: number): Promise<void> {
    for (const envelope of await this.deps.commands.take(20)) await this.deps.commands.answer(envelope.requestId, await this.carryOut(envelope));
    return this.serialise(async () => {
      const { state, transitions } = evaluateRules(this.deps.rules.rules, metrics, this.state, now);
      const changes = applyTransitions({
        open: this.open,
        transitions,
        now,
        quietMs: this.deps.quietPeriodSec * 1000,
        newId: idFactory(await this.reserveIds(this.incidentsToOpen(transitions), now)),
      });
      const stateChanged = JSON.stringify(state) !== JSON.stringify(this.state);
      if (!stateChanged && changes.incidents.length === 0) return;
      await this.deps.store.commit(changes, stateChanged ? state : undefined);
      this.state = state;
      const before = this.levelsInForce();
      this.merge(changes.incidents);
      await this.follow(before, changes.incidents);
      for (const t of transitions) this.deps.logger.info({ scope: t.scope, rule: t.rule, from: t.from, to: t.to, values: t.values }, 'level transition');
      for (const i of changes.incidents) if (i.openedAt === now && i.state === 'open') this.deps.logger.warn({ incident: i.id, centre: i.centre, type: i.type, level: i.level }, 'incident opened');
      await this.announce(now, changes.incidents.length > 0);
    });
  }

  /** carryOut runs one dispatcher command and says how it went. */
  private async carryOut({ who, at, command }: Envelope): Promise<Answer> {
    try {
      const incident = command.kind === 'act' ? await this.perform(command.id, command.action, who, command.reason, at) : await this.declareIncident(command, who, at);
      return { ok: true, incident };
    } catch (err) {
      if (err instanceof NotFound) return { ok: false, status: 404, error: err.message };
      if (err instanceof ActionError) return { ok: false, status: 409, error: err.message };
      throw err;
    }
  }

  /** perform applies a dispatcher's action, audits it and announces the result. */
  perform(id: string, action: DispatcherAction, who: Principal, reason: string, now: number): Promise<Incident> {
    return this.serialise(async () => {
      const incident = this.open.find((i) => i.id === id) ?? (await this.deps.store.get(id));
      if (!incident) throw new NotFound(`no incident ${id}`);
      const { incident: next, entries } = act(incident, action, who.name, reason, now);
      await this.record(next, entries, { who, action, reason, now });
      return next;
    });
  }

  /** declareIncident opens an incident a dispatcher announces, held at its level. */
  declareIncident(input: { type: IncidentType; centre: string; level: Level; note: string }, who: Principal, now: number): Promise<Incident> {
    return this.serialise(async () => {
      const id = await this.deps.store.newId(now);
      const { incident, entries } = declare({ ...input, id, by: who.name, now });
      await this.record(incident, entries, { who, action: 'declare', reason: input.note, now });
      return incident;
    });
  }

  private async record(incident: Incident, entries: TimelineEntry[], audit: { who: Principal; action: string; reason: string; now: number }): Promise<void> {
    await this.deps.store.commit({ incidents: [incident], timeline: entries.map((entry) => ({ id: incident.id, entry })) });
    const before = this.levelsInForce();
    await this.deps.audit.append({ at: audit.now, who: audit.who.name, role: audit.who.role, action: `incident.${audit.action}`, target: incident.id, reason: audit.reason, details: { level: incident.level, state: incident.state } });
    this.merge([incident]);
    await this.follow(before, [incident]);
    this.deps.logger.info({ incident: incident.id, action: audit.action, by: audit.who.name, level: incident.level }, 'dispatcher action');
    await this.announce(audit.now, true);
  }

  private levelsInForce(): Map<string, Level> {
    return new Map(this.open.map((i) => [i.id, i.level]));
  }

  /** follow tells the plans about each changed incident; a failure is logged, and the next term's reconcile catches up. */
  private async follow(before: Map<string, Level>, changed: Incident[]): Promise<void> {
    for (const incident of changed) {
      await this.deps.onChange?.(before.get(incident.id) ?? 'normal', incident).catch((err: Error) =>
        this.deps.logger.error({ incident: incident.id, err: err.message }, 'could not queue the plan steps'),
      );
    }
  }

  private merge(changed: Incident[]): void {
    this.open = mergeOpen(this.open, changed);
  }

  private async announce(now: number, incidentsChanged: boolean): Promise<void> {
    const levels = this.levels();
    const text = JSON.stringify(levels);
    if (text !== this.lastLevels) {
      this.lastLevels = text;
      await this.deps.live.publish({ type: 'levels', asOf: now, levels });
    }
    if (incidentsChanged) await this.deps.live.publish({ type: 'incidents', asOf: now, incidents: this.open });
  }

  /** incidentsToOpen counts the (centre, type) pairs that rise with no open incident yet. */
  private incidentsToOpen(transitions: Transition[]): number {
    const open = new Set(this.open.map((i) => `${i.centre}|${i.type}`));
    return new Set(transitions.filter((t) => t.to !== 'normal').map((t) => `${centreOf(t.scope)}|${t.type}`).filter((k) => !open.has(k))).size;
  }

  private async reserveIds(count: number, now: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await this.deps.store.newId(now));
    return ids;
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function idFactory(ids: string[]): () => string {
  let next = 0;
  return () => {
    const id = ids[next++];
    if (id === undefined) throw new Error('ran out of reserved incident ids');
    return id;
  };
}
