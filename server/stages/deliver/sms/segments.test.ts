import { describe, expect, it } from 'vitest';
import { describeSegments, smsSegments } from './segments.js';

describe('smsSegments', () => {
  it.each([
    { name: 'empty', text: '', encoding: 'GSM-7', units: 0, segments: 0 },
    { name: 'one GSM-7 part, full', text: 'a'.repeat(160), encoding: 'GSM-7', units: 160, segments: 1 },
    { name: 'GSM-7 split at 153 a part', text: 'a'.repeat(161), encoding: 'GSM-7', units: 161, segments: 2 },
    { name: 'GSM-7, exactly two parts', text: 'a'.repeat(306), encoding: 'GSM-7', units: 306, segments: 2 },
    { name: 'GSM-7, three parts', text: 'a'.repeat(307), encoding: 'GSM-7', units: 307, segments: 3 },
    { name: 'escape-table characters count twice', text: `${'a'.repeat(158)}€`, encoding: 'GSM-7', units: 160, segments: 1 },
    { name: 'an escape character over the edge splits', text: `${'a'.repeat(159)}[`, encoding: 'GSM-7', units: 161, segments: 2 },
    { name: 'Chinese is UCS-2: 70 in one part', text: '话'.repeat(70), encoding: 'UCS-2', units: 70, segments: 1 },
    { name: 'UCS-2 split at 67 a part', text: '话'.repeat(71), encoding: 'UCS-2', units: 71, segments: 2 },
    { name: 'UCS-2, exactly two parts', text: '话'.repeat(134), encoding: 'UCS-2', units: 134, segments: 2 },
    { name: 'one Chinese character makes all of it UCS-2', text: `${'a'.repeat(69)}话`, encoding: 'UCS-2', units: 70, segments: 1 },
    { name: 'an emoji takes two UTF-16 units', text: `${'a'.repeat(69)}🔥`, encoding: 'UCS-2', units: 71, segments: 2 },
    { name: 'curly quotes are not GSM-7', text: '‘ok’', encoding: 'UCS-2', units: 4, segments: 1 },
  ])('$name', ({ text, encoding, units, segments }) => {
    expect(smsSegments(text)).toMatchObject({ encoding, units, segments });
  });

  it('describes a count', () => {
    expect(describeSegments(smsSegments('RED at Wuhan'))).toBe('12 characters, GSM-7, 1 SMS');
    expect(describeSegments(smsSegments('红'.repeat(75)))).toBe('75 characters, UCS-2 (67 a part), 2 SMS');
  });
});
