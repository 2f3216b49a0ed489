/** Heartbeats: one `source.heartbeat` per centre told nothing for the interval, none for a busy one. */
import { describe, expect, it } from 'vitest';
import { Heartbeats } from './heartbeats.js';

const START = 1_900_000_000_000;

describe('Heartbeats', () => {
  it('are first due one interval after the start, then one interval after whatever was sent last', () => {
    const beats = new Heartbeats('asterisk', 15_000, START);
    expect(beats.due(['a', 'b'], START + 14_999)).toEqual([]);
    beats.sent([{ centre: 'a' }], START + 10_000);
    const due = beats.due(['a', 'b'], START + 15_000);
    expect(due).toEqual([{ id: `asterisk:heartbeat:b:${START + 15_000}`, type: 'source.heartbeat', ts: START + 15_000, centre: 'b', source: 'asterisk' }]);
    // The heartbeat counts as sent: b is next due 15 s later; a 15 s after its event.
    expect(beats.due(['a', 'b'], START + 24_999)).toEqual([]);
    expect(beats.due(['a', 'b'], START + 25_000).map((e) => e.centre)).toEqual(['a']);
    expect(beats.due(['a', 'b'], START + 30_000).map((e) => e.centre)).toEqual(['b']);
  });
});
