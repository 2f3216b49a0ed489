/**
 * Histogram records latencies in milliseconds at 0.1 ms resolution, sparsely, so the
 * samples of several load processes merge exactly and a percentile is read off the sum.
 */

/** The wire form: bucket (tenths of a millisecond) → count. */
export type HistogramJson = Record<string, number>;

const RESOLUTION = 10;

export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;

  record(ms: number): void {
    const bucket = Math.max(0, Math.round(ms * RESOLUTION));
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
    this.count++;
  }

  /** add merges another histogram (or its wire form) into this one. */
  add(other: Histogram | HistogramJson): this {
    const entries = other instanceof Histogram ? other.buckets : new Map(Object.entries(other).map(([k, v]) => [Number(k), v]));
    for (const [bucket, n] of entries) {
      this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + n);
      this.count += n;
    }
    return this;
  }

  /** percentile (0–100) in ms; null when nothing was recorded. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket) ?? 0;
      if (seen >= rank) return bucket / RESOLUTION;
    }
    return null;
  }

  /** summary gives what a report shows: count, p50, p99 and max. */
  summary(): { count: number; p50: number | null; p99: number | null; max: number | null } {
    return { count: this.count, p50: this.percentile(50), p99: this.percentile(99), max: this.percentile(100) };
  }

  toJSON(): HistogramJson {
    return Object.fromEntries(this.buckets);
  }

  static from(json: HistogramJson): Histogram {
    return new Histogram().add(json);
  }
}
