/**
 * IvrCalls remembers which caller channels are in the IVR, so the translator can tell a
 * caller leaving the IVR for a queue (transferred) from one hanging up there (ended).
 *
 * A channel is in the IVR once it runs dialplan in one of `adapters.asterisk.ivrContexts`
 * (AMI `Newexten`, class dialplan); it stays an IVR call, whatever menu it moves on to, until
 * it joins a queue (`QueueCallerJoin`, or `Join` before Asterisk 12) or hangs up (`Hangup`,
 * class call). The bridge asks the translator first, with what was known before the event,
 * then lets this see the event. Like Memberships, it is the bridge's small piece of state:
 * after a reconnect a caller whose hang-up was missed is forgotten once MAX_CALLS newer ones came.
 */
import type { AmiMessage } from './ami-protocol.js';

/** What the bridge knows about one caller in the IVR. */
export interface IvrCallState {
  /** The IVR context it entered last (the menu). */
  menu: string;
  /** Whether it has joined a queue (its IVR visit then ended as a transfer). */
  transferred: boolean;
}

/** Callers remembered at most; past it the oldest are forgotten. */
const MAX_CALLS = 50_000;

/** isQueueJoin: a caller joining a queue, in either generation's spelling. */
export const isQueueJoin = (event: AmiMessage) => event.Event === 'QueueCallerJoin' || event.Event === 'Join';

/** IvrCalls: caller Uniqueid → its IVR state (see above). */
export class IvrCalls {
  private readonly calls = new Map<string, IvrCallState>();

  constructor(private readonly ivrContexts: ReadonlySet<string>) {}

  /** of is what is known about a caller channel, before the event being translated. */
  of(uniqueid: string): IvrCallState | undefined {
    return this.calls.get(uniqueid);
  }

  /** observe updates the state from one AMI event (others are ignored). */
  observe(event: AmiMessage): void {
    const caller = event.Uniqueid;
    if (!caller) return;
    const known = this.calls.get(caller);
    if (event.Event === 'Newexten' && event.Context && this.ivrContexts.has(event.Context)) {
      if (!known) this.remember(caller, { menu: event.Context, transferred: false });
      else if (!known.transferred) known.menu = event.Context;
    } else if (isQueueJoin(event) && known) {
      known.transferred = true;
    } else if (event.Event === 'Hangup') {
      this.calls.delete(caller);
    }
  }

  private remember(caller: string, state: IvrCallState): void {
    this.calls.set(caller, state);
    if (this.calls.size > MAX_CALLS) this.calls.delete(this.calls.keys().next().value as string);
  }
}
