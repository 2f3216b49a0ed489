/**
 * The daily shape of contact demand, as a multiplier of the peak rate by local time of day:
 * quiet at night, a morning peak around 10:00, a lunch dip, an afternoon peak around 15:00
 * and a long evening tail. Local time is the centre's IANA zone, so each site keeps its day.
 */

// Multiplier at each full hour 00:00 … 23:00; between hours it is interpolated linearly.
const HOURLY = [
  0.16, 0.13, 0.12, 0.12, 0.13, 0.17, 0.28, 0.48, 0.74, 0.93, 1.0, 0.96, //
  0.78, 0.82, 0.94, 0.98, 0.92, 0.8, 0.64, 0.54, 0.46, 0.38, 0.29, 0.21,
];

/** dailyCurve gives the demand multiplier (0–1] at epoch `ms` in `timeZone`; the peak rate is the rate at 1. */
export function dailyCurve(ms: number, timeZone: string): number {
  const hour = localHour(ms, timeZone);
  const whole = Math.floor(hour);
  const from = HOURLY[whole % 24] as number;
  const to = HOURLY[(whole + 1) % 24] as number;
  return from + (to - from) * (hour - whole);
}

/** localHour is the fractional hour of the day (0 ≤ h < 24) at epoch `ms` in `timeZone`. */
export function localHour(ms: number, timeZone: string): number {
  const local = ms + offsetMs(ms, timeZone);
  const dayMs = 86_400_000;
  return (((local % dayMs) + dayMs) % dayMs) / 3_600_000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const BUCKET_MS = 15 * 60_000;

// Zone offsets change at most on quarter hours, so one lookup per zone and quarter hour is
// enough; Intl formatting is the slow part of the simulator otherwise.
function offsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${timeZone}@${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET_MS;
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const offset = asUtc - at;
  // A long-running demo must not grow the cache for ever; a cleared cache only costs lookups.
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
