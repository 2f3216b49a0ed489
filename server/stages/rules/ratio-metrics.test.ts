import { describe, expect, it } from 'vitest';
import { METRICS } from './metric-names.js';
import { isRatioMetric } from './ratio-metrics.js';

describe('isRatioMetric', () => {
  it('agrees with the rules’ metric table on every name', () => {
    for (const [name, def] of METRICS) expect(isRatioMetric(name), name).toBe(def.unit === 'ratio');
  });
  it.each(['agents.home.available', 'waiting', 'serviceLevelx', '.serviceLevel'])('%s is not a fraction', (name) => expect(isRatioMetric(name)).toBe(false));
});
