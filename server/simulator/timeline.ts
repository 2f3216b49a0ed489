/**
 * Timeline is the discrete-event core: actions waiting for their simulated time, taken
 * earliest first. Actions due at the same millisecond run in the order they were scheduled,
 * so a run never depends on how a heap happens to break ties.
 */

interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

/** A min-heap of scheduled actions ordered by (time, scheduling order). */
export class Timeline {
  private readonly heap: Entry[] = [];
  private seq = 0;

  /** schedule queues `run` for simulated time `at` (epoch ms). */
  schedule(at: number, run: () => void): void {
    this.heap.push({ at, seq: this.seq++, run });
    this.up(this.heap.length - 1);
  }

  /** The time of the earliest action, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    return this.heap[0]?.at;
  }

  /** take removes and returns the earliest action. */
  take(): { at: number; run: () => void } | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top && last && last !== top) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i] as Entry, h[parent] as Entry)) return;
      [h[i], h[parent]] = [h[parent] as Entry, h[i] as Entry];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < h.length && this.before(h[left] as Entry, h[first] as Entry)) first = left;
      if (right < h.length && this.before(h[right] as Entry, h[first] as Entry)) first = right;
      if (first === i) return;
      [h[i], h[first]] = [h[first] as Entry, h[i] as Entry];
      i = first;
    }
  }
}
