import { describe, expect, it } from 'vitest';
import { dayOf, startOfDay } from './day.js';

// dayOf remembers the last quarter hour per zone; it must still agree with Intl everywhere,
// including zones off the hour and across daylight-saving changes, in any order of calls.
const ZONES = ['Asia/Shanghai', 'Asia/Kathmandu', 'Australia/Eucla', 'Pacific/Chatham', 'America/St_Johns', 'Europe/London', 'America/New_York', 'UTC'];
const formats = new Map(ZONES.map((zone) => [zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })]));
const intl = (ms: number, zone: string) => formats.get(zone)!.format(ms);

describe('dayOf', () => {
  it('agrees with Intl every few minutes around local midnights and DST changes', () => {
    const instants = [Date.UTC(2026, 2, 8, 0), Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 3, 5, 0), Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 10, 1, 0), Date.UTC(2026, 10, 23, 0)];
    for (const zone of ZONES) {
      for (const start of instants) {
        for (let ms = start - 36 * 3_600_000; ms < start + 36 * 3_600_000; ms += 5 * 60_000 + 7) expect(dayOf(ms, zone)).toBe(intl(ms, zone));
      }
    }
  });

  it('agrees with Intl when calls jump back and forth in time', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const ms = Date.UTC(2026, 0, 1) + next() * 365 * 86_400_000;
      const zone = ZONES[i % ZONES.length]!;
      expect(dayOf(ms, zone)).toBe(intl(ms, zone));
    }
  });
});

describe('startOfDay', () => {
  it('is the first instant of the local day, in zones off the hour and on days of 23 and 25 hours', () => {
    const instants = [Date.UTC(2026, 2, 8, 12), Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 5, 15, 3)];
    for (const zone of ZONES) {
      for (const at of instants) {
        const start = startOfDay(at, zone);
        expect(intl(start, zone)).toBe(intl(at, zone));
        expect(intl(start - 1, zone)).not.toBe(intl(at, zone));
        expect(start).toBeLessThanOrEqual(at);
      }
    }
    // India is UTC+5:30: its midnight is half past six in the evening, UTC.
    expect(new Date(startOfDay(Date.UTC(2026, 2, 2, 0), 'Asia/Kolkata')).toISOString()).toBe('2026-03-01T18:30:00.000Z');
  });
});
