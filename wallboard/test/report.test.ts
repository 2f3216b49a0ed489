import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/lib/csv.js';
import { chartScopes, reportCsv, reportWindow, timelineMarks, AFTER_MS, BEFORE_MS } from '../src/lib/report.js';
import { describeEntry, describeValues } from '../src/lib/timeline.js';
import type { TimelineEntry } from '../src/lib/live/protocol.js';

const T = Date.UTC(2025, 10, 24, 14, 0, 0);

describe('describeEntry', () => {
  it.each<[TimelineEntry, string]>([
    [{ at: T, kind: 'opened' }, 'Incident opened'],
    [{ at: T, kind: 'declared', to: 'black', by: 'ana', reason: 'fire alarm' }, 'Declared at black by ana'],
    [{ at: T, kind: 'scope', scope: 'queue:wuhan/voice', from: 'orange', to: 'red', rule: 'voice-queue', condition: 'waiting >= 40' }, 'queue:wuhan/voice orange → red (rule voice-queue: waiting >= 40)'],
    [{ at: T, kind: 'level', from: 'normal', to: 'yellow' }, 'Incident level normal → yellow'],
    [{ at: T, kind: 'ack', by: 'ana', reason: 'on it' }, 'Acknowledged by ana'],
    [{ at: T, kind: 'escalate', from: 'orange', to: 'red', by: 'ana' }, 'Escalated orange → red by ana'],
    [{ at: T, kind: 'deescalate', from: 'red', to: 'orange', by: 'ana' }, 'De-escalated red → orange by ana'],
    [{ at: T, kind: 'release', by: 'ana' }, 'Held level released by ana'],
    [{ at: T, kind: 'resolved' }, 'Resolved after the quiet period'],
    [{ at: T, kind: 'resolved', by: 'ana' }, 'Resolved by ana'],
  ])('%o', (entry, text) => expect(describeEntry(entry)).toBe(text));

  it('describeValues', () => {
    expect(describeValues({ waiting: 9, serviceLevel: 0.4167, abandonRate: null })).toBe('waiting 9 · serviceLevel 41.7% · abandonRate —');
    expect(describeValues({ 'serviceLevel.5m': 0.82, occupancy: 0.9, ewtSec: 12.345 })).toBe('serviceLevel.5m 82% · occupancy 90% · ewtSec 12.35');
    expect(describeValues(undefined)).toBe('');
  });
});

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1+1', "'-1+1"],
    [-3, '-3'],
    [0.5, '0.5'],
    [null, ''],
    [NaN, ''],
  ])('%s → %s', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('rows end with CRLF', () => expect(toCsv([['a', 1], ['b', null]])).toBe('a,1\r\nb,\r\n'));
});

describe('report', () => {
  it.each([
    { name: 'open: half an hour before until now', resolvedAt: null, now: T + 60_000, window: { from: T - BEFORE_MS, to: T + 60_000 } },
    { name: 'resolved long ago: until ten minutes after', resolvedAt: T + 3_600_000, now: T + 86_400_000, window: { from: T - BEFORE_MS, to: T + 3_600_000 + AFTER_MS } },
    { name: 'resolved just now: until now', resolvedAt: T + 60_000, now: T + 120_000, window: { from: T - BEFORE_MS, to: T + 120_000 } },
  ])('reportWindow: $name', ({ resolvedAt, now, window }) => {
    expect(reportWindow({ openedAt: T, resolvedAt }, now)).toEqual(window);
  });

  it('chartScopes: the scopes that moved, then the centre', () => {
    const timeline: TimelineEntry[] = [
      { at: T, kind: 'opened' },
      { at: T, kind: 'scope', scope: 'queue:wuhan/voice', from: 'normal', to: 'yellow' },
      { at: T + 1, kind: 'scope', scope: 'media:wuhan/voice', from: 'normal', to: 'yellow' },
      { at: T + 2, kind: 'scope', scope: 'queue:wuhan/voice', from: 'yellow', to: 'red' },
    ];
    expect(chartScopes({ centre: 'wuhan' }, timeline)).toEqual(['queue:wuhan/voice', 'media:wuhan/voice', 'centre:wuhan']);
    expect(chartScopes({ centre: 'all' }, [])).toEqual(['all']);
  });

  it('timelineMarks: level changes and actions, coloured by the level reached', () => {
    const marks = timelineMarks([
      { at: 1, kind: 'opened' },
      { at: 2, kind: 'scope', scope: 'queue:wuhan/voice', from: 'normal', to: 'yellow' },
      { at: 3, kind: 'level', from: 'normal', to: 'yellow' },
      { at: 4, kind: 'escalate', from: 'yellow', to: 'black', by: 'ana' },
      { at: 5, kind: 'ack', by: 'ana' },
    ]);
    expect(marks).toEqual([
      { t: 3, label: 'yellow', colour: '#f5c518' },
      { t: 4, label: 'escalated black', colour: 'var(--text)' },
      { t: 5, label: 'ack', colour: 'var(--muted)' },
    ]);
  });

  it('reportCsv: timeline and figures in time order, in one table', () => {
    const csv = reportCsv(
      [
        { at: T + 60_000, kind: 'scope', scope: 'queue:wuhan/voice', from: 'normal', to: 'yellow', rule: 'r', values: { waiting: 3 } },
        { at: T + 120_000, kind: 'ack', by: 'ana', reason: 'calling in backup, floor 2' },
      ],
      { scope: 'queue:wuhan/voice', metric: 'waiting', points: [{ t: T, v: 1 }, { t: T + 60_000, v: 3 }, { t: T + 120_000, v: null }] },
    );
    expect(csv.split('\r\n')).toEqual([
      'time,epoch_ms,record,event,from,to,scope,rule,by,reason,figures,metric,value',
      `2025-11-24T14:00:00.000Z,${T},figure,,,,queue:wuhan/voice,,,,,waiting,1`,
      `2025-11-24T14:01:00.000Z,${T + 60_000},timeline,queue:wuhan/voice normal → yellow (rule r),normal,yellow,queue:wuhan/voice,r,,,waiting 3,,`,
      `2025-11-24T14:01:00.000Z,${T + 60_000},figure,,,,queue:wuhan/voice,,,,,waiting,3`,
      `2025-11-24T14:02:00.000Z,${T + 120_000},timeline,Acknowledged by ana,,,,,ana,"calling in backup, floor 2",,,`,
      `2025-11-24T14:02:00.000Z,${T + 120_000},figure,,,,queue:wuhan/voice,,,,,waiting,`,
      '',
    ]);
  });
});
