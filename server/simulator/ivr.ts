/**
 * IVR ports: each centre has a small bank of ports that show all idle at the start, carry a
 * share of incoming calls through a menu before they queue, and now and then fail for a few
 * minutes. Only a share of calls is shown in the IVR so the ports stay visible on the
 * wallboard without doubling the voice traffic.
 */
import type { CentreState, IvrPortSim, World } from './world.js';

const PORTS_PER_CENTRE = 12;
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

/** createPorts gives a centre its IVR ports, `ivr-01` onwards. */
export function createPorts(): IvrPortSim[] {
  return Array.from({ length: PORTS_PER_CENTRE }, (_, i) => ({ port: `ivr-${String(i + 1).padStart(2, '0')}`, state: 'idle' }));
}

/** openPorts reports every port idle and starts the occasional port failure. */
export function openPorts(world: World, centre: CentreState): void {
  for (const p of centre.ports) world.emit({ type: 'ivr.port', centre: centre.id, port: p.port, state: 'idle' });
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
  setPort(world, centre, port, { state: 'in_call', callId, menu });
  world.after(world.random.uniform(MENU_MS.min, MENU_MS.max), () => {
    setPort(world, centre, port, { state: 'idle' });
    then();
  });
  return true;
}

function fail(world: World, centre: CentreState, port: IvrPortSim): void {
  setPort(world, centre, port, { state: 'error', error: world.random.weighted(FAULTS.map((f) => [f, 1] as const)) });
  world.after(world.random.uniform(FAULT_MS.min, FAULT_MS.max), () => setPort(world, centre, port, { state: 'idle' }));
}

function setPort(
  world: World,
  centre: CentreState,
  port: IvrPortSim,
  change: { state: IvrPortSim['state']; callId?: string; menu?: string; error?: string },
): void {
  port.state = change.state;
  world.emit({ type: 'ivr.port', centre: centre.id, port: port.port, ...change });
}
