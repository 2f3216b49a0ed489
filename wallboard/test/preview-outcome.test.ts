/** previewOutcome: a plan preview beside the figures recorded afterwards. */
import { describe, expect, it } from 'vitest';
import type { CentrePreview } from '../src/lib/api/types.js';
import { previewOutcome } from '../src/lib/preview-outcome.js';

const AT = 1_700_000_000_000;
const MIN = 60_000;
const prediction = (serviceLevel: number, waiting: number) => ({ loadPerMin: 10, agents: 40, serviceLevel, waitSec: 5, waiting });
const centre: CentrePreview = {
  centre: 'hangzhou',
  role: 'from',
  minutes: Array.from({ length: 30 }, (_, i) => ({ inMin: i + 1, without: prediction(0.5, 9), with: prediction(0.8 + i / 1000, 2) })),
};

describe('previewOutcome', () => {
  it('pairs every fifth predicted minute with the last point recorded within that minute', () => {
    const sl = [{ t: AT + 4.5 * MIN, v: 0.7 }, { t: AT + 5 * MIN, v: 0.75 }, { t: AT + 10 * MIN - 1, v: 0.82 }, { t: AT + 15 * MIN, v: null }];
    const waiting = [{ t: AT + 5 * MIN, v: 4 }, { t: AT + 9 * MIN, v: 3 }];
    const rows = previewOutcome(centre, AT, sl, waiting);
    expect(rows.map((r) => r.inMin)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(rows[0]).toEqual({ inMin: 5, predictedServiceLevel: 0.804, actualServiceLevel: 0.75, predictedWaiting: 2, actualWaiting: 4 });
    // 9 minutes is not within the tenth minute; a gap is no figure.
    expect(rows[1]).toEqual({ inMin: 10, predictedServiceLevel: 0.809, actualServiceLevel: 0.82, predictedWaiting: 2, actualWaiting: null });
    expect(rows[2]).toMatchObject({ actualServiceLevel: null, actualWaiting: null });
  });
});
