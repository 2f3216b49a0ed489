/** didYouMean and knownKeys turn a misspelt name into a hint, so `serviceLvel` points at `serviceLevel`. */

/** didYouMean returns ` (did you mean X?)` for the closest candidate within a few edits, or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  // Short words get fewer edits, or `or` would "mean" `red`.
  const budget = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}

/** knownKeys is the hint after "unknown key": the nearest allowed key, else the whole list when it is short. */
export function knownKeys(key: string, allowed: readonly string[]): string {
  // Long lists (every metric name) are left to the did-you-mean hint.
  return didYouMean(key, allowed) || (allowed.length <= 10 ? ` (allowed: ${allowed.join(', ')})` : '');
}

/** editDistance counts insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return at(a.length, b.length);
}
