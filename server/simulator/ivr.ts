/**
 * IVR ports: each centre has a small bank of routing ports that show all idle at the start,
 * carry a share of incoming calls through a menu before they queue, and now and then fail for
 * a few minutes. Only a share of calls is shown in the IVR so the ports stay visible on the
 * wallboard without doubling the voice traffic.
 *
 * Beside them a bank of self-service ports serves callers the IVR handles alone (balance,
 * payment, outage information): most hang up served (contained), a few calls fail. Their
 * callers never reach an agent queue and use ports of their own, so the queue traffic is
 * exactly what it would be without them.
 *
 *   routing port       ivr.call entered ─► menu ─► ivr.call transferred ─► contact.queued
 *   self-service port  ivr.call entered ─► menu ─► ivr.call ended (contained) | error
 */
import type { CentreState, IvrPortSim, ServiceWorld, World } from './world.js';

const PORTS_PER_CENTRE = 12;
const SELF_SERVICE_PORTS = 16;
const IVR_SHARE = 0.25;
const MENUS: [string, number][] = [
  ['main', 0.5],
  ['billing', 0.25],
  ['support', 0.25],
];
const MENU_MS = { min: 10_000, max: 45_000 };

/** A port fails about this often per centre, and stays down for a few minutes. */
const FAULT_MEAN_GAP_MS = 45 * 60_000;
const FAULT_MS = { min: 60_000, max: 5 * 60_000 };
const FAULTS = ['no RTP from media gateway', 'SIP 503 from trunk', 'speech recognition timeout'];

/**
 * Self-service callers per call the routing menu transfers: with SELF_SERVICE_ERROR of them
 * failing, containment = contained ÷ (contained + transferred) ≈ 1.05 · 0.96 ÷ (1.05 · 0.96 + 1) ≈ 50 %.
 */
const SELF_SERVICE_PER_TRANSFER = 1.05;
const SELF_SERVICE_MENUS: [string, number][] = [
  ['balance', 0.4],
  ['payment', 0.3],
  ['outage-info', 0.2],
  ['main', 0.1],
];
const SELF_SERVICE_MEAN_MS = 70_000;
const SELF_SERVICE_SIGMA = 0.5;
/** A self-service call fails this often (the port itself stays up: port faults are the routing bank's). */
const SELF_SERVICE_ERROR = 0.04;
const CALL_ERRORS = ['caller input timeout', 'speech recognition timeout', 'billing backend timeout'];

/** createPorts gives a centre its routing ports, `ivr-01` onwards. */
export function createPorts(): IvrPortSim[] {
  return portRange(0, PORTS_PER_CENTRE);
}

/** createSelfServicePorts gives a centre its self-service ports, numbered after the routing ones. */
export function createSelfServicePorts(): IvrPortSim[] {
  return portRange(PORTS_PER_CENTRE, SELF_SERVICE_PORTS);
}

function portRange(from: number, count: number): IvrPortSim[] {
  return Array.from({ length: count }, (_, i) => ({ port: `ivr-${String(from + i + 1).padStart(2, '0')}`, state: 'idle' }));
}

/** openPorts reports every port idle and starts the occasional port failure. */
export function openPorts(world: World, centre: CentreState): void {
  for (const p of [...centre.ports, ...centre.selfServicePorts]) world.emit({ type: 'ivr.port', centre: centre.id, port: p.port, state: 'idle' });
  const nextFault = (): void => {
    world.after(world.random.exponential(FAULT_MEAN_GAP_MS), () => {
      const idle = centre.ports.filter((p) => p.state === 'idle');
      if (idle.length > 0) fail(world, centre, world.random.weighted(idle.map((p) => [p, 1] as const)));
      nextFault();
    });
  };
  nextFault();
}

/**
 * routeViaIvr sends some calls through a free port's menu and calls `then` when they leave it
 * for the queue; it returns false when the call goes straight to the queue.
 */
export function routeViaIvr(world: World, centre: CentreState, callId: string, then: () => void): boolean {
  if (!world.random.chance(IVR_SHARE)) return false;
  const port = centre.ports.find((p) => p.state === 'idle');
  if (!port) return false;
  const menu = world.random.weighted(MENUS);
  world.emit({ type: 'ivr.call', centre: centre.id, callId, phase: 'entered', port: port.port, menu });
  setPort(world, centre, port, { state: 'in_call', callId, menu });
  world.after(world.random.uniform(MENU_MS.min, MENU_MS.max), () => {
    world.emit({ type: 'ivr.call', centre: centre.id, callId, phase: 'transferred', port: port.port, menu });
    setPort(world, centre, port, { state: 'idle' });
    then();
  });
  return true;
}

/**
 * startSelfService keeps self-service callers coming to a centre in proportion to the calls its
 * routing menu transfers: `voiceRate(t)` is the centre's voice arrivals per second (≤ maxVoiceRate).
 * A caller who finds every self-service port busy is not shown (the trunk would refuse them).
 */
export function startSelfService(world: ServiceWorld, centre: CentreState, voiceRate: (t: number) => number, maxVoiceRate: number): void {
  const perCall = IVR_SHARE * SELF_SERVICE_PER_TRANSFER;
  if (!(maxVoiceRate > 0)) return;
  const candidate = (): void => {
    world.after(world.aside.exponential(1000 / (maxVoiceRate * perCall)), () => {
      if (world.aside.chance(voiceRate(world.now) / maxVoiceRate)) selfServe(world, centre);
      candidate();
    });
  };
  candidate();
}

function selfServe(world: ServiceWorld, centre: CentreState): void {
  const port = centre.selfServicePorts.find((p) => p.state === 'idle');
  if (!port) return;
  const callId = world.nextAsideId('ivr');
  const menu = world.aside.weighted(SELF_SERVICE_MENUS);
  world.emit({ type: 'ivr.call', centre: centre.id, callId, phase: 'entered', port: port.port, menu });
  setPort(world, centre, port, { state: 'in_call', callId, menu });
  world.after(world.aside.lognormal(SELF_SERVICE_MEAN_MS, SELF_SERVICE_SIGMA), () => {
    const failed = world.aside.chance(SELF_SERVICE_ERROR);
    const error = failed ? { error: world.aside.weighted(CALL_ERRORS.map((e) => [e, 1] as const)) } : {};
    world.emit({ type: 'ivr.call', centre: centre.id, callId, phase: failed ? 'error' : 'ended', port: port.port, menu, ...error });
    setPort(world, centre, port, { state: 'idle' });
  });
}

function fail(world: World, centre: CentreState, port: IvrPortSim): void {
  setPort(world, centre, port, { state: 'error', error: world.random.weighted(FAULTS.map((f) => [f, 1] as const)) });
  world.after(world.random.uniform(FAULT_MS.min, FAULT_MS.max), () => setPort(world, centre, port, { state: 'idle' }));
}

function setPort(
  world: ServiceWorld,
  centre: CentreState,
  port: IvrPortSim,
  change: { state: IvrPortSim['state']; callId?: string; menu?: string; error?: string },
): void {
  port.state = change.state;
  world.emit({ type: 'ivr.port', centre: centre.id, port: port.port, ...change });
}
