/**
 * createSimulation: seeded, pure, discrete-event contact-centre traffic for every centre and
 * queue of a config, as canonical events. Time only moves when the caller advances it, so the
 * same options always give the same events, however the run is sliced.
 *
 *   daily curve × scenario ─► arrivals ─► IVR ─► queue ─► agents ─► completed ─► customer, resolved, ticket
 *          shift planner (Erlang C) ─► agents log in / out, schedule   outages ─► disconnects
 *   beside the queues: self-service IVR, outbound dialler, SMS, back office (World's `aside` draws)
 */
import type { Config } from '../config/types.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { startArrivals } from './contacts.js';
import { dailyCurve } from './daily-curve.js';
import { createCustomerBook } from './customers.js';
import { createPorts, createSelfServicePorts, openPorts, startSelfService } from './ivr.js';
import { startOutages } from './outage.js';
import { startOutbound } from './outbound.js';
import { createRandom } from './random.js';
import { buildRoster } from './roster.js';
import { createScenario, type ScenarioName } from './scenarios.js';
import { startShifts } from './shifts.js';
import { planQueues, type QueuePlan } from './sizing.js';
import { startSms } from './sms.js';
import { createTicketDesk } from './tickets.js';
import { World } from './world.js';

// The service streams' seed: derived from the run's, so the same seed gives the same run.
const ASIDE_SEED_MIX = 0x9e3779b9;

/** What a run simulates and from where. */
export interface SimulationOptions {
  config: Pick<Config, 'centres'>;
  scenario: ScenarioName;
  /** Seed of the pseudo-random draws (32 bits). */
  seed: number;
  /** Simulated start time, epoch ms: sets the time of day and anchors the scenario's cycle. */
  startMs: number;
  /**
   * Normal traffic simulated before `startMs` (default 0), so the run starts with agents busy,
   * contacts waiting and full windows instead of an empty hall; its events come first.
   */
  warmUpMs?: number;
  /** Names this run in event and contact ids; by default derived from seed and start. */
  runId?: string;
  /** Multiplies every queue's traffic (and so its staffing); 1 is a mid-sized site. */
  load?: number;
}

/** A running simulation, advanced by its caller. */
export interface Simulation {
  /** Names the run in event and contact ids. */
  readonly runId: string;
  /** advance runs the simulation up to `untilMs` and returns the events on the way, in time order. */
  advance(untilMs: number): CanonicalEvent[];
  /** The arrival rate (contacts per second) of a queue at time t: peak × daily curve × scenario. */
  arrivalRate(centre: string, queue: string, t: number): number;
}

/** runIdOf names a run in its event and contact ids: its seed and an instant, in base 36. */
export function runIdOf(seed: number, ms: number): string {
  return `${(seed >>> 0).toString(36)}${ms.toString(36)}`;
}

/** createSimulation sets a run up; nothing happens until the first advance. */
export function createSimulation(options: SimulationOptions): Simulation {
  const { config, seed, startMs } = options;
  const random = createRandom(seed);
  const runId = options.runId ?? runIdOf(seed, startMs);
  const firstMs = startMs - (options.warmUpMs ?? 0);
  const world = new World(runId, random, createRandom(seed ^ ASIDE_SEED_MIX), firstMs);
  const scenario = createScenario(options.scenario, config.centres.map((c) => c.id), startMs);
  const plans = planQueues(config.centres, options.load);
  const forecast = (plan: QueuePlan, t: number) => plan.peakArrivalPerSec * dailyCurve(t, plan.centre.timezone);
  // The scenario begins at startMs; the warm-up before it is a normal day.
  const rate = (plan: QueuePlan, t: number) => forecast(plan, t) * (t < startMs ? 1 : scenario.arrivalFactor(plan.centre.id, plan.queue.media, t));

  for (const centre of config.centres) {
    const own = plans.filter((p) => p.centre.id === centre.id);
    world.centres.set(centre.id, {
      id: centre.id,
      timezone: centre.timezone,
      agents: buildRoster(own, random, firstMs),
      queues: new Map(own.map((plan) => [plan.queue.id, { plan, waiting: [] }])),
      ports: createPorts(),
      selfServicePorts: createSelfServicePorts(),
      customers: createCustomerBook(),
      tickets: createTicketDesk(own),
      suspended: false,
    });
  }

  world.timeline.schedule(firstMs, () => {
    for (const centre of world.centres.values()) openPorts(world, centre);
    startShifts(world, plans, forecast);
    for (const plan of plans) {
      const maxRate = plan.peakArrivalPerSec * scenario.maxArrivalFactor(plan.centre.id, plan.queue.media);
      startArrivals(world, plan, (t) => rate(plan, t), maxRate);
    }
    if (scenario.outage && scenario.centre) startOutages(world, scenario.centre, scenario.outage);
    for (const centre of world.centres.values()) startServices(centre.id);
  });

  // The streams beside the queues: they read the queues' traffic but draw and change nothing of it.
  const startServices = (centreId: string): void => {
    const centre = world.centre(centreId);
    const own = plans.filter((p) => p.centre.id === centreId);
    const voice = own.filter((p) => p.queue.media === 'voice');
    const maxVoice = voice.reduce((sum, p) => sum + p.peakArrivalPerSec * scenario.maxArrivalFactor(centreId, 'voice'), 0);
    startSelfService(world, centre, (t) => voice.reduce((sum, p) => sum + rate(p, t), 0), maxVoice);
    startOutbound(world, centreId, centre.timezone, own);
    startSms(world, centreId, centre.timezone, own);
  };

  return {
    runId,
    advance(untilMs) {
      for (let at = world.timeline.peek(); at !== undefined && at <= untilMs; at = world.timeline.peek()) {
        const next = world.timeline.take();
        if (!next) break;
        world.now = next.at;
        next.run();
      }
      world.now = Math.max(world.now, untilMs);
      return world.drain();
    },
    arrivalRate(centreId, queueId, t) {
      const plan = plans.find((p) => p.centre.id === centreId && p.queue.id === queueId);
      return plan ? rate(plan, t) : 0;
    },
  };
}
