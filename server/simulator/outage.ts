/**
 * Site outages for the `outage` scenario: the site network fails, most agents on shift are
 * disconnected (their contacts cut short), a `system.fault` says so; when it is restored the
 * same agents log back in. Repeats every cycle.
 */
import { disconnect, scheduleLogIn } from './agents.js';
import type { Scenario } from './scenarios.js';
import type { SimAgent, World } from './world.js';

/** Disconnections are spread over this long: sessions time out one by one. */
const DROP_SPREAD_MS = 30_000;
/** Returning agents log back in within this long of the restore. */
const RETURN_SPREAD_MS = 60_000;
const COMPONENT = 'site-network';

/** startOutages schedules the outage cycle of the scenario's centre. */
export function startOutages(world: World, centreId: string, outage: NonNullable<Scenario['outage']>): void {
  const centre = world.centre(centreId);
  const begin = (): void => {
    centre.suspended = true;
    world.emit({
      type: 'system.fault',
      centre: centreId,
      component: COMPONENT,
      severity: 'critical',
      message: 'Site network down: agent desktops and phones disconnected',
    });
    const onShift = centre.agents.filter((a) => a.onShift && a.state !== 'logged_out');
    const dropped = world.random.shuffled(onShift).slice(0, Math.round(onShift.length * outage.share));
    for (const agent of dropped) {
      world.after(world.random.uniform(0, DROP_SPREAD_MS), () => disconnect(world, agent, 'site network outage'));
    }
    world.after(outage.lastsMs, () => restore(dropped));
    world.after(outage.everyMs, begin);
  };
  const restore = (dropped: SimAgent[]): void => {
    centre.suspended = false;
    world.emit({ type: 'system.fault', centre: centreId, component: COMPONENT, severity: 'info', message: 'Site network restored' });
    for (const agent of dropped) {
      if (!agent.onShift) scheduleLogIn(world, agent, world.random.uniform(0, RETURN_SPREAD_MS), 'back after outage');
    }
  };
  world.timeline.schedule(outage.firstAt, begin);
}
