/**
 * The series behind Erlang A (Palm's M/M/n+M queue). With x = n·μ/θ and y = λ/θ (μ = 1/AHT,
 * θ = 1/patience), the queue of length j is weighted t_j = y^j / ((x+1)(x+2)…(x+j)), and
 *
 *   S(x, y) = Σ_j t_j = x·e^y·y^(−x)·γ(x, y)        (γ: lower incomplete gamma)
 *   M(x, y) = Σ_j j·t_j = (y − x)·S + x              (from t_j·(x + j) = y·t_(j−1))
 *
 * S can be astronomically large (an overloaded centre of 12,000 agents), so it is returned as a
 * logarithm. Underloaded (y ≤ x + 1) the series itself converges geometrically and is summed in
 * log space; there M is summed too, because (y − x)·S + x cancels catastrophically as patience
 * grows. Overloaded, γ comes from its continued fraction (Numerical Recipes' gcf) and both terms
 * of M are positive.
 */

const EPS = 1e-17;
const FLOOR = 1e-300;
const MAX_TERMS = 10_000_000;

/** The series' logarithms: log S and log M (−Infinity when M = 0). */
export interface SeriesLogs {
  logSum: number;
  logMoment: number;
}

/** queueSeries gives log S(x, y) and log M(x, y) for x ≥ 0, y ≥ 0. */
export function queueSeries(x: number, y: number): SeriesLogs {
  if (y === 0) return { logSum: 0, logMoment: Number.NEGATIVE_INFINITY };
  // No agents: S = Σ y^j/j! = e^y and M = y·e^y.
  if (x === 0) return { logSum: y, logMoment: y + Math.log(y) };
  return y <= x + 1 ? summed(x, y) : continuedFraction(x, y);
}

function summed(x: number, y: number): SeriesLogs {
  const logY = Math.log(y);
  let logTerm = 0;
  let max = 0;
  let sum = 1; // Σ t_j · e^(−max)
  let moment = 0; // Σ j·t_j · e^(−max)
  for (let j = 1; j < MAX_TERMS; j++) {
    logTerm += logY - Math.log(x + j);
    if (logTerm > max) {
      const scale = Math.exp(max - logTerm);
      sum *= scale;
      moment *= scale;
      max = logTerm;
    }
    const term = Math.exp(logTerm - max);
    sum += term;
    moment += j * term;
    // Past the peak the terms fall at least geometrically with ratio r, so the rest is below term·j/(1 − r)².
    const ratio = y / (x + j + 1);
    if (ratio < 1 && term * (j + 1) < EPS * (1 - ratio) ** 2 * Math.min(sum, moment || sum)) break;
  }
  return { logSum: max + Math.log(sum), logMoment: max + Math.log(moment) };
}

function continuedFraction(x: number, y: number): SeriesLogs {
  // Q(x, y) = e^(−L)·h with L = y − x·ln y + lnΓ(x), written so nothing large cancels.
  const L = y - x - x * Math.log1p((y - x) / x) + stirlingRemainder(x);
  let b = y + 1 - x;
  let c = 1 / FLOOR;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - x);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FLOOR) d = FLOOR;
    c = b + an / c;
    if (Math.abs(c) < FLOOR) c = FLOOR;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  // log S = ln x + y − x·ln y + ln Γ(x) + ln P(x, y) = ln x + L + ln(1 − Q)
  const logSum = Math.log(x) + L + Math.log1p(-Math.exp(-L) * h);
  const logMoment = logAdd(Math.log(y - x) + logSum, Math.log(x));
  return { logSum, logMoment };
}

/** stirlingRemainder is lnΓ(x) − (x·ln x − x), from Stirling's series (shifted up for small x). */
function stirlingRemainder(x: number): number {
  let shift = 0;
  let z = x;
  for (; z < 10; z++) shift += Math.log(z);
  // lnΓ(x) = lnΓ(z) − Σ ln(x + i); lnΓ(z) = z·ln z − z + r(z)
  const z2 = z * z;
  const r = -0.5 * Math.log(z) + 0.5 * Math.log(2 * Math.PI) + (1 / (12 * z)) * (1 - (1 / (30 * z2)) * (1 - (2 / (7 * z2)) * (1 - 3 / (4 * z2))));
  return z * Math.log(z) - z + r - shift - (x * Math.log(x) - x);
}

/** logAdd is ln(e^a + e^b) without overflow. */
function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const max = Math.max(a, b);
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}
