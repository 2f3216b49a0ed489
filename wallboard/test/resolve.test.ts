import { describe, expect, it } from 'vitest';
import type { InForceStep } from '../src/lib/api/types.js';
import { inForceLine, localInput, resolveBody } from '../src/lib/resolve.js';

const reroute: InForceStep = { step: 'INC-1:red:fire-red:0', kind: 'reroute', level: 'red', state: 'done', detail: 're-routed 100% to shanghai', keptUntil: null };

describe('resolve dialog', () => {
  it('sends only the reason when nothing is in force', () => {
    expect(resolveBody('all clear', [], 'keep', '')).toEqual({ reason: 'all clear' });
  });
  it('says undo now', () => {
    expect(resolveBody('all clear', [reroute], 'undo', '')).toEqual({ reason: 'all clear', inForce: 'undo' });
  });
  it('sends keep-until as the ISO time of the local input', () => {
    const at = new Date(2031, 4, 6, 7, 8).getTime();
    expect(localInput(at)).toBe('2031-05-06T07:08');
    expect(resolveBody('all clear', [reroute], 'keep', localInput(at))).toEqual({ reason: 'all clear', inForce: { keepUntil: new Date(at).toISOString() } });
  });
  it('passes an unreadable time on for the server to refuse with its reason', () => {
    expect(resolveBody('x', [reroute], 'keep', '')).toEqual({ reason: 'x', inForce: { keepUntil: '' } });
  });
  it('names what is in force', () => {
    expect(inForceLine(reroute)).toBe('Re-routing (red): re-routed 100% to shanghai');
  });
});
