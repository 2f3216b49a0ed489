/**
 * A seeded pseudo-random source and the distributions the simulator draws from. The same
 * seed gives the same sequence on every machine, which makes simulated traffic replayable.
 */

/** Random draws for the simulator; every method advances the one underlying sequence. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponential with the given mean (memoryless gaps between Poisson arrivals, patience). */
  exponential(mean: number): number;
  /** Lognormal with the given mean and log-space spread: skewed, like handle times. */
  lognormal(mean: number, sigma: number): number;
  /** One item, chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A copy of the list in random order. */
  shuffled<T>(items: readonly T[]): T[];
}

/** createRandom builds a Random from a 32-bit seed (mulberry32: small, fast, good enough for traffic). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // 1 − next() lies in (0, 1], so the logarithms below never see 0.
  const open = (): number => 1 - next();
  const normal = (): number => Math.sqrt(-2 * Math.log(open())) * Math.cos(2 * Math.PI * next());

  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    chance: (p) => next() < p,
    exponential: (mean) => -mean * Math.log(open()),
    lognormal: (mean, sigma) => mean * Math.exp(sigma * normal() - (sigma * sigma) / 2),
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let x = next() * total;
      for (const [item, weight] of items) {
        x -= weight;
        if (x < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new RangeError('weighted() needs at least one item');
      return last[0];
    },
    shuffled<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}
