/**
 * isOpen says whether a centre takes contacts at an instant, by its opening hours in its own
 * time zone (DESIGN.md "Freshness of sources": silence outside them raises no alert). No hours
 * configured means always open.
 */
import { WEEKDAYS, type OpeningHours, type Weekday } from '../../config/topology.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** localTime gives the weekday and minute of the day an instant falls on in a zone. */
export function localTime(ms: number, timeZone: string): { day: Weekday; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  let day: Weekday = 'mon';
  let minute = 0;
  for (const part of f.formatToParts(ms)) {
    if (part.type === 'weekday') day = part.value.slice(0, 3).toLowerCase() as Weekday;
    else if (part.type === 'hour') minute += Number(part.value) * 60;
    else if (part.type === 'minute') minute += Number(part.value);
  }
  return { day, minute };
}

const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayBefore = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + WEEKDAYS.length - 1) % WEEKDAYS.length]!;

/**
 * isOpen: within `from`–`to` on one of `days`. A `to` at or before `from` runs past midnight:
 * the hours after midnight belong to the opening that began the day before.
 */
export function isOpen(ms: number, hours: OpeningHours | null, timeZone: string): boolean {
  if (!hours) return true;
  const { day, minute } = localTime(ms, timeZone);
  const from = minuteOf(hours.from);
  const to = minuteOf(hours.to);
  if (to > from) return hours.days.includes(day) && minute >= from && minute < to;
  return (hours.days.includes(day) && minute >= from) || (hours.days.includes(dayBefore(day)) && minute < to);
}
