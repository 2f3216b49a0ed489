/**
 * sameJson answers `JSON.stringify(a) === JSON.stringify(b)` without writing either text: each step
 * compares every scope's figures with the last committed, and most of them do not change.
 *
 * It follows what JSON.stringify writes: object members in key order, leaving out those whose value is
 * undefined, a function or a symbol (an array writes those as null); NaN and ±Infinity as null; -0 as 0.
 * Only arrays and plain objects are walked: an object or array holding anything else (a toJSON, which is
 * told the member's key and may write nothing; a Date, a Map, a boxed primitive; a bigint) is stringified.
 * Values are trees, as figures are: a cycle, which JSON.stringify refuses, is not looked for.
 */
type Members = Record<string, unknown>;

/** How JSON.stringify writes a value; TEXT when only writing it tells. */
const enum Kind {
  NOTHING,
  NULL,
  PRIMITIVE,
  ARRAY,
  OBJECT,
  TEXT,
}

export function sameJson(a: unknown, b: unknown): boolean {
  // The same value writes the same text (0 and -0 both write 0).
  if (a === b) return true;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === Kind.TEXT || kb === Kind.TEXT) return JSON.stringify(a) === JSON.stringify(b);
  return sameKind(a, ka, b, kb);
}

/**
 * sameMembersWith compares two plain objects as `{ ...a, [pinned]: 0 }` and `{ ...b, [pinned]: 0 }` would write:
 * the pinned member keeps its place, or comes last when absent, and reads 0 on both sides.
 */
export function sameMembersWith(a: Members, b: Members, pinned: string): boolean {
  if (kindOf(a) !== Kind.OBJECT || kindOf(b) !== Kind.OBJECT) return JSON.stringify({ ...a, [pinned]: 0 }) === JSON.stringify({ ...b, [pinned]: 0 });
  return sameMembers(a, b, keysWith(a, pinned), keysWith(b, pinned), pinned);
}

function kindOf(v: unknown): Kind {
  const type = typeof v;
  if (type === 'object') {
    if (v === null) return Kind.NULL;
    if (Array.isArray(v)) return Kind.ARRAY;
    const proto = Object.getPrototypeOf(v) as unknown;
    return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function' ? Kind.OBJECT : Kind.TEXT;
  }
  if (type === 'number') return Number.isFinite(v) ? Kind.PRIMITIVE : Kind.NULL;
  if (type === 'string' || type === 'boolean') return Kind.PRIMITIVE;
  return type === 'bigint' ? Kind.TEXT : Kind.NOTHING;
}

/** sameKind compares two unequal values of known kinds, neither TEXT. */
function sameKind(a: unknown, ka: Kind, b: unknown, kb: Kind): boolean {
  if (ka !== kb) return false;
  if (ka === Kind.ARRAY) return sameItems(a as unknown[], b as unknown[]);
  if (ka === Kind.OBJECT) return sameMembers(a as Members, b as Members, Object.keys(a as Members), Object.keys(b as Members), undefined);
  // Two nulls (NaN and ±Infinity among them), or two nothings; unequal strings, numbers and booleans write unequal texts.
  return ka === Kind.NULL || ka === Kind.NOTHING;
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    let kx = kindOf(x);
    let ky = kindOf(y);
    if (kx === Kind.TEXT || ky === Kind.TEXT) return JSON.stringify(a) === JSON.stringify(b);
    // An item that writes nothing as a member writes null here.
    if (kx === Kind.NOTHING) kx = Kind.NULL;
    if (ky === Kind.NOTHING) ky = Kind.NULL;
    if (!sameKind(x, kx, y, ky)) return false;
  }
  return true;
}

/** sameMembers walks both objects' members in order, skipping those that write nothing. */
function sameMembers(a: Members, b: Members, keysA: string[], keysB: string[], pinned: string | undefined): boolean {
  // Read in one go (member by member, a read of so many shapes of object is slow).
  const valuesA = valuesOf(a, keysA, pinned);
  const valuesB = valuesOf(b, keysB, pinned);
  let i = 0;
  let j = 0;
  for (;;) {
    let x: unknown;
    let y: unknown;
    let kx = Kind.NOTHING;
    let ky = Kind.NOTHING;
    for (; i < keysA.length; i++) {
      x = valuesA[i];
      kx = kindOf(x);
      if (kx !== Kind.NOTHING) break;
    }
    for (; j < keysB.length; j++) {
      y = valuesB[j];
      ky = kindOf(y);
      if (ky !== Kind.NOTHING) break;
    }
    if (i === keysA.length && j === keysB.length) return true;
    // A toJSON may write nothing: only the whole objects' texts tell.
    if (kx === Kind.TEXT || ky === Kind.TEXT) return JSON.stringify(pinnedAt(a, pinned)) === JSON.stringify(pinnedAt(b, pinned));
    if (i === keysA.length || j === keysB.length || keysA[i] !== keysB[j]) return false;
    if (x !== y && !sameKind(x, kx, y, ky)) return false;
    i++;
    j++;
  }
}

/** valuesOf gives the values of `keys`, which are o's own keys in order (and the pinned one last, reading 0). */
function valuesOf(o: Members, keys: string[], pinned: string | undefined): unknown[] {
  const values: unknown[] = Object.values(o);
  if (pinned === undefined) return values;
  for (let i = 0; i < keys.length; i++) if (keys[i] === pinned) values[i] = 0;
  return values;
}

const pinnedAt = (o: Members, pinned: string | undefined): Members => (pinned === undefined ? o : { ...o, [pinned]: 0 });

function keysWith(o: Members, key: string): string[] {
  const keys = Object.keys(o);
  if (!keys.includes(key)) keys.push(key);
  return keys;
}
