import { describe, expect, it } from 'vitest';
import { cellText, chartsOf, columnLabel, filenameOf, fromLocalInput, localInput, localTime, reportQuery, tickLabel, type ReportAnswer } from '../src/lib/reports.js';

const H = 3_600_000;
const T = Date.UTC(2025, 10, 24, 0, 0, 0);

function answer(over: Partial<ReportAnswer> = {}): ReportAnswer {
  const row = (scope: string, i: number, offered: number, sl: number | null) => ({
    scope,
    start: new Date(T + i * H).toISOString(),
    end: new Date(T + (i + 1) * H).toISOString(),
    minutes: 60,
    offered,
    serviceLevel: sl,
    'waiting.max': 4,
    'waiting.mean': 1.5,
  });
  return {
    scopes: ['all', 'centre:wuhan'],
    metrics: ['offered', 'serviceLevel', 'waiting'],
    columns: ['offered', 'serviceLevel', 'waiting.max', 'waiting.mean'],
    units: { offered: 'count', serviceLevel: 'ratio', 'waiting.max': 'count', 'waiting.mean': 'count' },
    interval: '1h',
    timeZone: 'UTC',
    from: T,
    to: T + 2 * H,
    rows: [row('all', 0, 10, 0.8), row('all', 1, 12, null), row('centre:wuhan', 0, 3, 1), row('centre:wuhan', 1, 4, 0.5)],
    ...over,
  };
}

describe('reports page', () => {
  it('asks the table and the downloads the same query, the downloads with their format', () => {
    const choice = { scopes: ['all', 'centre:wuhan'], metrics: ['offered', 'waiting'], interval: '1h' as const, from: T, to: T + H };
    const q = new URLSearchParams(reportQuery(choice));
    expect(Object.fromEntries(q)).toEqual({ scopes: 'all,centre:wuhan', metrics: 'offered,waiting', interval: '1h', from: String(T), to: String(T + H) });
    const csv = new URLSearchParams(reportQuery(choice, 'csv'));
    expect(csv.get('format')).toBe('csv');
    csv.delete('format');
    expect(csv.toString()).toBe(q.toString());
    // No figures picked yet: the server's whole list.
    expect(new URLSearchParams(reportQuery({ ...choice, metrics: [] })).has('metrics')).toBe(false);
  });

  it('charts one scope from the rows, only the charts whose columns the answer has', () => {
    const charts = chartsOf(answer(), 'centre:wuhan');
    expect(charts.map((c) => [c.id, c.fraction, c.series.map((s) => s.column)])).toEqual([
      ['volume', false, ['offered']],
      ['queue', false, ['waiting.max', 'waiting.mean']],
      ['serviceLevel', true, ['serviceLevel']],
    ]);
    expect(charts[0]!.series[0]!.points).toEqual([{ t: T, v: 3 }, { t: T + H, v: 4 }]);
    expect(chartsOf(answer(), 'all')[2]!.series[0]!.points).toEqual([{ t: T, v: 0.8 }, { t: T + H, v: null }]);
  });

  it('names and writes columns', () => {
    expect(columnLabel('offered')).toBe('Offered');
    expect(columnLabel('waiting.max')).toBe('Waiting (max)');
    expect(columnLabel('minutes')).toBe('Minutes recorded');
    expect(columnLabel('something.new')).toBe('something.new');
    expect(cellText(0.8125, 'ratio')).toBe('81.3%');
    expect(cellText(1234, 'count')).toBe('1,234');
    expect(cellText(1.5, 'count')).toBe('1.5');
    expect(cellText(0.77, 'money')).toBe('0.77');
    expect(cellText(null, 'ratio')).toBe('—');
    expect(localTime('2026-03-02T08:00:00+08:00')).toBe('03-02 08:00');
    expect(filenameOf('attachment; filename="surge-report-1d.csv"', 'x')).toBe('surge-report-1d.csv');
    expect(filenameOf(null, 'report.csv')).toBe('report.csv');
  });

  it('names the time axis’s ticks by the clock within a day, by the date over several', () => {
    const at = new Date(2026, 2, 2, 8, 30).getTime();
    expect(tickLabel(at, at + 24 * H)(at)).toBe('08:30');
    expect(tickLabel(at, at + 7 * 24 * H)(at)).toMatch(/^0?2\/0?3$|^03\/02$/);
  });

  it('reads back the range boxes it fills', () => {
    const at = new Date(2026, 2, 2, 8, 30).getTime();
    expect(fromLocalInput(localInput(at))).toBe(at);
    expect(fromLocalInput('')).toBeNull();
  });
});
