/**
 * PushSchedule: when coalesced figures go to screens. One push per `intervalMs` on average, each due at its slot.
 * A step's commit arriving up to `earlyMs` before the slot is pushed at once, and the next slot stays one interval
 * after this one: the push carries figures as fresh as that step (a timer at the slot sent figures up to a step
 * old), and the rate holds. With no commit in that window, the slot's timer pushes what is pending. After a quiet
 * spell (the slot passed with nothing pending), the next commit is pushed at once and the slots start from it.
 * Pushes are therefore at least `intervalMs − earlyMs` apart.
 */
export class PushSchedule {
  /** When the next push is due (epoch ms); none yet: at once. */
  private slot = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly earlyMs: number,
  ) {}

  /** wait: after a commit at `now`, how long until its push (0: push now). */
  wait(now: number): number {
    return now >= this.slot - this.earlyMs ? 0 : this.slot - now;
  }

  /** pushed: a push went out at `now`. */
  pushed(now: number): void {
    this.slot = Math.max(this.slot, now) + this.intervalMs;
  }
}
