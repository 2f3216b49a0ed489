/**
 * routing: the re-routing between centres in words — "Hangzhou voice → Shanghai 20%, Wuhan 10%".
 */
import type { RoutingChange } from './api/types.js';
import type { TopologyCentre } from './live/protocol.js';
import { centreName } from './incidents.js';
import { duration, mediaName, percent } from './format.js';
import { t } from '../i18n/index.js';

type Centres = readonly Pick<TopologyCentre, 'id' | 'name'>[];

/** shareText: 0.3 → "30%", 0.125 → "12.5%" (shares move in steps of 0.1 %). */
export function shareText(share: number): string {
  const pct = Math.round(share * 1000) / 10;
  return percent(pct / 100, Number.isInteger(pct) ? 0 : 1);
}

/** routedTraffic: what is moved — "Hangzhou voice" (a queue or a media), else all of the centre's traffic. */
export function routedTraffic(change: Pick<RoutingChange, 'from' | 'queue' | 'media'>, centres: Centres): string {
  const what = change.queue ?? (change.media === undefined ? undefined : mediaName(change.media).toLowerCase());
  return what === undefined ? t.routing.allTraffic(centreName(change.from, centres)) : `${centreName(change.from, centres)} ${what}`;
}

/** describeRouting: "Hangzhou voice → Shanghai 20%, Wuhan 10%", or "Hangzhou voice: restored" when it went back. */
export function describeRouting(change: Pick<RoutingChange, 'from' | 'to' | 'queue' | 'media'>, centres: Centres): string {
  const traffic = routedTraffic(change, centres);
  if (change.to.length === 0) return t.routing.restored(traffic);
  return `${traffic} → ${change.to.map((to) => `${centreName(to.centre, centres)} ${shareText(to.share)}`).join(', ')}`;
}

/**
 * routingEnds: when a re-routing ends — "until the level falls", "ends in 12:30", or "expiring now" once
 * its time has come (the server restores it within moments; never a negative time left).
 */
export function routingEnds(change: Pick<RoutingChange, 'expiresAt'>, now: number): string {
  if (change.expiresAt === null) return t.routing.untilLevelFalls;
  return change.expiresAt <= now ? t.routing.expiringNow : t.routing.endsIn(duration((change.expiresAt - now) / 1000));
}
