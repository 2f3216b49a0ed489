/** insertBy puts `item` into `list`, kept ascending by `key`, after the items with the same key. */
export function insertBy<T>(list: T[], item: T, key: (t: T) => number): void {
  const k = key(item);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid] as T) <= k) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
