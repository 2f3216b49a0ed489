/**
 * RepeatMemory remembers which customers completed a contact lately, to tell repeat contacts
 * (first-contact resolution by repeat, docs/metrics.md). Its memory is bounded whatever the
 * number of customers:
 *
 * - a customer id is kept as a 32-bit hash (FNV-1a), never as text;
 * - hashes sit in one set per hour of source time, over the repeat window (a contact is a repeat
 *   when its customer is in the set of its own hour or of any hour back to the window's start);
 * - at most `cap` hashes in all: past it the oldest hour is dropped early, so under overload the
 *   window shrinks (repeats are undercounted) rather than memory growing.
 *
 * Two customers whose ids hash alike read as one: with N customers remembered a new customer is
 * taken for a repeat with probability about N ÷ 2³² (2.3 × 10⁻⁵ at N = 100 000).
 * Checkpoints carry each hour as base64 of its hashes (4 bytes each), encoded once per change.
 */
export const HOUR_MS = 3_600_000;

export interface HourSet {
  hour: number;
  hashes: Set<number>;
  /** The checkpoint text of `hashes`, kept until they change. */
  encoded: string | null;
}

export interface RepeatMemory {
  /** Oldest hour first. */
  hours: HourSet[];
  size: number;
}

export function emptyRepeatMemory(): RepeatMemory {
  return { hours: [], size: 0 };
}

/** customerHash is FNV-1a over the id's UTF-16 code units, as a signed 32-bit integer (a small integer to V8, no allocation). */
export function customerHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** seenSince tells whether `hash` was recorded in any hour from `fromHour` on. */
export function seenSince(memory: RepeatMemory, hash: number, fromHour: number): boolean {
  const hours = memory.hours;
  for (let i = hours.length - 1; i >= 0; i--) {
    const set = hours[i]!;
    if (set.hour < fromHour) return false;
    if (set.hashes.has(hash)) return true;
  }
  return false;
}

/** forgetBefore drops the hours before `oldestHour`. */
export function forgetBefore(memory: RepeatMemory, oldestHour: number): void {
  let drop = 0;
  while (drop < memory.hours.length && memory.hours[drop]!.hour < oldestHour) memory.size -= memory.hours[drop++]!.hashes.size;
  if (drop > 0) memory.hours.splice(0, drop);
}

/** record remembers `hash` in `hour` (not before `oldestHour`), keeping at most `cap` hashes. */
export function record(memory: RepeatMemory, hash: number, hour: number, oldestHour: number, cap: number): void {
  forgetBefore(memory, oldestHour);
  if (hour < oldestHour) return;
  const hours = memory.hours;
  let i = hours.length - 1;
  while (i >= 0 && hours[i]!.hour > hour) i--;
  let set = i >= 0 && hours[i]!.hour === hour ? hours[i]! : undefined;
  if (set?.hashes.has(hash)) return;
  if (memory.size >= cap) {
    // Full: the oldest hour goes early, unless it is the only one (then this customer is not remembered).
    const oldest = hours[0]!;
    if (oldest === set || hours.length === 1) return;
    memory.size -= oldest.hashes.size;
    hours.shift();
    i--;
  }
  if (!set) {
    set = { hour, hashes: new Set(), encoded: null };
    hours.splice(i + 1, 0, set);
  }
  set.hashes.add(hash);
  set.encoded = null;
  memory.size++;
}

/** encodeRepeatMemory gives [hour, base64 of little-endian int32 hashes] per hour. */
export function encodeRepeatMemory(memory: RepeatMemory): [number, string][] {
  return memory.hours.map((set) => {
    if (set.encoded === null) {
      const bytes = Buffer.allocUnsafe(set.hashes.size * 4);
      let at = 0;
      for (const hash of set.hashes) at = bytes.writeInt32LE(hash, at);
      set.encoded = bytes.toString('base64');
    }
    return [set.hour, set.encoded];
  });
}

export function decodeRepeatMemory(json: [number, string][]): RepeatMemory {
  const memory = emptyRepeatMemory();
  for (const [hour, encoded] of [...json].sort((a, b) => a[0] - b[0])) {
    const bytes = Buffer.from(encoded, 'base64');
    const hashes = new Set<number>();
    for (let at = 0; at + 4 <= bytes.length; at += 4) hashes.add(bytes.readInt32LE(at));
    memory.hours.push({ hour, hashes, encoded });
    memory.size += hashes.size;
  }
  return memory;
}
