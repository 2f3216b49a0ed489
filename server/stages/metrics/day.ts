/** dayOf names the calendar day (YYYY-MM-DD) an instant falls on in a time zone: "today" starts at local midnight. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last two quarter hours asked about per zone (an answer asks about its own time and its queue time). */
const lastDays = new Map<string, { quarterHour: number; day: string; olderQuarterHour: number; olderDay: string }>();
const QUARTER_HOUR_MS = 15 * 60_000;

export function dayOf(ms: number, timeZone: string): string {
  // Zone offsets are whole quarter hours, so local midnight falls on a UTC quarter hour and
  // every instant of one UTC quarter hour has the same local day. Remembering the last one
  // per zone spares the Intl call (slow; the engine asks for every event) almost every time.
  const quarterHour = Math.floor(ms / QUARTER_HOUR_MS);
  const last = lastDays.get(timeZone);
  if (last?.quarterHour === quarterHour) return last.day;
  if (last?.olderQuarterHour === quarterHour) return last.olderDay;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const day = f.format(ms);
  if (last) Object.assign(last, { olderQuarterHour: last.quarterHour, olderDay: last.day, quarterHour, day });
  else lastDays.set(timeZone, { quarterHour, day, olderQuarterHour: NaN, olderDay: '' });
  return day;
}

/** startOfDay is the epoch ms of local midnight before `ms` in the zone (to within DST quirks at the boundary). */
export function startOfDay(ms: number, timeZone: string): number {
  const day = dayOf(ms, timeZone);
  // Walk back from the UTC midnight guesses that bracket the local one.
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (let offsetH = -14; offsetH <= 14; offsetH++) {
    const candidate = utcMidnight - offsetH * 3_600_000;
    if (dayOf(candidate, timeZone) === day && dayOf(candidate - 1, timeZone) !== day) return candidate;
  }
  return utcMidnight;
}
